"""Anki notes as drafts of our cards, read through their note types' card templates.

A cloze note type gives one cloze card per note (its deletions become our siblings). Any other note
type gives a card for each template Anki made a card from: the fields the template shows on the
question side are the front, the first new field on the answer side is the back, and a `{{type:X}}`
field makes a typed-answer card. Fields a template never shows are dropped, as Anki never shows them
either; fields shown after the answer become the card's `extra`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from omm_cards.interchange.anki_collection import AnkiCard, AnkiCollection, AnkiNote, AnkiNotetype, AnkiTemplate
from omm_cards.interchange.drafts import Draft, Skipped
from omm_cards.interchange.html_text import Text, html_to_text
from omm_cards.model import CardType

_REFERENCE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
SOURCE_FIELDS = {"source", "sources"}
# Extra fields shown without their name in front (the stock note types' own names).
UNLABELLED = {"extra", "back extra"}


def drafts(collection: AnkiCollection, name: str) -> tuple[list[Draft], list[Skipped]]:
    cards: dict[int, list[AnkiCard]] = {}
    for card in collection.cards:
        cards.setdefault(card.note_id, []).append(card)
    found: list[Draft] = []
    skipped: list[Skipped] = []
    for note in collection.notes:
        where = f"{name}: note {note.id}"
        notetype = collection.notetypes.get(note.notetype_id)
        if notetype is None:
            skipped.append(Skipped(where, f"its note type {note.notetype_id} is missing from the collection"))
            continue
        if notetype.image_occlusion:
            skipped.append(Skipped(where, f"{notetype.name}: image occlusion needs its images"))
            continue
        if not notetype.fields:
            skipped.append(Skipped(where, f"{notetype.name}: its note type has no fields"))
            continue
        own_cards = cards.get(note.id, [])
        decks = {c.ord: collection.decks.get(c.deck_id, "") for c in own_cards}
        made = list(_note_drafts(where, note, notetype, own_cards, decks))
        if not made:
            skipped.append(Skipped(where, f"{notetype.name}: none of its templates makes a card"))
        found.extend(made)
    return found, skipped


def _note_drafts(
    where: str, note: AnkiNote, notetype: AnkiNotetype, cards: list[AnkiCard], decks: dict[int, str]
) -> Iterator[Draft]:
    values = dict(zip(notetype.fields, note.fields, strict=False))
    texts = {field: html_to_text(values.get(field, "")) for field in notetype.fields}
    source_field = next((f for f in notetype.fields if f.lower() in SOURCE_FIELDS), None)
    source = texts[source_field].text if source_field else ""
    first_deck = decks[min(decks)] if decks else ""
    fields = set(notetype.fields) - {source_field}
    if notetype.cloze:
        template = notetype.templates[0] if notetype.templates else AnkiTemplate(0, "", "", "")
        shown = list(_references(template.question, fields)) + list(_references(template.answer, fields))
        text_field = next((f for f, filters in shown if "cloze" in filters), notetype.fields[0])
        rest = _unique(f for f, _ in shown if f != text_field)
        content = {"text": texts[text_field].text, "extra": _extra(rest, texts)}
        yield Draft(where, note.guid, 0, CardType.CLOZE, content, note.tags, first_deck, source)
        return
    made = sorted(decks) if cards else [0]
    for template in notetype.templates:
        if template.ord not in made:
            continue
        question = list(_references(template.question, fields))
        typed = next((f for f, filters in question if "type" in filters), None)
        front = _unique(f for f, filters in question if "type" not in filters)
        after = _unique(f for f, _ in _references(template.answer, fields) if f not in front and f != typed)
        front_text = "\n\n".join(texts[f].text for f in front if texts[f].text)
        deck = decks.get(template.ord, first_deck)
        if typed is not None:
            content = {"front": front_text, "answer": texts[typed].text, "extra": _extra(after, texts)}
            yield Draft(where, note.guid, template.ord, CardType.TYPED, content, note.tags, deck, source)
            continue
        back = texts[after[0]].text if after else ""
        content = {"front": front_text, "back": back, "extra": _extra(after[1:], texts)}
        yield Draft(where, note.guid, template.ord, CardType.BASIC, content, note.tags, deck, source)


def _references(template: str, fields: set[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The fields a template shows, in order, with their filters: `{{type:Back}}` -> ('Back', ('type',))."""
    for match in _REFERENCE.finditer(template):
        inner = match.group(1).strip()
        if not inner or inner[0] in "#^/!":
            continue  # a section, an inverted section, its end, or a comment
        *filters, name = inner.split(":")
        name = name.strip()
        if name in fields:
            yield name, tuple(f.strip().lower() for f in filters)


def _unique(names: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _extra(names: list[str], texts: dict[str, Text]) -> str:
    parts = []
    for name in names:
        text = texts[name].text
        if text:
            parts.append(text if name.lower() in UNLABELLED else f"{name}: {text}")
    return "\n\n".join(parts)
