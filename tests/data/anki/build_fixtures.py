"""Build the Anki fixtures in this folder with the official `anki` package, so they are Anki's own files.

Not run by the tests or CI: they read the committed files. To rebuild them (and `rendered.json`, what
Anki itself renders for every card), install Anki's Python package in a venv of its own, never the
project's, and run this script with it from the repository root:

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
    /tmp/anki-venv/bin/python tests/data/anki/build_fixtures.py

Everything that the README promises is fixed here (GUIDs, fields, tags, decks, scheduling, review
history, the collection's creation day); only Anki's own ids and timestamps change between builds.
After a rebuild, check that README.md still matches what the script prints.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from anki.buildinfo import version as anki_version
from anki.collection import Collection, ExportAnkiPackageOptions
from anki.models import MODEL_CLOZE

HERE = Path(__file__).resolve().parent
# The collection's creation time: review cards' `due` counts days from it. 2026-09-01 04:00 UTC.
CREATED = 1788235200
DAY = 86400
# A 1x1 transparent PNG and the two bytes of an MPEG audio frame sync: media only has to exist.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
MP3 = b"\xff\xfb\x90\x00" + b"\x00" * 28
ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n"


def new_collection(folder: Path) -> Collection:
    col = Collection(str(folder / "collection.anki2"))
    col.crt = CREATED
    return col


def notetype(
    col: Collection, name: str, fields: list[str], templates: list[tuple[str, str, str]], *, cloze: bool = False
) -> dict[str, Any]:
    models = col.models
    model = models.new(name)
    if cloze:
        model["type"] = MODEL_CLOZE
    for field in fields:
        models.add_field(model, models.new_field(field))
    for tname, qfmt, afmt in templates:
        template = models.new_template(tname)
        template["qfmt"], template["afmt"] = qfmt, afmt
        models.add_template(model, template)
    added = models.add_dict(model)
    found = models.get(added.id)
    assert found is not None
    return found


def add_note(
    col: Collection, model: dict[str, Any], guid: str, values: dict[str, str], tags: list[str], deck: str
) -> Any:
    note = col.new_note(model)
    note.guid = guid
    for name, value in values.items():
        note[name] = value
    note.tags = tags
    col.add_note(note, col.decks.id(deck))
    return note


def export_apkg(col: Collection, name: str, *, scheduling: bool = False, media: bool = False) -> Path:
    out = HERE / name
    options = ExportAnkiPackageOptions(
        with_scheduling=scheduling, with_deck_configs=scheduling, with_media=media, legacy=False
    )
    col.export_anki_package(out_path=str(out), options=options, limit=None)
    return out


def rendered(col: Collection) -> dict[str, Any]:
    """What Anki shows for each card, keyed by `GUID/ord`: the golden copy our renderer is compared with."""
    out = {}
    for cid in sorted(col.find_cards(""), key=lambda c: (col.get_card(c).note().guid, col.get_card(c).ord)):
        card = col.get_card(cid)
        output = card.render_output(reload=True)
        out[f"{card.note().guid}/{card.ord}"] = {"question": output.question_text, "answer": output.answer_text}
    return out


def finish(col: Collection) -> dict[str, Any]:
    golden = rendered(col)
    col.close()
    return golden


def muscles(folder: Path) -> dict[str, Any]:
    col = new_collection(folder)
    model = notetype(
        col,
        "OMM Muscle",
        ["Muscle", "Origin", "Insertion", "Innervation", "Action", "Frequency"],
        [
            ("Origin", "Where does {{Muscle}} originate?", ANSWER + "{{Origin}}"),
            ("Insertion", "Where does {{Muscle}} insert?", ANSWER + "{{Insertion}}"),
            ("Innervation", "What innervates {{Muscle}}?", ANSWER + "{{Innervation}}"),
            (
                "Action",
                "{{#Action}}What does {{Muscle}} do?{{/Action}}",
                ANSWER + "{{Action}}{{#Frequency}}<br><i>Tested: {{Frequency}}</i>{{/Frequency}}",
            ),
        ],
    )
    spine, ribs = "OMM::Spine", "OMM::Ribs::Exhaled"
    add_note(
        col,
        model,
        "omm-psoas",
        {
            "Muscle": "psoas major",
            "Origin": "T12&ndash;L4 vertebral bodies and L1&ndash;L5 transverse processes",
            "Insertion": "Lesser trochanter of the femur",
            "Innervation": "Anterior rami of L1&ndash;L3",
            "Action": "Flexes the hip",
            "Frequency": "High",
        },
        ["#AK_Step1_v12::#OMM::Spine", "Körper", "High_Yield"],
        spine,
    )
    scalene = add_note(
        col,
        model,
        "omm-scalene",
        {
            "Muscle": "anterior scalene",
            "Origin": "Anterior tubercles of the C3&ndash;C6 transverse processes",
            "Insertion": "Scalene tubercle of rib 1",
            "Innervation": "Anterior rami of C4&ndash;C6",
            "Action": "Elevates rib 1 (muscle energy for an exhaled rib 1)",
            "Frequency": "Medium",
        },
        ["#AK_Step1_v12::#OMM::Ribs", "日本語::語彙", "Ribs&Thorax"],
        ribs,
    )
    add_note(
        col,
        model,
        "omm-pec-minor",
        {
            "Muscle": "pectoralis minor",
            "Origin": "Ribs 3&ndash;5 near their costal cartilages",
            "Insertion": "Coracoid process of the scapula",
            "Innervation": "Medial pectoral nerve",
            "Action": "",
            "Frequency": "Low",
        },
        ["#AK_Step1_v12::#OMM::Ribs", "Körper", "high_yield"],
        ribs,
    )
    # One card lives apart from its note's other cards: decks belong to cards, not notes.
    innervation = next(c for c in scalene.cards() if c.ord == 2)
    col.set_deck([innervation.id], col.decks.id(spine))
    export_apkg(col, "muscles.apkg")
    return finish(col)


def clozes(folder: Path) -> dict[str, Any]:
    col = new_collection(folder)
    two = notetype(
        col,
        "OMM Cloze (two fields)",
        ["Text", "Text2", "Extra"],
        [("Cloze", "{{cloze:Text}}<br>{{cloze:Text2}}", "{{cloze:Text}}<br>{{cloze:Text2}}<br>{{Extra}}")],
        cloze=True,
    )
    typed = notetype(
        col,
        "OMM Cloze (type in)",
        ["Text", "Extra"],
        [("Cloze", "{{cloze:Text}}\n\n{{type:cloze:Text}}", "{{cloze:Text}}\n\n{{type:cloze:Text}}<br>{{Extra}}")],
        cloze=True,
    )
    alt = notetype(
        col,
        "OMM Basic (alt delimiters)",
        ["Front", "Back", "Hint"],
        [
            (
                "Card 1",
                "{{=<% %>=}}<%Front%><%#Hint%><br><%hint:Hint%><%/Hint%>",
                "{{=<% %>=}}<%FrontSide%>\n\n<hr id=answer>\n\n<%Back%>",
            )
        ],
    )
    deck = "OMM::Clozes"
    add_note(
        col,
        two,
        "cloze-chapman",
        {
            "Text": "{{c1::Chapman}} reflexes are {{c2::gangliform contractions}} of fascia",
            "Text2": "They reflect {{c2::viscerosomatic}} dysfunction; treat with {{c3::light rotary pressure::how?}}",
            "Extra": "Chapman, 1930s",
        },
        ["cloze"],
        deck,
    )
    add_note(
        col,
        two,
        "cloze-ribs",
        {
            "Text": "Ribs 1&ndash;5 move mainly in {{c1::pump-handle}} motion",
            "Text2": "Ribs 6&ndash;10: {{c2::bucket-handle}}; ribs 11&ndash;12: {{c3::caliper {{c2::(pincer)}}}}",
            "Extra": "",
        },
        ["cloze", "ribs"],
        deck,
    )
    add_note(
        col,
        typed,
        "cloze-typed",
        {
            "Text": "The key rib of an exhaled group is the {{c1::bottom}} rib",
            "Extra": "BITE: bottom, inhaled, top, exhaled",
        },
        ["cloze", "typed"],
        deck,
    )
    add_note(
        col,
        alt,
        "alt-delims",
        {"Front": "Counterstrain hold time?", "Back": "90 seconds", "Hint": "a minute and a half"},
        ["alt-syntax"],
        deck,
    )
    export_apkg(col, "clozes.apkg")
    return finish(col)


def history(folder: Path) -> dict[str, Any]:
    """Cards in every state, their scheduling written as Anki stores it in `cards` and `revlog`."""
    col = new_collection(folder)
    basic = col.models.by_name("Basic")
    assert basic is not None
    deck = "OMM::History"
    notes = {
        key: add_note(col, basic, f"hist-{key}", {"Front": front, "Back": back}, ["history"], deck)
        for key, front, back in [
            ("review", "Counterstrain hold time?", "90 seconds"),
            ("relearned", "Key rib of an inhaled group?", "The top rib"),
            ("suspended", "Still technique: first step?", "Find the position of ease"),
            ("buried", "FPR: the activating force?", "Compression or torsion"),
            ("learning", "Muscle energy: contraction time?", "3 to 5 seconds"),
            ("new", "Rib 1 motion?", "Pump handle"),
        ]
    }
    card = {key: note.cards()[0].id for key, note in notes.items()}
    today = 30  # days since CREATED: what `due` and the review times below are counted from
    learn_due = CREATED + today * DAY + 600
    # key: (type, queue, due, ivl, factor, reps, lapses, left)
    states = {
        "review": (2, 2, today + 12, 21, 2500, 4, 0, 0),
        "relearned": (2, 2, today + 2, 3, 2300, 6, 1, 0),
        "suspended": (2, 2, today + 5, 10, 2650, 3, 0, 0),
        "buried": (2, 2, today, 6, 2500, 3, 0, 0),
        "learning": (1, 1, learn_due, 0, 0, 1, 0, 1001),
    }
    for key, (ctype, queue, due, ivl, factor, reps, lapses, left) in states.items():
        col.db.execute(
            "update cards set type=?, queue=?, due=?, ivl=?, factor=?, reps=?, lapses=?, left=? where id=?",
            ctype,
            queue,
            due,
            ivl,
            factor,
            reps,
            lapses,
            left,
            card[key],
        )
    # Review history: (day, ease, ivl, lastIvl, factor, ms taken, kind); kind 0 learn, 1 review, 2 relearn.
    # A learning step's interval is negative seconds, as Anki writes it.
    log = {
        "review": [
            (0, 3, -600, -60, 0, 8000, 0),
            (0, 3, 1, -600, 2500, 6000, 0),
            (1, 3, 4, 1, 2500, 5000, 1),
            (5, 3, 21, 4, 2500, 4000, 1),
        ],
        "relearned": [
            (0, 3, -600, -60, 0, 9000, 0),
            (0, 3, 1, -600, 2500, 7000, 0),
            (1, 3, 4, 1, 2500, 6000, 1),
            (5, 3, 12, 4, 2500, 5000, 1),
            (17, 1, -600, 12, 2300, 15000, 1),
            (17, 3, 3, -600, 2300, 7000, 2),
        ],
        "suspended": [
            (0, 4, 4, -60, 2650, 3000, 0),
            (4, 4, 10, 4, 2650, 2500, 1),
            (14, 3, 10, 10, 2650, 4000, 1),
        ],
        "buried": [
            (0, 3, 1, -60, 2500, 5000, 0),
            (1, 3, 2, 1, 2500, 5000, 1),
            (3, 3, 6, 2, 2500, 4000, 1),
        ],
        "learning": [(today, 3, -600, -60, 0, 10000, 0)],
    }
    for index, (key, rows) in enumerate(log.items()):
        for step, (day, ease, ivl, last, factor, taken, kind) in enumerate(rows):
            # Revlog ids are the review's time in milliseconds, and unique: each card reviews in its own hour.
            stamp = (CREATED + day * DAY + (index + 1) * 3600 + step * 60) * 1000
            col.db.execute(
                "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,?,?,?,?,?,?,?)",
                stamp,
                card[key],
                -1,
                ease,
                ivl,
                last,
                factor,
                taken,
                kind,
            )
    col.sched.suspend_cards([card["suspended"]])
    col.sched.bury_cards([card["buried"]], manual=True)
    golden = rendered(col)
    col.export_collection_package(str(HERE / "history.colpkg"), include_media=False, legacy=False)
    return golden


def formatting(folder: Path) -> dict[str, Any]:
    col = new_collection(folder)
    basic = col.models.by_name("Basic")
    assert basic is not None
    furigana = notetype(
        col,
        "OMM Furigana",
        ["Expression", "Meaning"],
        [("Reading", "{{kanji:Expression}}", ANSWER + "{{furigana:Expression}}<br>{{kana:Expression}}: {{Meaning}}")],
    )
    image = col.media.write_data("chapman-points.png", PNG)
    sound = col.media.write_data("heart.mp3", MP3)
    assert (image, sound) == ("chapman-points.png", "heart.mp3")
    deck = "OMM::Formatting"
    cards = [
        ("fmt-sup", "If x = 3, what is x<sup>2</sup>?", "9"),
        ("fmt-sub", "The formula of water?", "H<sub>2</sub>O"),
        (
            "fmt-list",
            "Muscle energy, in order?",
            "<ol><li>Engage the barrier</li><li>Patient contracts 3&ndash;5 s</li>"
            "<li>Relax, take up the slack</li><li>Repeat 3&ndash;5 times</li></ol>",
        ),
        (
            "fmt-table",
            "Rib motions?",
            "<table><tr><th>Ribs</th><th>Motion</th></tr><tr><td>1&ndash;5</td><td>Pump handle</td></tr>"
            "<tr><td>6&ndash;10</td><td>Bucket handle</td></tr><tr><td>11&ndash;12</td><td>Caliper</td></tr></table>",
        ),
        (
            "fmt-blocks",
            "<div>Counterstrain:</div><div>hold time?</div>",
            "90 seconds<br>then return <p>slowly</p>to neutral &amp; recheck: T4 &lt; T5",
        ),
        (
            "fmt-media",
            'Where are the Chapman points?<br><img src="chapman-points.png">',
            "Anterior and posterior reflex points [sound:heart.mp3]",
        ),
    ]
    for guid, front, back in cards:
        add_note(col, basic, guid, {"Front": front, "Back": back}, ["formatting"], deck)
    add_note(col, furigana, "fmt-furigana", {"Expression": "漢字[かんじ]", "Meaning": "Chinese characters"}, [], deck)
    add_note(
        col,
        furigana,
        "fmt-kinniku",
        {"Expression": "筋肉[きんにく]を 伸[の]ばす", "Meaning": "to stretch a muscle"},
        [],
        deck,
    )
    export_apkg(col, "formatting.apkg", media=True)
    return finish(col)


def ragged(folder: Path) -> None:
    """Anki's own notes-as-text export of ten notes, two rows then broken: one short, one long."""
    col = new_collection(folder)
    basic = col.models.by_name("Basic")
    assert basic is not None
    for i in range(1, 11):
        add_note(col, basic, f"ragged-{i:02}", {"Front": f"Question {i}", "Back": f"Answer {i}"}, ["ragged"], "Ragged")
    out = folder / "notes.txt"
    col.export_note_csv(
        out_path=str(out),
        limit=None,
        with_html=True,
        with_tags=True,
        with_deck=False,
        with_notetype=False,
        with_guid=True,
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    rows = [line for line in lines if not line.startswith("#")]
    assert len(rows) == 10, rows
    separator = "\t"
    short, long = 3, 7  # rows 4 and 8
    rows[short] = separator.join(rows[short].split(separator)[:-1])
    rows[long] = rows[long] + separator + "an extra field"
    (HERE / "ragged.txt").write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    col.close()


def describe(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        members = ", ".join(f"{i.filename} ({i.compress_size} B)" for i in archive.infolist())
    return f"{path.name}: {path.stat().st_size} bytes: {members}"


def main() -> None:
    golden: dict[str, Any] = {}
    for build in (muscles, clozes, history, formatting):
        with tempfile.TemporaryDirectory() as folder:
            golden[build.__name__] = build(Path(folder))
    with tempfile.TemporaryDirectory() as folder:
        ragged(Path(folder))
    golden["anki"] = anki_version
    (HERE / "rendered.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"anki {anki_version}")
    for name in ("muscles.apkg", "clozes.apkg", "history.colpkg", "formatting.apkg"):
        print(describe(HERE / name))
    with open(HERE / "ragged.txt", encoding="utf-8", newline="") as text:
        widths = [len(r) for r in csv.reader((line for line in text if not line.startswith("#")), delimiter="\t")]
    print(f"ragged.txt: {len(widths)} rows of {widths} fields")
    shutil.rmtree(HERE / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
