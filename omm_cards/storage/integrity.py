"""Is this file exactly an omm-cards database? Its schema against our migrations, and every row decoded.

A database we did not write can carry code: a trigger runs on our next write (renaming a student,
deleting reviews), a view can recurse forever. A restored file must hold exactly the tables and
indexes our own migrations build, and rows our code can read; anything else is refused, located.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache

from omm_cards.model import CardType, Category
from omm_cards.storage.codec import to_card
from omm_cards.storage.migrations import MIGRATIONS, Migration, migrate
from omm_cards.storage.transaction import atomic

MAX_PROBLEMS = 20


def code_objects(conn: sqlite3.Connection) -> list[str]:
    """Triggers and views that are not ours: our schema has no views, and only the triggers that keep the
    student totals, each exactly as our migrations write it. Any other is planted."""
    rows = conn.execute(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE type IN ('trigger', 'view') ORDER BY name"
    )
    ours = _our_triggers()
    return [
        f"{kind} {name}" for kind, name, sql in rows if kind != "trigger" or ours.get(name) != " ".join(sql.split())
    ]


@lru_cache(maxsize=1)
def _our_triggers() -> dict[str, str]:
    """Each trigger our migrations create, by name, as its whitespace-normalised SQL."""
    found = {}
    for migration in MIGRATIONS:
        for statement in migration:
            if statement.startswith("CREATE TRIGGER "):
                found[statement.split()[2]] = " ".join(statement.split())
    return found


def expected_schema(version: int, migrations: tuple[Migration, ...] = MIGRATIONS) -> set[tuple[str, str, str]]:
    """(type, name, sql) of every schema object our first `version` migrations create."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, migrations[:version], atomic)
        return _schema(conn)
    finally:
        conn.close()


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    rows = conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
    return {(kind, name, " ".join(sql.split())) for kind, name, sql in rows}


def schema_problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """What differs from the schema our migrations build for `version`: extra objects, missing ones, edits."""
    have, want = _schema(conn), expected_schema(version)
    problems = []
    names_wanted = {(kind, name) for kind, name, _ in want}
    names_had = {(kind, name) for kind, name, _ in have}
    for kind, name, _sql in sorted(have - want):
        what = "changed" if (kind, name) in names_wanted else "not ours"
        problems.append(f"schema: {kind} {name}: {what}")
    for kind, name in sorted(names_wanted - names_had):
        problems.append(f"schema: {kind} {name}: missing")
    return problems


def _date(text: object, optional: bool = True) -> None:
    if text is None and optional:
        return
    if not isinstance(text, str):
        raise ValueError("expected a date")
    date.fromisoformat(text)


def _moment(text: object) -> None:
    if not isinstance(text, str):
        raise ValueError("expected a date-time")
    datetime.fromisoformat(text)


_VALUES = {CardType: frozenset(m.value for m in CardType), Category: frozenset(m.value for m in Category)}


def _member(enum: type[CardType] | type[Category], value: object) -> None:
    if value not in _VALUES[enum]:
        raise ValueError(f"unknown value {value!r}")


@lru_cache(maxsize=4096)  # cards share their tags: each list is checked once (a bad one every time)
def _tags(text: object) -> None:
    value = json.loads(str(text))
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError("expected a JSON list of text")


def _content(row: tuple[object, ...]) -> None:
    if row[9]:  # SQLite found it plainly readable (PLAIN_CARD)
        return
    card = to_card(row[1:])
    card.front(), card.back(), card.extra()


# A basic or typed card whose content SQLite finds to be a JSON object holding the fields the codec reads
# (it reads any JSON value as text, and `accept` as a list) decodes: only the other cards (and a card
# too long to be sure Python's parser nests it) are decoded one by one. 100,000 cards: 1.0 s -> 0.45.
# (SQLite stops at a NUL that Python refuses; a document nested deeper than Python's recursion limit
# needs twice as many characters as this length allows; CASE, because SQLite may evaluate json_type on
# text json_valid refused, which is an error, not false.)
PLAIN_CARD = """(CASE WHEN instr(id, '/') > 0 AND length(content) <= 1800 AND instr(content, char(0)) = 0
      AND json_valid(content)
    THEN json_type(content) = 'object' AND (
      type = 'basic' AND json_type(content, '$.front') IS NOT NULL AND json_type(content, '$.back') IS NOT NULL
      OR type = 'typed' AND json_type(content, '$.front') IS NOT NULL AND json_type(content, '$.answer') IS NOT NULL
        AND coalesce(json_type(content, '$.accept'), 'array') = 'array')
    ELSE 0 END)"""


Row = tuple[object, ...]
# table -> (the columns to read, the first naming the row; each field's check of the row)
TABLES: dict[str, tuple[str, tuple[tuple[str, Callable[[Row], None]], ...]]] = {
    "cards": (
        "id, deck_id, id, type, category, tags, source, content, note_text, plain_card",
        (
            ("type", lambda r: _member(CardType, r[3])),
            ("category", lambda r: _member(Category, r[4])),
            ("tags", lambda r: _tags(r[5])),
            ("content", _content),
        ),
    ),
    "decks": ("id, updated_at", (("updated_at", lambda r: _moment(r[1])),)),
    "students": (
        "name, created_at, exam_date",
        (("created_at", lambda r: _moment(r[1])), ("exam_date", lambda r: _date(r[2]))),
    ),
    "card_state": (
        "card_id, due, shown, tags",
        (("due", lambda r: _date(r[1])), ("shown", lambda r: _date(r[2])), ("tags", lambda r: _tags(r[3]))),
    ),
    "reviews": (
        "id, reviewed_at, due_before, due_after",
        (
            ("reviewed_at", lambda r: _moment(r[1])),
            ("due_before", lambda r: _date(r[2])),
            ("due_after", lambda r: _date(r[3])),
        ),
    ),
}
NOTE_TEXT = "(SELECT n.text FROM card_notes n WHERE n.id = note_id)"


def _plain_date(column: str) -> str:
    """SQL: the column is empty, or a date exactly in its own normalised form, year 1 or later (by way of
    its day number: date() alone passes February 30 through, julianday() makes it March 2)."""
    return f"({column} IS NULL OR ({column} >= '0001' AND date(julianday({column})) IS {column}))"


# The cards, the log and the card states are long: SQLite passes the rows whose values are plainly well
# formed, and only the others are checked one by one as above. (datetime() costs less than strftime(); it writes a
# space where our times have a T.)
# A JSON list of text (CASE: json_type and json_each raise on text json_valid refused; SQLite stops at a NUL).
_PLAIN_TAGS = """(CASE WHEN instr(tags, char(0)) = 0 AND json_valid(tags)
    THEN json_type(tags) = 'array' AND NOT EXISTS (SELECT 1 FROM json_each(tags) j WHERE j.type != 'text')
    ELSE 0 END)"""
_NAMES = {enum: ", ".join(f"'{m.value}'" for m in enum) for enum in (CardType, Category)}
SUSPECT = {
    # Fetching every card's wide row into Python cost more than all the checks SQLite makes of it (0.35 s of
    # 0.4 at 100,000 cards): SQLite passes the plain ones, as for the log below.
    "cards": f"""NOT ({PLAIN_CARD} AND type IN ({_NAMES[CardType]}) AND category IN ({_NAMES[Category]})
        AND {_PLAIN_TAGS})""",
    "card_state": f"NOT ({_plain_date('due')} AND {_plain_date('shown')} AND tags = '[]')",
    "reviews": f"""NOT (reviewed_at >= '0001' AND substr(reviewed_at, 11, 1) = 'T'
        AND datetime(julianday(reviewed_at)) IS replace(reviewed_at, 'T', ' ')
        AND {_plain_date("due_before")} AND {_plain_date("due_after")})""",
}


def row_problems(conn: sqlite3.Connection, tables: Iterable[str] = TABLES) -> list[str]:
    """Every row our code could not read, as `table row LABEL: field: why` (the first MAX_PROBLEMS), in
    `tables` (names in TABLES, which are checked in its order)."""
    problems: list[str] = []
    has_notes = bool(conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'card_notes'").fetchone())
    for table in tables:
        columns, checks = TABLES[table]
        columns = columns.replace("note_text", NOTE_TEXT if has_notes else "NULL").replace("plain_card", PLAIN_CARD)
        suspect = SUSPECT.get(table, "1")
        for row in conn.execute(f"SELECT {columns} FROM {table} WHERE {suspect}"):
            for field, check in checks:
                try:
                    check(row)
                except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as error:
                    problems.append(f"{table} row {row[0]!r}: {field}: {_why(error)}")
                    if len(problems) >= MAX_PROBLEMS:
                        return problems
    return problems


def _why(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return "not valid JSON"
    if isinstance(error, KeyError):
        return f"missing {error}"
    if isinstance(error, RecursionError):
        return "nested too deeply to read"
    return str(error) or type(error).__name__
