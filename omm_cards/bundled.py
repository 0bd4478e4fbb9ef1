"""Where the bundled decks are, and the fingerprint that tells when one has changed.

Kept apart from the deck loader so that the check every command makes on start-up (are the bundled
decks as last imported?) reads and hashes a few files without loading the YAML parser.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from omm_cards.reading import read_limited

MAX_BYTES = 5 * 1024 * 1024
ORIGIN = "bundled"  # the origin recorded for a deck that ships with omm-cards


def folder() -> Path:
    """Inside the installed package (the wheel puts them there), or beside it in a source checkout."""
    packaged = Path(__file__).resolve().parent / "decks"
    return packaged if packaged.is_dir() else packaged.parent.parent / "decks"


def paths() -> list[Path]:
    return sorted(folder().glob("*.yaml"))


def read(path: Path) -> bytes:
    """A deck file's bytes: a regular file of at most MAX_BYTES."""
    return read_limited(path, MAX_BYTES)


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
