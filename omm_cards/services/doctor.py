"""`omm-cards doctor`: SQLite's own checks, and every card's stored state against a replay of its log.

The review log is the record; card state is derived from it. A state that disagrees with the replay
of its log, or a row whose parent is gone, is a finding; `--fix` rewrites the derived state from the
log (keeping what the log cannot know: suspension and the student's own tags), after a backup.

The findings stream out as they are found: a lifetime's log is a million grades and, when every card
is wrong, a hundred thousand findings, none of which is kept here. A long log is replayed on two cores:
the first student's beside SQLite's checks, the last students' in a second Python (_Apart). Each
student's check is services.student_check.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from omm_cards.progress import Replay
from omm_cards.services.backups import make_backup
from omm_cards.services.student_check import Finding, Rewrite, Tally, replay_log, student_findings
from omm_cards.services.student_check import Repair as Repair  # what the command keeps for --fix
from omm_cards.services.workspace import Advance, Workspace, no_progress
from omm_cards.storage import Repo, read_only
from omm_cards.storage.health_queries import Orphan, StaleTotals

# A log of this many reviews or more has its last students replayed in a second Python process, on the
# second core, while this one replays the others; a shorter one is all replayed here, where starting a
# process (about 0.15 s) would cost more than it saves.
APART_REVIEWS = 300_000


class Examination:
    """The doctor's findings, streamed (iterate once); `cards` and `reviews` count what was replayed."""

    def __init__(self, ws: Workspace, advance: Advance) -> None:
        self.ws = ws
        self.advance = advance
        self.tally = Tally()

    @property
    def cards(self) -> int:
        return self.tally.cards

    @property
    def reviews(self) -> int:
        return self.tally.reviews

    def __iter__(self) -> Iterator[Finding]:
        # The student totals against the sums over the card states: SQLite's work alone (0.25 s at 300,000
        # states), on a connection and a thread of its own from the start, its findings given last.
        with ThreadPoolExecutor(1) as pool, self.ws.read() as repo:
            stale = pool.submit(_stale_totals, self.ws.db.path)
            health = repo.health

            def first_replay() -> tuple[int, dict[str, Replay]] | None:  # while SQLite checks the file
                students = repo.stats.students()
                first = repo.find_student(students[0].name) if students else None
                return None if first is None else (first, replay_log(health, first))

            checked, early = health.integrity(meanwhile=first_replay)
            problems = checked.damaged if checked.quick_check == ["ok"] else checked.quick_check
            if problems:
                yield from (Finding("integrity", "database", p) for p in problems)
                return
            orphans = checked.orphans
            for o in orphans:
                yield Finding("orphan", o.table, f"row {o.rowid} refers to a missing {o.parent} row", o)
            rows = repo.stats.students()
            students = [(row.name, repo.find_student(row.name) or 0) for row in rows]
            # Cards the log names that are gone: orphans, reported above and removed by --fix.
            missing = health.missing_cards() if any(o.table == "reviews" for o in orphans) else set()
            apart = _tail_apart([row.reviews for row in rows])
            with _Apart(self.ws.db.path, students[len(students) - apart :], missing) as elsewhere:
                for done, (name, student_id) in enumerate(students):
                    self.advance(f"replaying {name}'s review log", done, len(students))
                    if done >= len(students) - apart:
                        yield from elsewhere.findings(repo, name, student_id, missing, self.tally)
                        continue
                    replays = early[1] if early and early[0] == student_id else None
                    yield from student_findings(repo, name, student_id, missing, replays, self.tally)
            names = {student_id: name for name, student_id in students}
            for t in stale.result():
                where = f"{names.get(t.student_id, t.student_id)}'s figures"
                yield Finding("totals", where, f"{t.kind} {t.name} differs from the card states", t)


def _stale_totals(path: Path) -> list[StaleTotals]:
    with read_only(path) as repo:
        return repo.health.stale_totals()


def _tail_apart(reviews: list[int]) -> int:
    """How many students, from the end, another process replays: those whose reviews come to about half of
    the rest's after the first (which is replayed beside SQLite's checks); none for a short log, for a
    class of fewer than three, or on a single core."""
    if sum(reviews) < APART_REVIEWS or len(reviews) < 3 or (os.cpu_count() or 1) < 2:
        return 0
    rest = reviews[1:]
    tail, tail_reviews = 0, 0
    while tail < len(rest) - 1 and tail_reviews + rest[-1 - tail] <= (sum(rest) + 1) // 2:
        tail_reviews += rest[-1 - tail]
        tail += 1
    return max(tail, 1)


CHUNK = 500  # findings a message from the other process carries: a damaged log's 100,000 are not held


def replay_apart_main() -> None:
    """The other process (`python -c`, from _Apart): reads its students from stdin; for each, writes its
    findings a chunk at a time, then ("done", cards, reviews)."""
    import pickle
    import sys

    path, students, missing = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    with read_only(path) as repo:
        for name, student_id in students:
            tally, chunk = Tally(), []
            for finding in student_findings(repo, name, student_id, missing, None, tally):
                chunk.append(finding)
                if len(chunk) == CHUNK:
                    pickle.dump(("found", chunk), out)
                    chunk = []
            pickle.dump(("found", chunk), out)
            pickle.dump(("done", tally.cards, tally.reviews), out)
            out.flush()


class _Apart:
    """The students another process replays, started on entry and read in order by `findings`.

    A plain `python -c`, not multiprocessing: its spawn would import this program's main module (the whole
    command line) again in the child, and a fork could copy a lock another thread holds. Should that
    process fail, this one replays what it had not sent, with the same findings in the same order.
    """

    def __init__(self, path: Path, students: list[tuple[str, int]], missing: set[str]) -> None:
        self.path, self.students, self.missing = path, students, missing
        self.child: Any = None

    def __enter__(self) -> _Apart:
        if self.students:
            import pickle
            import subprocess
            import sys

            code = "from omm_cards.services.doctor import replay_apart_main; replay_apart_main()"
            try:
                self.child = subprocess.Popen(
                    [sys.executable, "-c", code],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
                with self.child.stdin:
                    pickle.dump((self.path, self.students, self.missing), self.child.stdin)
            except Exception:  # no Python to start (an embedded one has no sys.executable): replayed here
                self.__exit__()
        return self

    def findings(self, repo: Repo, name: str, student_id: int, missing: set[str], tally: Tally) -> Iterator[Finding]:
        """The student's findings as the other process sends them (the next student it replays)."""
        import pickle

        sent = 0
        try:
            while self.child is not None:
                message = pickle.load(self.child.stdout)
                if message[0] == "done":
                    tally.cards += message[1]
                    tally.reviews += message[2]
                    return
                sent += len(message[1])
                yield from message[1]
        except Exception:  # it failed to start or ended early: the rest is replayed here
            self.__exit__()
        rest = student_findings(repo, name, student_id, missing, None, tally)
        yield from (finding for n, finding in enumerate(rest) if n >= sent)

    def __exit__(self, *exc: object) -> None:
        if self.child is not None:
            self.child.kill()  # done, or not needed any more: nothing is left to wait for
            self.child.wait()
            self.child.stdout.close()
            self.child = None


def examine(ws: Workspace, advance: Advance = no_progress) -> Examination:
    return Examination(ws, advance)


def repair(ws: Workspace, repairs: list[Repair]) -> Path | None:
    """Back up, then delete the orphans, rewrite the states from the log and the student totals from the
    states, in one transaction."""
    orphans = [r for r in repairs if isinstance(r, Orphan)]
    rewrites = [r for r in repairs if isinstance(r, Rewrite)]
    if not repairs:
        return None
    saved = make_backup(ws, "before-fix")
    with ws.write() as repo:
        repo.health.delete_orphans(orphans)
        for rewrite in rewrites:
            repo.save_progress(rewrite.student_id, rewrite.card_id, rewrite.progress())
        if any(isinstance(r, StaleTotals) for r in repairs):  # last: from the states as now repaired
            repo.health.rebuild_totals()
    return saved
