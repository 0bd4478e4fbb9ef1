"""Queries about a student's schedule: what is due or new, card progress, and the review log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from omm_cards.model import Card, CardFilter, CardType
from omm_cards.progress import Progress
from omm_cards.scheduler import State
from omm_cards.storage.codec import (
    CARD_COLUMNS,
    STATE_COLUMNS,
    ReviewRow,
    filter_sql,
    iso,
    state_values,
    to_card,
    to_date,
    to_progress,
    to_state,
)


@dataclass(frozen=True)
class Matching:
    cards: int
    suspended: int
    buried: int
    due: int  # shown today or earlier, not suspended or buried
    new: int  # never reviewed, not suspended or buried
    next_due: date | None


# Retired cards are few: excluding them beats joining every state row to its card.
NOT_RETIRED = "s.card_id NOT IN (SELECT id FROM cards WHERE retired = 1)"


class ScheduleQueries:
    conn: sqlite3.Connection

    def due_cards(self, student_id: int, today: date, where: CardFilter, limit: int = -1) -> list[Card]:
        """The cards shown today or earlier, the longest waiting first, at most `limit` of them (-1: all).

        The index gives the cards in the order they are shown, so SQLite stops after `limit`; only the
        cards kept are read whole and decoded.
        """
        clause, params = filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS} FROM (
                  SELECT s.card_id, s.shown, c.position, c.deck_id FROM card_state s JOIN cards c ON c.id = s.card_id
                  WHERE s.student_id = ? AND s.shown <= ? AND s.suspended = 0 AND c.retired = 0
                    AND (s.buried_until IS NULL OR s.buried_until <= ?) AND {clause}
                  ORDER BY s.shown, c.position, c.deck_id LIMIT ?) k
                JOIN cards c ON c.id = k.card_id
                ORDER BY k.shown, k.position, k.deck_id""",
            (student_id, today.isoformat(), today.isoformat(), *params, limit),
        ).fetchall()
        return [to_card(row) for row in rows]

    def new_cards(self, student_id: int, where: CardFilter, limit: int, today: date) -> list[Card]:
        """New cards in the order they are introduced: each deck and card type takes its turn.

        Within a (deck, type) group cards come in file order; the groups take turns in an order
        seeded by the student, so multiple-choice and typed cards come from the first day, and a
        re-run shows the same cards.

        Only the first `limit` new cards of a group can be among the first `limit` overall, so each
        group is read from the `cards_live` index until it has given that many: the cost grows with
        the groups and the limit, not with the cards.
        """
        clause, params = filter_sql(where)
        decks = f"d.id IN ({', '.join('?' * len(where.decks))})" if where.decks else "1"
        new = f"""c.retired = 0 AND s.due IS NULL AND coalesce(s.suspended, 0) = 0
                   AND (s.buried_until IS NULL OR s.buried_until <= ?) AND {clause}"""
        rows = self.conn.execute(
            # `last`: the position of a group's limit-th new card (none: it has fewer, take them all).
            # CROSS JOIN keeps the few groups outermost, so each is one walk along the index.
            f"""WITH kinds (type) AS (VALUES {", ".join(f"('{kind.value}')" for kind in CardType)}),
                groups AS MATERIALIZED (
                  SELECT d.id AS deck, k.type, (
                    SELECT c.position FROM cards c INDEXED BY cards_live
                    LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                    WHERE c.deck_id = d.id AND c.type = k.type AND {new}
                    ORDER BY c.position LIMIT 1 OFFSET ?) AS last
                  FROM decks d CROSS JOIN kinds k WHERE {decks}),
                chosen AS (
                  SELECT c.id, c.position,
                    row_number() OVER (PARTITION BY c.deck_id, c.type ORDER BY c.position) AS turn,
                    omm_seed(? || '/' || c.deck_id || '/' || c.type) AS seed
                  FROM groups g CROSS JOIN cards c INDEXED BY cards_live
                  LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                  WHERE c.deck_id = g.deck AND c.type = g.type AND c.position <= coalesce(g.last, {2**62}) AND {new}
                  ORDER BY turn, seed, c.position LIMIT ?)
                SELECT {CARD_COLUMNS} FROM chosen k JOIN cards c ON c.id = k.id
                ORDER BY k.turn, k.seed, k.position""",
            (
                *(student_id, today.isoformat(), *params, max(0, limit - 1)),
                *where.decks,
                *(student_id, student_id, today.isoformat(), *params, limit),
            ),
        ).fetchall()
        return [to_card(row) for row in rows]

    def matching(self, student_id: int, where: CardFilter, today: date) -> Matching:
        """How the cards a filter matches stand today: why a session may have nothing to show."""
        clause, params = filter_sql(where)
        row = self.conn.execute(
            f"""SELECT count(*),
                  count(*) FILTER (WHERE coalesce(s.suspended, 0) = 1),
                  count(*) FILTER (WHERE s.suspended = 0 AND s.buried_until > ?),
                  count(*) FILTER (WHERE s.suspended = 0 AND s.shown <= ?
                                   AND (s.buried_until IS NULL OR s.buried_until <= ?)),
                  count(*) FILTER (WHERE s.due IS NULL AND coalesce(s.suspended, 0) = 0
                                   AND (s.buried_until IS NULL OR s.buried_until <= ?)),
                  min(s.shown) FILTER (WHERE s.suspended = 0 AND s.shown > ?)
                FROM cards c LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 AND {clause}""",
            (*[today.isoformat()] * 5, student_id, *params),
        ).fetchone()
        return Matching(row[0], row[1], row[2], row[3], row[4], to_date(row[5]))

    def introduced_cards(self, student_id: int, where: CardFilter, today: date) -> list[Card]:
        """Every matching card the student has seen, not suspended or buried: what an exam planner chooses from."""
        clause, params = filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS} FROM card_state s JOIN cards c ON c.id = s.card_id
                WHERE s.student_id = ? AND s.due IS NOT NULL AND s.suspended = 0 AND c.retired = 0
                  AND (s.buried_until IS NULL OR s.buried_until <= ?) AND {clause}
                ORDER BY s.shown, c.position, c.deck_id""",
            (student_id, today.isoformat(), *params),
        ).fetchall()
        return [to_card(row) for row in rows]

    def cram_cards(self, student_id: int, where: CardFilter) -> list[Card]:
        """Every matching card that is not suspended, due or not: the soonest shown first, new last."""
        clause, params = filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 AND coalesce(s.suspended, 0) = 0 AND {clause}
                ORDER BY s.shown IS NULL, s.shown, c.position, c.deck_id""",
            (student_id, *params),
        ).fetchall()
        return [to_card(row) for row in rows]

    def count_due(self, student_id: int, day: date) -> int:
        # The covering index counts what is shown by `day`; the few buried cards are taken off after.
        row = self.conn.execute(
            f"""SELECT (SELECT count(*) FROM card_state s
                  WHERE s.student_id = ? AND s.shown <= ? AND s.suspended = 0 AND {NOT_RETIRED})
                - (SELECT count(*) FROM card_state s INDEXED BY card_state_buried
                  WHERE s.student_id = ? AND s.buried_until > ? AND s.shown <= ? AND s.suspended = 0
                    AND {NOT_RETIRED})""",
            (student_id, day.isoformat(), student_id, day.isoformat(), day.isoformat()),
        ).fetchone()
        return int(row[0])

    def count_overdue(self, student_id: int, today: date) -> int:
        """Cards that were due before today and are still waiting (not suspended, not buried)."""
        # As count_due: the covering index counts, and the few buried cards are taken off after.
        row = self.conn.execute(
            f"""SELECT (SELECT count(*) FROM card_state s
                  WHERE s.student_id = ? AND s.shown < ? AND s.suspended = 0 AND {NOT_RETIRED})
                - (SELECT count(*) FROM card_state s INDEXED BY card_state_buried
                  WHERE s.student_id = ? AND s.buried_until > ? AND s.shown < ? AND s.suspended = 0
                    AND {NOT_RETIRED})""",
            (student_id, today.isoformat(), student_id, today.isoformat(), today.isoformat()),
        ).fetchone()
        return int(row[0])

    def forecast(self, student_id: int, first: date, last: date) -> dict[date, int]:
        """How many cards are shown on each day from `first` to `last` (overdue ones count on `first`)."""
        rows = self.conn.execute(
            f"""SELECT max(s.shown, ?), count(*) FROM card_state s
                WHERE s.student_id = ? AND s.shown <= ? AND s.suspended = 0 AND {NOT_RETIRED}
                GROUP BY 1""",
            (first.isoformat(), student_id, last.isoformat()),
        ).fetchall()
        return {date.fromisoformat(day): count for day, count in rows}

    def count_new(self, student_id: int, at_most: int | None = None, today: date | None = None) -> int:
        """How many new cards there are (not buried on `today`, when given), counting no further than `at_most`."""
        row = self.conn.execute(
            """SELECT count(*) FROM (SELECT 1 FROM cards c
                 LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                 WHERE c.retired = 0 AND s.due IS NULL AND coalesce(s.suspended, 0) = 0
                   AND (? IS NULL OR s.buried_until IS NULL OR s.buried_until <= ?)
                 LIMIT ?)""",
            (student_id, iso(today), iso(today), -1 if at_most is None else at_most),
        ).fetchone()
        return int(row[0])

    def next_due(self, student_id: int, after: date) -> date | None:
        row = self.conn.execute(
            f"""SELECT min(s.shown) FROM card_state s
                WHERE s.student_id = ? AND s.shown > ? AND s.suspended = 0 AND {NOT_RETIRED}""",
            (student_id, after.isoformat()),
        ).fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

    def introduced_since(self, student_id: int, start: datetime) -> int:
        """How many new cards had their first grade at or after `start` (cram aside)."""
        row = self.conn.execute(
            """SELECT count(*) FROM reviews
               WHERE student_id = ? AND reviewed_at >= ? AND due_before IS NULL
                 AND same_day_repeat = 0 AND cram = 0""",
            (student_id, start.isoformat()),
        ).fetchone()
        return int(row[0])

    def reviewed_since(self, student_id: int, start: datetime) -> int:
        """How many scheduled reviews of cards already seen were graded at or after `start`."""
        row = self.conn.execute(
            """SELECT count(*) FROM reviews
               WHERE student_id = ? AND reviewed_at >= ? AND due_before IS NOT NULL
                 AND same_day_repeat = 0 AND cram = 0""",
            (student_id, start.isoformat()),
        ).fetchone()
        return int(row[0])

    def cards_reviewed_since(self, student_id: int, start: datetime) -> set[str]:
        rows = self.conn.execute(
            # By time: today's reviews are few, and the log is long.
            "SELECT DISTINCT card_id FROM reviews INDEXED BY reviews_by_time WHERE student_id = ? AND reviewed_at >= ?",
            (student_id, start.isoformat()),
        ).fetchall()
        return {row[0] for row in rows}

    def review_count(self, student_id: int) -> int:
        """The student's scheduled reviews, cram aside."""
        row = self.conn.execute(
            "SELECT count(*) FROM reviews WHERE student_id = ? AND cram = 0", (student_id,)
        ).fetchone()
        return int(row[0])

    def card_log(self, student_id: int, card_id: str) -> list[tuple[datetime, int]]:
        """One card's scheduled reviews (cram aside), oldest first: (when, grade)."""
        rows = self.conn.execute(
            """SELECT reviewed_at, grade FROM reviews INDEXED BY reviews_by_card
               WHERE student_id = ? AND card_id = ? AND cram = 0 ORDER BY reviewed_at, id""",
            (student_id, card_id),
        ).fetchall()
        return [(datetime.fromisoformat(when), int(grade)) for when, grade in rows]

    def progress(self, student_id: int, card_id: str) -> Progress | None:
        row = self.conn.execute(
            f"SELECT {STATE_COLUMNS} FROM card_state s WHERE s.student_id = ? AND s.card_id = ?",
            (student_id, card_id),
        ).fetchone()
        return to_progress(row) if row else None

    def scheduled_states(self, student_id: int) -> list[tuple[str, State]]:
        """Every card the student has seen, with its SM-2 state (for re-planning)."""
        rows = self.conn.execute(
            """SELECT card_id, repetitions, interval, easiness, due, lapses FROM card_state
               WHERE student_id = ? AND due IS NOT NULL""",
            (student_id,),
        ).fetchall()
        return [(row[0], to_state(row[1:])) for row in rows]

    def shown_days(self, student_id: int) -> dict[str, date | None]:
        """The day each scheduled card is shown now."""
        rows = self.conn.execute(
            "SELECT card_id, shown FROM card_state WHERE student_id = ? AND due IS NOT NULL", (student_id,)
        )
        return {card_id: to_date(shown) for card_id, shown in rows}

    def set_shown(self, student_id: int, shown: Iterable[tuple[str, date | None]]) -> None:
        self.conn.executemany(
            "UPDATE card_state SET shown = ? WHERE student_id = ? AND card_id = ?",
            ((iso(day), student_id, card_id) for card_id, day in shown),
        )

    def save_progress(self, student_id: int, card_id: str, progress: Progress | None) -> None:
        if progress is None:
            self.conn.execute("DELETE FROM card_state WHERE student_id = ? AND card_id = ?", (student_id, card_id))
            return
        self.conn.execute(
            """INSERT INTO card_state (student_id, card_id, repetitions, interval, easiness, due,
                                       lapses, reviews, suspended, shown, tags,
                                       learned_reviews, kept_reviews, misses, seconds, buried_until)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (student_id, card_id) DO UPDATE SET repetitions = excluded.repetitions,
                 interval = excluded.interval, easiness = excluded.easiness, due = excluded.due,
                 lapses = excluded.lapses, reviews = excluded.reviews, suspended = excluded.suspended,
                 shown = excluded.shown, tags = excluded.tags, learned_reviews = excluded.learned_reviews,
                 kept_reviews = excluded.kept_reviews, misses = excluded.misses, seconds = excluded.seconds,
                 buried_until = excluded.buried_until""",
            (
                student_id,
                card_id,
                *state_values(progress.state),
                progress.reviews,
                int(progress.suspended),
                iso(progress.shown),
                json.dumps(list(progress.tags)),
                progress.learned_reviews,
                progress.kept_reviews,
                progress.misses,
                progress.seconds,
                iso(progress.buried_until),
            ),
        )

    def add_review(self, row: ReviewRow) -> int:
        cursor = self.conn.execute(
            """INSERT INTO reviews (student_id, card_id, reviewed_at, grade, same_day_repeat, seconds,
                 repetitions_before, interval_before, easiness_before, due_before, lapses_before,
                 repetitions_after, interval_after, easiness_after, due_after, lapses_after, cram, imported)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                row.student_id,
                row.card_id,
                row.reviewed_at.isoformat(),
                row.grade,
                int(row.same_day_repeat),
                row.seconds,
                *state_values(row.before),
                *state_values(row.after),
                int(row.cram),
                int(row.imported),
            ),
        )
        return int(cursor.lastrowid or 0)

    def delete_review(self, review_id: int) -> None:
        self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
