"""Which files are foreign decks, and reading one into our deck shape."""

from __future__ import annotations

import hashlib
from pathlib import Path

from omm_cards.interchange.drafts import Conversion, DeckInfo, assemble
from omm_cards.model import Category
from omm_cards.reading import read_limited

ANKI_SUFFIXES = {".apkg", ".colpkg"}
TEXT_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": "\t"}  # the separator when the file names none
# A text file is read whole and converted in memory, to a YAML deck at least as large: 32 MB holds
# 100,000 cards several times over. A larger file is refused before it is read, not after minutes of
# conversion.
MAX_TEXT = 32 * 1024 * 1024


def is_foreign(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in ANKI_SUFFIXES or suffix in TEXT_SUFFIXES


def convert(
    path: Path, *, deck_id: str | None = None, category: Category = Category.PRINCIPLE, skip_bad: bool = False
) -> Conversion:
    """Read a CSV/TSV or Anki file as one deck; raises DeckError with a located line per problem.

    With `skip_bad`, rows that cannot be read (ragged rows) are skipped and listed instead.
    """
    suffix = path.suffix.lower()
    if suffix in ANKI_SUFFIXES:
        from omm_cards.interchange import anki_notes, anki_package

        collection, media, _member = anki_package.read_package(path)
        from omm_cards.interchange import anki_originals

        drafts, skipped = anki_notes.drafts(collection, str(path))
        version = hashlib.sha256(repr(collection).encode("utf-8")).hexdigest()
        conversion = assemble(DeckInfo(str(path), path.stem, version, deck_id, category), drafts, skipped, media)
        guids = {str(card["guid"]) for card in conversion.document["cards"] if "guid" in card}
        if guids:
            conversion.originals = anki_originals.keep(collection, guids)
        conversion.anki = collection
        shown = {name for card in conversion.document["cards"] for name in _media_names(card)}
        if shown and media:
            conversion.media_files = anki_package.read_media(path, shown)
        return conversion
    from omm_cards.interchange import csv_in

    data = _read(path)
    drafts, skipped, media, notes = csv_in.read_csv(data, str(path), TEXT_SUFFIXES[suffix], skip_bad=skip_bad)
    version = hashlib.sha256(data).hexdigest()
    conversion = assemble(DeckInfo(str(path), path.stem, version, deck_id, category), drafts, skipped, media)
    conversion.originals = notes  # the Anki notes its rows were, so a CSV export updates them
    return conversion


def _media_names(card: dict[str, object]) -> list[str]:
    from omm_cards.interchange.media import referenced

    sides = ("front", "back", "text", "answer", "extra")
    return [name for side in sides for name in referenced(str(card.get(side, "")))]


def _read(path: Path) -> bytes:
    return read_limited(path, MAX_TEXT)
