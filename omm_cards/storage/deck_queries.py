"""Queries about decks and cards."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from omm_cards.model import Card, CardFilter, CardSearch, ClozeBody, Deck
from omm_cards.scheduler import START_EASINESS
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
from omm_cards.storage.migrations import CARD_TEXT_SELECT

TAG_BATCH = 1000  # cards whose tags one statement writes

_content_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode  # made once, not once a card


def fts_query(text: str) -> str:
    """Words as FTS5 prefix terms, all required: `fryette typ` finds "Fryette type II". Quoting each word
    keeps FTS5's own syntax (AND, NEAR, column filters, stray quotes) from turning a typo into an error."""
    words = [w for w in text.split() if w.strip('"')]
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words) or '""'


class DeckQueries:
    conn: sqlite3.Connection

    def decks(self, student_id: int, today: date) -> list[StoredDeck]:
        # Each deck's live cards counted off their index, and the student's states counted by the deck id that
        # starts each card id (`deck/key`): no lookup per card, where joining every card to its state took
        # 52 ms at 100k cards (20 now). A card never studied, or reset, is new: its deck's cards less those
        # with a schedule or a suspension.
        rows = self.conn.execute(
            """WITH live (deck_id, cards) AS (
                 SELECT deck_id, count(*) FROM cards INDEXED BY cards_live WHERE retired = 0 GROUP BY deck_id),
               studied (deck_id, started, due) AS (
                 SELECT substr(card_id, 1, instr(card_id, '/') - 1),
                        count(*) FILTER (WHERE due IS NOT NULL OR suspended != 0),
                        count(*) FILTER (WHERE shown <= ? AND suspended = 0)
                 FROM card_state WHERE student_id = ? AND card_id NOT IN (SELECT id FROM cards WHERE retired = 1)
                 GROUP BY 1)
               SELECT d.id, d.title, d.version, d.description, d.origin, d.digest, coalesce(l.cards, 0),
                      coalesce(l.cards, 0) - coalesce(s.started, 0), coalesce(s.due, 0)
               FROM decks d LEFT JOIN live l ON l.deck_id = d.id LEFT JOIN studied s ON s.deck_id = d.id
               ORDER BY d.id""",
            (today.isoformat(), student_id),
        ).fetchall()
        return [StoredDeck(*row) for row in rows]

    def live_deck_ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT id FROM decks WHERE origin != 'withdrawn'")}

    def subdeck_paths(self) -> set[str]:
        """Every Anki subdeck path a live card keeps, and the paths above it (`OMM::Ribs` for
        `OMM::Ribs::Exhaled`). Reads every card's content: only for a name that can be a path."""
        paths: set[str] = set()
        for (path,) in self.conn.execute(
            """SELECT DISTINCT json_extract(content, '$.subdeck') FROM cards
               WHERE retired = 0 AND json_extract(content, '$.subdeck') IS NOT NULL"""
        ):
            parts = str(path).split("::")
            paths |= {"::".join(parts[:n]) for n in range(2, len(parts) + 1)}  # and its parents
        return paths

    def known_tags(self, student_id: int) -> set[str]:
        """Every tag a card has or the student gave one: what a filter may name."""
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
        return tags

    def bundled_signature(self) -> str | None:
        """The bundled deck files' signature as last synced (deckfile.bundled.signature), if any."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'bundled_files'").fetchone()
        return str(row[0]) if row else None

    def save_bundled_signature(self, signature: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('bundled_files', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (signature,),
        )

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

    def save_cards(self, cards: Sequence[Card]) -> None:
        """Insert or update cards, each at its index as its position in its deck, keeping `card_tags` in step."""
        notes = {note_id(card): card.body.text for card in cards if isinstance(card.body, ClozeBody)}
        self.conn.executemany(
            "INSERT INTO card_notes (id, text) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET text = excluded.text",
            notes.items(),
        )
        # The stored cards' tags go before the cards are written: a new deck's cards are not read back for them.
        self.conn.executemany(
            "DELETE FROM card_tags WHERE card_id IN (SELECT id FROM cards WHERE deck_id = ?)",
            ((deck_id,) for deck_id in {card.deck for card in cards}),
        )
        tags: dict[tuple[str, ...], str] = {}  # a deck's cards share their tag lists (deckfile keeps one of each)

        def row(position: int, card: Card) -> tuple[object, ...]:
            return (
                card.id,
                card.deck,
                position,
                card.type.value,
                card.category.value,
                tags.get(card.tags) or tags.setdefault(card.tags, json.dumps(list(card.tags))),
                card.source,
                _content_json(card_content(card)),
                note_id(card),
            )

        stored = {
            card_id
            for deck_id in {card.deck for card in cards}
            for (card_id,) in self.conn.execute("SELECT id FROM cards WHERE deck_id = ?", (deck_id,))
        }
        # New cards are inserted and stored ones updated, not upserted: an upsert that may update a card's
        # category fires the student totals' trigger, so SQLite keeps a statement journal for each row (10,000
        # new cards: 55 ms -> 185). The updates go in one statement, so with one journal.
        self.conn.executemany(
            """INSERT INTO cards (id, deck_id, position, type, category, tags, source, content, note_id, retired,
                                  search_key)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, (SELECT coalesce(max(search_key), 0) + 1 FROM cards))""",
            (row(position, card) for position, card in enumerate(cards) if card.id not in stored),
        )
        if stored:
            updated = [row(position, card) for position, card in enumerate(cards) if card.id in stored]
            self.conn.execute(
                """UPDATE cards SET position = json_extract(j.value, '$[2]'), type = json_extract(j.value, '$[3]'),
                     category = json_extract(j.value, '$[4]'), tags = json_extract(j.value, '$[5]'),
                     source = json_extract(j.value, '$[6]'), content = json_extract(j.value, '$[7]'), retired = 0
                   FROM json_each(?) j WHERE cards.id = json_extract(j.value, '$[0]')""",
                (json.dumps(updated, ensure_ascii=False),),
            )
        # A stored card's note is set apart, where it changed: an upsert that may change a foreign key keeps a
        # statement journal for each row, in a temporary file, which made the insert three times slower.
        self.conn.executemany(
            "UPDATE cards SET note_id = NULL WHERE deck_id = ? AND type != 'cloze' AND note_id IS NOT NULL",
            ((deck_id,) for deck_id in {card.deck for card in cards}),
        )
        self.conn.executemany(
            "UPDATE cards SET note_id = ?1 WHERE id = ?2 AND note_id IS NOT ?1",
            ((note_id(card), card.id) for card in cards if isinstance(card.body, ClozeBody)),
        )
        # One statement for a thousand cards' tags, not one a tag: a statement that fires a trigger (the student
        # totals') keeps a journal of its own, and 20,000 of them cost a 10,000-card import 0.15 s. Not one for
        # all: SQLite's parse of 100,000 cards' tags at once took 45 MiB.
        self.conn.executemany(
            """INSERT OR IGNORE INTO card_tags (card_id, tag)
               SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)""",
            (
                (json.dumps([(card.id, tag) for card in cards[n : n + TAG_BATCH] for tag in card.tags]),)
                for n in range(0, len(cards), TAG_BATCH)
            ),
        )
        for deck_id in {card.deck for card in cards}:
            self.conn.execute(
                "DELETE FROM card_text WHERE rowid IN (SELECT search_key FROM cards WHERE deck_id = ?)", (deck_id,)
            )
            self.conn.execute(
                f"INSERT INTO card_text (rowid, question, answer, extra) {CARD_TEXT_SELECT} WHERE c.deck_id = ?",
                (deck_id,),
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

    def search_cards(self, student_id: int, search: CardSearch) -> list[StoredCard]:
        """The live cards matching every part of `search`, in deck order, read whole."""
        clause, params = _search_sql(search)
        rows = self.conn.execute(
            f"""SELECT {CARD_COLUMNS}, c.retired, {STATE_COLUMNS} FROM cards c
                LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE {clause}
                ORDER BY c.deck_id, c.position""",
            (student_id, *params),
        ).fetchall()
        return [StoredCard(to_card(row), to_progress(row[CARD_WIDTH + 1 :])) for row in rows]

    def listed_cards(self, student_id: int, search: CardSearch) -> list[ListedCard]:
        """The live cards matching every part of `search`, in deck order, as a listing shows them (a table of
        10,000 cards need not decode their bodies or whole progress)."""
        clause, params = _search_sql(search)
        rows = self.conn.execute(
            f"""SELECT c.id, c.category, c.type, s.shown, coalesce(s.suspended, 0), coalesce(s.interval, 0),
                  coalesce(s.easiness, {START_EASINESS}), coalesce(s.lapses, 0)
                FROM cards c LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
                WHERE {clause}
                ORDER BY c.deck_id, c.position""",
            (student_id, *params),
        ).fetchall()
        return list(map(ListedCard._make, rows))

    def tag_counts(self, student_id: int) -> dict[str, int]:
        """Live cards per tag: the decks' tags and the student's own (leech, marked)."""
        rows = self.conn.execute(
            """SELECT tag, count(*) FROM (
                 SELECT t.tag AS tag, t.card_id FROM card_tags t JOIN cards c ON c.id = t.card_id WHERE c.retired = 0
                 UNION
                 SELECT j.value, s.card_id FROM card_state s, json_each(s.tags) j
                   JOIN cards c ON c.id = s.card_id WHERE s.student_id = ? AND c.retired = 0)
               GROUP BY tag ORDER BY tag""",
            (student_id,),
        ).fetchall()
        return {str(tag): int(n) for tag, n in rows}

    def cards(self, student_id: int, where: CardFilter) -> list[StoredCard]:
        """The live cards a filter matches, in deck order, read whole."""
        return self.search_cards(student_id, CardSearch(where))


def _search_sql(search: CardSearch) -> tuple[str, list[object]]:
    """The WHERE clause (over cards c LEFT JOIN card_state s) for every part of a search, live cards only, with
    its parameters."""
    clause, params = filter_sql(search.where)
    # With a text search, `+` keeps the planner off the (retired, category) index, which would read every
    # live card to test each against the matches: the matches' keys lead instead (0.4 ms, not 34, for none).
    clauses, more = ["+c.retired = 0" if search.text else "c.retired = 0", clause], list(params)
    if search.types:
        clauses.append(f"c.type IN ({', '.join('?' * len(search.types))})")
        more.extend(t.value for t in search.types)
    if search.due_by is not None:
        clauses.append("s.shown <= ? AND s.suspended = 0")
        more.append(search.due_by.isoformat())
    if search.new:
        clauses.append("s.due IS NULL")  # no schedule row, or one that only holds a suspension or tags
    if search.suspended:
        clauses.append("s.suspended = 1")
    for tag in search.own_tags:
        clauses.append("EXISTS (SELECT 1 FROM json_each(s.tags) t WHERE t.value = ?)")
        more.append(tag)
    if search.text:
        clauses.append("c.search_key IN (SELECT rowid FROM card_text WHERE card_text MATCH ?)")
        more.append(fts_query(search.text))
    return " AND ".join(clauses), more
