"""The student totals the triggers keep (storage.student_totals) stay equal to the sums over the card states,
whatever the writers do: grades, removed states, re-imported decks that move cards between categories and
regions, retired cards, withdrawn decks, removed students. The expected figures are summed here in Python
from the raw tables, not by the SQL the doctor compares with."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omm_cards.progress import Progress
from omm_cards.scheduler import State
from omm_cards.services.library import import_decks
from omm_cards.services.startup import open_workspace
from omm_cards.storage import Repo, student_totals

NOW = datetime(2026, 11, 27, 9, 0)
CATEGORIES = ("anatomy", "technique", "diagnosis")
REGIONS = ("region::cervical", "region::lumbar", "region::ribs", "topic::hvla")


def expected(conn: sqlite3.Connection) -> dict[tuple[int, int, str, int], tuple[float, ...]]:
    """The totals summed in Python: a state counts at its card's category, and at each region tag of its
    card (retention and stages only); rows of zeros are no figures."""
    cards = {
        i: (category, 1 - retired) for i, category, retired in conn.execute("SELECT id, category, retired FROM cards")
    }
    tags: dict[str, list[str]] = {}
    for card_id, tag in conn.execute("SELECT card_id, tag FROM card_tags"):
        if tag.startswith("region::"):
            tags.setdefault(card_id, []).append(tag.removeprefix("region::"))
    sums: dict[tuple[int, int, str, int], Counter[str]] = {}
    rows = conn.execute(
        "SELECT student_id, card_id, reviews, seconds, learned_reviews, kept_reviews, due, interval FROM card_state"
    )
    for student, card_id, reviews, seconds, learned, kept, due, interval in rows:
        category, live = cards[card_id]
        stage = {"learning": int(due is not None and interval < 21), "mature": int(due is not None and interval >= 21)}
        own = {"reviews": reviews, "seen": int(reviews > 0), "seconds": seconds if reviews > 0 else 0}
        sums.setdefault((student, 0, category, live), Counter()).update(
            {**own, "learned": learned, "kept": kept, **stage}
        )
        for region in tags.get(card_id, []):
            sums.setdefault((student, 1, region, live), Counter()).update({"learned": learned, "kept": kept, **stage})
    return {
        key: tuple(round(float(c[name]), 3) + 0.0 for name in student_totals.COUNTERS)
        for key, c in sums.items()
        if any(c[name] for name in student_totals.COUNTERS if name != "seconds")
    }


def stored(conn: sqlite3.Connection) -> dict[tuple[int, int, str, int], tuple[float, ...]]:
    counters = ", ".join(student_totals.COUNTERS)
    rows = conn.execute(f"SELECT student_id, kind, name, live, {counters} FROM student_totals")
    # A row of zero counts is no figure: its seconds may keep a trace (1e-16) of reals added and taken away.
    return {
        tuple(row[:4]): tuple(round(float(v), 3) + 0.0 for v in row[4:])
        for row in rows
        if any(v for name, v in zip(student_totals.COUNTERS, row[4:], strict=True) if name != "seconds")
    }


def deck_file(path: Path, deck: str, layout: list[tuple[int, tuple[int, ...]]]) -> Path:
    """A deck of one card per (category index, region indexes) in `layout`."""
    cards = [
        {
            "id": f"{deck}-{n}",
            "category": CATEGORIES[category],
            "tags": [REGIONS[r] for r in regions],
            "front": f"Q {deck} {n}?",
            "back": f"A {n}",
            "source": "test",
        }
        for n, (category, regions) in enumerate(layout)
    ]
    path.write_text(yaml.safe_dump({"id": deck, "title": deck, "version": "1", "cards": cards}))
    return path


LAYOUT = st.lists(
    st.tuples(st.integers(0, 2), st.lists(st.integers(0, 3), max_size=2, unique=True).map(tuple)),
    min_size=4,
    max_size=4,
)
PROGRESS = st.builds(
    lambda reps, interval, due, reviews, learned, kept, seconds: Progress(
        State(repetitions=reps, interval=interval, due=date(2026, 12, 1) + timedelta(days=interval) if due else None),
        reviews=reviews,
        learned_reviews=min(learned, reviews),
        kept_reviews=min(kept, learned, reviews),
        seconds=seconds,
    ),
    st.integers(0, 5),
    st.sampled_from([0, 1, 20, 21, 40]),
    st.booleans(),
    st.integers(0, 6),
    st.integers(0, 6),
    st.integers(0, 6),
    st.floats(0, 90, allow_nan=False).map(lambda x: round(x, 1)),
)
STEP = st.one_of(
    st.tuples(st.just("grade"), st.integers(0, 1), st.sampled_from(["a", "b"]), st.integers(0, 3), PROGRESS),
    st.tuples(st.just("forget"), st.integers(0, 1), st.sampled_from(["a", "b"]), st.integers(0, 3)),
    st.tuples(st.just("reimport"), st.sampled_from(["a", "b"]), LAYOUT),
    st.tuples(st.just("retire"), st.sampled_from(["a", "b"]), st.integers(0, 3)),
    st.tuples(st.just("withdraw"), st.sampled_from(["a", "b"])),
    st.tuples(st.just("remove student"), st.integers(0, 1)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.tuples(LAYOUT, LAYOUT), steps=st.lists(STEP, max_size=12))
def test_the_totals_stay_equal_to_the_sums_over_the_card_states(
    tmp_path_factory: object, first: tuple[list[tuple[int, tuple[int, ...]]], ...], steps: list[tuple[Any, ...]]
) -> None:
    folder = Path(tmp_path_factory.mktemp("totals"))  # type: ignore[attr-defined]
    with open_workspace(folder / "omm.db", "ann", NOW, create=True) as ws:
        import_decks(ws, [deck_file(folder / f"{d}.yaml", d, layout) for d, layout in zip("ab", first, strict=True)])
        with ws.write() as repo:
            students = [ws.student_id, repo.add_student("ben", NOW)]
        conn = ws.db.conn
        assert stored(conn) == expected(conn)
        for step in steps:
            with ws.write() as repo:
                kind = step[0]
                if kind in ("grade", "forget"):
                    student = students[step[1]]
                    if (
                        student is not None
                        and conn.execute("SELECT 1 FROM students WHERE id = ?", (student,)).fetchone()
                    ):
                        repo.save_progress(
                            student, f"{step[2]}/{step[2]}-{step[3]}", step[4] if kind == "grade" else None
                        )
                elif kind == "reimport":
                    import_decks(ws, [deck_file(folder / f"{step[1]}.yaml", step[1], step[2])], yes=True)
                elif kind == "retire":
                    repo.retire_cards([f"{step[1]}/{step[1]}-{step[2]}"])
                elif kind == "withdraw":
                    repo.withdraw_deck(step[1])
                elif students[step[1]] is not None and step[1] == 1:  # ann is the workspace's own student
                    repo.remove_student(students[1])
                    students[1] = None  # type: ignore[call-overload]
            assert stored(conn) == expected(conn), step
            assert (
                conn.execute(
                    "SELECT count(*) FROM student_totals WHERE student_id NOT IN (SELECT id FROM students)"
                ).fetchone()[0]
                == 0
            )
        assert ws.db.repo.health.stale_totals() == []


def test_each_writer_keeps_the_totals_in_step(tmp_path: Path) -> None:
    """One state with retention and a stage on every card, then each kind of change in turn."""
    with open_workspace(tmp_path / "omm.db", "ann", NOW, create=True) as ws:
        conn = ws.db.conn
        import_decks(ws, [deck_file(tmp_path / "a.yaml", "a", [(0, (0,)), (1, (1,)), (2, ()), (0, (0, 1))])])
        with ws.write() as repo:
            ben = repo.add_student("ben", NOW)
            for student in (ws.student_id, ben):
                for n, interval in enumerate((1, 21, 30, 3)):
                    progress = Progress(
                        State(2, interval, due=date(2026, 12, 1)),
                        reviews=3,
                        learned_reviews=2,
                        kept_reviews=1,
                        seconds=7.5,
                    )
                    repo.save_progress(student, f"a/a-{n}", progress)
        steps: dict[str, Callable[[Repo], object]] = {
            "graded": lambda repo: repo.save_progress(
                ben, "a/a-1", Progress(State(3, 40, due=date(2027, 1, 1)), reviews=4)
            ),
            "state removed": lambda repo: repo.save_progress(ben, "a/a-2", None),
            "retired": lambda repo: repo.retire_cards(["a/a-3"]),
            "moved and retagged": lambda repo: import_decks(
                ws, [deck_file(tmp_path / "a.yaml", "a", [(1, (2,)), (1, ()), (0, (0, 1)), (0, (0, 1))])], yes=True
            ),
            "withdrawn": lambda repo: repo.withdraw_deck("a"),
            "student removed": lambda repo: repo.remove_student(ben),
        }
        before = stored(conn)
        for name, change in steps.items():
            with ws.write() as repo:
                change(repo)
            after = stored(conn)
            assert after == expected(conn), name
            assert after != before, f"{name}: the change should move some figure"
            before = after


def test_reals_added_and_taken_away_leave_no_stale_row(tmp_path: Path) -> None:
    """0.1 + 0.2 - 0.1 - 0.2 is not 0.0 in floating point: the doctor must not call the trace stale."""
    with open_workspace(tmp_path / "omm.db", "ann", NOW, create=True) as ws:
        import_decks(ws, [deck_file(tmp_path / "a.yaml", "a", [(0, (0,)), (0, (0,)), (0, ()), (0, ())])])
        with ws.write() as repo:
            for n, seconds in enumerate((0.1, 0.2)):
                repo.save_progress(ws.student_id, f"a/a-{n}", Progress(reviews=1, seconds=seconds))
            for n in range(2):
                repo.save_progress(ws.student_id, f"a/a-{n}", None)
        left = ws.db.conn.execute("SELECT seconds FROM student_totals WHERE kind = 0").fetchone()[0]
        assert left != 0.0  # the trace is there...
        assert ws.db.repo.health.stale_totals() == []  # ...and is not a finding


def test_a_deck_s_tags_are_written_in_batches_and_every_one_arrives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omm_cards.storage import deck_queries

    monkeypatch.setattr(deck_queries, "TAG_BATCH", 3)  # 7 cards: batches of 3, 3 and 1
    layout = [(n % 3, tuple(sorted({n % 4, (n + 1) % 4}))) for n in range(7)]
    with open_workspace(tmp_path / "omm.db", "ann", NOW, create=True) as ws:
        import_decks(ws, [deck_file(tmp_path / "a.yaml", "a", layout)])
        found = set(ws.db.conn.execute("SELECT card_id, tag FROM card_tags WHERE card_id LIKE 'a/%'"))
    assert found == {(f"a/a-{n}", REGIONS[r]) for n, (_, regions) in enumerate(layout) for r in regions}
