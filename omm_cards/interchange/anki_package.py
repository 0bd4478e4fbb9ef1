"""Anki packages (.apkg, .colpkg): a zip holding one collection and numbered media files.

A package from Anki 2.1.50 or later holds `collection.anki21b` (the collection compressed with
zstd) beside a stub `collection.anki2` that only tells old versions to upgrade, so the newest
collection inside wins. Media files are read only when asked for by name (`read_media`): the `media`
member maps names to the numbered members that hold them (JSON in old packages; a zstd protobuf list,
whose index is the member's number, since Anki 2.1.50, which also compresses each member with zstd).
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
# A collection holds notes, cards and their history, never media: one whose notes fit a deck file (at
# most 100 MB of YAML) is below this. Checked while decompressing, so a zip or zstd bomb stops at the limit.
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


def read_media(path: Path, names: set[str]) -> dict[str, bytes]:
    """The package's media files among `names` (sanitised names, as card placeholders hold them).

    A file larger than media.MAX_FILE, or past media.MAX_TOTAL in all, is left out; so is anything the
    package cannot give (a missing member, damaged data): the card keeps its placeholder either way.
    """
    from omm_cards.interchange.media import MAX_FILE, MAX_TOTAL, safe_name

    found: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            if "media" not in members:
                return {}
            listing = _media_listing(archive, "collection.anki21b" in members)
            for member, name in listing.items():
                clean = safe_name(name)
                if clean not in names or clean in found or member not in members:
                    continue
                info = archive.getinfo(member)
                if info.file_size > MAX_FILE * 2 or total + info.file_size > MAX_TOTAL * 2:
                    continue
                data = _read_member(archive, member, f"{path}:{member}", MAX_FILE * 2)
                if "collection.anki21b" in members and data.startswith(_ZSTD_MAGIC):
                    data = _unzstd(data, f"{path}:{member}", MAX_FILE)
                if len(data) <= MAX_FILE and total + len(data) <= MAX_TOTAL:
                    found[clean] = data
                    total += len(data)
    except (DeckError, zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError):
        return found
    except OSError:
        return found
    return found


_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def _media_listing(archive: zipfile.ZipFile, modern: bool) -> dict[str, str]:
    """Member -> file name, from the package's `media` member."""
    import json

    from omm_cards.interchange.anki_collection import proto_fields, proto_text

    raw = _read_member(archive, "media", "media", 64 * 1024 * 1024)
    if raw.startswith(_ZSTD_MAGIC):
        raw = _unzstd(raw, "media", 64 * 1024 * 1024)
        entries = proto_fields(raw).get(1, [])
        return {str(i): proto_text(proto_fields(e), 1) for i, e in enumerate(entries) if isinstance(e, bytes)}
    try:
        listing = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return {}
    return {str(k): str(v) for k, v in listing.items()} if isinstance(listing, dict) else {}


def _read_member(archive: zipfile.ZipFile, member: str, name: str, limit: int = MAX_COLLECTION) -> bytes:
    """The member's bytes, read in chunks and refused past `limit` whatever its header claims."""
    out = bytearray()
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            out += chunk
            if len(out) > limit:
                raise DeckError([f"{name}: -: file: larger than {limit // 1024**2} MB uncompressed"])
    return bytes(out)


def _unzstd(data: bytes, name: str, limit: int = MAX_COLLECTION) -> bytes:
    import zstandard

    out = bytearray()
    try:
        # A streaming read: Anki's frames need not record their decompressed size.
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            while chunk := reader.read(_CHUNK):
                out += chunk
                if len(out) > limit:
                    raise DeckError([f"{name}: -: file: larger than {limit // 1024**2} MB uncompressed"])
    except zstandard.ZstdError as error:
        raise DeckError([f"{name}: -: file: not readable zstd data, truncated or damaged? ({error})"]) from None
    return bytes(out)
