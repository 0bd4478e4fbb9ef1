"""Aggregates for progress figures: every figure is counted by SQLite, never by loading reviews."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from omm_cards.model import Card
from omm_cards.storage.rows import CARD_COLUMNS, to_card

# A review that counts: the first answer to a card that day, outside cram.
COUNTED = "r.student_id = ? AND r.reviewed_at >= ? AND r.same_day_repeat = 0 AND r.cram = 0"
PER_CARD = f"""SELECT r.card_id,
      sum(r.repetitions_before >= 1) AS learned,
      sum(r.repetitions_before >= 1 AND r.grade >= 3) AS kept,
      sum(r.grade < 3) AS misses
    FROM reviews r WHERE {COUNTED} GROUP BY r.card_id"""
STAGES = """sum(s.due IS NULL), sum(s.due IS NOT NULL AND s.interval < ?), sum(s.due IS NOT NULL AND s.interval >= ?)"""
EPOCH = datetime(1, 1, 1)


@dataclass(frozen=True)
class StudentRow:
    name: str
    cards_seen: int
    reviews: int
    last_review: datetime | None


class StatsQueries:
    conn: sqlite3.Connection

    def students(self) -> list[StudentRow]:
        rows = self.conn.execute(
            """SELECT s.name,
                 (SELECT count(*) FROM card_state c WHERE c.student_id = s.id AND c.due IS NOT NULL),
                 (SELECT count(*) FROM reviews r WHERE r.student_id = s.id AND r.cram = 0),
                 (SELECT max(r.reviewed_at) FROM reviews r WHERE r.student_id = s.id)
               FROM students s ORDER BY s.name"""
        ).fetchall()
        return [
            StudentRow(n, seen, reviews, datetime.fromisoformat(last) if last else None)
            for n, seen, reviews, last in rows
        ]

    def totals(self, student_id: int, since: datetime | None) -> tuple[int, int, float]:
        """Answers graded (same-day repeats included, cram not), distinct cards, and seconds spent."""
        row = self.conn.execute(
            """SELECT count(*), count(DISTINCT card_id), coalesce(sum(seconds), 0) FROM reviews
               WHERE student_id = ? AND reviewed_at >= ? AND cram = 0""",
            (student_id, (since or EPOCH).isoformat()),
        ).fetchone()
        return int(row[0]), int(row[1]), float(row[2])

    def last_review(self, student_id: int) -> datetime | None:
        row = self.conn.execute("SELECT max(reviewed_at) FROM reviews WHERE student_id = ?", (student_id,)).fetchone()
        return datetime.fromisoformat(row[0]) if row[0] else None

    def retention_by_category(self, student_id: int, since: datetime | None) -> dict[str, tuple[int, int]]:
        rows = self.conn.execute(
            f"""WITH per_card AS ({PER_CARD})
                SELECT c.category, sum(p.learned), sum(p.kept) FROM per_card p JOIN cards c ON c.id = p.card_id
                GROUP BY c.category HAVING sum(p.learned) > 0""",
            (student_id, (since or EPOCH).isoformat()),
        ).fetchall()
        return {name: (int(n), int(kept)) for name, n, kept in rows}

    def retention_by_region(self, student_id: int, since: datetime | None) -> dict[str, tuple[int, int]]:
        rows = self.conn.execute(
            f"""WITH per_card AS ({PER_CARD})
                SELECT substr(t.value, 9), sum(p.learned), sum(p.kept)
                FROM per_card p JOIN cards c ON c.id = p.card_id, json_each(c.tags) t
                WHERE t.value LIKE 'region::%' GROUP BY t.value HAVING sum(p.learned) > 0""",
            (student_id, (since or EPOCH).isoformat()),
        ).fetchall()
        return {name: (int(n), int(kept)) for name, n, kept in rows}

    def most_missed(self, student_id: int, since: datetime | None, top: int) -> list[tuple[Card, int]]:
        rows = self.conn.execute(
            f"""WITH per_card AS ({PER_CARD})
                SELECT {CARD_COLUMNS}, p.misses FROM per_card p JOIN cards c ON c.id = p.card_id
                WHERE p.misses > 0 ORDER BY p.misses DESC, c.id LIMIT ?""",
            (student_id, (since or EPOCH).isoformat(), top),
        ).fetchall()
        return [(to_card(row), int(row[7])) for row in rows]

    def coverage_by_category(self, student_id: int, mature: int) -> dict[str, tuple[int, int, int]]:
        rows = self.conn.execute(
            f"""SELECT c.category, {STAGES} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 GROUP BY c.category""",
            (mature, mature, student_id),
        ).fetchall()
        return {name: (int(a), int(b), int(m)) for name, a, b, m in rows}

    def coverage_by_region(self, student_id: int, mature: int) -> dict[str, tuple[int, int, int]]:
        rows = self.conn.execute(
            f"""SELECT substr(t.value, 9), {STAGES} FROM cards c, json_each(c.tags) t
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 AND t.value LIKE 'region::%' GROUP BY t.value""",
            (mature, mature, student_id),
        ).fetchall()
        return {name: (int(a), int(b), int(m)) for name, a, b, m in rows}

    def tagged(self, student_id: int, tag: str) -> list[Card]:
        """Cards the student's own tags mark with `tag` (e.g. leeches)."""
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS} FROM card_state s JOIN cards c ON c.id = s.card_id
                WHERE s.student_id = ? AND s.tags != '[]'
                  AND EXISTS (SELECT 1 FROM json_each(s.tags) t WHERE t.value = ?)
                ORDER BY c.id""",
            (student_id, tag),
        ).fetchall()
        return [to_card(row) for row in rows]

    def activity(self, student_id: int, first: date) -> dict[date, int]:
        rows = self.conn.execute(
            """SELECT substr(reviewed_at, 1, 10), count(*) FROM reviews
               WHERE student_id = ? AND reviewed_at >= ? AND cram = 0 GROUP BY 1""",
            (student_id, first.isoformat()),
        ).fetchall()
        return {date.fromisoformat(day): int(n) for day, n in rows}

    def review_days(self, student_id: int, limit: int) -> list[date]:
        """The most recent days with a review, newest first."""
        rows = self.conn.execute(
            """SELECT DISTINCT substr(reviewed_at, 1, 10) FROM reviews WHERE student_id = ?
               ORDER BY 1 DESC LIMIT ?""",
            (student_id, limit),
        ).fetchall()
        return [date.fromisoformat(row[0]) for row in rows]
