"""The committed Anki fixtures (built by Anki itself, see tests/data/anki/README.md) and Anki's own renders of them.

CI never installs `anki`: these tests read the committed files only.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest

from omm_cards.interchange.anki_collection import AnkiCard, AnkiNote, AnkiNotetype
from omm_cards.interchange.anki_package import read_package
from omm_cards.interchange.anki_template import cloze_answer, render_card, strip_html

FOLDER = Path(__file__).parent / "data" / "anki"
PACKAGES = {
    "muscles": "muscles.apkg",
    "clozes": "clozes.apkg",
    "history": "history.colpkg",
    "formatting": "formatting.apkg",
}
RENDERED = json.loads((FOLDER / "rendered.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PACKAGES.values())
def test_each_package_is_a_zip_with_a_collection(name: str) -> None:
    path = FOLDER / name
    assert path.stat().st_size < 100_000
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert {"collection.anki21b", "collection.anki2", "meta", "media"} <= set(archive.namelist())


def test_the_builder_says_how_to_rebuild() -> None:
    script = (FOLDER / "build_fixtures.py").read_text(encoding="utf-8")
    assert "pip install anki" in script
    assert "python tests/data/anki/build_fixtures.py" in script
    assert RENDERED["anki"] in (FOLDER / "README.md").read_text(encoding="utf-8")


def test_ragged_has_two_bad_rows_of_ten() -> None:
    with open(FOLDER / "ragged.txt", encoding="utf-8", newline="") as text:
        rows = list(csv.reader((line for line in text if not line.startswith("#")), delimiter="\t"))
    assert [len(r) for r in rows] == [4, 4, 4, 3, 4, 4, 4, 5, 4, 4]


def _anki_text(html: str) -> str:
    """Anki's HTML read as text: its interactive hint as `[text]`, play buttons and typing boxes gone."""
    hint = r"<a class=hint.*?</a>\s*<div id=\"hint\w+\" class=hint style=\"display: none\">(.*?)</div>"
    html = re.sub(hint, r"[\1]", html, flags=re.DOTALL)
    html = re.sub(r"\[anki:play:\w:\d+\]|\[\[type:[^\]]*\]\]", "", html)
    return _text(html)


def _text(html: str) -> str:
    html = re.sub(r"<rp>.*?</rp>", "", html)  # our ruby's fallback parentheses
    html = re.sub(r"\[sound:[^\]]*\]", "", html)  # Anki makes it a play button; our text drops it
    return " ".join(strip_html(re.sub(r"<br\s*/?>|<div>|</div>|<hr[^>]*>", " ", html)).split())


def _cards() -> list[tuple[str, str, AnkiNotetype, AnkiNote, AnkiCard]]:
    found = []
    for fixture, name in PACKAGES.items():
        collection, _, _ = read_package(FOLDER / name)
        notes = {n.id: n for n in collection.notes}
        for card in collection.cards:
            note = notes[card.note_id]
            found.append(
                (f"{fixture}:{note.guid}/{card.ord}", fixture, collection.notetypes[note.notetype_id], note, card)
            )
    return found


CARDS = _cards()


@pytest.mark.parametrize(("key", "fixture", "notetype", "note", "card"), CARDS, ids=[c[0] for c in CARDS])
def test_renders_as_anki_does(key: str, fixture: str, notetype: object, note: object, card: object) -> None:
    """Every fixture card, rendered by us, reads as Anki 26.09 rendered it (rendered.json)."""

    assert isinstance(notetype, AnkiNotetype) and isinstance(note, AnkiNote) and isinstance(card, AnkiCard)
    template = notetype.templates[0] if notetype.cloze else notetype.templates[card.ord]
    fields = dict(zip(notetype.fields, note.fields, strict=True))
    question, answer = render_card(template.question, template.answer, fields, card.ord)
    expected = RENDERED[fixture][f"{note.guid}/{card.ord}"]
    assert _text(question.html) == _anki_text(expected["question"])
    # Anki's answer repeats the front up to the rule, and leaves the typed answer for the reviewer to fill.
    anki_answer = re.split(r"<hr id=answer>", expected["answer"], maxsplit=1)[-1]
    if answer.typed is not None:
        value = fields[answer.typed.field]
        typed = cloze_answer(value, card.ord + 1) if answer.typed.cloze else strip_html(value)
        anki_answer = re.sub(r"\[\[type:[^\]]*\]\]", typed, anki_answer)
    assert _text(answer.html) == _anki_text(anki_answer)


def test_every_card_anki_rendered_is_compared() -> None:
    keys = {f"{fixture}:{key}" for fixture in PACKAGES for key in RENDERED[fixture]}
    assert keys == {c[0] for c in CARDS}
