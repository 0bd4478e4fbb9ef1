"""Benchmarks, run by hand: `python bench/run.py [--cards N] [--reviews N]`. Prints a table of figures.

Every figure is wall time on this machine, so run it on an idle machine and read it as a range.

Builds a database of 100k cards (ten generated decks imported through the real import path, plus the
bundled decks) and 1M reviews over 3 students, then measures:
- `omm-cards due` wall time against a minimal Typer app's command, side by side (target <= 1.3x);
- grade commit plus next card, in process, p50 and p99 (target p99 <= 5 ms);
- importing a 10,000-card deck (target <= 1 s);
- `cards list --search` over the FTS5 index: query time of a few searches, in process (<= 50 ms);
- `omm-cards stats` for one student (target <= 0.5 s) and an HTML report on all three (<= 2 s), with
  the peak memory of each (<= 200 MiB).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from omm_cards.model import CardFilter
from omm_cards.services.library import import_decks
from omm_cards.services.review import start_review
from omm_cards.services.startup import open_workspace
from omm_cards.storage.migrations import BACKFILL_COUNTERS

NOW = datetime(2026, 11, 27, 9, 0)
STUDENTS = ("alice", "bob", "carol")
# The floor: a Typer app whose `due` command does nothing. The second shape takes one option, as our
# `due --json` does, because Typer (0.29) loads pydantic for any command with an option.
MINIMAL_TYPER = """
import typer
app = typer.Typer()
@app.command()
def due() -> None:
    typer.echo("0 due")
@app.command()
def other() -> None:
    pass
app()
"""
MINIMAL_TYPER_OPTION = MINIMAL_TYPER.replace("def due() -> None:", "def due(json: bool = False) -> None:")


def write_deck(path: Path, deck_id: str, cards: int) -> None:
    lines = [f"id: {deck_id}", f"title: Generated {deck_id}", 'version: "1"', "description: bench", "cards:"]
    for i in range(cards):
        lines += [
            f"  - id: card-{i}",
            "    category: anatomy",
            f"    tags: [region::r{i % 12}, topic::t{i % 40}]",
            '    source: "generated"',
            f'    front: "Question {i} of {deck_id}: which level [T{i % 12 + 1}]?"',
            f'    back: "Answer {i}: no, on, 1:30"',
        ]
    path.write_text("\n".join(lines) + "\n")


def build(db: Path, folder: Path, cards: int, reviews: int) -> None:
    per_deck = 10_000
    paths = []
    for n in range(max(1, cards // per_deck)):
        path = folder / f"gen{n}.yaml"
        write_deck(path, f"gen{n}", min(per_deck, cards))
        paths.append(path)
    with open_workspace(db, STUDENTS[0], NOW, create=True) as ws:
        import_decks(ws, paths)
    for name in STUDENTS[1:]:
        with open_workspace(db, name, NOW, create=True):
            pass
    conn = sqlite3.connect(db)
    card_ids = [row[0] for row in conn.execute("SELECT id FROM cards")]
    students = [row[0] for row in conn.execute("SELECT id FROM students")]
    rng = random.Random(7)
    per_student = reviews // len(students)
    conn.execute("BEGIN")
    for student in students:
        seen = rng.sample(card_ids, min(len(card_ids), per_student // 10))
        rows = []
        for i in range(per_student):
            card = seen[i % len(seen)]
            day = date(2025, 1, 1) + timedelta(days=i * 600 // per_student)
            rows.append(
                (
                    student,
                    card,
                    f"{day.isoformat()}T10:00:00",
                    rng.choice((3, 4, 5, 2)),
                    0,
                    6.0,
                    1,
                    1,
                    250,
                    None,
                    0,
                    2,
                    6,
                    250,
                    (day + timedelta(days=6)).isoformat(),
                    0,
                )
            )
        conn.executemany(
            "INSERT INTO reviews (student_id, card_id, reviewed_at, grade, same_day_repeat, seconds,"
            " repetitions_before, interval_before, easiness_before, due_before, lapses_before,"
            " repetitions_after, interval_after, easiness_after, due_after, lapses_after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO card_state (student_id, card_id, repetitions, interval, easiness, due, lapses, reviews,"
            " suspended, shown) VALUES (?, ?, 3, 10, 250, ?, 0, 10, 0, ?)",
            (
                (student, card, due, due)
                for card in seen
                for due in [(NOW.date() + timedelta(days=rng.randint(-30, 60))).isoformat()]
            ),
        )
    conn.execute(BACKFILL_COUNTERS)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# Linux hands a child the parent's peak memory at fork, and this process holds the whole generated
# database by then: so each command is started by a small launcher, whose own peak is a few MiB.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, status)
"""


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one run of a command."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=env, capture_output=True, text=True)
    elapsed, peak_kib, status = done.stdout.split()
    if status != "0":
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return float(elapsed), int(peak_kib) / 1024


def timed_runs(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    return [run_child(command, env)[0] for _ in range(runs)]


def bench_command(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak memory over `runs` runs, after one warm-up run."""
    run_child(command, env)
    results = [run_child(command, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def bench_due(db: Path, folder: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median wall time and peak memory of `omm-cards due` and the two minimal apps, interleaved."""
    env = dict(os.environ, OMM_CARDS_DB=str(db), OMM_CARDS_NOW=NOW.isoformat(), OMM_CARDS_STUDENT="alice")
    commands = {"ours": [sys.executable, "-m", "omm_cards", "due"]}
    for name, source in (("minimal", MINIMAL_TYPER), ("minimal+option", MINIMAL_TYPER_OPTION)):
        (folder / f"{name}.py").write_text(source)
        commands[name] = [sys.executable, str(folder / f"{name}.py"), "due"]
    for command in commands.values():
        run_child(command, env)  # warm up: the page cache, the bundled-deck sync, the daily backup
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so every command sees the same machine load
        for name, command in commands.items():
            results[name].append(run_child(command, env))
    return {name: (statistics.median(r[0] for r in runs_), max(r[1] for r in runs_)) for name, runs_ in results.items()}


def bench_grade(db: Path, grades: int) -> tuple[float, float]:
    with open_workspace(db, "bob", NOW) as ws:
        session = start_review(ws, CardFilter(), new_per_day=0)
        laps = []
        for _ in range(min(grades, session.remaining)):
            start = time.perf_counter()
            session.grade(4, 5.0)
            _ = session.current
            laps.append(time.perf_counter() - start)
    laps.sort()
    return laps[len(laps) // 2], laps[int(len(laps) * 0.99) - 1]


def bench_import(db: Path, folder: Path) -> float:
    path = folder / "import10k.yaml"
    write_deck(path, "import10k", 10_000)
    with open_workspace(db, "carol", NOW) as ws:
        start = time.perf_counter()
        import_decks(ws, [path])
        return time.perf_counter() - start


SEARCHES = ("gen3 level", "answer 4711", "nothing-matches-this", "question")


def bench_search(db: Path, runs: int = 20) -> dict[str, tuple[float, float, int]]:
    """`cards list --search`, in process, median per search text: (the FTS5 query alone, the whole listing
    with every matching card decoded, cards found)."""
    from omm_cards.model import CardSearch
    from omm_cards.storage import Database
    from omm_cards.storage.deck_queries import fts_query

    database = Database(db)
    times: dict[str, tuple[float, float, int]] = {}
    try:
        with database.read() as repo:
            student = repo.find_student("alice") or 0
            for text in SEARCHES:
                query, listing = [], []
                for _ in range(runs):
                    start = time.perf_counter()
                    repo.conn.execute(
                        "SELECT card_id FROM card_text WHERE card_text MATCH ?", (fts_query(text),)
                    ).fetchall()
                    query.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    found = repo.search_cards(student, CardSearch(text=text))
                    listing.append(time.perf_counter() - start)
                times[text] = (statistics.median(query), statistics.median(listing), len(found))
    finally:
        database.close()
    return times


def child(task: str, db: Path, folder: Path) -> None:
    """Run one in-process measurement in this (child) process and print it as JSON."""
    if task == "grade":
        p50, p99 = bench_grade(db, 1000)
        result = {"p50": p50, "p99": p99}
    else:
        result = {"seconds": bench_import(db, folder)}
    Path(os.environ["BENCH_OUT"]).write_text(json.dumps(result))


def in_child(task: str, db: Path, folder: Path) -> tuple[dict[str, float], float]:
    """An in-process measurement run in a fresh process, so that its peak memory is its own."""
    out = folder / f"{task}.json"
    script = f"import json, runpy, sys; sys.argv = {[__file__, '--child', task, str(db), str(folder)]!r}; "
    script += "runpy.run_path(sys.argv[0], run_name='__main__')"
    _, peak = run_child([sys.executable, "-c", script, str(out)], dict(os.environ, BENCH_OUT=str(out)))
    return json.loads(out.read_text()), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", nargs=3, metavar=("TASK", "DB", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        start = time.perf_counter()
        build(db, folder, args.cards, args.reviews)
        built = time.perf_counter() - start
        conn = sqlite3.connect(db)
        count = "SELECT count(*) FROM {}"
        cards, reviews = (conn.execute(count.format(t)).fetchone()[0] for t in ("cards", "reviews"))
        conn.close()
        size = db.stat().st_size / 2**20
        print(f"database: {cards:,} cards, {reviews:,} reviews, 3 students, {size:.0f} MiB, built in {built:.1f} s")
        due = bench_due(db, folder, args.runs)
        env = dict(os.environ, OMM_CARDS_DB=str(db), OMM_CARDS_NOW=NOW.isoformat(), OMM_CARDS_STUDENT="alice")
        omm = [sys.executable, "-m", "omm_cards"]
        stats_time, stats_mem = bench_command([*omm, "stats"], env, 5)
        html = [*omm, "report", "--all-students", "--format", "html", "-o", str(folder / "r.html"), "--force"]
        report_time, report_mem = bench_command(html, env, 3)
        grade, grade_mem = in_child("grade", db, folder)
        imported, import_mem = in_child("import", db, folder)
        searches = bench_search(db)
    ours, floor, floor_option = due["ours"], due["minimal"], due["minimal+option"]
    rows = [
        ("omm-cards due", f"{ours[0] * 1000:.0f} ms", "", f"{ours[1]:.0f} MiB"),
        ("minimal Typer command", f"{floor[0] * 1000:.0f} ms", "", f"{floor[1]:.0f} MiB"),
        ("minimal Typer command with one option", f"{floor_option[0] * 1000:.0f} ms", "", f"{floor_option[1]:.0f} MiB"),
        ("due / minimal", f"{ours[0] / floor[0]:.2f}x", "<= 1.3x", ""),
        ("due / minimal with one option", f"{ours[0] / floor_option[0]:.2f}x", "<= 1.3x", ""),
        ("grade + next card p50 (in process)", f"{grade['p50'] * 1000:.2f} ms", "", f"{grade_mem:.0f} MiB"),
        ("grade + next card p99 (in process)", f"{grade['p99'] * 1000:.2f} ms", "<= 5 ms", ""),
        ("import a 10,000-card deck (in process)", f"{imported['seconds']:.2f} s", "<= 1 s", f"{import_mem:.0f} MiB"),
        ("omm-cards stats", f"{stats_time:.2f} s", "<= 0.5 s", f"{stats_mem:.0f} MiB"),
        ("HTML report on 3 students", f"{report_time:.2f} s", "<= 2 s", f"{report_mem:.0f} MiB"),
        *(
            row
            for text, (query, listing, found) in searches.items()
            for row in (
                (f"search {text!r}: FTS5 query ({found:,} cards)", f"{query * 1000:.1f} ms", "<= 50 ms", ""),
                (f"search {text!r}: whole listing", f"{listing * 1000:.0f} ms", "", ""),
            )
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure (median wall unless stated)':<{width}}  {'figure':>9}  {'target':<8}  peak memory (<= 200 MiB)")
    for name, figure, target, memory in rows:
        print(f"{name:<{width}}  {figure:>9}  {target:<8}  {memory}")


if __name__ == "__main__":
    main()
