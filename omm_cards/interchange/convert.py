"""Which files are foreign decks, and reading one into our deck shape."""

from __future__ import annotations

import hashlib
from pathlib import Path

from omm_cards.errors import DeckError
from omm_cards.interchange.assemble import Conversion, DeckInfo, assemble
from omm_cards.model import Category

ANKI_SUFFIXES = {".apkg", ".colpkg"}
TEXT_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": "\t"}  # the separator when the file names none
MAX_TEXT = 64 * 1024 * 1024


def is_foreign(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in ANKI_SUFFIXES or suffix in TEXT_SUFFIXES


def convert(path: Path, *, deck_id: str | None = None, category: Category = Category.PRINCIPLE) -> Conversion:
    """Read a CSV/TSV or Anki file as one deck; raises DeckError with a located line per problem."""
    suffix = path.suffix.lower()
    if suffix in ANKI_SUFFIXES:
        from omm_cards.interchange import anki, apkg

        collection, media, _member = apkg.read_package(path)
        drafts, skipped = anki.drafts(collection, str(path))
        version = hashlib.sha256(repr(collection).encode("utf-8")).hexdigest()
        return assemble(DeckInfo(str(path), path.stem, version, deck_id, category), drafts, skipped, media)
    from omm_cards.interchange import csvfile

    data = _read(path)
    drafts, skipped, media = csvfile.read_csv(data, str(path), TEXT_SUFFIXES[suffix])
    version = hashlib.sha256(data).hexdigest()
    return assemble(DeckInfo(str(path), path.stem, version, deck_id, category), drafts, skipped, media)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TEXT + 1)
    except OSError as error:
        raise DeckError([f"{path}:1:1: -: file: cannot read: {error.strerror}"]) from None
    if len(data) > MAX_TEXT:
        raise DeckError([f"{path}:1:1: -: file: larger than {MAX_TEXT // (1024 * 1024)} MB"])
    return data
