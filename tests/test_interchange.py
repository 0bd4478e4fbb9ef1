"""CSV and Anki import, YAML/CSV/apkg export.

The Anki files are built here from Anki's own documented layouts, never by our exporter: the
collection schema (rslib/src/storage/schema11.sql and the upgrades to 14, 15, 17 and 18), note types
as JSON (schema 11) or protobuf blobs (schema 18), and packages zipped as Anki zips them. The text
export in tests/data/interchange/anki-notes.txt is written as Anki's "Notes in Plain Text" writes it.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import zstandard

from omm_cards.deckfile.document import deck_document
from omm_cards.deckfile.load import load_file
from omm_cards.errors import DeckError
from omm_cards.interchange import ids
from omm_cards.interchange.html_text import html_to_text
from omm_cards.interchange.readers import convert
from omm_cards.model import Category
from omm_cards.services.library import validate

from .anki_files import (
    NOTES,
    _modern_collection,
    _package,
    legacy_apkg,
    modern_apkg,
)
from .conftest import DATA, Run

Cli = Callable[..., Run]
HERE = DATA / "interchange"
ANKI = DATA / "anki"


def flat(text: str) -> str:
    """Rich wraps long lines to the terminal's width; compare text without that wrapping."""
    return " ".join(text.split())


def cards_by_key(path: Path, **options: Any) -> dict[str, dict[str, Any]]:
    conversion = convert(path, **options)
    return {card["id"]: card for card in conversion.document["cards"]}


# --- Anki packages -------------------------------------------------------------------------------


def _expected_anki_cards() -> dict[str, dict[str, Any]]:
    hold = ids.key_from_guid("Ab3$x:Qz9{")
    rib = ids.key_from_guid("kq3XZ/9+ab")
    pump = ids.key_from_guid("r3v%2x")
    return {
        hold: {
            "id": hold,
            "guid": "Ab3$x:Qz9{",
            "category": "principle",
            "tags": ["#AK_Step1_v12::#OMM::Counterstrain"],
            "subdeck": "AnKing::OMM::Counterstrain",
            "front": "Hold time?",
            "back": "90 s",
        },
        rib: {
            "id": rib,
            "guid": "kq3XZ/9+ab",
            "type": "cloze",
            "category": "principle",
            "tags": ["#AK_Step1_v12::#OMM::Ribs"],
            "subdeck": "AnKing::OMM::Ribs",
            "text": "Key rib: {{c1::top}}\n{{c2::bottom}}",
            "extra": "BITE",
        },
        pump: {
            "id": pump,
            "guid": "r3v%2x",
            "category": "principle",
            "tags": ["ribs"],
            "subdeck": "AnKing::OMM::Ribs",
            "front": "Pump-handle ribs",
            "back": "Ribs 1-5",
        },
        f"{pump}-t2": {
            "id": f"{pump}-t2",
            "guid": "r3v%2x",
            "category": "principle",
            "tags": ["ribs"],
            "subdeck": "AnKing::OMM::Ribs",
            "front": "Ribs 1-5",
            "back": "Pump-handle ribs",
        },
        "typ3d": {
            "id": "typ3d",
            "guid": "typ3d",
            "type": "typed",
            "category": "principle",
            "tags": [],
            "subdeck": "AnKing::OMM::Ribs",
            "front": "T4 ERS left?",
            "answer": "T4 FRS R",
        },
        "w1th5rc": {
            "id": "w1th5rc",
            "guid": "w1th5rc",
            "type": "cloze",
            "category": "technique",
            "tags": [],
            "subdeck": "AnKing::OMM::Counterstrain",
            "source": "StatPearls",
            "text": "{{c1::Jones}} counterstrain",
            "extra": "Tender points\nWeek 3",  # as Anki shows it: the template names no field
        },
        "im4ge": {
            "id": "im4ge",
            "guid": "im4ge",
            "category": "principle",
            "tags": [],
            "subdeck": "AnKing::OMM::Counterstrain",
            "front": "[image: a.png]",  # the file is copied into the data folder
            "back": "An image",
        },
    }


@pytest.mark.parametrize(
    "build",
    [
        lambda p: legacy_apkg(p / "omm.apkg"),
        lambda p: legacy_apkg(p / "omm.apkg", member="collection.anki21"),
        lambda p: modern_apkg(p / "omm.apkg"),
        lambda p: modern_apkg(p / "omm.colpkg"),
    ],
    ids=["anki2-schema11", "anki21-schema11", "anki21b-schema18", "colpkg-schema18"],
)
def test_anki_packages_become_our_cards(tmp_path: Path, build: Callable[[Path], Path]) -> None:
    path = build(tmp_path)
    conversion = convert(path)
    assert conversion.deck_id == "anking-omm"
    assert conversion.document["title"] == "AnKing::OMM"
    assert {c["id"]: c for c in conversion.document["cards"]} == _expected_anki_cards()
    assert conversion.skipped == []
    assert conversion.media == (1 if "collection.anki21b" in _members(path) else 2)


def _members(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def test_guids_give_stable_ids_that_fit_our_rules() -> None:
    assert ids.key_from_guid("typ3d") == "typ3d"  # already one of our ids
    key = ids.key_from_guid("Ab3$x:Qz9{")
    assert key.startswith("ab3-x-qz9-") and ids.is_card_key(key)
    assert ids.key_from_guid("Ab3$x:Qz9{") == key  # deterministic
    assert ids.key_from_guid("ab3$x:qz9{") != key  # Anki GUIDs are case-sensitive
    assert ids.is_card_key(ids.key_from_guid("x-c2"))  # never ends like a cloze sibling
    assert ids.key_from_guid("omm-cards:mine/yes-no") == "yes-no"
    assert ids.tag("#AK_Step1_v12::#OMM::Muscle_Energy") == "#AK_Step1_v12::#OMM::Muscle_Energy"  # verbatim
    assert ids.tag("Étude::::x") == "Étude::x"
    assert ids.tag("a b:::c") == "a_b::c"
    assert ids.tags(["leech", "marked", "OMM", "omm"]) == ["OMM"]


def test_html_becomes_clean_text() -> None:
    got = html_to_text(
        '<div>A&amp;B&nbsp;&lt;3</div><div>two<br>lines</div>  <img src="x.png">[sound:y.mp3]<ul><li>i</li></ul>'
    )
    assert got.text == "A&B <3\ntwo\nlines\n[image: x.png][sound: y.mp3]\n- i"
    assert got.media == 2
    assert html_to_text("<style>.x{}</style>  spaced   out  ").text == "spaced out"


def test_a_newer_version_of_a_package_updates_instead_of_duplicating(cli: Cli, tmp_path: Path, env: Path) -> None:
    first = legacy_apkg(tmp_path / "omm.apkg")
    out = flat(cli("decks", "import", str(first)).stdout)
    assert f"imported anking-omm from {first}: 8 added, 0 changed, 0 retired, 0 skipped" in out
    assert "1 media file copied into the data folder's media/anking-omm/" in out
    assert (env / "media" / "anking-omm" / "a.png").read_bytes() == b"png"
    assert "1 media file not shown by any card, or too large, left out" in out
    written = env / "decks" / "anking-omm.yaml"
    assert "title: AnKing::OMM" in written.read_text()
    cli("review", "--tag", "#ak_step1_v12::#omm::counterstrain", "--limit", "1", input="\n5\n")
    reviewed = next(c["id"] for c in cli("cards", "list", "--json").json() if c["reviews"])
    edited = [
        (nid, guid, mid, tags, [f.replace("Hold time?", "How long is the hold?") for f in fields], cards)
        for nid, guid, mid, tags, fields, cards in NOTES
        if guid != "typ3d"
    ]
    edited.append((17, "n3w", 1001, "", ["Spencer stages?", "Seven"], [(0, 2001)]))
    second = legacy_apkg(tmp_path / "omm-v2.apkg", edited)
    out = flat(cli("decks", "import", str(second)).stdout)
    assert "1 added, 1 changed, 1 retired, 0 skipped, 6 unchanged" in out
    assert "retire anking-omm/typ3d (no longer in the file)" in out
    cards = {c["id"]: c for c in cli("cards", "list", "--json").json() if c["deck"] == "anking-omm"}
    assert len(cards) == 8 and "anking-omm/n3w" in cards
    assert cards[reviewed]["reviews"] == 1  # progress kept by id
    assert "How long is the hold?" in written.read_text()


def test_the_written_deck_can_be_edited_and_reimported(cli: Cli, tmp_path: Path, env: Path) -> None:
    cli("decks", "import", str(HERE / "plain.csv"))
    written = env / "decks" / "plain.yaml"
    key = ids.key_from_text("How long is a counterstrain position of comfort held?")
    cli("review", "--deck", "plain", "--limit", "3", input="5\n5\n5\n")
    written.write_text(written.read_text().replace("back: 90 seconds", "back: 90 seconds (edited)"))
    out = cli("decks", "import", str(written)).stdout
    assert "imported plain: 0 added, 1 changed, 0 retired, 2 unchanged" in out
    card = {c["id"]: c for c in cli("cards", "list", "--json").json()}[f"plain/{key}"]
    assert card["reviews"] == 1


# --- CSV and TSV ---------------------------------------------------------------------------------


def test_plain_csv_rows_become_basic_cards() -> None:
    cards = cards_by_key(HERE / "plain.csv", category=Category.TECHNIQUE)
    assert [c["front"] for c in cards.values()] == [
        "Fryette type I: sidebending and rotation couple to which sides?",
        "How long is a counterstrain position of comfort held?",
        "Is HVLA contraindicated in Down syndrome (C1-C2)?",
    ]
    key = ids.key_from_text("How long is a counterstrain position of comfort held?")
    assert key.startswith("how-long-is-a-counterstrain")
    assert cards[key] == {
        "id": key,
        "category": "technique",
        "tags": [],
        "front": "How long is a counterstrain position of comfort held?",
        "back": "90 seconds",
    }


def test_a_tsv_with_repeated_fronts_gets_distinct_ids() -> None:
    keys = list(cards_by_key(HERE / "plain.tsv"))
    assert keys[1] == f"{keys[0]}-2"


def test_anki_text_export_with_its_header() -> None:
    conversion = convert(HERE / "anki-notes.txt")
    assert (conversion.deck_id, conversion.document["title"]) == ("omm", "OMM")
    cards = {c["id"]: c for c in conversion.document["cards"]}
    hold = cards[ids.key_from_guid("Ab3$x:Qz9{")]
    assert hold["back"] == "90 seconds\n120 seconds for ribs & flat <3"
    assert hold["tags"] == ["#AK_Step1_v12::#OMM::Counterstrain"]  # `marked` dropped
    assert (hold["guid"], hold["subdeck"]) == ("Ab3$x:Qz9{", "OMM::Counterstrain")
    rib = cards[ids.key_from_guid("kq3XZ/9+ab")]
    assert rib == {
        "id": rib["id"],
        "type": "cloze",
        "category": "anatomy",  # from its category::anatomy tag
        "tags": ["#AK_Step1_v12::#OMM::Ribs"],
        "guid": "kq3XZ/9+ab",
        "subdeck": "OMM::Ribs",
        "text": "In a group of exhaled ribs, the key rib is the {{c1::top}} rib.\nInhaled: {{c2::bottom::which end?}}",
        "extra": "BITE: bottom inhaled, top exhaled[image: ribs.png]",  # a text file has no media: a placeholder
    }
    pump = ids.key_from_guid('r3v%2"x')
    assert (cards[pump]["front"], cards[f"{pump}-t2"]["front"]) == ("Pump-handle ribs", "Ribs 1-5")
    assert cards["typ3d"]["type"] == "typed" and cards["typ3d"]["answer"] == "T4 FRS R"
    assert "opt-rev-1-t2" not in cards  # optional reverse left empty
    assert cards["mult1"]["back"] == 'At the "same level" as their transverse processes'
    assert conversion.skipped == []
    assert (cards["img0nly"]["front"], cards["img0nly"]["back"]) == (
        "[image: spine.png]",
        "Scoliosis [sound: scoliosis.mp3]",
    )
    assert conversion.media == 3


def test_semicolon_csv_with_columns_and_tags_headers(tmp_path: Path) -> None:
    path = tmp_path / "lab.csv"
    text = "#separator:Semicolon\n#html:false\n#tags:lab week-3\n#columns:Back;Front;Tags\nNinety seconds;Hold?;t1\n"
    path.write_text(text)
    (card,) = convert(path).document["cards"]
    assert (card["front"], card["back"], card["tags"]) == ("Hold?", "Ninety seconds", ["lab", "week-3", "t1"])


# --- Export --------------------------------------------------------------------------------------


def test_yaml_export_import_export_is_byte_identical(cli: Cli, tmp_path: Path) -> None:
    cli("decks", "import", str(HERE / "tricky.yaml"))
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    cli("decks", "export", "tricky", "--format", "yaml", "-o", str(first))
    assert "imported tricky: 0 added, 0 changed, 0 retired, 10 unchanged" in cli("decks", "import", str(first)).stdout
    cli("decks", "export", "tricky", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text()
    assert "tags: [technique::counterstrain, topic::timing]" in text
    assert "front: 'no'" in text and "unordered: true" in text
    assert "{{c2::two}}" in text and "only-second-c2" not in text


def test_csv_export_carries_anki_headers_and_reads_back(cli: Cli, tmp_path: Path) -> None:
    cli("decks", "import", str(HERE / "tricky.yaml"))
    path = tmp_path / "tricky.csv"
    cli("decks", "export", "tricky", "--format", "csv", "-o", str(path))
    lines = path.read_text().splitlines()
    assert lines[:6] == [
        "#separator:tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        "#tags column:4",
    ]
    assert lines[6].split("\t")[:4] == [
        "omm-cards:tricky/plain-basic",
        "omm-cards Basic",
        "Tricky: text that YAML would rather not hold",
        "technique::counterstrain topic::timing category::technique",
    ]
    rows = list(csv.reader(path.read_text().splitlines(keepends=True)[6:], delimiter="\t"))
    assert {len(row) for row in rows} == {4 + 16}  # padded to the widest note type (MCQ: 16 fields)
    back = convert(path)
    assert back.deck_id == "tricky"
    # Every card comes back as it was written, as from the .apkg: MCQ and typed cards included.
    expected = {c["id"]: c for c in deck_document(load_file(HERE / "tricky.yaml").deck)["cards"]}
    cards = {c["id"]: c for c in back.document["cards"]}
    assert list(cards) == list(expected)
    for key in expected:
        assert list(cards[key]) == list(expected[key]), key
        if key != "multi-line":
            assert cards[key] == expected[key], key
    assert cards["multi-line"] == expected["multi-line"] | {"back": "line with trailing space\nnext line tabbed"}
    assert cards["hvla-down"]["type"] == "mcq" and cards["t4-frs"]["type"] == "typed"


def test_csv_and_apkg_exports_write_the_same_notes(cli: Cli, tmp_path: Path) -> None:
    """Anki updates a note only from the same GUID in the same note type: switching formats must not conflict."""
    from omm_cards.interchange.anki_package import read_package
    from omm_cards.interchange.own_notetypes import OWN

    for deck in (HERE / "tricky.yaml", ANKI / "muscles.apkg"):  # our own cards, and notes kept from Anki
        cli("decks", "import", str(deck))
    for deck_id in ("tricky", "omm"):
        apkg, text = tmp_path / f"{deck_id}.apkg", tmp_path / f"{deck_id}.csv"
        cli("decks", "export", deck_id, "-o", str(apkg))
        out = cli("decks", "export", deck_id, "-o", str(text)).stdout
        collection, _, _ = read_package(apkg)
        packaged = {
            note.guid: (collection.notetypes[note.notetype_id].name, list(note.fields)) for note in collection.notes
        }
        body = [line for line in text.read_text().splitlines(keepends=True) if not line.startswith("#")]
        written = {row[0]: (row[1], row[4:]) for row in csv.reader(body, delimiter="\t")}
        assert written.keys() == packaged.keys()
        for guid, (name, fields) in written.items():
            assert name == packaged[guid][0], guid
            assert fields[: len(packaged[guid][1])] == packaged[guid][1], guid
            assert not any(fields[len(packaged[guid][1]) :]), guid  # only padding after the note's fields
        names = {name for name, _ in written.values()}
        assert (names <= set(OWN)) == (deck_id == "tricky")  # Anki's notes keep their own note types
        assert "omm-cards note types" in out  # the export says where Anki finds them


def test_notes_from_ankis_text_export_go_back_as_csv_in_their_note_types(cli: Cli, env: Path, tmp_path: Path) -> None:
    """Anki's "Notes in Plain Text" (GUIDs, stock note types) -> omm-cards -> CSV: the same notes, the same
    note types, the fields as Anki had them but for the edit, so Anki updates its notes."""
    source = HERE / "anki-notes.txt"

    def notes(path: Path, tags_at: int) -> dict[str, tuple[str, list[str]]]:
        body = [line for line in path.read_text().splitlines(keepends=True) if not line.startswith("#")]
        rows = csv.reader(body, delimiter="\t")
        return {r[0]: (r[1], [f for i, f in enumerate(r) if i > 2 and i != tags_at]) for r in rows}

    cli("decks", "import", str(source))
    deck = env / "decks" / "omm.yaml"
    deck.write_text(deck.read_text().replace("Tip of the right 12th rib", "Tip of the right 12th rib (edited)"))
    cli("decks", "import", str(deck))
    out = tmp_path / "back.csv"
    cli("decks", "export", "omm", "-o", str(out))
    before, after = notes(source, 6), notes(out, 3)
    assert after.keys() == before.keys()
    for guid, (notetype, fields) in before.items():
        assert after[guid][0] == notetype, guid  # Basic, Cloze, Basic (type in the answer)... as Anki named them
        expected = [f.replace("Tip of the right 12th rib", "Tip of the right 12th rib (edited)") for f in fields]
        assert after[guid][1][: len(fields)] == expected, guid
    # An .apkg cannot name those note types (Anki matches a package's by id): it writes ours.
    apkg = tmp_path / "back.apkg"
    cli("decks", "export", "omm", "-o", str(apkg))
    from omm_cards.interchange.anki_package import read_package

    collection, _, _ = read_package(apkg)
    assert {nt.name for nt in collection.notetypes.values()} <= {
        "omm-cards Basic",
        "omm-cards Cloze",
        "omm-cards Typed",
    }


def test_an_exported_apkg_reads_back_to_the_same_cards(cli: Cli, tmp_path: Path) -> None:
    cli("decks", "import", str(HERE / "tricky.yaml"))
    path = tmp_path / "tricky.apkg"
    assert "tricky, 10 cards, apkg" in cli("decks", "export", "tricky", "--format", "apkg", "-o", str(path)).stdout
    expected = {c["id"]: c for c in deck_document(load_file(HERE / "tricky.yaml").deck)["cards"]}
    got = cards_by_key(path)
    assert got.keys() == expected.keys()
    # Every card comes back as it was written, multiple-choice and typed cards included (their own note
    # types); HTML has no trailing spaces or tabs, so a field's whitespace comes back as HTML renders it.
    for key in expected:
        assert list(got[key]) == list(expected[key]), key  # the same keys in the same order: the same YAML
        if key != "multi-line":
            assert got[key] == expected[key], key
    assert got["multi-line"] == expected["multi-line"] | {"back": "line with trailing space\nnext line tabbed"}
    assert got["hvla-down"]["type"] == "mcq" and got["t4-frs"]["type"] == "typed"
    assert convert(path).deck_id == "tricky"


def test_export_refuses_to_overwrite_and_names_unknown_decks(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    path.write_text("keep me")
    result = cli("decks", "export", "starter", "-o", str(path), check=False)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert path.read_text() == "keep me"
    result = cli("decks", "export", "nope", "-o", str(tmp_path / "x.yaml"), check=False)
    assert result.exit_code == 1 and "no deck 'nope'" in result.stderr
    cli("decks", "export", "starter", "-o", str(path), "--force")
    assert "id: starter" in path.read_text()


def test_export_has_help(cli: Cli) -> None:
    out = cli("decks", "export", "--help").stdout
    assert "Usage:" in out and "Example:" in out


# --- Bad files -----------------------------------------------------------------------------------


def _dump(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _truncated(tmp_path: Path) -> Path:
    whole = legacy_apkg(tmp_path / "whole.apkg").read_bytes()
    path = tmp_path / "truncated.apkg"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _ragged(tmp_path: Path) -> Path:
    path = tmp_path / "ragged.csv"
    path.write_text("front,back\nA,B\nC,D,E\nF\n")
    return path


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.csv"
    path.write_bytes("front,back\nQ,ok\nBr\u00fcgger,posture\n".encode("latin-1"))
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "truncated zip": (_truncated, [": -: file: not a readable zip archive (truncated or damaged?)"]),
    "zip without a collection": (
        lambda p: _package(p / "empty.apkg", {"media": b"{}"}),
        [
            ": -: file: no Anki collection inside"
            " (expected one of collection.anki21b, collection.anki21, collection.anki2)"
        ],
    ),
    "unknown Anki schema": (
        lambda p: legacy_apkg(p / "future.apkg", version=99),
        [":collection.anki2: -: schema: unknown Anki schema 99; omm-cards reads 11 to 20"],
    ),
    "not SQLite inside": (
        lambda p: _package(p / "junk.apkg", {"collection.anki21": b"junk"}),
        [":collection.anki21: -: file: not an SQLite database (truncated or damaged?)"],
    ),
    "ragged rows": (
        _ragged,
        [
            ":3:1: -: row: has 3 fields; expected 2 like the first row",
            ":4:1: -: row: has 1 fields; expected 2 like the first row",
            ":3:1: -: file: nothing imported; --skip-bad imports the other rows",
        ],
    ),
    "unknown encoding": (_latin1, [":3:3: -: file: not UTF-8 text (unknown encoding); save the file as UTF-8"]),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_change_nothing_and_say_where(cli: Cli, db_path: Path, env: Path, tmp_path: Path, case: str) -> None:
    build, expected = BAD_FILES[case]
    path = build(tmp_path)
    cli("decks", "import", str(HERE / "plain.csv"))
    before = _dump(db_path)
    for command in ("import", "validate"):
        result = cli("decks", command, str(path), str(HERE / "tricky.yaml"), check=False)
        assert result.exit_code == 1, result.stdout
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines() == [f"{path}{line}" for line in expected]
    assert _dump(db_path) == before
    assert sorted(p.name for p in (env / "decks").iterdir()) == ["plain.yaml"]


def test_dry_run_writes_no_deck_file(cli: Cli, env: Path, tmp_path: Path) -> None:
    out = cli("decks", "import", "--dry-run", str(legacy_apkg(tmp_path / "omm.apkg"))).stdout
    assert "would import anking-omm" in out and "  add anking-omm/typ3d" in out
    assert not (env / "decks").exists()
    assert [d["id"] for d in cli("decks", "list", "--json").json()] == ["starter"]


def test_a_file_with_no_usable_card_is_an_error(tmp_path: Path) -> None:
    path = legacy_apkg(tmp_path / "blank.apkg", [(16, "bl4nk", 1001, "", ["<br>", "Back"], [(0, 2001)])])
    with pytest.raises(DeckError) as raised:
        validate([path])
    assert raised.value.problems == [
        f"{path}: -: file: no card could be converted (its question is empty once HTML is dropped)"
    ]


def test_zstd_collection_is_read_even_without_a_size_in_its_frame(tmp_path: Path) -> None:
    streamed = io.BytesIO()
    with zstandard.ZstdCompressor().stream_writer(streamed, closefd=False) as writer:
        writer.write(_modern_collection(NOTES))
    path = _package(tmp_path / "streamed.apkg", {"collection.anki21b": streamed.getvalue()})
    assert len(convert(path).document["cards"]) == 7


def test_export_format_follows_the_extension_and_dash_is_stdout(cli: Cli, tmp_path: Path) -> None:
    cli("decks", "import", str(HERE / "tricky.yaml"))
    cli("decks", "export", "tricky", "-o", str(tmp_path / "t.apkg"))
    assert (tmp_path / "t.apkg").read_bytes()[:2] == b"PK"
    cli("decks", "export", "tricky", "-o", str(tmp_path / "t.csv"))
    assert (tmp_path / "t.csv").read_text().startswith("#separator:tab")
    contradiction = cli("decks", "export", "tricky", "--format", "yaml", "-o", str(tmp_path / "x.apkg"), check=False)
    assert contradiction.exit_code == 1 and "--format yaml contradicts" in contradiction.stderr
    assert cli("decks", "export", "tricky", "-o", "-").stdout.startswith("id: tricky")
    assert cli("decks", "export", "tricky", "--format", "csv", "-o", "-").stdout.startswith("#separator:tab")
    binary = cli("decks", "export", "tricky", "--format", "apkg", "-o", "-", check=False)
    assert binary.exit_code == 1 and "binary" in binary.stderr
    assert not (Path.cwd() / "-").exists()
