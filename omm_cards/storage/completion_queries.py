"""Names for shell completion, read from the database file alone: read-only, no migration, no sync.

Tab must answer at once and must never change anything: the file is opened read-only (a missing or
foreign file completes nothing) and each query is bounded.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from omm_cards.storage.migrations import APPLICATION_ID

LIMIT = 200  # more than a shell shows on one Tab

QUERIES = {
    "deck": "SELECT id FROM decks WHERE origin != 'withdrawn' AND id >= ? AND id < ? ORDER BY id LIMIT ?",
    "card": "SELECT id FROM cards WHERE retired = 0 AND id >= ? AND id < ? ORDER BY id LIMIT ?",
    "tag": """SELECT DISTINCT tag FROM card_tags INDEXED BY card_tags_by_tag WHERE tag >= ? AND tag < ?
              ORDER BY tag LIMIT ?""",
    "student": "SELECT name FROM students WHERE name >= ? AND name < ? ORDER BY name LIMIT ?",
}


def complete(path: Path, kind: str, prefix: str) -> list[str]:
    """The names of one kind (deck, card, tag, student) that start with `prefix`; [] on any trouble."""
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return []
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return []
        # A range, not LIKE: the index answers it, and _ or % in a prefix mean themselves.
        upper = prefix + "\U0010ffff"
        return [str(row[0]) for row in conn.execute(QUERIES[kind], (prefix, upper, LIMIT))]
    except sqlite3.Error:
        return []
    finally:
        conn.close()
