"""Typed queries: the only SQL in omm-cards, apart from the schema."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from omm_cards.model import Card, CardFilter, CardType, Category, Deck
from omm_cards.scheduler import State

CARD_COLUMNS = "c.deck_id, c.id, c.type, c.category, c.tags, c.source, c.content"
STATE_COLUMNS = "s.repetitions, s.interval, s.easiness, s.due, s.lapses, s.reviews, s.suspended"


@dataclass(frozen=True)
class Progress:
    """A student's schedule for one card, with the counters kept beside it."""

    state: State = field(default_factory=State)
    reviews: int = 0
    suspended: bool = False


@dataclass(frozen=True)
class StoredCard:
    card: Card
    progress: Progress | None
    retired: bool = False


@dataclass(frozen=True)
class StoredDeck:
    id: str
    title: str
    version: str
    origin: str
    digest: str
    cards: int
    new: int
    due: int


@dataclass(frozen=True)
class ReviewRow:
    student_id: int
    card_id: str
    reviewed_at: datetime
    grade: int
    same_day_repeat: bool
    seconds: float | None
    before: State
    after: State


class Repo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # students
    def find_student(self, name: str) -> int | None:
        row = self.conn.execute("SELECT id FROM students WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else None

    def student_id(self, name: str, now: datetime) -> int:
        found = self.find_student(name)
        if found is not None:
            return found
        cursor = self.conn.execute(
            "INSERT INTO students (name, created_at) VALUES (?, ?)", (name, now.isoformat())
        )
        return int(cursor.lastrowid or 0)

    # decks and cards
    def decks(self, student_id: int, today: date) -> list[StoredDeck]:
        rows = self.conn.execute(
            """SELECT d.id, d.title, d.version, d.origin, d.digest,
                      count(c.id),
                      count(c.id) FILTER (WHERE s.due IS NULL AND coalesce(s.suspended, 0) = 0),
                      count(c.id) FILTER (WHERE s.due <= ? AND s.suspended = 0)
               FROM decks d
               LEFT JOIN cards c ON c.deck_id = d.id AND c.retired = 0
               LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
               GROUP BY d.id ORDER BY d.id""",
            (today.isoformat(), student_id),
        ).fetchall()
        return [StoredDeck(*row) for row in rows]

    def deck_digests(self) -> dict[str, tuple[str, str]]:
        rows = self.conn.execute("SELECT id, origin, digest FROM decks").fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def deck_cards(self, deck_id: str) -> dict[str, StoredCard]:
        rows = self.conn.execute(
            f"SELECT {CARD_COLUMNS}, c.retired FROM cards c WHERE c.deck_id = ?", (deck_id,)
        ).fetchall()
        return {row[1]: StoredCard(_card(row), None, bool(row[7])) for row in rows}

    def save_deck(self, deck: Deck, origin: str, digest: str, now: datetime) -> None:
        self.conn.execute(
            """INSERT INTO decks (id, title, version, description, origin, digest, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET title = excluded.title, version = excluded.version,
                 description = excluded.description, origin = excluded.origin,
                 digest = excluded.digest, updated_at = excluded.updated_at""",
            (deck.id, deck.title, deck.version, deck.description, origin, digest, now.isoformat()),
        )

    def save_cards(self, cards: Iterable[tuple[int, Card]]) -> None:
        self.conn.executemany(
            """INSERT INTO cards (id, deck_id, position, type, category, tags, source, content, retired)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
               ON CONFLICT (id) DO UPDATE SET position = excluded.position, type = excluded.type,
                 category = excluded.category, tags = excluded.tags, source = excluded.source,
                 content = excluded.content, retired = 0""",
            (
                (
                    card.id,
                    card.deck,
                    position,
                    card.type.value,
                    card.category.value,
                    json.dumps(list(card.tags)),
                    card.source,
                    json.dumps(card.content, sort_keys=True, ensure_ascii=False),
                )
                for position, card in cards
            ),
        )

    def retire_cards(self, card_ids: Iterable[str]) -> None:
        self.conn.executemany("UPDATE cards SET retired = 1 WHERE id = ?", ((i,) for i in card_ids))

    def withdraw_deck(self, deck_id: str) -> None:
        """A deck no longer shipped: its cards are retired, their history kept."""
        self.conn.execute("UPDATE decks SET origin = 'withdrawn', digest = '' WHERE id = ?", (deck_id,))
        self.conn.execute("UPDATE cards SET retired = 1 WHERE deck_id = ?", (deck_id,))

    def card(self, card_id: str, student_id: int) -> StoredCard | None:
        row = self.conn.execute(
            f"""SELECT {CARD_COLUMNS}, c.retired, {STATE_COLUMNS} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.id = ?""",
            (student_id, card_id),
        ).fetchone()
        if row is None:
            return None
        return StoredCard(_card(row), _progress(row[8:]), bool(row[7]))

    def cards(self, student_id: int, where: CardFilter) -> list[StoredCard]:
        clause, params = _filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS}, c.retired, {STATE_COLUMNS} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 AND {clause}
                ORDER BY c.deck_id, c.position""",
            (student_id, *params),
        ).fetchall()
        return [StoredCard(_card(row), _progress(row[8:])) for row in rows]

    def due_cards(self, student_id: int, today: date, where: CardFilter) -> list[Card]:
        clause, params = _filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS} FROM card_state s JOIN cards c ON c.id = s.card_id
                WHERE s.student_id = ? AND s.due <= ? AND s.suspended = 0 AND c.retired = 0
                  AND {clause}
                ORDER BY s.due, c.position, c.deck_id""",
            (student_id, today.isoformat(), *params),
        ).fetchall()
        return [_card(row) for row in rows]

    def new_cards(self, student_id: int, where: CardFilter, limit: int) -> list[Card]:
        clause, params = _filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 AND s.due IS NULL AND coalesce(s.suspended, 0) = 0
                  AND {clause}
                ORDER BY c.position, c.deck_id LIMIT ?""",
            (student_id, *params, limit),
        ).fetchall()
        return [_card(row) for row in rows]

    def count_due(self, student_id: int, day: date) -> int:
        # Retired cards are few: excluding them beats joining every due row to its card.
        row = self.conn.execute(
            """SELECT count(*) FROM card_state s
               WHERE s.student_id = ? AND s.due <= ? AND s.suspended = 0
                 AND s.card_id NOT IN (SELECT id FROM cards WHERE retired = 1)""",
            (student_id, day.isoformat()),
        ).fetchone()
        return int(row[0])

    def count_new(self, student_id: int, at_most: int) -> int:
        """How many new cards there are, counting no further than `at_most`."""
        row = self.conn.execute(
            """SELECT count(*) FROM (SELECT 1 FROM cards c
                 LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                 WHERE c.retired = 0 AND s.due IS NULL AND coalesce(s.suspended, 0) = 0
                 LIMIT ?)""",
            (student_id, at_most),
        ).fetchone()
        return int(row[0])

    def next_due(self, student_id: int, after: date) -> date | None:
        row = self.conn.execute(
            """SELECT min(s.due) FROM card_state s
               WHERE s.student_id = ? AND s.due > ? AND s.suspended = 0
                 AND s.card_id NOT IN (SELECT id FROM cards WHERE retired = 1)""",
            (student_id, after.isoformat()),
        ).fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

    def introduced_since(self, student_id: int, start: datetime) -> int:
        """How many new cards had their first grade at or after `start`."""
        row = self.conn.execute(
            """SELECT count(*) FROM reviews
               WHERE student_id = ? AND reviewed_at >= ? AND due_before IS NULL
                 AND same_day_repeat = 0""",
            (student_id, start.isoformat()),
        ).fetchone()
        return int(row[0])

    # schedule state and the review log
    def progress(self, student_id: int, card_id: str) -> Progress | None:
        row = self.conn.execute(
            f"SELECT {STATE_COLUMNS} FROM card_state s WHERE s.student_id = ? AND s.card_id = ?",
            (student_id, card_id),
        ).fetchone()
        return _progress(row) if row else None

    def save_progress(self, student_id: int, card_id: str, progress: Progress | None) -> None:
        if progress is None:
            self.conn.execute(
                "DELETE FROM card_state WHERE student_id = ? AND card_id = ?", (student_id, card_id)
            )
            return
        s = progress.state
        self.conn.execute(
            """INSERT INTO card_state (student_id, card_id, repetitions, interval, easiness, due,
                                       lapses, reviews, suspended)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (student_id, card_id) DO UPDATE SET repetitions = excluded.repetitions,
                 interval = excluded.interval, easiness = excluded.easiness, due = excluded.due,
                 lapses = excluded.lapses, reviews = excluded.reviews, suspended = excluded.suspended""",
            (
                student_id,
                card_id,
                s.repetitions,
                s.interval,
                s.easiness,
                s.due.isoformat() if s.due else None,
                s.lapses,
                progress.reviews,
                int(progress.suspended),
            ),
        )

    def add_review(self, row: ReviewRow) -> int:
        b, a = row.before, row.after
        cursor = self.conn.execute(
            """INSERT INTO reviews (student_id, card_id, reviewed_at, grade, same_day_repeat, seconds,
                 repetitions_before, interval_before, easiness_before, due_before, lapses_before,
                 repetitions_after, interval_after, easiness_after, due_after, lapses_after)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                row.student_id,
                row.card_id,
                row.reviewed_at.isoformat(),
                row.grade,
                int(row.same_day_repeat),
                row.seconds,
                *_state_values(b),
                *_state_values(a),
            ),
        )
        return int(cursor.lastrowid or 0)

    def delete_review(self, review_id: int) -> None:
        self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))

    def reviews(self, student_id: int) -> list[ReviewRow]:
        rows = self.conn.execute(
            """SELECT student_id, card_id, reviewed_at, grade, same_day_repeat, seconds,
                 repetitions_before, interval_before, easiness_before, due_before, lapses_before,
                 repetitions_after, interval_after, easiness_after, due_after, lapses_after
               FROM reviews WHERE student_id = ? ORDER BY id""",
            (student_id,),
        ).fetchall()
        return [
            ReviewRow(
                r[0],
                r[1],
                datetime.fromisoformat(r[2]),
                r[3],
                bool(r[4]),
                r[5],
                _state(r[6:11]),
                _state(r[11:16]),
            )
            for r in rows
        ]


def _state_values(state: State) -> tuple[Any, ...]:
    due = state.due.isoformat() if state.due else None
    return (state.repetitions, state.interval, state.easiness, due, state.lapses)


def _state(values: Any) -> State:
    reps, interval, easiness, due, lapses = values
    return State(reps, interval, easiness, date.fromisoformat(due) if due else None, lapses)


def _progress(values: Any) -> Progress | None:
    if values[0] is None:
        return None
    return Progress(_state(values[:5]), values[5], bool(values[6]))


def _card(row: Any) -> Card:
    deck_id, card_id, card_type, category, tags, source, content = row[:7]
    return Card(
        deck_id,
        card_id.split("/", 1)[1],
        CardType(card_type),
        Category(category),
        tuple(json.loads(tags)),
        source,
        json.loads(content),
    )


def _filter_sql(where: CardFilter) -> tuple[str, list[Any]]:
    clauses = ["1"]
    params: list[Any] = []
    if where.decks:
        clauses.append(f"c.deck_id IN ({', '.join('?' * len(where.decks))})")
        params.extend(where.decks)
    if where.categories:
        clauses.append(f"c.category IN ({', '.join('?' * len(where.categories))})")
        params.extend(c.value for c in where.categories)
    if where.tags:
        tests = " OR ".join("t.value = ? OR substr(t.value, 1, ?) = ?" for _ in where.tags)
        clauses.append(f"EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE {tests})")
        for tag in where.tags:
            params.extend((tag, len(tag) + 2, f"{tag}::"))
    return " AND ".join(clauses), params
