"""Anki notes that came as rows of a text file (Anki's "Notes in Plain Text" with a GUID column), kept so
a CSV export gives them back to Anki as the notes they were.

Anki updates a note from a CSV row only with the note's GUID in its own note type, which a text file
names but does not describe. So the import keeps, in the same sidecar as a package's notes
(anki_originals), each row's note type name, fields and tags, and a note type made up to read the row
as the import did: the front and back columns (or the cloze text) as its templates. A CSV export then
writes the note back under its own note type's name with the card's edits carried into those fields.
Such a note type has no id of Anki's (it is stored under a negative number), so an `.apkg` export,
whose note types Anki matches by id, writes those cards in our own note types instead.
"""

from __future__ import annotations

from typing import Any

from omm_cards.interchange.anki_originals import VERSION

FRONT_LABELS, BACK_LABELS, TEXT_LABELS = ("front", "question"), ("back", "answer"), ("text",)


def slot(names: list[str], labels: tuple[str, ...], position: int) -> int:
    """The column a side is read from: the first named like it, else its place."""
    lowered = [name.strip().lower() for name in names]
    return next((lowered.index(label) for label in labels if label in lowered), position)


def keep_rows(names: list[str], rows: list[tuple[str, str, list[str], tuple[str, ...]]]) -> dict[str, Any]:
    """The sidecar (anki_originals' shape) for rows of (GUID, note type name, fields as HTML, tags)."""
    width = max((len(fields) for _, _, fields, _ in rows), default=0)
    fields = _field_names([names[i] if i < len(names) else "" for i in range(width)])
    notetypes: dict[str, str] = {}  # name -> key
    for _, name, _, _ in rows:
        notetypes.setdefault(name, str(-1 - len(notetypes)))
    return {
        "version": VERSION,
        "notetypes": {key: _notetype(name, fields, names) for name, key in notetypes.items()},
        "notes": {
            guid: {"notetype": notetypes[name], "fields": values, "tags": list(tags)}
            for guid, name, values, tags in rows
        },
    }


def _notetype(name: str, fields: list[str], names: list[str]) -> dict[str, Any]:
    def at(labels: tuple[str, ...], position: int) -> str:
        return fields[min(slot(names, labels, position), len(fields) - 1)]

    lowered = name.lower()
    if "cloze" in lowered:
        text = at(TEXT_LABELS, 0)
        templates = [["Cloze", f"{{{{cloze:{text}}}}}", f"{{{{cloze:{text}}}}}"]]
    else:
        front, back = at(FRONT_LABELS, 0), at(BACK_LABELS, 1)
        shown = f"type:{back}" if "type" in lowered and "answer" in lowered else back  # as the import read it
        templates = [["Card 1", f"{{{{{front}}}}}", f"{{{{FrontSide}}}}<hr id=answer>{{{{{shown}}}}}"]]
        if "reverse" in lowered:
            templates.append(["Card 2", f"{{{{{back}}}}}", f"{{{{FrontSide}}}}<hr id=answer>{{{{{front}}}}}"])
    return {"name": name, "cloze": "cloze" in lowered, "fields": fields, "templates": templates, "css": ""}


def _field_names(labels: list[str]) -> list[str]:
    """The columns' labels as field names where they are usable (unique, no template braces), else `Field N`."""
    out: list[str] = []
    for i, label in enumerate(labels, 1):
        name = label.strip()
        if not name or name in out or any(c in name for c in "{}#^/:"):
            name = f"Field {i}"
        out.append(name)
    return out
