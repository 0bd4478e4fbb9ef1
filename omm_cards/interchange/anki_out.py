"""The notes a deck becomes in Anki, whichever file carries them: `.apkg` and CSV exports both write these.

Anki updates a note on import only when the incoming note has the note's GUID and its note type; the
same GUID in another note type is a conflict it leaves alone. So both formats take their notes from
here: a card imported from an Anki note kept in `originals` goes back as that note (its GUID, its note
type, the card's edits carried into its fields); every other card is a note of our own note type for
its card type (own_notetypes) with GUID `omm-cards:DECK/CARD`. Exporting a deck as CSV after `.apkg`
(or the other way round) then updates the notes the first import made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from omm_cards.deckfile.document import card_entry, entry_key, written_cards
from omm_cards.interchange.anki_collection import AnkiNotetype
from omm_cards.interchange.anki_originals import SIDES, Original, fields_with_edits
from omm_cards.interchange.html_text import to_html
from omm_cards.interchange.ids import STATE_TAGS, key_from_guid, own_guid
from omm_cards.interchange.own_notetypes import OWN, OwnNotetype, own_fields
from omm_cards.model import Card, Deck, tag_key


@dataclass(frozen=True)
class OutNote:
    guid: str
    notetype: OwnNotetype | AnkiNotetype
    fields: list[str]  # Anki field HTML, in the note type's order
    tags: list[str]
    decks: dict[int, str]  # card ordinal -> the Anki deck (subdeck path) that card goes to

    @property
    def deck(self) -> str:
        """The note's deck, where a format has one a note (CSV): its first card's."""
        return self.decks[min(self.decks)]


def outgoing_notes(deck: Deck, originals: Mapping[str, Original] | None = None) -> list[OutNote]:
    """The deck's cards as Anki notes, in file order (a kept note where its first card stands)."""
    originals = originals or {}
    cards = written_cards(deck)
    kept: dict[str, list[Card]] = {}
    order: list[str | OutNote] = []
    for card, guid in zip(cards, note_guids(deck.id, cards), strict=True):
        if card.guid in originals:
            if card.guid not in kept:
                order.append(card.guid)
            kept.setdefault(card.guid, []).append(card)
            continue
        name, fields = own_fields(card)
        order.append(
            OutNote(guid, OWN[name], [to_html(f) for f in fields], anki_tags(card), {0: anki_deck(deck, card)})
        )
    return [item if isinstance(item, OutNote) else _kept(deck, originals[item], item, kept[item]) for item in order]


def _kept(deck: Deck, original: Original, guid: str, cards: list[Card]) -> OutNote:
    sides = {_ordinal(card, guid): _sides(card) for card in cards}
    # Anki's state tags and a category tag our import read, then the card's own tags.
    kept_tags = [t for t in original.tags if tag_key(t) in STATE_TAGS or tag_key(t).startswith("category::")]
    tags = list(dict.fromkeys([*cards[0].tags, *kept_tags]))
    # Decks belong to cards: each card goes back to its own subdeck.
    decks = {_ordinal(card, guid): anki_deck(deck, card) for card in cards}
    return OutNote(guid, original.notetype, fields_with_edits(original, sides), tags, decks)


def note_guids(deck_id: str, cards: list[Card]) -> list[str]:
    """Each card's note GUID in Anki: the one it was imported with, so Anki updates that note; else ours.

    Cards made from one Anki note by several templates share its GUID, but each is a note of its own
    here: the first keeps the GUID, the others take ours (`omm-cards:DECK/ID-t2`), which read back to the
    same ids.
    """
    used: set[str] = set()
    guids = []
    for card in cards:
        guid = card.guid if card.guid and card.guid not in used else own_guid(deck_id, entry_key(card))
        used.add(guid)
        guids.append(guid)
    return guids


def anki_deck(deck: Deck, card: Card) -> str:
    """The Anki deck a card goes to: the subdeck it came from, else the deck's title."""
    return card.subdeck or deck.title


def anki_tags(card: Card) -> list[str]:
    """Our tags, plus the category as a tag (`category::technique`), which our importer reads back."""
    return [*card.tags, f"category::{card.category.value}"]


def _ordinal(card: Card, guid: str) -> int:
    """Which of its note's cards a card is: `KEY` is the first, `KEY-t2` the second..."""
    base = key_from_guid(guid)
    tail = entry_key(card).removeprefix(f"{base}-t")
    return int(tail) - 1 if tail != entry_key(card) and tail.isdigit() else 0


def _sides(card: Card) -> dict[str, str]:
    entry = card_entry(card)
    return {side: str(entry[side]) for side in SIDES if side in entry}
