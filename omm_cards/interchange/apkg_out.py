"""Writing a deck as an Anki package with genanki.

Note GUIDs are `omm-cards:DECK/CARD`, so importing a newer export into Anki updates its notes instead
of adding copies, and our own importer reads the same ids back. Note type and deck ids are derived
from fixed names, never from the clock, so every export of a deck lands in the same Anki deck.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from omm_cards.deckfile.document import written_cards
from omm_cards.interchange.csv_out import anki_deck, anki_tags, note_guids, to_html
from omm_cards.model import Card, CardType, ClozeBody, Deck, TypedBody, accepted_line

BASIC_ID = 1_607_392_311  # fixed: Anki matches note types by id on import
CLOZE_ID = 1_607_392_312
_EXTRA = "{{#Extra}}<br><br>{{Extra}}{{/Extra}}"
_SOURCE = "{{#Source}}<br><br><small>{{Source}}</small>{{/Source}}"


def _models() -> tuple[Any, Any]:
    import genanki  # type: ignore[import-untyped]

    basic = genanki.Model(
        BASIC_ID,
        "omm-cards Basic",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}" + _EXTRA + _SOURCE,
            }
        ],
    )
    cloze = genanki.Model(
        CLOZE_ID,
        "omm-cards Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Source"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}{{#Back Extra}}<br><br>{{Back Extra}}{{/Back Extra}}" + _SOURCE,
            }
        ],
        model_type=genanki.Model.CLOZE,
    )
    return basic, cloze


def anki_deck_id(deck_id: str) -> int:
    return 1_000_000_000 + int(hashlib.sha1(deck_id.encode("utf-8")).hexdigest()[:8], 16) % 1_000_000_000


def to_apkg(deck: Deck, timestamp: float) -> bytes:
    """The package's bytes; `timestamp` (the workspace's now) dates the notes, so tests need no clock."""
    import genanki

    basic, cloze = _models()
    targets: dict[str, Any] = {}
    cards = written_cards(deck)
    for card, guid in zip(cards, note_guids(deck.id, cards), strict=True):
        name = anki_deck(deck, card)
        if name not in targets:
            deck_key = deck.id if name == deck.title else f"{deck.id}\x1f{name}"
            targets[name] = genanki.Deck(anki_deck_id(deck_key), name, deck.description)
        model, fields = (cloze, _cloze_fields(card)) if card.type is CardType.CLOZE else (basic, _basic_fields(card))
        note = genanki.Note(model=model, fields=[to_html(f) for f in fields], tags=anki_tags(card), guid=guid)
        targets[name].add_note(note)
    out = io.BytesIO()
    genanki.Package(list(targets.values())).write_to_file(out, timestamp=timestamp)
    return out.getvalue()


def _cloze_fields(card: Card) -> list[str]:
    text = card.body.text if isinstance(card.body, ClozeBody) else card.front()
    return [text, card.extra(), card.source]


def _basic_fields(card: Card) -> list[str]:
    """Basic cards as they are; multiple-choice and typed cards as the question and answer they show."""
    back = card.back()
    if isinstance(card.body, TypedBody) and card.body.accept:
        back += "\n" + accepted_line(card.body)
    return [card.front(), back, card.extra(), card.source]
