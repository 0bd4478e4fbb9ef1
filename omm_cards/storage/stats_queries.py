"""Aggregates for progress figures: every figure is counted by SQLite, never by loading reviews.

All time, a student's figures by category and by region are their few rows of `student_totals`, which
triggers keep equal to the sums of the counters beside each card's schedule (storage.student_totals). For a
dated period, the reviews are first folded into one row per card (`temp.per_card`) in one pass over the
covering index `reviews_by_card`, and retention and most-missed cards are read from there. Joins are
written CROSS JOIN where the student's few rows must drive the lookup into the many cards: SQLite keeps a
CROSS JOIN's order.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from typing import NamedTuple

from omm_cards.model import Card
from omm_cards.storage.codec import CARD_COLUMNS, CARD_WIDTH, to_card

REGION = "region::"
# Regions are the tags from 'region::' up to (not including) 'region:;', the next string after '::'.
REGION_RANGE = "tag >= 'region::' AND tag < 'region:;'"


class StudentRow(NamedTuple):
    name: str
    cards_seen: int
    reviews: int
    last_review: datetime | None


class CardTotals(NamedTuple):
    categories: dict[str, int]  # live cards per category
    regions: dict[str, int]  # live cards per region tag (without its `region::`)


class Totals(NamedTuple):
    answers: int  # graded answers, same-day repeats included, cram not
    cards: int
    seconds: float


class Breakdown(NamedTuple):
    """A student's figures by category and by region: retention (reviews, kept) and the most-missed cards for
    the period, and each live card's stage (new, learning, mature) now."""

    totals: Totals
    retention_by_category: dict[str, tuple[int, int]]
    retention_by_region: dict[str, tuple[int, int]]
    coverage_by_category: dict[str, tuple[int, int, int]]
    coverage_by_region: dict[str, tuple[int, int, int]]
    most_missed: list[tuple[Card, int]]


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

    def breakdown(self, student_id: int, since: datetime | None, cards: CardTotals, top: int) -> Breakdown:
        """The student's breakdown: all time from their row of `student_totals`, which triggers keep equal to
        the sums over their card states (stages split at student_totals.MATURE days); for a period since `since`,
        retention and misses from the log folded into temp.per_card. `top`: how many most-missed cards."""
        rows = self.conn.execute(
            """SELECT kind, name, live, reviews, seen, seconds, learned, kept, learning, mature
               FROM student_totals WHERE student_id = ?""",
            (student_id,),
        ).fetchall()
        by_category = [row[1:] for row in rows if row[0] == 0]
        by_region = [row[1:] for row in rows if row[0] == 1]
        coverage_by_category = _stages(cards.categories, [(r[0], r[7], r[8]) for r in by_category if r[1]])
        coverage_by_region = _stages(cards.regions, [(r[0], r[7], r[8]) for r in by_region if r[1]])
        if since is not None:
            totals, retention_by_category, retention_by_region, missed = self._period(student_id, since, top)
            return Breakdown(
                totals, retention_by_category, retention_by_region, coverage_by_category, coverage_by_region, missed
            )
        totals = Totals(
            sum(int(r[2]) for r in by_category), sum(int(r[3]) for r in by_category), sum(r[4] for r in by_category)
        )
        return Breakdown(
            totals,
            _rates([(r[0], r[5], r[6]) for r in by_category]),
            _rates([(r[0], r[5], r[6]) for r in by_region]),
            coverage_by_category,
            coverage_by_region,
            self._most_missed(
                "SELECT card_id, misses FROM card_state WHERE student_id = ? AND misses > 0", (student_id,), top
            ),
        )

    def _period(
        self, student_id: int, since: datetime, top: int
    ) -> tuple[Totals, dict[str, tuple[int, int]], dict[str, tuple[int, int]], list[tuple[Card, int]]]:
        """The student's reviews since `since` folded into temp.per_card, one row a card: the period's totals,
        retention by category and by region, and most-missed cards.

        A review counts towards retention when it is the day's first answer to a card already learned
        (one repetition or more), outside cram; a miss is such a first answer graded below 3.
        """
        self.conn.execute(
            """CREATE TEMP TABLE IF NOT EXISTS per_card (
                 card_id TEXT PRIMARY KEY, answers INTEGER, learned INTEGER, kept INTEGER, misses INTEGER,
                 seconds REAL, category TEXT)"""
        )
        self.conn.execute("DELETE FROM temp.per_card")
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
        row = self.conn.execute(
            "SELECT coalesce(sum(answers), 0), count(*), coalesce(sum(seconds), 0) FROM temp.per_card"
        ).fetchone()
        by_category = self.conn.execute(
            "SELECT category, sum(learned), sum(kept) FROM temp.per_card WHERE category IS NOT NULL GROUP BY category"
        ).fetchall()
        by_region = self.conn.execute(
            f"""SELECT substr(t.tag, {len(REGION) + 1}), sum(p.learned), sum(p.kept)
                FROM temp.per_card p CROSS JOIN card_tags t ON t.card_id = p.card_id AND t.{REGION_RANGE}
                GROUP BY t.tag"""
        ).fetchall()
        missed = self._most_missed("SELECT card_id, misses FROM temp.per_card WHERE misses > 0", (), top)
        return Totals(int(row[0]), int(row[1]), float(row[2])), _rates(by_category), _rates(by_region), missed

    def _most_missed(self, misses: str, params: tuple[int, ...], top: int) -> list[tuple[Card, int]]:
        """The `top` cards of the (card_id, misses) rows `misses` selects, most missed first."""
        rows = self.conn.execute(
            # The top rows first, then only their cards: not every missed card joined and sorted.
            f"""SELECT {CARD_COLUMNS}, p.misses
                FROM ({misses} ORDER BY misses DESC, card_id LIMIT ?) p
                CROSS JOIN cards c ON c.id = p.card_id ORDER BY p.misses DESC, c.id""",
            (*params, top),
        ).fetchall()
        return [(to_card(row), int(row[CARD_WIDTH])) for row in rows]

    def card_totals(self) -> CardTotals:
        """The live cards per category and per region: the same for every student, so read once a report."""
        categories = self.conn.execute("SELECT category, count(*) FROM cards WHERE retired = 0 GROUP BY category")
        # Every region tag counted off its index, then the few withdrawn cards' taken away: asking each tag
        # whether its card is withdrawn took twice as long (8.5 ms at 100k cards).
        regions = dict(
            self.conn.execute(
                f"SELECT substr(tag, {len(REGION) + 1}), count(*) FROM card_tags WHERE {REGION_RANGE} GROUP BY tag"
            ).fetchall()
        )
        for name, withdrawn in self.conn.execute(
            f"""SELECT substr(t.tag, {len(REGION) + 1}), count(*) FROM cards c INDEXED BY cards_by_category
                CROSS JOIN card_tags t ON t.card_id = c.id AND t.{REGION_RANGE} WHERE c.retired = 1 GROUP BY t.tag"""
        ):
            regions[name] -= withdrawn
        return CardTotals(dict(categories.fetchall()), {name: n for name, n in regions.items() if n})

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
        retention reviews, passed), counted as a period's fold counts them (_period)."""
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


def _rates(rows: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    """(reviews, kept) per name, summed over the rows of each name; a name with no retention review is left out."""
    found: dict[str, tuple[int, int]] = {}
    for name, learned, kept in rows:
        before = found.get(name, (0, 0))
        found[name] = (before[0] + int(learned or 0), before[1] + int(kept or 0))
    return {name: rate for name, rate in found.items() if rate[0] > 0}


def _stages(totals: dict[str, int], seen: list[tuple[str, int, int]]) -> dict[str, tuple[int, int, int]]:
    learning = {name: (int(a or 0), int(b or 0)) for name, a, b in seen}
    return {
        name: (count - sum(learning.get(name, (0, 0))), *learning.get(name, (0, 0))) for name, count in totals.items()
    }
