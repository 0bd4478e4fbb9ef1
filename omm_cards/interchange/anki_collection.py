"""Reading a foreign Anki collection: the SQLite database inside an .apkg or .colpkg, never written.

Two layouts exist. Schemas 11 to 14 keep note types and decks as JSON in the `col` row; schemas 15 to
20 keep them in tables, with each note type's and template's settings as a protobuf blob and deck
names joined by \\x1f instead of `::`. Both are read into the same plain values.

The file is untrusted: it is deserialised into memory (nothing on disk is opened or written), with
query_only and trusted_schema off; a view or trigger on a table we read is refused (a recursive view
never ends); every query runs under an instruction budget and SQLite's heap under a cap; and every
value is type- and size-checked before it is parsed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from omm_cards.errors import DeckError
from omm_cards.reading import SQLITE_HEADER

READ_TABLES = ("col", "notes", "cards", "notetypes", "fields", "templates", "decks", "revlog")
QUERY_BUDGET = 200_000_000  # SQLite VM steps for the whole read: real collections need a few million
HEAP_LIMIT = 768 * 1024 * 1024  # all of SQLite's memory while a collection (at most 256 MB) is read
MAX_JSON = 32 * 1024 * 1024  # the `models` and `decks` JSON of schema 11
MAX_CONFIG = 1024 * 1024  # one protobuf settings blob
MAX_NOTES = 500_000
MAX_FIELDS_TEXT = 1024 * 1024  # one note's fields together
MAX_NAME = 1000  # a note type, field, template or deck name
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
    css: str = ""  # the note type's styling: kept so export gives the note type back as it was


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
    id: int = 0
    # Anki's scheduling: type 0 new, 1 learning, 2 review, 3 relearning; queue -1 suspended, -2/-3 buried;
    # due: days from the collection's creation for review cards; factor: ease in permille.
    type: int = 0
    queue: int = 0
    due: int = 0
    interval: int = 0
    factor: int = 0
    lapses: int = 0


@dataclass(frozen=True)
class AnkiReview:
    """One row of Anki's review log: `id` is when (ms since the epoch), `ease` the button (1-4)."""

    id: int
    card_id: int
    ease: int
    interval: int  # days, or negative seconds for a learning step
    factor: int
    ms: int  # time taken
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@dataclass
class AnkiCollection:
    schema: int
    notetypes: dict[int, AnkiNotetype] = field(default_factory=dict)
    decks: dict[int, str] = field(default_factory=dict)  # id -> `Parent::Child` name
    notes: list[AnkiNote] = field(default_factory=list)
    cards: list[AnkiCard] = field(default_factory=list)
    created: int = 0  # `col.crt`: the collection's first day, in seconds since the epoch
    reviews: list[AnkiReview] = field(default_factory=list)


def read_collection(data: bytes, name: str) -> AnkiCollection:
    """Read a collection from its bytes; `name` locates errors (e.g. `deck.apkg:collection.anki21`)."""
    if not data.startswith(SQLITE_HEADER):
        raise DeckError([f"{name}: -: file: not an SQLite database (truncated or damaged?)"])
    with _open(data, name) as conn:
        _refuse_code(conn, name)
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
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                raise DeckError(
                    [f"{name}: -: file: reading it took too long; is it really an Anki collection?"]
                ) from None
            raise DeckError([f"{name}: -: file: unreadable Anki collection (schema {schema}): {error}"]) from None
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
            why = "nested too deeply" if isinstance(error, RecursionError) else str(error) or type(error).__name__
            raise DeckError([f"{name}: -: file: unreadable Anki collection (schema {schema}): {why}"]) from None
    return collection


def _refuse_code(conn: sqlite3.Connection, name: str) -> None:
    """Anki's schema has no views or triggers on the tables we read: a file that has them is not Anki's."""
    tables = ", ".join("?" * len(READ_TABLES))
    rows = conn.execute(
        f"""SELECT type, name FROM sqlite_schema WHERE (type = 'view' AND name IN ({tables}))
              OR (type = 'trigger' AND tbl_name IN ({tables}))""",
        (*READ_TABLES, *READ_TABLES),
    ).fetchall()
    if rows:
        kind, what = rows[0]
        raise DeckError([f"{name}: -: file: not an Anki collection: {what} is a {kind}"])


@contextmanager
def _open(data: bytes, name: str) -> Iterator[sqlite3.Connection]:
    # The bytes go into an in-memory database: the package on disk is never opened by SQLite, and
    # nothing we run can write to it. A file saved in WAL mode (header bytes 18-19 = 2) cannot be
    # read from memory, so it is marked as a rollback-journal file first; the pages are the same.
    image = bytearray(data)
    if image[18:20] == b"\x02\x02":
        image[18:20] = b"\x01\x01"
    del data
    conn = sqlite3.connect(":memory:")
    # SQLite's heap limit is process-wide and can only be lowered: one constant fits every image
    # (they are at most MAX_COLLECTION) and leaves far more than our own database ever needs.
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")
    try:
        # Anki declares its name columns `COLLATE unicase`; without it SQLite refuses any query plan
        # that would compare them.
        conn.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
        try:
            conn.deserialize(image)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA temp_store = MEMORY")
        except sqlite3.DatabaseError as error:
            raise DeckError([f"{name}: -: file: not a readable SQLite database ({error})"]) from None
        steps = [0]

        def budget() -> int:
            steps[0] += 1000
            return 1 if steps[0] > QUERY_BUDGET else 0  # non-zero interrupts the running query

        conn.set_progress_handler(budget, 1000)
        yield conn
    finally:
        conn.close()


def _json(text: object, what: str) -> dict[str, Any]:
    """A JSON object from the `col` row, size-checked before it is parsed."""
    if text is None or text == "":
        return {}
    if not isinstance(text, str):
        raise ValueError(f"{what}: expected JSON text")
    if len(text) > MAX_JSON:
        raise ValueError(f"{what}: larger than {MAX_JSON // 1024**2} MB")
    value = json.loads(text)
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValueError(f"{what}: expected a JSON object of objects")
    return value


def _name(value: object, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_NAME:
        raise ValueError(f"{what}: expected a name of at most {MAX_NAME} characters, not {type(value).__name__}")
    return value


def _list(value: object, what: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{what}: expected a list of objects")
    return value


def _json_layout(conn: sqlite3.Connection, collection: AnkiCollection) -> None:
    models_text, decks_text = conn.execute("SELECT models, decks FROM col").fetchone()
    models = _json(models_text, "models")
    for model in models.values():
        label = f"note type {model.get('id')}"
        fields = tuple(
            _name(f.get("name"), f"{label}: field")
            for f in sorted(_list(model.get("flds"), f"{label}: flds"), key=lambda f: int(f["ord"]))
        )
        templates = tuple(
            AnkiTemplate(
                int(t["ord"]),
                _name(t.get("name"), f"{label}: template"),
                str(t.get("qfmt", "")),
                str(t.get("afmt", "")),
            )
            for t in sorted(_list(model.get("tmpls"), f"{label}: tmpls"), key=lambda t: int(t["ord"]))
        )
        stock = int(model.get("originalStockKind", 0) or 0)
        collection.notetypes[int(model["id"])] = AnkiNotetype(
            int(model["id"]),
            str(model["name"]),
            int(model.get("type", 0)) == KIND_CLOZE,
            stock == STOCK_IMAGE_OCCLUSION,
            fields,
            templates,
            str(model.get("css", "")),
        )
    decks = _json(decks_text, "decks")
    collection.decks = {int(d["id"]): _name(d.get("name"), "deck") for d in decks.values()}


def _table_layout(conn: sqlite3.Connection, collection: AnkiCollection) -> None:
    fields: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(_name(name, f"note type {ntid}: field"))
    templates: dict[int, list[AnkiTemplate]] = {}
    for ntid, ord_, name, config in conn.execute("SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"):
        parsed = proto_fields(_blob(config, f"note type {ntid}: template {ord_}"))
        template = AnkiTemplate(int(ord_), _name(name, "template"), proto_text(parsed, 1), proto_text(parsed, 2))
        templates.setdefault(ntid, []).append(template)
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        parsed = proto_fields(_blob(config, f"note type {ntid}"))
        collection.notetypes[ntid] = AnkiNotetype(
            ntid,
            _name(name, f"note type {ntid}: name"),
            proto_int(parsed, 1) == KIND_CLOZE,
            proto_int(parsed, 9) == STOCK_IMAGE_OCCLUSION,
            tuple(fields.get(ntid, ())),
            tuple(templates.get(ntid, ())),
            proto_text(parsed, 3),
        )
    collection.decks = {
        deck_id: _name(name, "deck").replace("\x1f", "::")
        for deck_id, name in conn.execute("SELECT id, name FROM decks")
    }


def _blob(value: object, what: str) -> bytes:
    """A protobuf settings blob: bytes, and small (an integer here once made a 400 MB buffer)."""
    if not isinstance(value, bytes):
        raise ValueError(f"{what}: config: expected a blob, not {type(value).__name__}")
    if len(value) > MAX_CONFIG:
        raise ValueError(f"{what}: config: larger than {MAX_CONFIG // 1024} KB")
    return value


def _notes_and_cards(conn: sqlite3.Connection, collection: AnkiCollection) -> None:
    count = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    if count > MAX_NOTES:
        raise ValueError(f"{count} notes; omm-cards imports at most {MAX_NOTES:,} from one file")
    for note_id, guid, mid, tags, flds in conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"):
        where = f"note {note_id}"
        if not isinstance(flds, str) or not isinstance(tags, str) or not isinstance(guid, str | int):
            raise ValueError(f"{where}: its fields, tags or GUID are not text")
        if len(flds) > MAX_FIELDS_TEXT:
            raise ValueError(f"{where}: its fields hold more than {MAX_FIELDS_TEXT // 1024} KB of text")
        collection.notes.append(
            AnkiNote(int(note_id), str(guid), int(mid), tuple(tags.split()), tuple(flds.split("\x1f")))
        )
    # A card in a filtered deck remembers its home deck in `odid` and its own due in `odue`.
    rows = conn.execute(
        """SELECT nid, ord, CASE WHEN odid != 0 THEN odid ELSE did END, id, type, queue,
                  CASE WHEN odid != 0 AND odue != 0 THEN odue ELSE due END, ivl, factor, lapses
           FROM cards ORDER BY nid, ord"""
    )
    collection.cards = [AnkiCard(*(int(v) for v in row)) for row in rows]
    collection.created = int(conn.execute("SELECT crt FROM col").fetchone()[0] or 0)
    has_log = conn.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'revlog'").fetchone()
    if has_log:
        log = conn.execute("SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY cid, id")
        collection.reviews = [AnkiReview(*(int(v) for v in row)) for row in log]


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
