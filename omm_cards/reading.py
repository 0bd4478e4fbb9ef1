"""Reading a file the user named: a regular file only, and never more than a size limit.

A FIFO or a device (`/dev/zero`) would block forever or never end; a huge file would be read whole
before any limit was checked. Both are refused before a byte is read, with one located line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from omm_cards.errors import DeckError

MB = 1024 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes; DeckError (`FILE: why`) for a non-regular, unreadable or too large file.

    These are problems of the whole file, so they carry no line, column, card or field: a file that cannot
    be opened has no line 1 to point at.
    """
    with open_limited(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(path, limit)
    return data


@contextmanager
def open_limited(path: Path, limit: int) -> Iterator[BinaryIO]:
    """The file, opened to be read in parts, after the checks of read_limited; an OSError while it is read is
    a DeckError too."""
    check_regular(path, limit)
    try:
        with path.open("rb") as handle:
            yield handle
    except OSError as error:
        raise DeckError([f"{path}: cannot read: {error.strerror or error}"]) from None


def check_regular(path: Path, limit: int) -> None:
    """Refuse what is not a regular file, or is larger than `limit`, without opening it."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise DeckError([f"{path}: cannot read: {error.strerror or error}"]) from None
    if not stat.S_ISREG(info.st_mode):
        raise DeckError([f"{path}: not a regular file (a pipe, device or folder); nothing was read"])
    if info.st_size > limit:
        raise too_large(path, limit)


def too_large(path: Path | str, limit: int) -> DeckError:
    return DeckError([f"{path}: larger than {_size(limit)}"])


def _size(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"
