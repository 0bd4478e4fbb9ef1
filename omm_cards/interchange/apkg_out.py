"""Writing a deck as an Anki package with genanki.

Note GUIDs are `omm-cards:DECK/CARD` (or the GUID of the Anki note a card came from), so importing a
newer export into Anki updates its notes instead of adding copies, and our own importer reads the same
ids back. Each card type has its own note type (own_notetypes): typed and multiple-choice cards stay
interactive in Anki and come back as they were. Note type and deck ids are derived
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
from omm_cards.interchange.own_notetypes import BASIC, CLOZE, MCQ, OWN, TYPED
from omm_cards.model import LETTERS, Card, ClozeBody, Deck, McqBody, TypedBody, tag_key


def _models() -> dict[str, Any]:
    import genanki  # type: ignore[import-untyped]

    return {
        nt.name: genanki.Model(
            nt.id,
            nt.name,
            fields=[{"name": name} for name in nt.fields],
            templates=[{"name": "Cloze" if nt.cloze else "Card 1", "qfmt": nt.question, "afmt": nt.answer}],
            model_type=genanki.Model.CLOZE if nt.cloze else genanki.Model.FRONT_BACK,
        )
        for nt in OWN.values()
    }


def anki_deck_id(deck_id: str) -> int:
    return 1_000_000_000 + int(hashlib.sha1(deck_id.encode("utf-8")).hexdigest()[:8], 16) % 1_000_000_000


def to_apkg(deck: Deck, timestamp: float, originals: Mapping[str, Original] | None = None) -> bytes:
    """The package's bytes; `timestamp` (the workspace's now) dates the notes, so tests need no clock.

    A card imported from an Anki note kept in `originals` (by GUID) is written back as that note, in its
    own note type, with the card's edits carried into its fields: Anki then updates the note.
    """
    import genanki

    models = _models()
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
        name, fields = own_fields(card)
        note = genanki.Note(model=models[name], fields=[to_html(f) for f in fields], tags=anki_tags(card), guid=guid)
        target(card).add_note(note)
    originals_models: dict[int, Any] = {}
    for guid, own in kept.items():
        original = originals[guid]
        notetype = original.notetype
        if notetype.id not in originals_models:
            originals_models[notetype.id] = _original_model(notetype)
        sides = {_ordinal(card, guid): _sides(card) for card in own}
        fields = fields_with_edits(original, sides)
        # Anki's state tags and a category tag our import read, then the card's own tags.
        kept_tags = [t for t in original.tags if tag_key(t) in STATE_TAGS or tag_key(t).startswith("category::")]
        tags = list(dict.fromkeys([*own[0].tags, *kept_tags]))
        # Decks belong to cards: each card goes back to its own subdeck.
        decks = {_ordinal(card, guid): target(card).deck_id for card in own}
        note = _placed_note()(decks, model=originals_models[notetype.id], fields=fields, tags=tags, guid=guid)
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


def own_fields(card: Card) -> tuple[str, list[str]]:
    """The card as a note of our own note type for its card type: (note type name, fields as text)."""
    b, tail = card.body, [card.extra(), card.source]
    if isinstance(b, ClozeBody):
        return CLOZE.name, [b.text, *tail]
    if isinstance(b, TypedBody):
        return TYPED.name, [b.front, b.answer, "\n".join(b.accept), "yes" if b.unordered else "", *tail]
    if isinstance(b, McqBody):
        texts = [o.text for o in b.options] + [""] * (len(LETTERS) - len(b.options))
        whys = [o.why for o in b.options] + [""] * (len(LETTERS) - len(b.options))
        return MCQ.name, [b.stem, *texts, *whys, LETTERS[b.answer], *tail]
    return BASIC.name, [card.front(), card.back(), *tail]
