"""Writing a deck as an Anki package with genanki.

Note GUIDs are `omm-cards:DECK/CARD`, so importing a newer export into Anki updates its notes instead
of adding copies, and our own importer reads the same ids back. Note type and deck ids are derived
from fixed names, never from the clock, so every export of a deck lands in the same Anki deck.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from typing import Any

from omm_cards.deckfile.document import card_entry, entry_key, written_cards
from omm_cards.interchange.anki_collection import AnkiNotetype
from omm_cards.interchange.anki_originals import SIDES, Original, fields_with_edits
from omm_cards.interchange.csv_out import anki_deck, anki_tags, note_guids, to_html
from omm_cards.interchange.ids import STATE_TAGS, key_from_guid
from omm_cards.model import Card, CardType, ClozeBody, Deck, TypedBody, accepted_line, tag_key

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


def to_apkg(deck: Deck, timestamp: float, originals: Mapping[str, Original] | None = None) -> bytes:
    """The package's bytes; `timestamp` (the workspace's now) dates the notes, so tests need no clock.

    A card imported from an Anki note kept in `originals` (by GUID) is written back as that note, in its
    own note type, with the card's edits carried into its fields: Anki then updates the note.
    """
    import genanki

    basic, cloze = _models()
    targets: dict[str, Any] = {}

    def target(card: Card) -> Any:
        name = anki_deck(deck, card)
        if name not in targets:
            deck_key = deck.id if name == deck.title else f"{deck.id}\x1f{name}"
            targets[name] = genanki.Deck(anki_deck_id(deck_key), name, deck.description)
        return targets[name]

    originals = originals or {}
    kept: dict[str, list[Card]] = {}
    cards = written_cards(deck)
    for card, guid in zip(cards, note_guids(deck.id, cards), strict=True):
        if card.guid in originals:
            kept.setdefault(card.guid, []).append(card)
            continue
        model, fields = (cloze, _cloze_fields(card)) if card.type is CardType.CLOZE else (basic, _basic_fields(card))
        note = genanki.Note(model=model, fields=[to_html(f) for f in fields], tags=anki_tags(card), guid=guid)
        target(card).add_note(note)
    models: dict[int, Any] = {}
    for guid, own in kept.items():
        original = originals[guid]
        notetype = original.notetype
        if notetype.id not in models:
            models[notetype.id] = _original_model(notetype)
        sides = {_ordinal(card, guid): _sides(card) for card in own}
        fields = fields_with_edits(original, sides)
        # Anki's state tags and a category tag our import read, then the card's own tags.
        kept_tags = [t for t in original.tags if tag_key(t) in STATE_TAGS or tag_key(t).startswith("category::")]
        tags = list(dict.fromkeys([*own[0].tags, *kept_tags]))
        # Decks belong to cards: each card goes back to its own subdeck.
        decks = {_ordinal(card, guid): target(card).deck_id for card in own}
        note = _placed_note()(decks, model=models[notetype.id], fields=fields, tags=tags, guid=guid)
        target(own[0]).add_note(note)
    out = io.BytesIO()
    genanki.Package(list(targets.values())).write_to_file(out, timestamp=timestamp)
    return out.getvalue()


class _Placed:
    """A genanki card written into a deck of its own rather than its note's."""

    def __init__(self, card: Any, deck_id: int | None) -> None:
        self.card, self.deck_id = card, deck_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.card, name)

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, *args: Any) -> None:
        self.card.write_to_db(cursor, timestamp, self.deck_id or deck_id, *args)


def _placed_note() -> Any:
    """genanki's Note, whose cards go to the decks given by ordinal (genanki puts them all in the note's)."""
    import genanki

    class PlacedNote(genanki.Note):  # type: ignore[misc]
        def __init__(self, decks: dict[int, int], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.decks = decks

        @property
        def cards(self) -> list[_Placed]:
            return [_Placed(card, self.decks.get(card.ord)) for card in super().cards]

    return PlacedNote


def _original_model(notetype: AnkiNotetype) -> Any:
    import genanki

    return genanki.Model(
        notetype.id,
        notetype.name,
        fields=[{"name": name} for name in notetype.fields],
        templates=[{"name": t.name, "qfmt": t.question, "afmt": t.answer} for t in notetype.templates],
        css=notetype.css,
        model_type=genanki.Model.CLOZE if notetype.cloze else genanki.Model.FRONT_BACK,
    )


def _ordinal(card: Card, guid: str) -> int:
    """Which of its note's cards a card is: `KEY` is the first, `KEY-t2` the second..."""
    base = key_from_guid(guid)
    tail = entry_key(card).removeprefix(f"{base}-t")
    return int(tail) - 1 if tail != entry_key(card) and tail.isdigit() else 0


def _sides(card: Card) -> dict[str, str]:
    entry = card_entry(card)
    return {side: str(entry[side]) for side in SIDES if side in entry}


def _cloze_fields(card: Card) -> list[str]:
    text = card.body.text if isinstance(card.body, ClozeBody) else card.front()
    return [text, card.extra(), card.source]


def _basic_fields(card: Card) -> list[str]:
    """Basic cards as they are; multiple-choice and typed cards as the question and answer they show."""
    back = card.back()
    if isinstance(card.body, TypedBody) and card.body.accept:
        back += "\n" + accepted_line(card.body)
    return [card.front(), back, card.extra(), card.source]
