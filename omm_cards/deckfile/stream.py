"""A deck file's bytes as the parser reads them: counted, hashed and checked as UTF-8 on the way.

The parser asks for a few KiB at a time, so a 100,000-card deck is never held whole, as text or as
bytes. The file's own problems (larger than the limit, a byte that is not UTF-8) are its only ones:
`finish` reads whatever the parser left, and raises them before any problem of the YAML.
"""

from __future__ import annotations

import codecs
import hashlib
from typing import BinaryIO

from omm_cards.errors import DeckError
from omm_cards.reading import too_large

CHUNK = 1024 * 1024  # what `finish` reads at a time


class DeckStream:
    """The parser's `read`, checking each chunk before the parser sees it; `finish` reads the rest."""

    def __init__(self, handle: BinaryIO, name: str, limit: int) -> None:
        self.handle = handle
        self.name = name
        self.limit = limit
        self.size = 0
        self.hash = hashlib.sha256()
        self.partial = b""  # the first bytes of a character that the next chunk ends
        self.lines = 0  # newlines read
        self.line_start = 0  # where the line being read starts
        self.problem: DeckError | None = None

    def read(self, size: int) -> bytes:
        if self.problem is not None:
            raise self.problem
        chunk = self.handle.read(size)
        self.size += len(chunk)
        self.hash.update(chunk)
        self.problem = too_large(self.name, self.limit) if self.size > self.limit else self._check(chunk)
        if self.problem is not None:
            raise self.problem
        return chunk

    def finish(self) -> str:
        """Read to the end; the file's digest (bundled.fingerprint of its bytes), or its problem."""
        while self.read(CHUNK):
            pass
        return self.hash.hexdigest()

    def _check(self, chunk: bytes) -> DeckError | None:
        data = self.partial + chunk
        start = self.size - len(data)  # where `data` is in the file
        try:
            _, used = codecs.utf_8_decode(data, "strict", not chunk)  # the end of the file ends every character
        except UnicodeDecodeError as error:
            bad = error.start
            newline = data.rfind(b"\n", 0, bad)
            line_start = start + newline + 1 if newline >= 0 else self.line_start
            line = self.lines + data.count(b"\n", 0, bad) + 1
            return DeckError([f"{self.name}:{line}:{start + bad - line_start + 1}: -: file: not UTF-8 text"])
        self.partial = data[used:]
        self.lines += data.count(b"\n", 0, used)
        newline = data.rfind(b"\n", 0, used)
        if newline >= 0:
            self.line_start = start + newline + 1
        return None
