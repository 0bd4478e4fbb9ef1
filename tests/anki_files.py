"""Anki collections and packages built from Anki's own documented layouts, never by our exporter.

The collection schema is rslib/src/storage/schema11.sql and the upgrades to 14, 15, 17 and 18; note
types are JSON (schema 11) or protobuf blobs (schema 18); packages are zipped as Anki zips them.
Shared by the interchange tests and the hostile-input corpus.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import zstandard

# --- Anki's collection schema, as rslib/src/storage/schema11.sql creates it -------------------------
SCHEMA_11 = """
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null,
  left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
insert into col values (1,0,0,0,0,0,0,0,'{}','{}','{}','{}','{}');
"""
# schema14_upgrade.sql, schema15_upgrade.sql, schema17_upgrade.sql and schema18_upgrade.sql
UPGRADE_TO_18 = """
create table deck_config (id integer primary key not null, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null);
create table config (key text not null primary key, usn integer not null, mtime_secs integer not null,
  val blob not null) without rowid;
create table fields (ntid integer not null, ord integer not null, name text not null collate unicase,
  config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_fields_name_ntid on fields (name, ntid);
create table templates (ntid integer not null, ord integer not null, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_templates_name_ntid on templates (name, ntid);
create table notetypes (id integer not null primary key, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null);
create unique index idx_notetypes_name on notetypes (name);
create table decks (name text not null primary key collate unicase, id integer not null,
  mtime_secs integer not null, usn integer not null, common bytes not null, kind bytes not null);
create unique index idx_decks_id on decks (id);
create table tags (id integer primary key not null, name text not null collate unicase, usn integer not null,
  config blob not null);
alter table graves rename to graves_old;
create table graves (oid integer not null, type integer not null, usn integer not null,
  primary key (oid, type)) without rowid;
drop table graves_old;
create index idx_graves_pending on graves (usn);
"""

# Anki's stock note types: (name, kind, fields, [(template name, question, answer)]).
BASIC = ("Basic", 0, ["Front", "Back"], [("Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}")])
REVERSED = (
    "Basic (and reversed card)",
    0,
    ["Front", "Back"],
    [
        ("Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"),
        ("Card 2", "{{Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"),
    ],
)
TYPING = (
    "Basic (type in the answer)",
    0,
    ["Front", "Back"],
    [("Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}")],
)
CLOZE = ("Cloze", 1, ["Text", "Back Extra"], [("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")])
ANKING = (
    "AnKingOverhaul",
    1,
    ["Text", "Extra", "Lecture Notes", "Sources", "Personal Notes"],
    [
        (
            "Cloze",
            "{{cloze:Text}}",
            "{{cloze:Text}}<br>{{Extra}}{{#Lecture Notes}}<br>{{Lecture Notes}}{{/Lecture Notes}}",
        )
    ],
)
NOTETYPES = {1001: BASIC, 1002: REVERSED, 1003: TYPING, 1004: CLOZE, 1005: ANKING}
DECKS = {1: "Default", 2001: "AnKing::OMM::Counterstrain", 2002: "AnKing::OMM::Ribs"}
Note = tuple[int, str, int, str, list[str], list[tuple[int, int]]]  # id, guid, notetype, tags, fields, cards

NOTES: list[Note] = [
    (
        11,
        "Ab3$x:Qz9{",
        1001,
        " #AK_Step1_v12::#OMM::Counterstrain leech ",
        ["Hold time?", "<b>90</b>&nbsp;s"],
        [(0, 2001)],
    ),
    (
        12,
        "kq3XZ/9+ab",
        1004,
        " #AK_Step1_v12::#OMM::Ribs ",
        ["Key rib: {{c1::top}}<br>{{c2::bottom}}", "BITE"],
        [(0, 2002), (1, 2002)],
    ),
    (13, "r3v%2x", 1002, " ribs ", ["Pump-handle ribs", "Ribs 1-5"], [(0, 2002), (1, 2002)]),
    (14, "typ3d", 1003, "", ["T4 ERS left?", "T4 FRS R"], [(0, 2002)]),
    (
        15,
        "w1th5rc",
        1005,
        " category::technique ",
        ["{{c1::Jones}} counterstrain", "Tender points", "Week 3", "StatPearls", "mine"],
        [(0, 2001)],
    ),
    (16, "im4ge", 1001, "", ['<img src="a.png">', "An image"], [(0, 2001)]),
]


def _legacy_collection(notes: list[Note], *, version: int = 11) -> bytes:
    """A schema-11 collection: note types and decks as JSON in the `col` row."""
    models = {
        str(mid): {
            "id": mid,
            "name": name,
            "type": kind,
            "flds": [{"name": f, "ord": i} for i, f in enumerate(fields)],
            "tmpls": [{"name": t, "ord": i, "qfmt": q, "afmt": a} for i, (t, q, a) in enumerate(templates)],
        }
        for mid, (name, kind, fields, templates) in NOTETYPES.items()
    }
    decks = {str(did): {"id": did, "name": name} for did, name in DECKS.items()}

    def setup(conn: sqlite3.Connection) -> None:
        conn.executescript(SCHEMA_11)
        conn.execute("UPDATE col SET ver = ?, models = ?, decks = ?", (version, json.dumps(models), json.dumps(decks)))

    return _collection(setup, notes)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _proto(*fields: tuple[int, int | str]) -> bytes:
    out = b""
    for number, value in fields:
        if isinstance(value, int):
            out += _varint(number << 3) + _varint(value)
        else:
            data = value.encode("utf-8")
            out += _varint(number << 3 | 2) + _varint(len(data)) + data
    return out


def _modern_collection(notes: list[Note]) -> bytes:
    """A schema-18 collection: note types, fields, templates and decks in tables, settings as protobuf."""

    def setup(conn: sqlite3.Connection) -> None:
        conn.executescript(SCHEMA_11 + UPGRADE_TO_18)
        conn.execute("UPDATE col SET ver = 18, models = '', decks = ''")
        for mid, (name, kind, fields, templates) in NOTETYPES.items():
            # Notetype.Config: kind = 1, sort_field_idx = 2, css = 3
            conn.execute(
                "INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", (mid, name, _proto((1, kind), (3, ".card {}")))
            )
            for i, field in enumerate(fields):
                conn.execute("INSERT INTO fields VALUES (?, ?, ?, ?)", (mid, i, field, _proto((3, "Arial"), (4, 20))))
            for i, (tname, q, a) in enumerate(templates):
                # Template.Config: q_format = 1, a_format = 2
                conn.execute("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", (mid, i, tname, _proto((1, q), (2, a))))
        for did, name in DECKS.items():
            conn.execute("INSERT INTO decks VALUES (?, ?, 0, 0, x'', x'')", (name.replace("::", "\x1f"), did))

    return _collection(setup, notes)


def _collection(setup: Callable[[sqlite3.Connection], None], notes: list[Note]) -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
    setup(conn)
    card_id = 100
    for nid, guid, mid, tags, fields, cards in notes:
        conn.execute(
            "INSERT INTO notes VALUES (?, ?, ?, 0, -1, ?, ?, ?, 0, 0, '')",
            (nid, guid, mid, tags, "\x1f".join(fields), fields[0]),
        )
        for ord_, did in cards:
            card_id += 1
            conn.execute(
                "INSERT INTO cards VALUES (?, ?, ?, ?, 0, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                (card_id, nid, did, ord_, card_id),
            )
    conn.commit()
    data = conn.serialize()
    conn.close()
    return data


def _package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def legacy_apkg(path: Path, notes: list[Note] = NOTES, member: str = "collection.anki2", version: int = 11) -> Path:
    media = json.dumps({"0": "a.png", "1": "b.mp3"}).encode()
    return _package(
        path, {member: _legacy_collection(notes, version=version), "media": media, "0": b"png", "1": b"mp3"}
    )


def modern_apkg(path: Path, notes: list[Note] = NOTES) -> Path:
    # Since Anki 2.1.50: the real collection zstd-compressed, beside a stub for old versions.
    upgrade = "Please update to the latest Anki version, then import the .colpkg/.apkg file again."
    stub: list[Note] = [(1, "stub", 1001, "", [upgrade, ""], [(0, 1)])]
    members = {
        "collection.anki2": _legacy_collection(stub),
        "collection.anki21b": zstandard.ZstdCompressor().compress(_modern_collection(notes)),
        "meta": _proto((1, 3)),  # PackageMetadata.version = LATEST
        "media": zstandard.ZstdCompressor().compress(_proto((1, "a.png"))),
        "0": zstandard.ZstdCompressor().compress(b"png"),
    }
    return _package(path, members)
