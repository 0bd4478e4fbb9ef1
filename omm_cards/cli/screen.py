"""Where a review is shown: standard output as Rich's console used it, without Rich (see cli/panels).

Text is wrapped to the terminal's width at the moment it is written (a window resized during a session
is followed), styled only on a terminal, and flushed at once: the student is waiting for it. On a terminal
a session can have a screen of its own (the alternate screen), cleared for each card.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from omm_cards.cli.panels import Ink, Span, flow, panel, paragraphs, screen_width, wrap

ALTERNATE_ON, ALTERNATE_OFF = "\x1b[?1049h\x1b[H", "\x1b[?1049l"
CLEAR = "\x1b[2J\x1b[H"


class Screen:
    def __init__(self) -> None:
        self.file = sys.stdout  # whatever standard output is now (tests swap it)
        self.is_terminal = self.file.isatty()
        self.ink = Ink.for_stdout()

    @property
    def width(self) -> int:
        return screen_width()

    def print(self, text: str = "", style: str = "", wrapped: bool = True) -> None:
        """Plain text (already made visible), in `style`, wrapped at spaces unless `wrapped` is False."""
        self.spans([(text, style)], wrapped)

    def spans(self, spans: Sequence[Span], wrapped: bool = True) -> None:
        """Styled pieces, wrapped as one paragraph per newline."""
        if wrapped:
            lines = [line for paragraph in paragraphs(spans) for line in wrap(paragraph, self.width, self.ink)]
        else:
            lines = ["".join(self.ink(text, style) for text, style in spans)]
        self._write("\n".join(lines) + "\n")

    def items(self, pieces: Sequence[str], style: str = "") -> None:
        """Pieces of text joined by ` · `, each line broken between pieces, never inside one."""
        self._write("".join(self.ink(line, style) + "\n" for line in flow(pieces, self.width)))

    def panel(self, body: Sequence[Span], title: str, subtitle: str = "", colour: str = "") -> None:
        """A box as wide as the screen, its title near the left, its text wrapped inside it (a paragraph a
        newline); `colour` for its edges."""
        size = self.width
        lines = [line for paragraph in paragraphs(body) for line in wrap(paragraph, size - 4, self.ink)]
        edge = (lambda text: self.ink(text, colour)) if colour else str
        self._write("\n".join(panel(lines, title, size, left=True, subtitle=subtitle, edge=edge)) + "\n")

    def clear(self) -> None:
        if self.is_terminal:
            self._write(CLEAR)

    @contextmanager
    def alternate(self) -> Iterator[None]:
        """A screen of the session's own on a terminal, given back as it was at the end."""
        if not self.is_terminal:
            yield
            return
        self._write(ALTERNATE_ON)
        try:
            yield
        finally:
            self._write(ALTERNATE_OFF)

    def _write(self, text: str) -> None:
        self.file.write(text)
        self.file.flush()
