"""The hostile-input corpus: files and settings built to hang, exhaust or crash omm-cards.

Each case writes what it needs into a folder and returns the command line that feeds it to
omm-cards, with the start of the one line the refusal must print. Large files are generated
here rather than committed. `python -m tests.hostile_corpus DIR` writes every file into DIR.
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import zstandard

from .anki_files import NOTES, SCHEMA_11, UPGRADE_TO_18, _package, _proto, legacy_apkg


@dataclass(frozen=True)
class Case:
    args: list[str]
    expect: str  # a fragment of the single line printed on stderr
    stdin: bytes = b""
    env: dict[str, str] | None = None
    exit_code: int = 1


Build = Callable[[Path], Case]
CASES: dict[str, Build] = {}


def case(name: str) -> Callable[[Build], Build]:
    def register(build: Build) -> Build:
        CASES[name] = build
        return build

    return register


# --- Anki collections that are not what they claim --------------------------------------------------


def _collection(script: str, *extra: tuple[str, tuple[object, ...]]) -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.create_collation("unicase", lambda a, b: (a > b) - (a < b))
    conn.executescript(script)
    for statement, values in extra:
        conn.execute(statement, values)
    conn.commit()
    data = conn.serialize()
    conn.close()
    return data


RECURSIVE = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT {columns} FROM r"


def _view_collection(table: str) -> bytes:
    columns = {
        "notes": "x AS id, 'g' AS guid, 1 AS mid, '' AS tags, 'a' AS flds",
        "cards": "x AS id, x AS nid, 1 AS did, 0 AS ord, 0 AS odid",
        "col": "11 AS ver, '{}' AS models, '{}' AS decks",
    }[table]
    script = SCHEMA_11.replace(f"create table {table} ", f"create table unused_{table} ")
    script = script.replace(f"on {table} (", f"on unused_{table} (").replace(f"into {table} ", f"into unused_{table} ")
    return _collection(script + f"CREATE VIEW {table} AS {RECURSIVE.format(columns=columns)};")


for _table in ("notes", "cards", "col"):

    def _build(folder: Path, table: str = _table) -> Case:
        path = _package(folder / f"view-{table}.apkg", {"collection.anki2": _view_collection(table)})
        return Case(["decks", "import", str(path)], f"{table} is a view")

    case(f"apkg: {_table} is a recursive view")(_build)


def _legacy(models: object, decks: object = None, notes: str = "") -> bytes:
    """A schema-11 collection whose `col` row holds the given note types and decks, raw."""

    def text(value: object) -> str:
        return value if isinstance(value, str) else json.dumps(value)

    script = SCHEMA_11 + notes
    return _collection(
        script, ("UPDATE col SET ver = 11, models = ?, decks = ?", (text(models), text(decks if decks else {})))
    )


BASIC_MODEL = {
    "1": {
        "id": 1,
        "name": "Basic",
        "type": 0,
        "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    }
}
ONE_NOTE = "insert into notes values (1, 'g', 1, 0, 0, '', 'Q\x1fA', 'Q', 0, 0, '');"


@case("apkg: decks JSON is a list")
def _decks_list(folder: Path) -> Case:
    path = _package(folder / "decks-list.apkg", {"collection.anki2": _legacy(BASIC_MODEL, [1, 2], ONE_NOTE)})
    return Case(["decks", "import", str(path)], "decks: expected a JSON object of objects")


@case("apkg: models nested 100,000 deep")
def _deep_models(folder: Path) -> Case:
    deep = "[" * 100_000 + "]" * 100_000
    path = _package(folder / "deep.apkg", {"collection.anki2": _legacy('{"1": ' + deep + "}")})
    return Case(["decks", "import", str(path)], "unreadable Anki collection")


@case("apkg: an integer field name")
def _int_field(folder: Path) -> Case:
    model = json.loads(json.dumps(BASIC_MODEL))
    model["1"]["flds"][0]["name"] = 7
    path = _package(folder / "int-field.apkg", {"collection.anki2": _legacy(model, None, ONE_NOTE)})
    return Case(["decks", "import", str(path)], "field: expected a name")


@case("apkg: NULL fields")
def _null_fields(folder: Path) -> Case:
    script = SCHEMA_11.replace("flds text not null", "flds text")
    data = _collection(
        script + "insert into notes values (1, 'g', 1, 0, 0, '', NULL, 'Q', 0, 0, '');",
        ("UPDATE col SET ver = 11, models = ?", (json.dumps(BASIC_MODEL),)),
    )
    path = _package(folder / "null-fields.apkg", {"collection.anki2": data})
    return Case(["decks", "import", str(path)], "its fields, tags or GUID are not text")


@case("apkg: a cloze note type without fields")
def _cloze_no_fields(folder: Path) -> Case:
    model = {"1": {"id": 1, "name": "Cloze", "type": 1, "flds": [], "tmpls": [{"name": "C", "ord": 0}]}}
    path = _package(folder / "cloze-empty.apkg", {"collection.anki2": _legacy(model, None, ONE_NOTE)})
    return Case(["decks", "import", str(path)], "no card could be converted (Cloze: its note type has no fields)")


@case("apkg: an encrypted collection")
def _encrypted(folder: Path) -> Case:
    path = legacy_apkg(folder / "encrypted.apkg", NOTES[:1])
    data = bytearray(path.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        start = 0
        while (start := data.find(signature, start)) != -1:
            (flags,) = struct.unpack_from("<H", data, start + flags_at)
            struct.pack_into("<H", data, start + flags_at, flags | 0x1)
            start += 4
    path.write_bytes(bytes(data))
    return Case(["decks", "import", str(path)], "encrypted")


def _modern(config: object) -> bytes:
    return _collection(
        SCHEMA_11 + UPGRADE_TO_18 + "UPDATE col SET ver = 18, models = '', decks = '';",
        ("INSERT INTO notetypes VALUES (1, 'Basic', 0, 0, ?)", (config,)),
        ("INSERT INTO fields VALUES (1, 0, 'Front', ?)", (_proto((3, "Arial")),)),
    )


@case("apkg: a note type config that is the integer 400,000,000")
def _int_config(folder: Path) -> Case:
    data = zstandard.ZstdCompressor().compress(_modern(400_000_000))
    path = _package(folder / "int-config.apkg", {"collection.anki21b": data})
    return Case(["decks", "import", str(path)], "config: expected a blob, not int")


@case("apkg: a note type config of 2^40")
def _huge_config(folder: Path) -> Case:
    data = zstandard.ZstdCompressor().compress(_modern(2**40))
    path = _package(folder / "huge-config.apkg", {"collection.anki21b": data})
    return Case(["decks", "import", str(path)], "config: expected a blob, not int")


@case("colpkg: a zstd bomb")
def _zstd_bomb(folder: Path) -> Case:
    out = folder / "bomb.zst"
    with out.open("wb") as raw, zstandard.ZstdCompressor(level=1).stream_writer(raw) as writer:
        block = b"SQLite format 3\x00" + b"\x00" * (1024 * 1024 - 16)
        writer.write(block)
        zero = b"\x00" * (1024 * 1024)
        for _ in range(300):
            writer.write(zero)
    path = _package(folder / "bomb.colpkg", {"collection.anki21b": out.read_bytes()})
    out.unlink()
    return Case(["decks", "import", str(path)], "larger than 256 MB uncompressed")


@case("apkg: a deflate bomb")
def _zip_bomb(folder: Path) -> Case:
    path = folder / "zip-bomb.apkg"
    zero = b"\x00" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("collection.anki2", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(zero)
    return Case(["decks", "import", str(path)], "larger than 256 MB uncompressed")


# --- text files ---------------------------------------------------------------------------------------


@case("csv: 40 MB")
def _big_csv(folder: Path) -> Case:
    path = folder / "big.csv"
    row = b"question number one two three,answer four five six seven\n"
    with path.open("wb") as out:
        out.write(row * (40 * 1024 * 1024 // len(row)))
    return Case(["decks", "import", str(path)], f"{path}: larger than 32 MB")


@case("csv: a 200,000-character #columns header")
def _wide_header(folder: Path) -> Case:
    path = folder / "wide.csv"
    path.write_text("#separator:tab\n#columns:" + "x" * 200_000 + "\nQ\tA\n")
    return Case(["decks", "import", str(path)], ":2:1: -: columns: field larger than field limit")


@case("yaml: 20,000 cloze deletions in one note")
def _many_deletions(folder: Path) -> Case:
    text = " ".join(f"{{{{c{i}::w}}}}" for i in range(1, 20_001))
    path = folder / "deletions.yaml"
    head = "id: many\ntitle: Many\nversion: '1'\ncards:\n  - id: n\n    type: cloze\n    category: anatomy\n"
    path.write_text(f"{head}    text: '{text}'\n")
    return Case(["decks", "validate", str(path)], "20000 deletions; a note holds at most 100")


@case("yaml: a FIFO")
def _fifo_deck(folder: Path) -> Case:
    path = folder / "deck.yaml"
    os.mkfifo(path)
    return Case(["decks", "import", str(path)], "not a regular file")


@case("csv: a FIFO")
def _fifo_csv(folder: Path) -> Case:
    path = folder / "deck.csv"
    os.mkfifo(path)
    return Case(["decks", "import", str(path)], "not a regular file")


@case("apkg: a FIFO")
def _fifo_apkg(folder: Path) -> Case:
    path = folder / "deck.apkg"
    os.mkfifo(path)
    return Case(["decks", "import", str(path)], "not a regular file")


# --- reports from other people's files --------------------------------------------------------------


def _report(folder: Path, name: str, change: Callable[[dict[str, object]], object]) -> Path:
    student = {
        "name": "mallory",
        "reviews": 1,
        "cards_seen": 1,
        "seconds": 3.0,
        "last_review": "2026-11-20",
        "streak": 1,
        "retention": {"reviews": 1, "passed": 1, "rate": 1.0},
        "retention_by_category": {},
        "retention_by_region": {},
        "coverage_by_category": {},
        "coverage_by_region": {},
        "leeches": [],
        "most_missed": [],
        "due_today": 0,
        "due_tomorrow": 0,
        "forecast": [0] * 30,
        "activity": {"2026-11-20": 1},
    }
    change(student)
    weak: dict[str, list[object]] = {"categories": [], "regions": [], "leeches": [], "most_missed": [], "inactive": []}
    data = {
        "schema": "omm-cards-report",
        "version": 1,
        "today": "2026-11-27",
        "since": None,
        "students": [student],
        "weak_areas": weak,
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, allow_nan=True))
    return path


REPORT_CASES: dict[str, tuple[Callable[[dict[str, object]], object], str]] = {
    "a date that is not a date": (lambda s: s.update(last_review="2024-13-45"), "month must be in 1..12"),
    "an activity date that is not a date": (lambda s: s.update(activity={"2024-02-30": 1}), "day is out of range"),
    "NaN seconds": (lambda s: s.update(seconds=float("nan")), "NaN is not a number a report can hold"),
    "Infinity seconds": (lambda s: s.update(seconds=float("inf")), "Infinity is not a number a report can hold"),
}
for _label, (_change, _expect) in REPORT_CASES.items():

    def _build_report(folder: Path, change: Callable[[dict[str, object]], object] = _change, e: str = _expect) -> Case:
        path = _report(folder, "report", change)
        return Case(["report", "--from", str(path)], e)

    case(f"--from: {_label}")(_build_report)


@case("--from: a 5,000-digit integer")
def _digits(folder: Path) -> Case:
    path = _report(folder, "digits", lambda s: None)
    path.write_text(path.read_text().replace('"reviews": 1,', '"reviews": ' + "9" * 5000 + ",", 1))
    return Case(["report", "--from", str(path)], "an integer of 5000 digits")


@case("--from: nested 100,000 deep")
def _nested(folder: Path) -> Case:
    path = folder / "nested.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    return Case(["report", "--from", str(path)], "nested too deeply")


@case("--from: a FIFO")
def _fifo_report(folder: Path) -> Case:
    path = folder / "report.json"
    os.mkfifo(path)
    return Case(["report", "--from", str(path)], "not a regular file")


@case("--from: /dev/zero")
def _dev_zero(folder: Path) -> Case:
    return Case(["report", "--from", "/dev/zero"], "not a regular file")


@case("--from: 40 MB")
def _big_report(folder: Path) -> Case:
    path = folder / "big.json"
    with path.open("wb") as out:
        out.write(b" " * (40 * 1024 * 1024) + b"{}")
    return Case(["report", "--from", str(path)], "larger than 16 MB")


# --- the clock and numeric options ------------------------------------------------------------------

for _when in ("9999-12-31", "0001-01-01"):
    for _command in (["review"], ["stats"], ["report"], ["due"]):

        def _build_clock(folder: Path, when: str = _when, command: list[str] = _command) -> Case:
            return Case(command, "is outside the years 1900 to 9000", env={"OMM_CARDS_NOW": when})

        case(f"OMM_CARDS_NOW={_when} {' '.join(_command)}")(_build_clock)


@case("limits --new with 23 digits")
def _limits(folder: Path) -> Case:
    return Case(["limits", "--new", "99999999999999999999999"], "--new", exit_code=2)


@case("review --limit with 23 digits")
def _review_limit(folder: Path) -> Case:
    return Case(["review", "--limit", "99999999999999999999999"], "--limit", exit_code=2)


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in CASES.items():
        built = build(folder)
        print(f"{name}: omm-cards {' '.join(built.args)}")


if __name__ == "__main__":
    main()
