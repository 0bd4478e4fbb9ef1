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
    for card in written_cards(deck):
        notetype, first, second = note_fields(card)
        guid = own_guid(deck.id, entry_key(card))
        writer.writerow([guid, notetype, deck.title, to_html(first), to_html(second), " ".join(anki_tags(card))])
    return out.getvalue()


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
