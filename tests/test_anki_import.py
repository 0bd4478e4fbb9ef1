"""Anki packages built by Anki itself (tests/data/anki), imported: what arrives is what Anki shows.

Each test names the problem of issue 13 it covers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from omm_cards.interchange import ids
from omm_cards.interchange.anki_package import read_package
from omm_cards.interchange.html_text import html_to_text
from omm_cards.interchange.readers import convert

from .conftest import Run

Cli = Callable[..., Run]

FOLDER = Path(__file__).parent / "data" / "anki"


def _cards(name: str) -> dict[str, dict[str, Any]]:
    return {card["id"]: card for card in convert(FOLDER / name).document["cards"]}


def _by_guid(name: str, guid: str) -> dict[str, Any]:
    key = ids.key_from_guid(guid)
    return _cards(name)[key]


# --- 1, 2: every template makes its own card, with the question and answer Anki shows ------------------


def test_each_template_of_a_note_type_asks_its_own_question() -> None:
    cards = _cards("muscles.apkg")
    assert len(cards) == 11
    psoas = ids.key_from_guid("omm-psoas")
    assert [(cards[k]["front"], cards[k]["back"]) for k in (psoas, f"{psoas}-t2", f"{psoas}-t3", f"{psoas}-t4")] == [
        ("Where does psoas major originate?", "T12–L4 vertebral bodies and L1–L5 transverse processes"),
        ("Where does psoas major insert?", "Lesser trochanter of the femur"),
        ("What innervates psoas major?", "Anterior rami of L1–L3"),
        ("What does psoas major do?", "Flexes the hip\nTested: High"),
    ]
    assert "extra" not in cards[f"{psoas}-t4"]  # the answer is the answer: not a field guessed as the back
    pec = ids.key_from_guid("omm-pec-minor")
    assert f"{pec}-t4" not in cards  # Anki made no Action card: the field is empty


def test_every_cloze_field_gives_its_deletions() -> None:
    cards = _cards("clozes.apkg")
    chapman = cards[ids.key_from_guid("cloze-chapman")]
    assert chapman["type"] == "cloze"
    assert chapman["text"] == (
        "{{c1::Chapman}} reflexes are {{c2::gangliform contractions}} of fascia\n"
        "They reflect {{c2::viscerosomatic}} dysfunction; treat with {{c3::light rotary pressure::how?}}"
    )
    assert chapman["extra"] == "Chapman, 1930s"
    ribs = cards[ids.key_from_guid("cloze-ribs")]
    # Nested deletions are flattened to the outer one: its card still hides the whole phrase.
    assert ribs["text"] == (
        "Ribs 1–5 move mainly in {{c1::pump-handle}} motion\n"
        "Ribs 6–10: {{c2::bucket-handle}}; ribs 11–12: {{c3::caliper (pincer)}}"
    )
    assert "extra" not in ribs


def test_a_type_in_cloze_becomes_a_typed_card_whose_answer_is_the_deletion() -> None:
    typed = _cards("clozes.apkg")[ids.key_from_guid("cloze-typed")]
    assert typed["type"] == "typed"
    assert typed["front"] == "The key rib of an exhaled group is the [...] rib"
    assert typed["answer"] == "bottom"
    assert typed["extra"] == "BITE: bottom, inhaled, top, exhaled"


def test_changed_delimiters_are_understood() -> None:
    card = _cards("clozes.apkg")[ids.key_from_guid("alt-delims")]
    assert card["front"] == "Counterstrain hold time?\n[a minute and a half]"
    assert card["back"] == "90 seconds"


def test_the_package_makes_as_many_cards_as_anki() -> None:
    conversion = convert(FOLDER / "clozes.apkg")
    assert conversion.skipped == []
    siblings = {
        c["id"]: len({n for n in c["text"].split("{{c")[1:]}) for c in conversion.document["cards"] if "text" in c
    }
    assert sum(siblings.values()) >= 6


# --- 8: formatting survives --------------------------------------------------------------------------


def test_formatting_survives() -> None:
    cards = _cards("formatting.apkg")

    def card(guid: str) -> dict[str, Any]:
        return cards[ids.key_from_guid(guid)]

    assert card("fmt-sup")["front"] == "If x = 3, what is x²?"
    assert card("fmt-sub")["back"] == "H₂O"
    assert card("fmt-list")["back"] == (
        "1. Engage the barrier\n2. Patient contracts 3–5 s\n3. Relax, take up the slack\n4. Repeat 3–5 times"
    )
    assert card("fmt-table")["back"] == "Ribs | Motion\n1–5 | Pump handle\n6–10 | Bucket handle\n11–12 | Caliper"
    assert card("fmt-blocks")["front"] == "Counterstrain:\nhold time?"
    assert card("fmt-blocks")["back"] == "90 seconds\nthen return\nslowly\nto neutral & recheck: T4 < T5"
    assert card("fmt-furigana")["front"] == "漢字"
    assert card("fmt-furigana")["back"] == "漢字[かんじ]\nかんじ: Chinese characters"
    assert card("fmt-kinniku")["back"] == "筋肉[きんにく]を伸[の]ばす\nきんにくをのばす: to stretch a muscle"


def test_sup_and_sub_without_a_unicode_form_use_carets() -> None:
    assert html_to_text("e<sup>iπ</sup> and x<sub>ab</sub> and 10<sup>-3</sup>").text == "e^(iπ) and x_(ab) and 10⁻³"
    assert html_to_text("<ol start=3><li>c</li><li>d</li></ol><ul><li>e</li></ul>").text == "3. c\n4. d\n- e"


# --- 5: tags as Anki has them ------------------------------------------------------------------------


def test_tags_are_kept_verbatim() -> None:
    cards = _cards("muscles.apkg")
    assert cards[ids.key_from_guid("omm-psoas")]["tags"][:3] == ["#AK_Step1_v12::#OMM::Spine", "High_Yield", "Körper"]
    assert cards[ids.key_from_guid("omm-scalene")]["tags"][:3] == [
        "#AK_Step1_v12::#OMM::Ribs",
        "Ribs&Thorax",
        "日本語::語彙",
    ]
    assert ids.tags(["leech", "Marked", "OMM", "omm", "x::::y", ""]) == ["OMM", "x::y"]


def test_tag_filters_match_anki_tags_in_any_case(cli: Cli) -> None:
    cli("decks", "import", str(FOLDER / "muscles.apkg"))
    listed = cli("cards", "list", "--json").json()
    ribs = {c["id"] for c in listed if any(t.startswith("#AK_Step1_v12::#OMM::Ribs") for t in c["tags"])}
    assert len(ribs) == 7
    out = cli("cards", "suspend", "--tag", "#ak_step1_v12::#omm::RIBS").stdout
    assert "7" in out
    suspended = {c["id"] for c in cli("cards", "list", "--json").json() if c["suspended"]}
    assert suspended == ribs
    cli("cards", "unsuspend", "--tag", "日本語")
    assert sum(c["suspended"] for c in cli("cards", "list", "--json").json()) == 3  # pec minor's three cards
    assert cli("cards", "suspend", "--tag", "körper").exit_code == 0
    result = cli("review", "--tag", "koerper", check=False)
    assert result.exit_code == 1 and "Körper" in result.stderr


def test_a_deck_file_takes_anki_tags(tmp_path: Path, cli: Cli) -> None:
    deck = tmp_path / "mine.yaml"
    deck.write_text(
        'id: mine\ntitle: Mine\nversion: "1"\ncards:\n  - id: a\n    category: principle\n'
        '    tags: ["#OMM::Ribs", "Ribs&Thorax", "日本語::語彙"]\n    front: Q\n    back: A\n',
        encoding="utf-8",
    )
    cli("decks", "import", str(deck))
    assert cli("cards", "list", "--json").json()[0]["tags"] == ["#OMM::Ribs", "Ribs&Thorax", "日本語::語彙"]
    for bad in ("a b", "a::", "::a"):
        deck.write_text(deck.read_text(encoding="utf-8").replace("Ribs&Thorax", bad), encoding="utf-8")
        result = cli("decks", "validate", str(deck), check=False)
        assert result.exit_code == 1 and "bad tag" in result.stderr, bad
        deck.write_text(deck.read_text(encoding="utf-8").replace(bad, "Ribs&Thorax"), encoding="utf-8")


# --- 6, 7: GUIDs and the deck tree kept ------------------------------------------------------------


def test_a_card_remembers_its_note_guid_and_subdeck() -> None:
    cards = _cards("muscles.apkg")
    scalene = ids.key_from_guid("omm-scalene")
    assert cards[scalene]["guid"] == "omm-scalene"
    assert cards[scalene]["subdeck"] == "OMM::Ribs::Exhaled"
    assert cards[f"{scalene}-t3"]["subdeck"] == "OMM::Spine"  # decks belong to cards, not notes
    assert not any(t.startswith("deck::") for c in cards.values() for t in c["tags"])


def test_deck_names_a_subdeck(cli: Cli) -> None:
    cli("decks", "import", str(FOLDER / "muscles.apkg"))
    spine = cli("cards", "list", "--deck", "omm::spine", "--json").json()
    assert len(spine) == 5  # psoas' four and scalene's innervation card
    assert len(cli("cards", "list", "--deck", "OMM::Ribs", "--json").json()) == 6
    assert len(cli("cards", "list", "--deck", "omm", "--json").json()) == 11
    result = cli("cards", "list", "--deck", "OMM::Ribz", check=False)
    assert result.exit_code == 1 and "OMM::Ribs" in result.stderr


def test_guid_and_subdeck_survive_yaml_and_export(cli: Cli, tmp_path: Path) -> None:
    cli("decks", "import", str(FOLDER / "muscles.apkg"))
    out = tmp_path / "omm.yaml"
    cli("decks", "export", "omm", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "guid: omm-scalene" in text and "subdeck: OMM::Ribs::Exhaled" in text
    apkg = tmp_path / "omm.apkg"
    cli("decks", "export", "omm", "--format", "apkg", "-o", str(apkg))
    back = {c["id"]: c for c in convert(apkg).document["cards"]}
    original = _cards("muscles.apkg")
    assert back.keys() == original.keys()
    scalene = ids.key_from_guid("omm-scalene")
    assert back[scalene]["guid"] == "omm-scalene"
    assert {k: c.get("subdeck") for k, c in back.items()} == {k: c.get("subdeck") for k, c in original.items()}
    csv_path = tmp_path / "omm.csv"
    cli("decks", "export", "omm", "--format", "csv", "-o", str(csv_path))
    rows = [line.split("\t") for line in csv_path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert ["omm-scalene", "OMM::Ribs::Exhaled"] in [[r[0], r[2]] for r in rows]


def test_the_same_notes_in_a_file_of_another_name_update_their_deck(cli: Cli, tmp_path: Path) -> None:
    cli("decks", "import", str(FOLDER / "clozes.apkg"))
    renamed = tmp_path / "shared-deck-v2.apkg"
    renamed.write_bytes((FOLDER / "clozes.apkg").read_bytes())
    out = cli("decks", "import", str(renamed)).stdout
    assert "0 added" in out
    decks = [d["id"] for d in cli("decks", "list", "--json").json()]
    assert decks.count("omm-clozes") == 1 and not [d for d in decks if "shared" in d]


# --- 10: partial imports on request ----------------------------------------------------------------


def test_ragged_rows_refuse_the_file_unless_skip_bad(cli: Cli) -> None:
    ragged = FOLDER / "ragged.txt"
    result = cli("decks", "import", str(ragged), check=False)
    assert result.exit_code == 1
    assert f"{ragged}:8:1: -: row: has 3 fields; expected 4 like the first row" in result.stderr
    assert "--skip-bad" in result.stderr
    assert [c for c in cli("cards", "list", "--json").json() if c["deck"] != "starter"] == []
    checked = cli("decks", "validate", str(ragged), "--skip-bad").stdout
    assert "8 cards, 2 skipped" in " ".join(checked.split())
    out = " ".join(cli("decks", "import", str(ragged), "--skip-bad").stdout.split())
    assert "8 added" in out
    assert f"skip {ragged}:8: has 3 fields; expected 4 like the first row" in out
    assert f"skip {ragged}:12: has 5 fields; expected 4 like the first row" in out
    assert len([c for c in cli("cards", "list", "--json").json() if c["deck"] != "starter"]) == 8


def test_export_gives_anki_its_own_notes_back_with_the_edits(cli: Cli, env: Path, tmp_path: Path) -> None:
    """Anki updates a note only in its own note type: the export writes the muscle notes as they came,
    with an edited answer in the field it came from (tests/data/anki/round_trip.py checks it in Anki)."""
    cli("decks", "import", str(FOLDER / "muscles.apkg"))
    deck = env / "decks" / "omm.yaml"
    assert (env / "decks" / "omm.anki.json").exists()
    deck.write_text(deck.read_text(encoding="utf-8").replace("Lesser trochanter of the femur", "Lesser trochanter"))
    cli("decks", "import", str(deck))
    out = tmp_path / "back.apkg"
    cli("decks", "export", "omm", "--format", "apkg", "-o", str(out))
    collection, _, _ = read_package(out)
    assert [nt.name for nt in collection.notetypes.values()] == ["OMM Muscle"]
    original, _, _ = read_package(FOLDER / "muscles.apkg")
    muscle = next(nt for nt in original.notetypes.values() if nt.name == "OMM Muscle")
    assert collection.notetypes[muscle.id].templates == muscle.templates
    notes = {n.guid: n for n in collection.notes}
    assert set(notes) == {"omm-psoas", "omm-scalene", "omm-pec-minor"}
    before = {n.guid: n for n in original.notes}
    assert notes["omm-psoas"].fields[2] == "Lesser trochanter"
    assert notes["omm-psoas"].fields[:2] == before["omm-psoas"].fields[:2]
    assert notes["omm-scalene"].fields == before["omm-scalene"].fields
    assert set(notes["omm-scalene"].tags) == set(before["omm-scalene"].tags)


# --- 9: progress comes along -----------------------------------------------------------------------


def test_anki_progress_becomes_the_students_schedule(cli: Cli) -> None:
    """history.colpkg (tests/data/anki/README.md): 6 cards, 17 review log rows, made on day 30 (2026-10-01)."""
    out = " ".join(cli("decks", "import", str(FOLDER / "history.colpkg"), now="2026-10-01T10:00:00").stdout.split())
    assert "progress from Anki: 5 cards, 17 reviews of history" in out
    cards = {c["id"].split("/")[1]: c for c in cli("cards", "list", "--json", now="2026-10-01T10:00:00").json()}
    review = cards["hist-review"]
    assert (review["interval"], review["easiness"], review["due"], review["lapses"]) == (21, 2.5, "2026-10-13", 0)
    assert review["reviews"] == 4 and not review["suspended"]
    relearned = cards["hist-relearned"]
    assert (relearned["interval"], relearned["easiness"], relearned["due"], relearned["lapses"]) == (
        3,
        2.3,
        "2026-10-03",
        1,
    )
    assert cards["hist-suspended"]["suspended"] and cards["hist-suspended"]["easiness"] == 2.65
    assert cards["hist-learning"]["due"] == "2026-10-01"  # learning: due today
    assert cards["hist-buried"]["due"] == "2026-10-01"  # buried: shown from tomorrow
    due = cli("due", "--json", now="2026-10-01T10:00:00").json()
    assert due["due"] == 1  # the learning card; the buried one waits
    assert cards["hist-new"]["due"] is None and cards["hist-new"]["reviews"] == 0
    stats = cli("stats", "--json", now="2026-10-01T10:00:00").json()
    assert (stats["reviews"], stats["cards_seen"]) == (17, 5)  # imported history is history: stats count it
    assert stats["retention"]["reviews"] == 7
    doctor = cli("doctor", now="2026-10-01T10:00:00")
    assert doctor.exit_code == 0 and "replay" not in doctor.stdout
    again = " ".join(cli("decks", "import", str(FOLDER / "history.colpkg"), now="2026-10-02T10:00:00").stdout.split())
    assert "progress from Anki" not in again  # nothing twice


def test_no_scheduling_starts_fresh(cli: Cli) -> None:
    out = cli("decks", "import", str(FOLDER / "history.colpkg"), "--no-scheduling").stdout
    assert "progress from Anki" not in out
    assert all(c["reviews"] == 0 for c in cli("cards", "list", "--json").json())


# --- 8: media kept -------------------------------------------------------------------------------


def test_media_leave_placeholders_in_the_text() -> None:
    card = _cards("formatting.apkg")[ids.key_from_guid("fmt-media")]
    assert card["front"] == "Where are the Chapman points?\n[image: chapman-points.png]"
    assert card["back"] == "Anterior and posterior reflex points [sound: heart.mp3]"


def test_media_are_copied_into_the_data_folder(cli: Cli, env: Path) -> None:
    out = " ".join(cli("decks", "import", str(FOLDER / "formatting.apkg")).stdout.split())
    assert "2 media files copied" in out
    folder = env / "media" / "omm-formatting"
    assert (folder / "chapman-points.png").stat().st_size == 66
    assert (folder / "heart.mp3").stat().st_size == 32
    shown = cli("cards", "show", f"omm-formatting/{ids.key_from_guid('fmt-media')}").stdout
    assert f"media: {folder / 'chapman-points.png'}" in shown
    assert f"media: {folder / 'heart.mp3'}" in shown


def test_media_names_never_leave_the_media_folder() -> None:
    from omm_cards.interchange.media import safe_name

    assert safe_name("chapman-points.png") == "chapman-points.png"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("a/b\\c.png") == "c.png"
    assert safe_name("..") is None and safe_name("") is None and safe_name(".hidden") == "hidden"
    assert safe_name("x\x00y.png") == "xy.png"
    assert safe_name("Körper.png") == "Körper.png"


def test_o_opens_the_current_cards_media(cli: Cli, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from omm_cards.cli import review

    opened: list[Path] = []
    monkeypatch.setattr(review, "opener", opened.append)
    cli("decks", "import", str(FOLDER / "formatting.apkg"))
    out = cli("review", "--deck", "omm-formatting", input="o\n\n5\n" * 8).stdout
    folder = env / "media" / "omm-formatting"
    assert opened == [folder / "chapman-points.png", folder / "heart.mp3"]
    assert "no media on this card" in out


def test_a_note_that_cannot_be_a_card_refuses_the_package_unless_skip_bad(cli: Cli, tmp_path: Path) -> None:
    from .anki_files import NOTES, legacy_apkg

    path = legacy_apkg(tmp_path / "blank.apkg", [*NOTES, (18, "bl4nk", 1001, "", ["<br>", "Back"], [(0, 2001)])])
    result = cli("decks", "import", str(path), check=False)
    assert result.exit_code == 1
    assert f"{path}: note 18: -: note: its question is empty once HTML is dropped" in result.stderr
    assert "--skip-bad" in result.stderr
    assert [d["id"] for d in cli("decks", "list", "--json").json()] == ["starter"]
    out = " ".join(cli("decks", "import", str(path), "--skip-bad").stdout.split())
    assert "8 added" in out and f"skip {path}: note 18: its question is empty once HTML is dropped" in out


def test_doctor_replays_anki_history_then_our_own_grades(cli: Cli, db_path: Path) -> None:
    """The doctor reads Anki's recorded states and the rare grade with no due date apart from the plain log:
    a log mixing all three replays to the states the grades left, and --fix puts them back exactly."""
    import sqlite3

    cli("decks", "import", str(FOLDER / "history.colpkg"), now="2026-10-01T10:00:00")
    cli("review", input="4\n" * 3 + "q\n", now="2026-10-01T11:00:00")
    cli("review", input="5\n" * 3 + "q\n", now="2026-10-05T11:00:00")
    conn = sqlite3.connect(db_path)
    imported = conn.execute("SELECT count(*) FROM reviews WHERE imported").fetchone()[0]
    own = conn.execute("SELECT count(DISTINCT card_id) FROM reviews WHERE NOT imported").fetchone()[0]
    assert imported == 17 and own >= 3
    # A grade logged without a due date (as early logs were) counts for the day of its clock time.
    conn.execute("UPDATE reviews SET due_after = NULL WHERE id = (SELECT min(id) FROM reviews WHERE NOT imported)")
    conn.commit()
    assert cli("doctor", now="2026-10-05T12:00:00").stdout.strip().endswith(" 0 problems")
    states = conn.execute("SELECT * FROM card_state ORDER BY card_id").fetchall()
    conn.execute("UPDATE card_state SET repetitions = 9, interval = 99, easiness = 130, lapses = 7")
    conn.commit()
    damaged = cli("doctor", now="2026-10-05T12:00:00", check=False)
    assert damaged.exit_code == 1 and damaged.stdout.count("replay: ") == len(states)
    cli("doctor", "--fix", now="2026-10-05T12:00:00")
    assert conn.execute("SELECT * FROM card_state ORDER BY card_id").fetchall() == states
    conn.close()
