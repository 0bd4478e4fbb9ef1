"""Anki notes as drafts of our cards, rendered through their note types' card templates as Anki renders them.

Any note type but cloze gives a card for each template Anki made a card from: the question is the
template's question side as Anki shows it, the back is its answer after the repeated front (after
`<hr id=answer>`, or without `{{FrontSide}}`), and a `{{type:X}}` field makes a typed-answer card whose
answer is that field (the rest of the answer side becomes `extra`). A cloze note type gives one cloze
card per note: the text of every field the template shows through `cloze:`, one after the other, so
every field's deletions become our siblings; what the answer side adds (`{{Extra}}`) is the card's
`extra`. A type-in cloze (`{{type:cloze:Text}}`) gives a typed card per deletion instead: its question
hides the deletion as `[...]` and its answer is the deleted text. A field named Source(s) is the card's
`source`, not part of its text.
"""

from __future__ import annotations

from collections.abc import Iterator

from omm_cards.interchange.anki_collection import AnkiCard, AnkiCollection, AnkiNote, AnkiNotetype, AnkiTemplate
from omm_cards.interchange.anki_template import (
    cloze_answer,
    cloze_fields,
    flatten_clozes,
    render_card,
    special_fields,
)
from omm_cards.interchange.drafts import Draft, Skipped
from omm_cards.interchange.html_text import html_to_text
from omm_cards.interchange.own_notetypes import own_card, own_notetype
from omm_cards.model import CardType

SOURCE_FIELDS = {"source", "sources"}


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
        made = list(note_drafts(where, note, notetype, decks))
        if not made:
            skipped.append(Skipped(where, f"{notetype.name}: none of its templates makes a card"))
        found.extend(made)
    return found, skipped


def note_drafts(where: str, note: AnkiNote, notetype: AnkiNotetype, decks: dict[int, str]) -> Iterator[Draft]:
    values = dict(zip(notetype.fields, note.fields, strict=False))
    values.update({f: "" for f in notetype.fields if f not in values})
    source_field = next((f for f in notetype.fields if f.lower() in SOURCE_FIELDS), None)
    source = html_to_text(values[source_field]).text if source_field else ""
    if source_field:
        values[source_field] = ""  # the card's source, not its text
    first_deck = decks[min(decks)] if decks else ""

    def fields(deck: str, template: AnkiTemplate) -> dict[str, str]:
        names = special_fields(tags=note.tags, notetype=notetype.name, deck=deck, card=template.name)
        return names | values

    own = own_notetype(notetype.name, notetype.fields)
    if own is not None and not own.cloze:
        # Our own export: read field by field, so the round trip gives back the same card.
        card_type, content = own_card(own, {name: html_to_text(value).text for name, value in values.items()})
        yield Draft(where, note.guid, 0, card_type, content, note.tags, first_deck, source, note.id)
        return
    if notetype.cloze:
        template = notetype.templates[0] if notetype.templates else AnkiTemplate(0, "", "{{cloze:Text}}", "")
        yield from _cloze_drafts(where, note, template, fields(first_deck, template), decks, source)
        return
    made = sorted(decks) if decks else [0]
    for template in notetype.templates:
        if template.ord not in made:
            continue
        deck = decks.get(template.ord, first_deck)
        question, answer = render_card(template.question, template.answer, fields(deck, template), template.ord)
        front = html_to_text(question.html).text
        back = html_to_text(answer.html).text
        if answer.typed is not None:
            expected = html_to_text(values.get(answer.typed.field, "")).text
            content = {"front": front, "answer": expected, "extra": _without(back, expected)}
            yield Draft(where, note.guid, template.ord, CardType.TYPED, content, note.tags, deck, source, note.id)
            continue
        content = {"front": front, "back": back}
        yield Draft(where, note.guid, template.ord, CardType.BASIC, content, note.tags, deck, source, note.id)


def _cloze_drafts(
    where: str, note: AnkiNote, template: AnkiTemplate, fields: dict[str, str], decks: dict[int, str], source: str
) -> Iterator[Draft]:
    names = cloze_fields(template.question) or cloze_fields(template.answer) or (next(iter(fields)),)
    # What the answer adds to the deletions: the answer side rendered with the cloze fields left out.
    rest = fields | {name: "" for name in names}
    _, extra_side = render_card(template.question, template.answer, rest, 0)
    extra = html_to_text(extra_side.html).text
    question, _ = render_card(template.question, template.answer, fields, 0)
    first_deck = decks[min(decks)] if decks else ""
    if question.typed is not None and question.typed.cloze:
        # A type-in cloze: each deletion is a typed card, answered with the text it hides.
        for ordinal in sorted(decks) or [0]:
            asked, _ = render_card(template.question, template.answer, fields, ordinal)
            content = {
                "front": html_to_text(asked.html).text,
                "answer": html_to_text(cloze_answer(fields.get(question.typed.field, ""), ordinal + 1)).text,
                "extra": extra,
            }
            deck = decks.get(ordinal, first_deck)
            yield Draft(where, note.guid, ordinal, CardType.TYPED, content, note.tags, deck, source, note.id)
        return
    texts = [html_to_text(flatten_clozes(fields.get(name, ""))).text for name in names]
    content = {"text": "\n".join(t for t in texts if t), "extra": extra}
    yield Draft(where, note.guid, 0, CardType.CLOZE, content, note.tags, first_deck, source, note.id)


def _without(text: str, expected: str) -> str:
    """The answer side of a typed card less the typed answer it shows (the rest is the card's extra)."""
    if expected and expected in text:
        before, _, after = text.partition(expected)
        return "\n".join(part.strip() for part in (before, after) if part.strip())
    return text
