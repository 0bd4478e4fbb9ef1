"""Anki packages (.apkg, .colpkg): a zip holding one collection and numbered media files.

A package from Anki 2.1.50 or later holds `collection.anki21b` (the collection compressed with
zstd) beside a stub `collection.anki2` that only tells old versions to upgrade, so the newest
collection inside wins. Media files are not read: they are counted for the import report.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from omm_cards.errors import DeckError
from omm_cards.interchange.anki_collection import AnkiCollection, read_collection
from omm_cards.reading import check_regular

# Newest first: the first one present is the real collection.
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
# A collection holds notes, cards and their history, never media: one whose notes fit a deck (32 MB of
# YAML) is far below this. Checked while decompressing, so a zip or zstd bomb stops at the limit.
MAX_COLLECTION = 256 * 1024 * 1024
MAX_PACKAGE = 16 * 1024 * 1024 * 1024  # media included
_CHUNK = 1024 * 1024


def read_package(path: Path) -> tuple[AnkiCollection, int, str]:
    """The collection inside, the number of media files skipped, and which member was read."""
    check_regular(path, MAX_PACKAGE)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            member = next((m for m in COLLECTIONS if m in names), None)
            if member is None:
                expected = ", ".join(COLLECTIONS)
                raise DeckError([f"{path}: -: file: no Anki collection inside (expected one of {expected})"])
            if archive.getinfo(member).flag_bits & 0x1:
                raise DeckError([f"{path}: -: {member}: encrypted; export the deck from Anki without a password"])
            data = _read_member(archive, member, f"{path}:{member}")
    except DeckError:
        raise
    except zipfile.BadZipFile:
        raise DeckError([f"{path}: -: file: not a readable zip archive (truncated or damaged?)"]) from None
    except (EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError) as error:
        raise DeckError([f"{path}: -: file: a damaged zip archive ({error})"]) from None
    except OSError as error:
        raise DeckError([f"{path}: -: file: cannot read: {error.strerror or error}"]) from None
    if member.endswith("b"):
        data = _unzstd(data, f"{path}:{member}")
    media = sum(1 for name in names if name.isdigit())
    return read_collection(data, f"{path}:{member}"), media, member


def _read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """The member's bytes, read in chunks and refused past MAX_COLLECTION whatever its header claims."""
    out = bytearray()
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            out += chunk
            if len(out) > MAX_COLLECTION:
                raise DeckError([f"{name}: -: file: larger than {MAX_COLLECTION // 1024**2} MB uncompressed"])
    return bytes(out)


def _unzstd(data: bytes, name: str) -> bytes:
    import zstandard

    out = bytearray()
    try:
        # A streaming read: Anki's frames need not record their decompressed size.
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            while chunk := reader.read(_CHUNK):
                out += chunk
                if len(out) > MAX_COLLECTION:
                    raise DeckError([f"{name}: -: file: larger than {MAX_COLLECTION // 1024**2} MB uncompressed"])
    except zstandard.ZstdError as error:
        raise DeckError([f"{name}: -: file: not readable zstd data, truncated or damaged? ({error})"]) from None
    return bytes(out)
