"""Queries for `omm-cards doctor`: SQLite's own checks, and the log and state to compare."""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from omm_cards.storage import student_totals

T = TypeVar("T")

# log_steps: what a grade is besides a plain SM-2 step
REPEAT = 1  # a same-day repeat, which changes no schedule
IMPORTED = 2  # from another program's log (Anki's), with the state it recorded
NO_DUE = 4  # it set no due date: its study day is read off its time


@dataclass(frozen=True)
class Orphan:
    table: str
    rowid: int | None
    parent: str


@dataclass(frozen=True)
class StaleTotals:
    """A student's stored figures for a category or region that differ from the sums over their card states
    (student_totals, which triggers keep in step: only a file edited by hand, or a bug, gets here)."""

    student_id: int
    kind: str  # category | region
    name: str


@dataclass(frozen=True)
class Integrity:
    quick_check: list[str]  # ["ok"] when the file is sound; the rest is then empty
    damaged: list[str]  # schema objects not ours, rows that cannot be read
    orphans: list[Orphan]


def _beside(path: Path) -> tuple[list[str], list[str]]:
    """SQLite's quick check, then the review log's rows our code cannot read (as `damaged` when they cannot
    be read): for a thread, on a read-only connection of its own."""
    from omm_cards.storage.integrity import row_problems

    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        quick_check = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
        if quick_check != ["ok"]:
            return quick_check, []
        try:
            return quick_check, row_problems(conn, ["reviews"])
        except sqlite3.DatabaseError as error:
            return quick_check, [f"cannot be read: {error}"]
    finally:
        conn.close()


def _orphans(path: Path) -> list[Orphan] | str:
    """The rows whose parent is gone, or why they cannot be read: for a second thread, beside the quick
    check rather than after it (its result is used only once the quick check passes)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return HealthQueries(conn).orphans()
    except sqlite3.DatabaseError as error:
        return f"cannot be read: {error}"
    finally:
        conn.close()


class HealthQueries:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def integrity(self, meanwhile: Callable[[], T] | None = None) -> tuple[Integrity, T | None]:
        """The database checked before a replay may trust it: SQLite's quick check, schema objects our
        migrations did not make, rows our code cannot read (see integrity) and rows whose parent is gone.

        The quick check with the review log's rows (long, and nearly all passed by SQLite itself: see
        integrity.SUSPECT), and the foreign keys, are SQLite's work alone: they run on connections of their
        own in two threads, SQLite letting go of the interpreter meanwhile, beside Python's checks of the
        other tables and then `meanwhile` (the doctor's first replay), whose result is given only when every
        check passes (and None when it failed: the caller does it again). A file too damaged to read is left
        to the quick check to describe.
        """
        from omm_cards.storage.integrity import MAX_PROBLEMS, TABLES, row_problems, schema_problems

        path = Path(self.conn.execute("PRAGMA database_list").fetchone()[2])
        early: T | None = None
        with ThreadPoolExecutor(2) as pool:
            beside, parents = pool.submit(_beside, path), pool.submit(_orphans, path)
            try:
                version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
                damaged = schema_problems(self.conn, version)
                rows = row_problems(self.conn, [table for table in TABLES if table != "reviews"])
            except sqlite3.DatabaseError as error:
                damaged, rows = [f"cannot be read: {error}"], []
            if meanwhile is not None and not damaged and not rows:
                try:
                    early = meanwhile()
                except Exception:  # speculative: the caller does it again, and meets the error, once checked
                    early = None
            quick_check, log_rows = beside.result()
            orphans = parents.result()
        if quick_check != ["ok"]:
            return Integrity(quick_check, [], []), None
        if isinstance(orphans, str):
            log_rows, orphans = [*log_rows, orphans], []
        problems = damaged + (rows + log_rows)[:MAX_PROBLEMS]
        return Integrity(quick_check, problems, orphans), None if problems else early

    def orphans(self) -> list[Orphan]:
        """Rows whose parent row is missing (PRAGMA foreign_key_check), table by table.

        The review log is long and names the same cards over and over: it is checked row by row only when
        one of its distinct keys has no parent, which SQLite lists off an index in a sixth of the time.
        """
        found = []
        tables = self.conn.execute(
            "SELECT DISTINCT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) WHERE m.type = 'table'"
        ).fetchall()
        for (table,) in tables:
            if table == "reviews" and self._parents_present(table):
                continue
            rows = self.conn.execute(f'PRAGMA foreign_key_check("{table}")')
            found += [Orphan(row[0], row[1], row[2]) for row in rows]
        return found

    def _parents_present(self, table: str) -> bool:
        """Whether every distinct key of the table's foreign keys has its parent row (False: look row by row,
        as also for a key of more than one column or one naming no parent column)."""
        keys = self.conn.execute(
            f'SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list("{table}")'
        ).fetchall()
        if any(seq or to is None for _, seq, _, _, to in keys):
            return False
        columns = ", ".join(f'"{column}"' for _, _, _, column, _ in keys)
        missing = " OR ".join(
            f'(k."{column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{parent}" p WHERE p."{to}" = k."{column}"))'
            for _, _, parent, column, to in keys
        )
        sql = f'SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT {columns} FROM "{table}") k WHERE {missing})'
        return not self.conn.execute(sql).fetchone()[0]

    def stale_totals(self) -> list[StaleTotals]:
        """The student totals that differ from the sums over the card states, a missing row counting as
        zeros. Seconds agree within a millisecond: the triggers add and take away reals, which may leave a
        trace (1e-16) where the sums have none."""
        want = {tuple(row[:4]): row[4:] for row in self.conn.execute(student_totals.SUMS)}
        have = {
            tuple(row[:4]): row[4:]
            for row in self.conn.execute(f"SELECT {', '.join(student_totals.COLUMNS)} FROM student_totals")
        }
        zeros = (0,) * len(student_totals.COUNTERS)
        seconds = student_totals.COUNTERS.index("seconds")

        def differ(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
            return any(
                abs(x - y) >= 0.001 if n == seconds else x != y for n, (x, y) in enumerate(zip(a, b, strict=True))
            )

        stale = {key[:3] for key in want.keys() | have.keys() if differ(want.get(key, zeros), have.get(key, zeros))}
        return [StaleTotals(student, ("category", "region")[kind], name) for student, kind, name in sorted(stale)]

    def rebuild_totals(self) -> None:
        """The student totals written afresh as the sums over the card states."""
        self.conn.execute("DELETE FROM student_totals")
        self.conn.execute(student_totals.FILL)

    def delete_orphans(self, orphans: list[Orphan]) -> None:
        for orphan in orphans:
            if orphan.rowid is not None:
                self.conn.execute(f"DELETE FROM {orphan.table} WHERE rowid = ?", (orphan.rowid,))
        # card_state has no rowid (WITHOUT ROWID): its orphans are found by their missing parents.
        self.conn.execute(
            """DELETE FROM card_state WHERE card_id NOT IN (SELECT id FROM cards)
                 OR student_id NOT IN (SELECT id FROM students)"""
        )

    def missing_cards(self) -> set[str]:
        """The cards the review log names that are not in `cards` (orphans, which a replay leaves out).

        Each distinct (student, card) of the log is looked up once, read off its index: not every row.
        """
        rows = self.conn.execute(
            """SELECT DISTINCT r.card_id FROM (SELECT DISTINCT student_id, card_id FROM reviews) r
               WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = r.card_id)"""
        )
        return {row[0] for row in rows}

    def stored_states(
        self, student_id: int
    ) -> Iterator[tuple[str, int, int, int, str | None, int, str | None, int, int, int, int, float, int, str]]:
        """The student's card states as stored, in card id order, streamed: for each its card; its
        repetitions, interval, easiness, due date, lapses, shown day (dates as ISO text), reviews,
        learned reviews, kept reviews and misses, as a replay of the log gives them; then seconds,
        suspended (0 or 1) and its tags (JSON)."""
        return self.conn.execute(
            """SELECT card_id, repetitions, interval, easiness, due, lapses, shown, reviews,
                 learned_reviews, kept_reviews, misses, seconds, suspended, tags
               FROM card_state WHERE student_id = ? ORDER BY card_id""",
            (student_id,),
        )

    def log_steps(self, student_id: int) -> Iterator[tuple[str, int, int, float | None, str | None, int]]:
        """The student's review log (cram aside) in the order it was written, streamed: for each grade its
        card, grade, flags (REPEAT, IMPORTED, NO_DUE), seconds, and the due date and interval it set.

        Only what a replay needs, in rowid order: one pass along the table, with nothing to sort. A million
        rows cost by the column, so what few rows need besides (see step_details) is read apart.
        """
        return self.conn.execute(
            """SELECT card_id, grade, same_day_repeat | (imported << 1) | ((due_after IS NULL) << 2), seconds,
                 due_after, interval_after
               FROM reviews NOT INDEXED WHERE student_id = ? AND cram = 0 ORDER BY id""",
            (student_id,),
        )

    def step_details(self, student_id: int) -> dict[str, deque[tuple[str, int, int, int]]]:
        """For the grades log_steps flags IMPORTED or NO_DUE, each card's in log order: the time it was
        given, and the repetitions, easiness and lapses it recorded (another program's log records them)."""
        found: dict[str, deque[tuple[str, int, int, int]]] = {}
        rows = self.conn.execute(
            """SELECT card_id, reviewed_at, repetitions_after, easiness_after, lapses_after FROM reviews NOT INDEXED
               WHERE student_id = ? AND cram = 0 AND (imported OR due_after IS NULL) ORDER BY id""",
            (student_id,),
        )
        for card_id, *detail in rows:
            found.setdefault(card_id, deque()).append(tuple(detail))
        return found

    def grades_by_card(self, student_id: int) -> dict[str, list[tuple[datetime, int]]]:
        """Each card's logged grades (cram aside) with their times, oldest first: what FSRS replays."""
        found: dict[str, list[tuple[datetime, int]]] = {}
        cursor = self.conn.execute(
            "SELECT card_id, reviewed_at, grade FROM reviews WHERE student_id = ? AND cram = 0 ORDER BY id",
            (student_id,),
        )
        for card_id, reviewed_at, grade in cursor:
            found.setdefault(card_id, []).append((datetime.fromisoformat(reviewed_at), grade))
        return found
