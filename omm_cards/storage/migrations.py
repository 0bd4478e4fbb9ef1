"""The schema as an ordered list of migrations, tracked by PRAGMA user_version.

Each migration is a tuple of single statements run inside one transaction together with the new
user_version. Never executescript(): it commits implicitly and would break that atomicity.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

from omm_cards.storage import student_totals

# "OMMC": marks a file as an omm-cards database.
APPLICATION_ID = 0x4F4D4D43

Migration = tuple[str, ...]

SCHEMA_1: Migration = (
    """CREATE TABLE decks (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        version TEXT NOT NULL,
        description TEXT NOT NULL,
        origin TEXT NOT NULL,
        digest TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE cards (
        id TEXT PRIMARY KEY,
        deck_id TEXT NOT NULL REFERENCES decks(id),
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        category TEXT NOT NULL,
        tags TEXT NOT NULL,
        source TEXT NOT NULL,
        content TEXT NOT NULL,
        retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
    ) STRICT""",
    "CREATE INDEX cards_by_deck ON cards (deck_id, position)",
    "CREATE INDEX cards_retired ON cards (id) WHERE retired = 1",
    """CREATE TABLE students (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE card_state (
        student_id INTEGER NOT NULL REFERENCES students(id),
        card_id TEXT NOT NULL REFERENCES cards(id),
        repetitions INTEGER NOT NULL CHECK (repetitions >= 0),
        interval INTEGER NOT NULL CHECK (interval >= 0),
        easiness INTEGER NOT NULL CHECK (easiness >= 130),
        due TEXT,
        lapses INTEGER NOT NULL CHECK (lapses >= 0),
        reviews INTEGER NOT NULL CHECK (reviews >= 0),
        suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        PRIMARY KEY (student_id, card_id)
    ) STRICT, WITHOUT ROWID""",
    "CREATE INDEX card_state_by_due ON card_state (student_id, due)",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        student_id INTEGER NOT NULL REFERENCES students(id),
        card_id TEXT NOT NULL REFERENCES cards(id),
        reviewed_at TEXT NOT NULL,
        grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
        same_day_repeat INTEGER NOT NULL CHECK (same_day_repeat IN (0, 1)),
        seconds REAL,
        repetitions_before INTEGER NOT NULL,
        interval_before INTEGER NOT NULL,
        easiness_before INTEGER NOT NULL,
        due_before TEXT,
        lapses_before INTEGER NOT NULL,
        repetitions_after INTEGER NOT NULL,
        interval_after INTEGER NOT NULL,
        easiness_after INTEGER NOT NULL,
        due_after TEXT,
        lapses_after INTEGER NOT NULL
    ) STRICT""",
    "CREATE INDEX reviews_by_time ON reviews (student_id, reviewed_at)",
    "CREATE INDEX reviews_by_card ON reviews (student_id, card_id)",
)

# Exam planning, daily limits, cram reviews and a student's own tags on a card (e.g. `leech`).
SCHEMA_2: Migration = (
    "ALTER TABLE students ADD COLUMN exam_date TEXT",
    "ALTER TABLE students ADD COLUMN new_per_day INTEGER NOT NULL DEFAULT 20 CHECK (new_per_day >= 0)",
    "ALTER TABLE students ADD COLUMN reviews_per_day INTEGER NOT NULL DEFAULT 200 CHECK (reviews_per_day >= 0)",
    # `shown`: the day the card is shown; SM-2's own `due` unless an exam plan moves it earlier.
    "ALTER TABLE card_state ADD COLUMN shown TEXT",
    "UPDATE card_state SET shown = due",
    "ALTER TABLE card_state ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'",
    "DROP INDEX card_state_by_due",
    "CREATE INDEX card_state_by_shown ON card_state (student_id, shown)",
    "ALTER TABLE reviews ADD COLUMN cram INTEGER NOT NULL DEFAULT 0 CHECK (cram IN (0, 1))",
)

# Recomputes every card's counters from the review log (the bench's generated data uses it too).
BACKFILL_COUNTERS = """UPDATE card_state AS s SET learned_reviews = r.learned, kept_reviews = r.kept,
         misses = r.misses, seconds = r.seconds
       FROM (SELECT student_id, card_id,
               sum(same_day_repeat = 0 AND repetitions_before >= 1) AS learned,
               sum(same_day_repeat = 0 AND repetitions_before >= 1 AND grade >= 3) AS kept,
               sum(same_day_repeat = 0 AND grade < 3) AS misses, total(seconds) AS seconds
             FROM reviews WHERE cram = 0 GROUP BY student_id, card_id) AS r
       WHERE s.student_id = r.student_id AND s.card_id = r.card_id"""

# Fast progress figures: tags in their own table (regions are counted by index, not by parsing JSON), a
# covering index that hands the stats a student's reviews already grouped by card, and categories by index.
SCHEMA_3: Migration = (
    """CREATE TABLE card_tags (
        card_id TEXT NOT NULL REFERENCES cards(id),
        tag TEXT NOT NULL,
        PRIMARY KEY (card_id, tag)
    ) STRICT, WITHOUT ROWID""",
    "CREATE INDEX card_tags_by_tag ON card_tags (tag, card_id)",
    "INSERT OR IGNORE INTO card_tags SELECT c.id, t.value FROM cards c, json_each(c.tags) t",
    "DROP INDEX reviews_by_card",
    """CREATE INDEX reviews_by_card ON reviews (student_id, card_id, cram, reviewed_at, same_day_repeat, grade,
        repetitions_before, seconds)""",
    "CREATE INDEX cards_by_category ON cards (retired, category)",
    # Due counts read the index alone: suspension rides along with the day a card is shown.
    "DROP INDEX card_state_by_shown",
    "CREATE INDEX card_state_by_shown ON card_state (student_id, shown, suspended)",
    # Lets figures join a card to its category without reading the card's (wide) row.
    "CREATE INDEX cards_category_by_id ON cards (id, category, retired)",
    # Counters that sum each card's review log, so all-time figures need not read the log (see Progress).
    "ALTER TABLE card_state ADD COLUMN learned_reviews INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE card_state ADD COLUMN kept_reviews INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE card_state ADD COLUMN misses INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE card_state ADD COLUMN seconds REAL NOT NULL DEFAULT 0",
    BACKFILL_COUNTERS,
)

# The note id of a cloze card: its own id for the first deletion, less its `-cN` suffix for the others.
_CLOZE_NOTE = """CASE json_extract(content, '$.ordinal') WHEN 1 THEN id
    ELSE substr(id, 1, length(id) - length('-c' || json_extract(content, '$.ordinal'))) END"""

# A cloze note's text stored once, not once per deletion: storage stays linear in the deck's text.
SCHEMA_4: Migration = (
    "CREATE TABLE card_notes (id TEXT PRIMARY KEY, text TEXT NOT NULL) STRICT",
    "ALTER TABLE cards ADD COLUMN note_id TEXT REFERENCES card_notes(id)",
    f"""INSERT OR IGNORE INTO card_notes (id, text)
        SELECT {_CLOZE_NOTE}, json_extract(content, '$.text') FROM cards WHERE type = 'cloze'""",
    f"UPDATE cards SET note_id = {_CLOZE_NOTE}, content = json_remove(content, '$.text') WHERE type = 'cloze'",
)

# Review-screen settings per student, and burying a card until tomorrow.
SCHEMA_5: Migration = (
    # The hour a study day starts (a review at 1 AM counts for the day before), as in Anki.
    "ALTER TABLE students ADD COLUMN day_starts_at INTEGER NOT NULL DEFAULT 4 CHECK (day_starts_at BETWEEN 0 AND 23)",
    # 6: SM-2's grades 0-5; 4: Anki's Again, Hard, Good, Easy (1, 3, 4, 5 on SM-2's scale).
    "ALTER TABLE students ADD COLUMN buttons INTEGER NOT NULL DEFAULT 6 CHECK (buttons IN (4, 6))",
    "ALTER TABLE card_state ADD COLUMN buried_until TEXT",
    "CREATE INDEX card_state_buried ON card_state (student_id, buried_until) WHERE buried_until IS NOT NULL",
)

# FSRS beside SM-2, per student: which scheduler, the retention FSRS aims at, and the parameters fitted
# to the student's log (JSON: version, parameters, when, on how many reviews, and the fit's log loss).
SCHEMA_FSRS: Migration = (
    "ALTER TABLE students ADD COLUMN scheduler TEXT NOT NULL DEFAULT 'sm2' CHECK (scheduler IN ('sm2', 'fsrs'))",
    "ALTER TABLE students ADD COLUMN retention REAL NOT NULL DEFAULT 0.9 CHECK (retention BETWEEN 0.7 AND 0.97)",
    "ALTER TABLE students ADD COLUMN fsrs_fit TEXT",
)

# The live cards of each deck by type in file order, with their ids: the new-card order reads a few
# entries per (deck, type) instead of sorting every card, and a deck's counts need not read its rows.
SCHEMA_LIVE_CARDS: Migration = ("CREATE INDEX cards_live ON cards (deck_id, type, position, id) WHERE retired = 0",)

# A card's searchable text (question, answer, extra) over `cards c LEFT JOIN card_notes n`: the migrations
# fill the index with it and DeckQueries.save_cards keeps it in step, so both agree.
CARD_TEXT = """
    coalesce(json_extract(c.content, '$.front'), json_extract(c.content, '$.stem'), n.text, '')
      || coalesce(' ' || (SELECT group_concat(json_extract(o.value, '$.text'), ' ')
                          FROM json_each(c.content, '$.options') o), ''),
    CASE c.type WHEN 'typed' THEN json_extract(c.content, '$.answer')
          || coalesce(' ' || (SELECT group_concat(a.value, ' ') FROM json_each(c.content, '$.accept') a), '')
        WHEN 'mcq' THEN (SELECT group_concat(json_extract(o.value, '$.why'), ' ')
                         FROM json_each(c.content, '$.options') o)
        ELSE coalesce(json_extract(c.content, '$.back'), '') END,
    coalesce(json_extract(c.content, '$.extra'), '')
  FROM cards c LEFT JOIN card_notes n ON n.id = c.note_id"""
CARD_TEXT_SELECT = f"SELECT c.search_key, {CARD_TEXT}"  # the rows of card_text since SCHEMA_SEARCH_KEYS

# Full-text search over cards (`cards list --search`): an FTS5 index kept in step by save_cards, not by
# triggers (the only triggers are the student totals' below). Retired cards stay indexed and are filtered out.
SCHEMA_CARD_SEARCH: Migration = (
    """CREATE VIRTUAL TABLE card_text USING fts5(
        card_id UNINDEXED, deck_id UNINDEXED, question, answer, extra, tokenize = 'unicode61 remove_diacritics 2')""",
    f"INSERT INTO card_text (card_id, deck_id, question, answer, extra) SELECT c.id, c.deck_id, {CARD_TEXT}",
)

# Reviews brought from another program (Anki's review log): history like any other, marked so that
# `doctor` takes them as the start of a card's log rather than replaying SM-2 through them.
SCHEMA_IMPORTED_REVIEWS: Migration = (
    "ALTER TABLE reviews ADD COLUMN imported INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1))",
)

# The search index keyed by an integer every card keeps (its rowid at the time, then the next free one), so a
# search that matches every card reads FTS5's rowids and joins on an index instead of fetching a stored
# card id per match (120 ms down to about 40 ms at 100k matches). An explicit column, not cards' own
# rowid: VACUUM may renumber an implicit rowid, which would point the index at the wrong cards.
SCHEMA_SEARCH_KEYS: Migration = (
    "ALTER TABLE cards ADD COLUMN search_key INTEGER NOT NULL DEFAULT 0",
    "UPDATE cards SET search_key = rowid",
    "CREATE UNIQUE INDEX cards_by_search_key ON cards (search_key)",
    "DROP TABLE card_text",
    "CREATE VIRTUAL TABLE card_text USING fts5(question, answer, extra, tokenize = 'unicode61 remove_diacritics 2')",
    f"INSERT INTO card_text (rowid, question, answer, extra) {CARD_TEXT_SELECT}",
)

# Facts about the database as a whole, by key: `bundled_files`, the signature (names, sizes, times) of the
# bundled deck files as last synced, so a command whose files are unchanged does not read and hash them.
SCHEMA_META: Migration = ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",)

# Each student's all-time figures by category and by region, kept up to date by triggers: see
# storage.student_totals. The migration fills them in from the card states.
SCHEMA_STUDENT_TOTALS: Migration = (*student_totals.SCHEMA, student_totals.FILL)

MIGRATIONS: tuple[Migration, ...] = (
    SCHEMA_1,
    SCHEMA_2,
    SCHEMA_3,
    SCHEMA_4,
    SCHEMA_5,
    SCHEMA_FSRS,
    SCHEMA_LIVE_CARDS,
    SCHEMA_CARD_SEARCH,
    SCHEMA_IMPORTED_REVIEWS,
    SCHEMA_SEARCH_KEYS,
    SCHEMA_META,
    SCHEMA_STUDENT_TOTALS,
)

Atomic = Callable[[sqlite3.Connection], AbstractContextManager[sqlite3.Connection]]


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...], atomic: Atomic) -> None:
    """Apply the migrations the database has not seen, each atomically with its version number."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations):
        return
    for number, statements in enumerate(migrations):
        with atomic(conn):
            # Read again under the write lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                continue
            if number == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
