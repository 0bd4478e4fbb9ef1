"""Screens drawn without Rich: titled panels with rounded corners, side by side where they fit, and the few
styles a screen uses, written only for a terminal.

`stats` is drawn here because Rich cost it a third of its time (importing it and laying out its panels and
tables: about 100 ms of 300). The look is Rich's: the same corners, titles and padding.

A line is a string that may hold the escape codes `Ink` writes; its width on screen is `width(line)`. Deck
text reaches these lines through `text.visible`, which writes any escape of its own as visible characters,
so the only escapes in a line are ours.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from itertools import zip_longest

from omm_cards.cli.render import cell_width

_CODES = {"bold": "1", "dim": "2", "cyan": "36", "green": "32"}
_COLOURS = {"cyan", "green"}
_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


class Ink:
    """Styles for one screen. On a terminal (or with FORCE_COLOR) they are written as escape codes; in a pipe,
    never. NO_COLOR keeps bold and dim and drops the colours, as Rich does."""

    def __init__(self, styles: bool, colours: bool) -> None:
        self.styles = styles
        self.colours = colours and styles

    @classmethod
    def for_stdout(cls) -> Ink:
        forced = bool(os.environ.get("FORCE_COLOR"))
        terminal = sys.stdout.isatty() and os.environ.get("TERM", "") not in ("dumb", "unknown")
        return cls(forced or terminal, not os.environ.get("NO_COLOR"))

    def __call__(self, text: str, style: str) -> str:
        if not text or not self.styles or (style in _COLOURS and not self.colours):
            return text
        return f"\x1b[{_CODES[style]}m{text}\x1b[0m"


def screen_width() -> int:
    """The terminal's columns (COLUMNS first, as Rich reads it), 80 for a pipe."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def width(line: str) -> int:
    return cell_width(plain(line) if "\x1b" in line else line)


def plain(line: str) -> str:
    return _ESCAPE.sub("", line)


def panel(
    lines: Sequence[str], title: str, size: int | None = None, left: bool = False, most: int | None = None
) -> list[str]:
    """`lines` in a rounded box with `title` in its top edge (centred, or near the left), one space of padding
    each side. `size`: the whole width; None fits the box to its lines (and its title), up to `most`. A line
    too wide for the box is cut, without its styles."""
    room = (size - 4) if size is not None else max([*map(width, lines), cell_width(title) + 2])
    room = max(min(room, (most or room + 4) - 4), 1)
    label = f" {title} " if title else ""
    free = max(0, room + 2 - cell_width(label))
    before = 1 if left else free // 2
    top = "╭" + "─" * before + label + "─" * (free - before) + "╮"
    body = [f"│ {_fit(line, room)} │" for line in lines]
    return [top, *body, "╰" + "─" * (room + 2) + "╯"]


def beside(blocks: Sequence[list[str]], room: int, gap: int = 1) -> list[str]:
    """The blocks side by side, `gap` spaces apart, if together they fit in `room` columns; one under another
    if not."""
    widths = [max(map(width, block), default=0) for block in blocks]
    if sum(widths) + gap * (len(blocks) - 1) > room:
        return [line for block in blocks for line in block]
    rows = zip_longest(*blocks, fillvalue="")
    return [
        (" " * gap).join(line + " " * (w - width(line)) for line, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def flow(pieces: Sequence[str], room: int, joiner: str = " · ") -> list[str]:
    """The pieces in lines of at most `room` columns, broken only between pieces; a piece wider than a line
    is wrapped at its spaces (without its styles)."""
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if width(piece) > room:
            if line:
                lines.append(line)
            lines += textwrap.wrap(plain(piece), room, break_on_hyphens=False)
            line = ""
        elif line and width(line) + len(joiner) + width(piece) > room:
            lines.append(line)
            line = piece
        else:
            line = f"{line}{joiner}{piece}" if line else piece
    if line:
        lines.append(line)
    return lines


def wrapped(text: str, room: int, indent: str = "") -> list[str]:
    """A plain paragraph wrapped at its spaces into `room` columns; later lines indented by `indent`."""
    return textwrap.wrap(text, room, subsequent_indent=indent, break_on_hyphens=False) or [""]


def _fit(line: str, room: int) -> str:
    shown = width(line)
    if shown <= room:
        return line + " " * (room - shown)
    cut = plain(line)
    while cell_width(cut) > room:
        cut = cut[:-1]
    return cut + " " * (room - cell_width(cut))
