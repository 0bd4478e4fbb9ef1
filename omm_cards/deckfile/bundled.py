"""Where the bundled decks are, and the fingerprint that tells when one has changed.

Kept apart from the deck loader so that the check every command makes on start-up (are the bundled
decks as last imported?) reads and hashes a few files without loading the YAML parser.
"""

from __future__ import annotations

import os
from pathlib import Path

from omm_cards.reading import read_limited

# A deck file of 100,000 cards (a lifetime of decks in one file) of up to 1 KB each, the bundled decks'
# average being 700 bytes; no more. The loader parses a file as it reads it, so an import holds the
# cards, never the file's bytes beside them.
MAX_BYTES = 100 * 1024 * 1024
ORIGIN = "bundled"  # the origin recorded for a deck that ships with omm-cards


FOLDER_VARIABLE = "OMM_CARDS_BUNDLED_DECKS"


def folder() -> Path:
    """Where the bundled decks are: $OMM_CARDS_BUNDLED_DECKS when set (tests and deck authors use it to
    try a set of decks), else inside the installed package (the wheel puts them there), else beside
    the package in a source checkout."""
    chosen = os.environ.get(FOLDER_VARIABLE)
    if chosen:
        return Path(chosen)
    package = Path(__file__).resolve().parent.parent
    packaged = package / "decks"
    return packaged if packaged.is_dir() else package.parent / "decks"


def paths() -> list[Path]:
    return sorted(folder().glob("*.yaml"))


def read(path: Path) -> bytes:
    """A deck file's bytes: a regular file of at most MAX_BYTES."""
    return read_limited(path, MAX_BYTES)


def fingerprint(data: bytes) -> str:
    import hashlib  # only when a file has changed: OpenSSL's loading costs every command 2.5 ms otherwise

    return hashlib.sha256(data).hexdigest()


def signature(files: list[Path], release: str) -> str:
    """What the files look like without reading them: the release, and each file's name, size and
    modification time. Unchanged since the last sync, it spares every command reading and hashing the
    decks (about 8 ms); any edit, added or removed file, or upgrade changes it, and the contents decide."""
    parts = [release]
    for path in files:
        stat = path.stat()
        parts.append(f"{path.name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(parts)
