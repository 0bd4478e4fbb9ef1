"""Queries for `omm-cards doctor`: SQLite's own checks, and the log and state to compare."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from omm_cards.progress import Progress
from omm_cards.storage.codec import STATE_COLUMNS, to_progress


@dataclass(frozen=True)
class Orphan:
    table: str
    rowid: int | None
    parent: str


class HealthQueries:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def quick_check(self) -> list[str]:
        return [str(row[0]) for row in self.conn.execute("PRAGMA quick_check")]

    def foreign_objects_and_bad_rows(self) -> list[str]:
        """Schema objects our migrations did not make, and rows our code cannot read (see integrity)."""
        from omm_cards.storage.integrity import row_problems, schema_problems

        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        return schema_problems(self.conn, version) + row_problems(self.conn)

    def orphans(self) -> list[Orphan]:
        """Rows whose parent row is missing (PRAGMA foreign_key_check)."""
        return [Orphan(row[0], row[1], row[2]) for row in self.conn.execute("PRAGMA foreign_key_check")]

    def delete_orphans(self, orphans: list[Orphan]) -> None:
        for orphan in orphans:
            if orphan.rowid is not None:
                self.conn.execute(f"DELETE FROM {orphan.table} WHERE rowid = ?", (orphan.rowid,))
        # card_state has no rowid (WITHOUT ROWID): its orphans are found by their missing parents.
        self.conn.execute(
            """DELETE FROM card_state WHERE card_id NOT IN (SELECT id FROM cards)
                 OR student_id NOT IN (SELECT id FROM students)"""
        )

    def card_ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT id FROM cards")}

    def progress_by_card(self, student_id: int) -> dict[str, Progress]:
        rows = self.conn.execute(
            f"SELECT s.card_id, {STATE_COLUMNS} FROM card_state s WHERE s.student_id = ?", (student_id,)
        ).fetchall()
        found = {}
        for row in rows:
            progress = to_progress(row[1:])
            if progress is not None:
                found[row[0]] = progress
        return found

    def log_steps(
        self, student_id: int
    ) -> Iterator[tuple[str, int, int, float | None, str, str | None, int, int, int, int, int]]:
        """The student's review log (cram aside) in the order it was written, streamed: for each grade its
        card, grade, same-day repeat (0 or 1), seconds, time, the due date and interval it set, whether it
        was imported (Anki's log), and the rest of the state it set: repetitions, easiness and lapses.

        Only what a replay needs, in rowid order: one pass along the table, with nothing to sort.
        """
        return self.conn.execute(
            """SELECT card_id, grade, same_day_repeat, seconds, reviewed_at, due_after, interval_after,
                 imported, repetitions_after, easiness_after, lapses_after
               FROM reviews NOT INDEXED WHERE student_id = ? AND cram = 0 ORDER BY id""",
            (student_id,),
        )

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
