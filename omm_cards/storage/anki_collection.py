"""Reading a foreign Anki collection: the SQLite database inside an .apkg or .colpkg, never written.

Two layouts exist. Schemas 11 to 14 keep note types and decks as JSON in the `col` row; schemas 15 to
20 keep them in tables, with each note type's and template's settings as a protobuf blob and deck
names joined by \\x1f instead of `::`. Both are read into the same plain values.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from omm_cards.errors import DeckError

SQLITE_HEADER = b"SQLite format 3\x00"
OLDEST, NEWEST = 11, 20  # the collection schemas this reader knows
FIRST_TABLE_SCHEMA = 15  # note types and decks moved out of `col` into their own tables
KIND_CLOZE = 1  # Notetype.Config.kind
STOCK_IMAGE_OCCLUSION = 6  # Notetype.Config.original_stock_kind


@dataclass(frozen=True)
class AnkiTemplate:
    ord: int
    name: str
    question: str
    answer: str


@dataclass(frozen=True)
class AnkiNotetype:
    id: int
    name: str
    cloze: bool
    image_occlusion: bool
    fields: tuple[str, ...]
    templates: tuple[AnkiTemplate, ...]


@dataclass(frozen=True)
class AnkiNote:
    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnkiCard:
    note_id: int
    ord: int
    deck_id: int


@dataclass
class AnkiCollection:
    schema: int
    notetypes: dict[int, AnkiNotetype] = field(default_factory=dict)
    decks: dict[int, str] = field(default_factory=dict)  # id -> `Parent::Child` name
    notes: list[AnkiNote] = field(default_factory=list)
    cards: list[AnkiCard] = field(default_factory=list)


def read_collection(data: bytes, name: str) -> AnkiCollection:
    """Read a collection from its bytes; `name` locates errors (e.g. `deck.apkg:collection.anki21`)."""
    if not data.startswith(SQLITE_HEADER):
        raise DeckError([f"{name}: -: file: not an SQLite database (truncated or damaged?)"])
    with _open(data, name) as conn:
        try:
            schema = int(conn.execute("SELECT ver FROM col").fetchone()[0])
        except (sqlite3.DatabaseError, TypeError, ValueError):
            raise DeckError([f"{name}: -: file: not an Anki collection (no col table)"]) from None
        if not OLDEST <= schema <= NEWEST:
            raise DeckError([f"{name}: -: schema: unknown Anki schema {schema}; omm-cards reads {OLDEST} to {NEWEST}"])
        try:
            collection = AnkiCollection(schema)
            if schema < FIRST_TABLE_SCHEMA:
                _json_layout(conn, collection)
            else:
                _table_layout(conn, collection)
            _notes_and_cards(conn, collection)
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as error:
            raise DeckError([f"{name}: -: file: unreadable Anki collection (schema {schema}): {error}"]) from None
    return collection


@contextmanager
def _open(data: bytes, name: str) -> Iterator[sqlite3.Connection]:
    # The bytes go into an in-memory database: the package on disk is never opened by SQLite, and
    # nothing we run can write to it. A file saved in WAL mode (header bytes 18-19 = 2) cannot be
    # read from memory, so it is marked as a rollback-journal file first; the pages are the same.
    image = bytearray(data)
    if image[18:20] == b"\x02\x02":
        image[18:20] = b"\x01\x01"
    conn = sqlite3.connect(":memory:")
    try:
        # Anki declares its name columns `COLLATE unicase`; without it SQLite refuses any query plan
        # that would compare them.
        conn.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
        try:
            conn.deserialize(bytes(image))
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as error:
            raise DeckError([f"{name}: -: file: not a readable SQLite database ({error})"]) from None
        yield conn
    finally:
        conn.close()


def _json_layout(conn: sqlite3.Connection, collection: AnkiCollection) -> None:
    models_text, decks_text = conn.execute("SELECT models, decks FROM col").fetchone()
    models: dict[str, Any] = json.loads(models_text or "{}")
    for model in models.values():
        fields = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: int(f["ord"])))
        templates = tuple(
            AnkiTemplate(int(t["ord"]), str(t["name"]), str(t.get("qfmt", "")), str(t.get("afmt", "")))
            for t in sorted(model["tmpls"], key=lambda t: int(t["ord"]))
        )
        stock = int(model.get("originalStockKind", 0) or 0)
        collection.notetypes[int(model["id"])] = AnkiNotetype(
            int(model["id"]),
            str(model["name"]),
            int(model.get("type", 0)) == KIND_CLOZE,
            stock == STOCK_IMAGE_OCCLUSION,
            fields,
            templates,
        )
    decks: dict[str, Any] = json.loads(decks_text or "{}")
    collection.decks = {int(d["id"]): str(d["name"]) for d in decks.values()}


def _table_layout(conn: sqlite3.Connection, collection: AnkiCollection) -> None:
    fields: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(name)
    templates: dict[int, list[AnkiTemplate]] = {}
    for ntid, ord_, name, config in conn.execute("SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"):
        parsed = proto_fields(config)
        templates.setdefault(ntid, []).append(AnkiTemplate(ord_, name, proto_text(parsed, 1), proto_text(parsed, 2)))
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        parsed = proto_fields(config)
        collection.notetypes[ntid] = AnkiNotetype(
            ntid,
            name,
            proto_int(parsed, 1) == KIND_CLOZE,
            proto_int(parsed, 9) == STOCK_IMAGE_OCCLUSION,
            tuple(fields.get(ntid, ())),
            tuple(templates.get(ntid, ())),
        )
    collection.decks = {
        deck_id: name.replace("\x1f", "::") for deck_id, name in conn.execute("SELECT id, name FROM decks")
    }


def _notes_and_cards(conn: sqlite3.Connection, collection: AnkiCollection) -> None:
    for note_id, guid, mid, tags, flds in conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"):
        collection.notes.append(AnkiNote(note_id, str(guid), mid, tuple(str(tags).split()), tuple(flds.split("\x1f"))))
    # A card in a filtered deck remembers its home deck in `odid`.
    rows = conn.execute("SELECT nid, ord, CASE WHEN odid != 0 THEN odid ELSE did END FROM cards ORDER BY nid, ord")
    collection.cards = [AnkiCard(nid, ord_, did) for nid, ord_, did in rows]


def proto_fields(blob: bytes) -> dict[int, list[int | bytes]]:
    """The top-level fields of a protobuf message: enough to read a few known settings without a schema."""
    found: dict[int, list[int | bytes]] = {}
    data, pos = bytes(blob), 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            size, pos = _varint(data, pos)
            value, pos = data[pos : pos + size], pos + size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            value, pos = int.from_bytes(data[pos : pos + width], "little"), pos + width
        else:
            raise ValueError(f"bad protobuf wire type {wire}")
        if pos > len(data):
            raise ValueError("truncated protobuf")
        found.setdefault(number, []).append(value)
    return found


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated protobuf")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def proto_int(fields: dict[int, list[int | bytes]], number: int) -> int:
    values = fields.get(number, [0])
    return values[-1] if isinstance(values[-1], int) else 0


def proto_text(fields: dict[int, list[int | bytes]], number: int) -> str:
    values = fields.get(number, [b""])
    return values[-1].decode("utf-8", "replace") if isinstance(values[-1], bytes) else ""
