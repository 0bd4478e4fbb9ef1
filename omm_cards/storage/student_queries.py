"""Queries about students: profiles, exam dates and daily limits."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from omm_cards.storage.codec import FsrsFit, StudentSettings, fit_from_json, fit_to_json, iso, to_date


class StudentQueries:
    conn: sqlite3.Connection

    def find_student(self, name: str) -> int | None:
        row = self.conn.execute("SELECT id FROM students WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else None

    def add_student(self, name: str, now: datetime) -> int:
        """Create the profile (the caller knows it does not exist yet); returns its id."""
        cursor = self.conn.execute("INSERT INTO students (name, created_at) VALUES (?, ?)", (name, now.isoformat()))
        return int(cursor.lastrowid or 0)

    def student_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM students ORDER BY name")]

    def rename_student(self, student_id: int, name: str) -> None:
        self.conn.execute("UPDATE students SET name = ? WHERE id = ?", (name, student_id))

    def remove_student(self, student_id: int) -> tuple[int, int]:
        """Delete the profile with its schedules and review log; returns (cards with a state, reviews)."""
        reviews = self.conn.execute("DELETE FROM reviews WHERE student_id = ?", (student_id,)).rowcount
        states = self.conn.execute("DELETE FROM card_state WHERE student_id = ?", (student_id,)).rowcount
        self.conn.execute("DELETE FROM students WHERE id = ?", (student_id,))
        return states, reviews

    def is_unused(self, student_id: int) -> bool:
        """No review and no schedule: a profile nobody has studied under."""
        row = self.conn.execute(
            """SELECT EXISTS (SELECT 1 FROM reviews WHERE student_id = ?)
                   OR EXISTS (SELECT 1 FROM card_state WHERE student_id = ?)""",
            (student_id, student_id),
        ).fetchone()
        return not row[0]

    def settings(self, student_id: int) -> StudentSettings:
        row = self.conn.execute(
            """SELECT exam_date, new_per_day, reviews_per_day, day_starts_at, buttons, scheduler, retention, fsrs_fit
               FROM students WHERE id = ?""",
            (student_id,),
        ).fetchone()
        return StudentSettings(to_date(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], fit_from_json(row[7]))

    def set_scheduler(self, student_id: int, scheduler: str, retention: float) -> None:
        self.conn.execute(
            "UPDATE students SET scheduler = ?, retention = ? WHERE id = ?", (scheduler, retention, student_id)
        )

    def set_fsrs_fit(self, student_id: int, fit: FsrsFit) -> None:
        self.conn.execute("UPDATE students SET fsrs_fit = ? WHERE id = ?", (fit_to_json(fit), student_id))

    def set_review_settings(self, student_id: int, day_starts_at: int, buttons: int) -> None:
        self.conn.execute(
            "UPDATE students SET day_starts_at = ?, buttons = ? WHERE id = ?", (day_starts_at, buttons, student_id)
        )

    def set_exam(self, student_id: int, exam: date | None) -> None:
        self.conn.execute("UPDATE students SET exam_date = ? WHERE id = ?", (iso(exam), student_id))

    def set_limits(self, student_id: int, new_per_day: int, reviews_per_day: int) -> None:
        self.conn.execute(
            "UPDATE students SET new_per_day = ?, reviews_per_day = ? WHERE id = ?",
            (new_per_day, reviews_per_day, student_id),
        )
