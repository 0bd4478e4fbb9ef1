"""Media a note references (images, sounds), as placeholders in the card text and files in the data folder.

A card's text keeps `[image: chapman-points.png]` or `[sound: heart.mp3]` where the note showed the file;
the import copies the file into `media/DECK/NAME` in the data folder. Names come from untrusted files,
so only a plain file name is kept: no folders, no `..`, no control characters, no leading dot.
"""

from __future__ import annotations

import re
import unicodedata

PLACEHOLDER_RE = re.compile(r"\[(image|sound|video): ([^\]\n]+)\]")
MAX_NAME = 200
MAX_FILE = 50 * 1024 * 1024  # one media file: a larger one is left out (its placeholder stays)
MAX_TOTAL = 1024 * 1024 * 1024  # all of one import's media
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_name(name: str) -> str | None:
    """A file name that stays in its folder: the last path part, cleaned; None when nothing is left."""
    base = re.split(r"[/\\]", name.strip())[-1]
    base = _CONTROL.sub("", unicodedata.normalize("NFC", base)).strip().lstrip(".")
    base = base[:MAX_NAME]
    return base or None


def placeholder(kind: str, name: str) -> str:
    cleaned = safe_name(name)
    return f"[{kind}: {cleaned}]" if cleaned else f"[{kind}]"


def referenced(text: str) -> list[str]:
    """The media file names a card's text holds placeholders for, in order, once each."""
    return list(dict.fromkeys(match.group(2) for match in PLACEHOLDER_RE.finditer(text)))
