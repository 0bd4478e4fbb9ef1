"""Writing a deck out as CSV that Anki imports as it stands (YAML export lives in deckfile.dump)."""

from __future__ import annotations

import csv
import html
import io
import re

from omm_cards.deckfile.document import entry_key, written_cards
from omm_cards.interchange.ids import own_guid
from omm_cards.model import Card, ClozeBody, Deck, TypedBody, accepted_line

# Anki's own note types, present in every collection: Basic (Front, Back) and Cloze (Text, Back Extra).
BASIC, CLOZE = "Basic", "Cloze"


def to_csv(deck: Deck) -> str:
    """Tab-separated, with the header lines Anki's own note export writes, so Anki maps every column."""
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    cards = written_cards(deck)
    for card, guid in zip(cards, note_guids(deck.id, cards), strict=True):
        notetype, first, second = note_fields(card)
        row = [guid, notetype, anki_deck(deck, card), to_html(first), to_html(second), " ".join(anki_tags(card))]
        writer.writerow(row)
    return out.getvalue()


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


def note_fields(card: Card) -> tuple[str, str, str]:
    """(note type, first field, second field) in Anki's stock types; what has no field of its own joins the back."""
    tail = [part for part in (card.extra(), f"Source: {card.source}" if card.source else "") if part]
    if isinstance(card.body, ClozeBody):
        return CLOZE, card.body.text, "\n\n".join(tail)
    back = card.back()
    if isinstance(card.body, TypedBody) and card.body.accept:
        back += "\n" + accepted_line(card.body)
    return BASIC, card.front(), "\n\n".join([back, *tail])


def anki_tags(card: Card) -> list[str]:
    """Our tags, plus the category as a tag (`category::technique`), which our importer reads back."""
    return [*card.tags, f"category::{card.category.value}"]


def to_html(text: str) -> str:
    """Plain text as Anki field HTML: escaped, line breaks as <br>, runs of spaces kept."""
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return re.sub(r" (?= )", "&nbsp;", escaped)
