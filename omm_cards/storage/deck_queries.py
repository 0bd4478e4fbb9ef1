"""Queries about decks and cards."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

from omm_cards.model import Card, CardFilter, CardType, Category, ClozeBody, Deck
from omm_cards.storage.codec import (
    CARD_COLUMNS,
    CARD_WIDTH,
    STATE_COLUMNS,
    ListedCard,
    StoredCard,
    StoredDeck,
    card_content,
    filter_sql,
    note_id,
    to_card,
    to_progress,
)


class DeckQueries:
    conn: sqlite3.Connection

    def decks(self, student_id: int, today: date) -> list[StoredDeck]:
        # Each deck's live cards from their index (ids included), then the student's state by key:
        # linear in the cards, where the (retired, category) index made it decks x cards.
        rows = self.conn.execute(
            """SELECT d.id, d.title, d.version, d.description, d.origin, d.digest,
                      count(c.id),
                      count(c.id) FILTER (WHERE s.due IS NULL AND coalesce(s.suspended, 0) = 0),
                      count(c.id) FILTER (WHERE s.shown <= ? AND s.suspended = 0)
               FROM decks d
               LEFT JOIN cards c INDEXED BY cards_live ON c.deck_id = d.id AND c.retired = 0
               LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
               GROUP BY d.id ORDER BY d.id""",
            (today.isoformat(), student_id),
        ).fetchall()
        return [StoredDeck(*row) for row in rows]

    def known_names(self, student_id: int) -> tuple[set[str], set[str]]:
        """The live deck ids and Anki subdeck paths, and every tag a card has or the student gave one: what a
        filter may name."""
        decks = {row[0] for row in self.conn.execute("SELECT id FROM decks WHERE origin != 'withdrawn'")}
        for (path,) in self.conn.execute(
            """SELECT DISTINCT json_extract(content, '$.subdeck') FROM cards
               WHERE retired = 0 AND json_extract(content, '$.subdeck') IS NOT NULL"""
        ):
            parts = str(path).split("::")
            decks |= {"::".join(parts[:n]) for n in range(2, len(parts) + 1)}  # and its parents
        # Tag by tag along the index (a skip scan): as many steps as distinct tags, not as tagged cards.
        tags = {
            row[0]
            for row in self.conn.execute(
                """WITH RECURSIVE t (tag) AS (
                     SELECT min(tag) FROM card_tags
                     UNION ALL SELECT (SELECT min(tag) FROM card_tags WHERE tag > t.tag) FROM t WHERE t.tag IS NOT NULL)
                   SELECT tag FROM t WHERE tag IS NOT NULL"""
            )
        }
        tags |= {
            row[0]
            for row in self.conn.execute(
                """SELECT DISTINCT t.value FROM card_state s, json_each(s.tags) t
                   WHERE s.student_id = ? AND s.tags != '[]'""",
                (student_id,),
            )
        }
        return decks, tags

    def decks_by_id(self) -> list[Deck]:
        """Every deck's id and title, without its cards (cheap: for titles on screen)."""
        rows = self.conn.execute("SELECT id, title, version, description FROM decks").fetchall()
        return [Deck(*row) for row in rows]

    def deck_digests(self) -> dict[str, tuple[str, str]]:
        rows = self.conn.execute("SELECT id, origin, digest FROM decks").fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def deck_cards(self, deck_id: str) -> dict[str, StoredCard]:
        rows = self.conn.execute(
            f"SELECT {CARD_COLUMNS}, c.retired FROM cards c WHERE c.deck_id = ?", (deck_id,)
        ).fetchall()
        return {row[1]: StoredCard(to_card(row), None, bool(row[CARD_WIDTH])) for row in rows}

    def live_cards(self, deck_id: str) -> list[Card]:
        """The deck's cards that are not retired, in file order."""
        rows = self.conn.execute(
            f"SELECT {CARD_COLUMNS} FROM cards c WHERE c.deck_id = ? AND c.retired = 0 ORDER BY c.position",
            (deck_id,),
        ).fetchall()
        return [to_card(row) for row in rows]

    def save_deck(self, deck: Deck, origin: str, digest: str, now: datetime) -> None:
        self.conn.execute(
            """INSERT INTO decks (id, title, version, description, origin, digest, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET title = excluded.title, version = excluded.version,
                 description = excluded.description, origin = excluded.origin,
                 digest = excluded.digest, updated_at = excluded.updated_at""",
            (deck.id, deck.title, deck.version, deck.description, origin, digest, now.isoformat()),
        )

    def save_cards(self, numbered: Iterable[tuple[int, Card]]) -> None:
        """Insert or update cards (with their positions in their decks), keeping `card_tags` in step."""
        cards = list(numbered)
        notes = {note_id(card): card.body.text for _, card in cards if isinstance(card.body, ClozeBody)}
        self.conn.executemany(
            "INSERT INTO card_notes (id, text) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET text = excluded.text",
            notes.items(),
        )
        self.conn.executemany(
            """INSERT INTO cards (id, deck_id, position, type, category, tags, source, content, note_id, retired)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
               ON CONFLICT (id) DO UPDATE SET position = excluded.position, type = excluded.type,
                 category = excluded.category, tags = excluded.tags, source = excluded.source,
                 content = excluded.content, note_id = excluded.note_id, retired = 0""",
            (
                (
                    card.id,
                    card.deck,
                    position,
                    card.type.value,
                    card.category.value,
                    json.dumps(list(card.tags)),
                    card.source,
                    json.dumps(card_content(card), sort_keys=True, ensure_ascii=False),
                    note_id(card),
                )
                for position, card in cards
            ),
        )
        self.conn.executemany(
            "DELETE FROM card_tags WHERE card_id IN (SELECT id FROM cards WHERE deck_id = ?)",
            ((deck_id,) for deck_id in {card.deck for _, card in cards}),
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO card_tags (card_id, tag) VALUES (?, ?)",
            ((card.id, tag) for _, card in cards for tag in card.tags),
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
        return StoredCard(to_card(row), to_progress(row[CARD_WIDTH + 1 :]), bool(row[CARD_WIDTH]))

    def cards(self, student_id: int, where: CardFilter) -> list[StoredCard]:
        clause, params = filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS}, c.retired, {STATE_COLUMNS} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 AND {clause}
                ORDER BY c.deck_id, c.position""",
            (student_id, *params),
        ).fetchall()
        return [StoredCard(to_card(row), to_progress(row[CARD_WIDTH + 1 :])) for row in rows]

    def listed_cards(self, student_id: int, where: CardFilter) -> list[ListedCard]:
        """The live cards a filter matches, deck by deck in file order, with the student's progress."""
        clause, params = filter_sql(where)
        rows = self.conn.execute(
            f"""SELECT c.id, c.deck_id, c.category, c.type, c.tags, c.source, {STATE_COLUMNS} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE c.retired = 0 AND {clause}
                ORDER BY c.deck_id, c.position""",
            (student_id, *params),
        ).fetchall()
        categories, types = {c.value: c for c in Category}, {t.value: t for t in CardType}
        return [
            ListedCard(
                row[0],
                row[1],
                categories[row[2]],
                types[row[3]],
                tuple(json.loads(row[4])),
                row[5],
                to_progress(row[6:]),
            )
            for row in rows
        ]
