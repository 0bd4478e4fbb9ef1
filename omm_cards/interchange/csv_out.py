"""Writing a deck out as CSV that Anki imports (YAML export lives in deckfile.dump).

The rows are anki_out's notes, the ones the `.apkg` export writes: the same GUIDs and the same note types
(ours by name, or the Anki note type a card came from), so Anki updates one set of notes whichever format
a student exports. Anki's CSV import can only name note types the collection has: ours arrive with any
omm-cards `.apkg`, which is why `decks export` says so when it writes CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from omm_cards.interchange.anki_originals import Original
from omm_cards.interchange.anki_out import outgoing_notes
from omm_cards.model import Deck

# Anki's header lines: then each row is GUID, note type, deck, tags, and the note's fields in order.
HEADER = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:4\n"


def to_csv(deck: Deck, originals: Mapping[str, Original] | None = None) -> str:
    """Tab-separated, with the header lines Anki's own note export writes, so Anki maps every column. Rows
    are padded to the widest note type's fields, so every row has the same number of columns."""
    notes = outgoing_notes(deck, originals)
    width = max((len(note.fields) for note in notes), default=0)
    out = io.StringIO()
    out.write(HEADER)
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for note in notes:
        padding = [""] * (width - len(note.fields))
        writer.writerow([note.guid, note.notetype.name, note.deck, " ".join(note.tags), *note.fields, *padding])
    return out.getvalue()
