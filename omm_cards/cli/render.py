"""Consoles and small rendering helpers shared by the command modules.

Rich is imported only when something is rendered with it: `omm-cards due` and the JSON outputs never
pay for it at start-up.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from omm_cards.text import json_visible, visible

if TYPE_CHECKING:
    from rich.console import Console


def console() -> Console:
    from rich.console import Console

    # Built per call so that it writes to whatever sys.stdout is now (tests swap it).
    return Console(file=sys.stdout, highlight=False)


def is_terminal() -> bool:
    """Whether standard output is a terminal (a person reading a table) or a pipe (a program reading lines)."""
    return sys.stdout.isatty()


def safe(text: str) -> str:
    """Deck text is full of [brackets]: never let Rich read it as markup, nor a terminal an escape."""
    from rich.markup import escape

    return escape(visible(text))


def print_json(data: Any) -> None:
    sys.stdout.write(json_visible(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


Record = dict[str, Any]
Column = tuple[str, Callable[[Record], object]]


def print_tsv(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Tab-separated lines with a header, for pipes: whole values, no table borders, tabs and newlines
    inside a value shown as spaces so each record stays one line."""
    tabs = len(headers) - 1
    lines = ["\t".join(headers)]
    for values in rows:
        line = "\t".join(values)
        if line.count("\t") != tabs or "\n" in line:  # a value holds one: each value is cleaned on its own
            line = "\t".join(v.replace("\t", " ").replace("\n", " ") for v in values)
        lines.append(line)
    sys.stdout.write(visible("\n".join(lines)) + "\n")  # one pass: visible keeps the tabs and newlines


def print_records(records: list[Record], as_json: bool, columns: Sequence[Column], total: Sequence[str] = ()) -> None:
    """The records as a JSON array, or as a table of the given (header, value) columns with an optional total.

    The table is drawn here, in Rich's heavy-headed style, not by Rich, so that `decks list` does not load
    Rich to lay out a few rows. On a terminal too narrow for it, the widest columns after the first wrap,
    at word boundaries while they can (the first column names the row and is never cut).
    """
    if as_json:
        print_json(records)
        return
    headers = [header for header, _ in columns]
    getters = [value for _, value in columns]
    rows = [[visible(str(value(record))) for value in getters] for record in records]
    footer = [visible(str(cell)) for cell in total]
    columns_text = list(zip(headers, *rows, *[footer][: bool(footer)], strict=True))
    widths = [max(map(cell_width, column)) for column in columns_text]
    limit = terminal_width()
    if limit is not None:
        widths = _fitted(widths, columns_text, limit - 3 * len(widths) - 1)

    def lines(cells: Sequence[str], edge: str = "│") -> list[str]:
        parts = [_wrapped(cell, width) for cell, width in zip(cells, widths, strict=True)]
        return [
            f"{edge} "
            + f" {edge} ".join(
                (part[n] if n < len(part) else "") + " " * (width - cell_width(part[n] if n < len(part) else ""))
                for part, width in zip(parts, widths, strict=True)
            )
            + f" {edge}"
            for n in range(max(map(len, parts)))
        ]

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (width + 2) for width in widths) + right

    out = [rule("┏", "━", "┳", "┓"), *lines(headers, "┃"), rule("┡", "━", "╇", "┩")]
    for row in rows:
        out += lines(row)
    if footer:
        out += [rule("├", "─", "┼", "┤"), *lines(footer)]
    out.append(rule("└", "─", "┴", "┘"))
    sys.stdout.write("\n".join(out) + "\n")


def terminal_width() -> int | None:
    """The terminal's columns when standard output is one; None for a pipe, where lines may be any length."""
    if not is_terminal():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _fitted(widths: list[int], columns_text: list[tuple[str, ...]], room: int) -> list[int]:
    """Column widths within `room` (the terminal less the borders): the widest column after the first loses a
    character at a time, down to its longest word, then, if that is not enough, down to its header. A table
    that cannot fit even so keeps those widths."""
    words = [max(cell_width(word) for cell in column for word in cell.split() or [""]) for column in columns_text]
    fitted = list(widths)
    for floors in ([widths[0], *words[1:]], [widths[0], *(cell_width(column[0]) for column in columns_text[1:])]):
        while sum(fitted) > room:
            slack = [(fitted[i] - floors[i], i) for i in range(1, len(fitted)) if fitted[i] > floors[i]]
            if not slack:
                break
            fitted[max(slack)[1]] -= 1
    return fitted


def _wrapped(cell: str, width: int) -> list[str]:
    if cell_width(cell) <= width:
        return [cell]
    import textwrap

    return textwrap.wrap(cell, width, break_on_hyphens=False) or [""]  # a word splits only if it must


def cell_width(text: str) -> int:
    """Columns a text takes on a terminal: wide (East Asian) characters take two."""
    if text.isascii():
        return len(text)
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)
