"""The Anki notes a deck was imported from, kept beside it so export can give them back to Anki.

Anki updates a note on import only when the incoming note has the same GUID and the same note type
(the same id, fields and templates); anything else is a conflict it leaves alone, or a new note. So the
import keeps, beside the YAML deck (`decks/DECK.anki.json`), each note type (id, name, kind, fields,
templates, styling) and each note's fields and tags; `.apkg` export writes the note back in its own
note type, with the edits made to its cards carried into the fields they came from: a card side (front,
back, answer, extra, cloze text) that no longer reads as the note rendered it replaces the one field
whose text it was. An edit that cannot be traced to one field (a side made of several fields) is not
carried back; the note is written as Anki had it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from omm_cards.interchange.anki_collection import AnkiCollection, AnkiNote, AnkiNotetype, AnkiTemplate
from omm_cards.interchange.html_text import html_to_text, to_html

VERSION = 1
SIDES = ("front", "back", "text", "answer", "extra")


@dataclass(frozen=True)
class Original:
    """One Anki note as imported: its note type and its fields."""

    notetype: AnkiNotetype
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def keep(collection: AnkiCollection, guids: set[str]) -> dict[str, Any]:
    """The sidecar for the notes (by GUID) that became cards: JSON-ready."""
    notes = [n for n in collection.notes if n.guid in guids and n.notetype_id in collection.notetypes]
    used = {n.notetype_id for n in notes}
    return {
        "version": VERSION,
        "notetypes": {
            str(nt.id): {
                "name": nt.name,
                "cloze": nt.cloze,
                "fields": list(nt.fields),
                "templates": [[t.name, t.question, t.answer] for t in nt.templates],
                "css": nt.css,
            }
            for nt in collection.notetypes.values()
            if nt.id in used
        },
        "notes": {
            n.guid: {"notetype": str(n.notetype_id), "fields": list(n.fields), "tags": list(n.tags)} for n in notes
        },
    }


def read(data: Any) -> dict[str, Original]:
    """The sidecar's notes by GUID; anything malformed reads as no notes (export then uses our note types)."""
    try:
        if data.get("version") != VERSION:
            return {}
        notetypes = {}
        for key, nt in data["notetypes"].items():
            templates = tuple(
                AnkiTemplate(i, str(name), str(q), str(a)) for i, (name, q, a) in enumerate(nt["templates"])
            )
            fields = tuple(str(f) for f in nt["fields"])
            name, cloze, css = str(nt["name"]), bool(nt["cloze"]), str(nt.get("css", ""))
            notetypes[key] = AnkiNotetype(int(key), name, cloze, False, fields, templates, css)
        found = {}
        for guid, note in data["notes"].items():
            values = tuple(str(v) for v in note["fields"])
            tags = tuple(str(t) for t in note["tags"])
            found[str(guid)] = Original(notetypes[str(note["notetype"])], values, tags)
        return found
    except (AttributeError, KeyError, TypeError, ValueError):
        return {}


def fields_with_edits(original: Original, cards: Mapping[int, Mapping[str, str]]) -> list[str]:
    """The note's fields with its cards' edits carried back; `cards` maps a card's ordinal to its sides now."""
    from omm_cards.interchange.anki_notes import note_drafts

    notetype = original.notetype
    values = list(original.fields) + [""] * (len(notetype.fields) - len(original.fields))
    note = AnkiNote(0, "", notetype.id, original.tags, tuple(values))
    before = {d.ordinal: d.fields for d in note_drafts("", note, notetype, dict.fromkeys(cards, ""))}
    texts = [html_to_text(v).text for v in values]
    for ordinal, now in cards.items():
        was = before.get(ordinal)
        if was is None:
            continue
        for side in SIDES:
            old, new = was.get(side, ""), now.get(side, "")
            if old == new or not old:
                continue
            matches = [i for i, text in enumerate(texts) if text == old]
            if len(matches) == 1:
                values[matches[0]] = to_html(new)
                texts[matches[0]] = new
    return values
