"""Aggregates for progress figures: every figure is counted by SQLite, never by loading reviews.

A student's reviews are first folded into one row per card (`temp.per_card`): from the counters kept
beside each card's schedule for all time, or in one pass over the covering index `reviews_by_card` for a
dated period. Every retention and most-missed figure is read from there. Joins are written CROSS JOIN
where the student's few rows must drive the lookup into the many cards: SQLite keeps a CROSS JOIN's order.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from omm_cards.model import Card
from omm_cards.storage.codec import CARD_COLUMNS, CARD_WIDTH, to_card

REGION = "region::"
# Regions are the tags from 'region::' up to (not including) 'region:;', the next string after '::'.
REGION_RANGE = "tag >= 'region::' AND tag < 'region:;'"
NOT_RETIRED = "card_id NOT IN (SELECT id FROM cards WHERE retired = 1)"


@dataclass(frozen=True)
class StudentRow:
    name: str
    cards_seen: int
    reviews: int
    last_review: datetime | None


@dataclass(frozen=True)
class CardTotals:
    categories: dict[str, int]  # live cards per category
    regions: dict[str, int]  # live cards per region tag (without its `region::`)


@dataclass(frozen=True)
class Totals:
    answers: int  # graded answers, same-day repeats included, cram not
    cards: int
    seconds: float


class StatsQueries:
    """Cram answers (review --cram) drill outside the schedule and count in no figure here: not in reviews,
    retention, last review, streak, activity or the weekly trend."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def students(self) -> list[StudentRow]:
        rows = self.conn.execute(
            # The answers (cram aside) from each card's counter, as the all-time figures take them: the
            # student's card states, not the whole log.
            """SELECT s.name,
                 (SELECT count(*) FROM card_state c WHERE c.student_id = s.id AND c.due IS NOT NULL),
                 (SELECT coalesce(sum(c.reviews), 0) FROM card_state c WHERE c.student_id = s.id),
                 (SELECT max(r.reviewed_at) FROM reviews r WHERE r.student_id = s.id AND r.cram = 0)
               FROM students s ORDER BY s.name"""
        ).fetchall()
        return [
            StudentRow(name, seen, reviews, datetime.fromisoformat(last) if last else None)
            for name, seen, reviews, last in rows
        ]

    def fold_reviews(self, student_id: int, since: datetime | None) -> Totals:
        """Fold the student's reviews since `since` (or ever) into temp.per_card; returns the period's totals.

        A review counts towards retention when it is the day's first answer to a card already learned
        (one repetition or more), outside cram; a miss is such a first answer graded below 3.
        """
        self.conn.execute(
            """CREATE TEMP TABLE IF NOT EXISTS per_card (
                 card_id TEXT PRIMARY KEY, answers INTEGER, learned INTEGER, kept INTEGER, misses INTEGER,
                 seconds REAL, category TEXT)"""
        )
        self.conn.execute("DELETE FROM temp.per_card")
        if since is None:
            # All time: the counters kept beside each card's schedule already sum its log.
            # The card's category comes along (one lookup a card here, not one a figure later).
            self.conn.execute(
                """INSERT INTO temp.per_card
                   SELECT s.card_id, s.reviews, s.learned_reviews, s.kept_reviews, s.misses, s.seconds, c.category
                   FROM card_state s LEFT JOIN cards c INDEXED BY cards_category_by_id ON c.id = s.card_id
                   WHERE s.student_id = ? AND s.reviews > 0""",
                (student_id,),
            )
        else:
            self._fold_log(student_id, since)
        row = self.conn.execute(
            "SELECT coalesce(sum(answers), 0), count(*), coalesce(sum(seconds), 0) FROM temp.per_card"
        ).fetchone()
        return Totals(int(row[0]), int(row[1]), float(row[2]))

    def _fold_log(self, student_id: int, since: datetime) -> None:
        self.conn.execute(
            """INSERT INTO temp.per_card
               SELECT r.card_id, r.answers, r.learned, r.kept, r.misses, r.seconds, c.category
               FROM (SELECT card_id, count(*) AS answers,
                       sum(same_day_repeat = 0 AND repetitions_before >= 1) AS learned,
                       sum(same_day_repeat = 0 AND repetitions_before >= 1 AND grade >= 3) AS kept,
                       sum(same_day_repeat = 0 AND grade < 3) AS misses,
                       coalesce(sum(seconds), 0) AS seconds
                     FROM reviews INDEXED BY reviews_by_card
                     WHERE student_id = ? AND cram = 0 AND reviewed_at >= ?
                     GROUP BY card_id) r
               LEFT JOIN cards c INDEXED BY cards_category_by_id ON c.id = r.card_id""",
            (student_id, since.isoformat()),
        )

    def retention_by_category(self) -> dict[str, tuple[int, int]]:
        """(reviews, kept) per category, from the last fold."""
        rows = self.conn.execute(
            """SELECT category, sum(learned), sum(kept) FROM temp.per_card
               WHERE category IS NOT NULL GROUP BY category HAVING sum(learned) > 0"""
        ).fetchall()
        return {name: (int(n), int(kept)) for name, n, kept in rows}

    def retention_by_region(self) -> dict[str, tuple[int, int]]:
        rows = self.conn.execute(
            f"""SELECT substr(t.tag, {len(REGION) + 1}), sum(p.learned), sum(p.kept)
                FROM temp.per_card p CROSS JOIN card_tags t ON t.card_id = p.card_id AND t.{REGION_RANGE}
                GROUP BY t.tag HAVING sum(p.learned) > 0"""
        ).fetchall()
        return {name: (int(n), int(kept)) for name, n, kept in rows}

    def most_missed(self, top: int) -> list[tuple[Card, int]]:
        rows = self.conn.execute(
            # The top rows of the fold first, then only their cards: not every missed card joined and sorted.
            f"""SELECT {CARD_COLUMNS}, p.misses
                FROM (SELECT card_id, misses FROM temp.per_card WHERE misses > 0
                      ORDER BY misses DESC, card_id LIMIT ?) p
                CROSS JOIN cards c ON c.id = p.card_id ORDER BY p.misses DESC, c.id""",
            (top,),
        ).fetchall()
        return [(to_card(row), int(row[CARD_WIDTH])) for row in rows]

    def card_totals(self) -> CardTotals:
        """The live cards per category and per region: the same for every student, so read once a report."""
        categories = self.conn.execute("SELECT category, count(*) FROM cards WHERE retired = 0 GROUP BY category")
        regions = self.conn.execute(
            f"SELECT substr(tag, {len(REGION) + 1}), count(*) FROM card_tags WHERE {REGION_RANGE}"
            f" AND {NOT_RETIRED} GROUP BY tag"
        )
        return CardTotals(dict(categories.fetchall()), dict(regions.fetchall()))

    def coverage_by_category(self, student_id: int, mature: int, totals: CardTotals) -> dict[str, tuple[int, int, int]]:
        """(new, learning, mature) per category: all cards by index, less those the student has seen."""
        seen = self.conn.execute(
            """SELECT c.category, sum(s.interval < ?), sum(s.interval >= ?)
               FROM card_state s CROSS JOIN cards c INDEXED BY cards_category_by_id ON c.id = s.card_id
               WHERE s.student_id = ? AND s.due IS NOT NULL AND c.retired = 0 GROUP BY c.category""",
            (mature, mature, student_id),
        ).fetchall()
        return _stages(totals.categories, seen)

    def coverage_by_region(self, student_id: int, mature: int, totals: CardTotals) -> dict[str, tuple[int, int, int]]:
        seen = self.conn.execute(
            f"""SELECT substr(t.tag, {len(REGION) + 1}), sum(s.interval < ?), sum(s.interval >= ?)
                FROM card_state s JOIN card_tags t ON t.card_id = s.card_id AND t.{REGION_RANGE}
                WHERE s.student_id = ? AND s.due IS NOT NULL AND s.{NOT_RETIRED} GROUP BY t.tag""",
            (mature, mature, student_id),
        ).fetchall()
        return _stages(totals.regions, seen)

    def last_review(self, student_id: int) -> datetime | None:
        row = self.conn.execute(
            "SELECT max(reviewed_at) FROM reviews WHERE student_id = ? AND cram = 0", (student_id,)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row[0] else None

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

    def activity(self, student_id: int, first: datetime) -> dict[date, int]:
        """Reviews per study day from `first`, the start of the first day (days start at its hour)."""
        rows = self.conn.execute(
            """SELECT date(reviewed_at, ?), count(*) FROM reviews
               WHERE student_id = ? AND reviewed_at >= ? AND cram = 0 GROUP BY 1""",
            (f"-{first.hour} hours", student_id, first.isoformat()),
        ).fetchall()
        return {date.fromisoformat(day): int(n) for day, n in rows}

    def weekly(self, student_id: int, first: datetime) -> dict[date, tuple[int, int, int]]:
        """Per study week (keyed by its Monday) from `first`, a Monday at the day-start hour: (answers,
        retention reviews, passed), counted as fold_reviews counts them."""
        rows = self.conn.execute(
            """SELECT date(reviewed_at, ?, 'weekday 0', '-6 days') AS monday, count(*),
                 sum(same_day_repeat = 0 AND repetitions_before >= 1),
                 sum(same_day_repeat = 0 AND repetitions_before >= 1 AND grade >= 3)
               FROM reviews WHERE student_id = ? AND reviewed_at >= ? AND cram = 0 GROUP BY monday""",
            (f"-{first.hour} hours", student_id, first.isoformat()),
        ).fetchall()
        return {date.fromisoformat(monday): (int(n), int(learned), int(kept)) for monday, n, learned, kept in rows}

    def reviewed_on(self, student_id: int, start: datetime) -> bool:
        """Any review in the study day that begins at `start`?"""
        row = self.conn.execute(
            """SELECT EXISTS (SELECT 1 FROM reviews
                 WHERE student_id = ? AND reviewed_at >= ? AND reviewed_at < ? AND cram = 0)""",
            (student_id, start.isoformat(), (start + timedelta(days=1)).isoformat()),
        ).fetchone()
        return bool(row[0])


def _stages(totals: dict[str, int], seen: list[tuple[str, int, int]]) -> dict[str, tuple[int, int, int]]:
    learning = {name: (int(a or 0), int(b or 0)) for name, a, b in seen}
    return {
        name: (count - sum(learning.get(name, (0, 0))), *learning.get(name, (0, 0))) for name, count in totals.items()
    }
