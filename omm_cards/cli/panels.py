"""Screens drawn without Rich: titled panels with rounded corners, side by side where they fit, styled text
wrapped to the screen, and the few styles a screen uses, written only for a terminal.

`stats` and `review` are drawn here because Rich cost them their start (importing it and laying out its
panels and tables: about 100 ms of the 300 of `stats`, 30 ms before a review's first card). The look is
Rich's: the same corners, titles and padding.

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
from collections.abc import Callable, Sequence
from itertools import zip_longest

from omm_cards.cli.render import cell_width

_CODES = {"bold": "1", "dim": "2", "italic": "3", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_COLOURS = {"red", "green", "yellow", "cyan"}
_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_TOKENS = re.compile(r" +|[^ ]+")

Span = tuple[str, str]  # a piece of text and its style: names from _CODES joined by spaces, "" for none


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
        """`text` in `style` ("bold", "bold green"...; "" for none)."""
        if not text or not self.styles or not style:
            return text
        codes = [_CODES[name] for name in style.split() if self.colours or name not in _COLOURS]
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text


def screen_width() -> int:
    """The terminal's columns (COLUMNS first, as Rich reads it), 80 for a pipe."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def width(line: str) -> int:
    return cell_width(plain(line) if "\x1b" in line else line)


def plain(line: str) -> str:
    return _ESCAPE.sub("", line)


def panel(
    lines: Sequence[str],
    title: str,
    size: int | None = None,
    left: bool = False,
    most: int | None = None,
    subtitle: str = "",
    edge: Callable[[str], str] = str,
) -> list[str]:
    """`lines` in a rounded box with `title` in its top edge (centred, or near the left) and `subtitle`
    centred in its bottom edge, one space of padding each side. `size`: the whole width; None fits the box
    to its lines (and its title), up to `most`. A line too wide for the box is cut, without its styles, and
    so is a title too wide for its edge (ending in …). `edge` styles the box's lines (`Ink` for a colour)."""
    room = (size - 4) if size is not None else max([*map(width, lines), cell_width(title) + 2])
    room = max(min(room, (most or room + 4) - 4), 1)
    top = "╭" + _rule(title, room + 2, left) + "╮"
    bottom = "╰" + _rule(subtitle, room + 2, left=False) + "╯"
    bar = edge("│")
    return [edge(top), *(f"{bar} {_fit(line, room)} {bar}" for line in lines), edge(bottom)]


def _rule(label: str, length: int, left: bool) -> str:
    """A box's edge of `length` columns with `label` in it (cut to fit, leaving a rule each side)."""
    if not label:
        return "─" * length
    if cell_width(label) + 4 > length:
        label = _cut(label, max(length - 5, 0)) + "…"
    label = f" {label} "
    free = max(0, length - cell_width(label))
    before = 1 if left else free // 2
    return "─" * before + label + "─" * (free - before)


def _cut(text: str, room: int) -> str:
    """The longest start of `text` that fits in `room` columns (in one pass: a word may be thousands of
    characters long)."""
    if text.isascii():
        return text[:room]
    used = 0
    for end, char in enumerate(text):
        used += cell_width(char)
        if used > room:
            return text[:end]
    return text


def wrap(spans: Sequence[Span], room: int, ink: Ink) -> list[str]:
    """One line of styled pieces (no newline in them) in lines of at most `room` columns, broken at spaces, as
    Rich wraps: the spaces at a break go, the spaces that start the line stay (an indent), and a word longer
    than a line is cut at the line's end. Each line is written with `ink`."""
    lines: list[str] = []
    line: list[list[str]] = []  # [text, style] pieces, a style's run kept whole
    used = 0
    spaces: list[Span] = []  # the spaces after the last word, written if another word follows on this line

    def put(text: str, style: str) -> None:
        nonlocal used
        if line and line[-1][1] == style:
            line[-1][0] += text
        else:
            line.append([text, style])
        used += cell_width(text)

    def end() -> None:
        nonlocal line, used
        lines.append("".join(ink(text, style) for text, style in line))
        line, used = [], 0

    for text, style in spans:
        for token in _TOKENS.findall(text.expandtabs(8)):
            if token[0] == " ":
                spaces.append((token, style))
                continue
            gap = sum(cell_width(space) for space, _ in spaces)
            if used and used + gap + cell_width(token) > room:
                end()
            if used or not lines:  # on a line begun, or at the start: its indent is kept
                for space, space_style in spaces:
                    put(space, space_style)
            spaces = []
            while used + cell_width(token) > room:  # a word too long for what is left of the line
                piece = _cut(token, room - used) or token[0]
                put(piece, style)
                token = token[len(piece) :]
                end()
            if token:
                put(token, style)
    if line or not lines:
        end()
    return lines


def paragraphs(spans: Sequence[Span]) -> list[list[Span]]:
    """Styled pieces split into lines at their newlines, each piece keeping its style."""
    lines: list[list[Span]] = [[]]
    for text, style in spans:
        first, *rest = text.split("\n")
        lines[-1].append((first, style))
        lines += [[(part, style)] for part in rest]
    return lines


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
    cut = _cut(plain(line), room)
    return cut + " " * (room - cell_width(cut))
