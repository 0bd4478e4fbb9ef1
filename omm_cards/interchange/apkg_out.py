"""Writing a deck as an Anki package with genanki.

The notes are anki_out's, the same the CSV export writes: GUIDs `omm-cards:DECK/CARD` (or the GUID of
the Anki note a card came from), so importing a newer export into Anki updates its notes instead of
adding copies, and our own importer reads the same ids back. Each card type has its own note type
(own_notetypes): typed and multiple-choice cards stay interactive in Anki and come back as they were.
Note type and deck ids are derived from fixed names, never from the clock, so every export of a deck
lands in the same Anki deck.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from typing import Any

from omm_cards.interchange.anki_collection import AnkiNotetype
from omm_cards.interchange.anki_originals import Original
from omm_cards.interchange.anki_out import outgoing_notes
from omm_cards.interchange.own_notetypes import OwnNotetype
from omm_cards.model import Deck


def anki_deck_id(deck_id: str) -> int:
    return 1_000_000_000 + int(hashlib.sha1(deck_id.encode("utf-8")).hexdigest()[:8], 16) % 1_000_000_000


def to_apkg(deck: Deck, timestamp: float, originals: Mapping[str, Original] | None = None) -> bytes:
    """The package's bytes; `timestamp` (the workspace's now) dates the notes, so tests need no clock.

    A card imported from an Anki note kept in `originals` (by GUID) is written back as that note, in its
    own note type, with the card's edits carried into its fields: Anki then updates the note.
    """
    import genanki  # type: ignore[import-untyped]

    models: dict[int, Any] = {}
    targets: dict[str, Any] = {}

    def target(name: str) -> Any:
        if name not in targets:
            deck_key = deck.id if name == deck.title else f"{deck.id}\x1f{name}"
            targets[name] = genanki.Deck(anki_deck_id(deck_key), name, deck.description)
        return targets[name]

    # A note kept from a text file has no note type id of Anki's (text_notes): here it is one of ours.
    from_packages = {guid: o for guid, o in (originals or {}).items() if o.notetype.id > 0}
    for note in outgoing_notes(deck, from_packages):
        notetype = note.notetype
        if notetype.id not in models:
            models[notetype.id] = _model(notetype)
        decks = {ordinal: target(name).deck_id for ordinal, name in note.decks.items()}
        made = _placed_note()(decks, model=models[notetype.id], fields=note.fields, tags=note.tags, guid=note.guid)
        target(note.deck).add_note(made)
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


def _model(notetype: OwnNotetype | AnkiNotetype) -> Any:
    """A genanki note type: one of ours, or a kept note's own (its id, templates and styling as Anki had them)."""
    import genanki

    if isinstance(notetype, OwnNotetype):
        templates = [
            {"name": "Cloze" if notetype.cloze else "Card 1", "qfmt": notetype.question, "afmt": notetype.answer}
        ]
        css = ""
    else:
        templates = [{"name": t.name, "qfmt": t.question, "afmt": t.answer} for t in notetype.templates]
        css = notetype.css
    return genanki.Model(
        notetype.id,
        notetype.name,
        fields=[{"name": name} for name in notetype.fields],
        templates=templates,
        css=css,
        model_type=genanki.Model.CLOZE if notetype.cloze else genanki.Model.FRONT_BACK,
    )
