"""Consoles and small rendering helpers shared by the command modules.

Rich is imported only when something is rendered with it: `omm-cards due` and the JSON outputs never
pay for it at start-up.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
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


def print_tsv(records: list[Record], columns: Sequence[Column]) -> None:
    """Tab-separated lines with a header, for pipes: whole values, no table borders, tabs and newlines
    inside a value shown as spaces so each record stays one line."""

    def cell(value: object) -> str:
        text = str(value)
        return text.replace("\t", " ").replace("\n", " ") if "\t" in text or "\n" in text else text

    getters = [value for _, value in columns]
    lines = ["\t".join(header for header, _ in columns)]
    lines += ["\t".join([cell(get(record)) for get in getters]) for record in records]
    sys.stdout.write(visible("\n".join(lines)) + "\n")  # one pass: visible keeps the tabs and newlines


def print_records(records: list[Record], as_json: bool, columns: Sequence[Column], total: Sequence[str] = ()) -> None:
    """The records as a JSON array, or as a table of the given (header, value) columns with an optional total.

    The table is drawn here, in Rich's heavy-headed style, not by Rich: a deck of 10,000 cards takes Rich
    seconds to lay out, and these columns need no wrapping.
    """
    if as_json:
        print_json(records)
        return
    headers = [header for header, _ in columns]
    getters = [value for _, value in columns]
    rows = [[visible(str(value(record))) for value in getters] for record in records]
    footer = [visible(str(cell)) for cell in total]
    columns_text = list(zip(headers, *rows, *[footer][: bool(footer)], strict=True))
    plain = all("".join(column).isascii() for column in columns_text)  # then a width is a length
    widths = [max(map(len if plain else cell_width, column)) for column in columns_text]
    body = "│ " + " │ ".join(f"{{:{width}}}" for width in widths) + " │"

    def line(cells: Sequence[str], edge: str = "│") -> str:
        if plain and edge == "│":
            return body.format(*cells)
        padded = (cell + " " * (width - cell_width(cell)) for cell, width in zip(cells, widths, strict=True))
        return f"{edge} " + f" {edge} ".join(padded) + f" {edge}"

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (width + 2) for width in widths) + right

    out = [rule("┏", "━", "┳", "┓"), line(headers, "┃"), rule("┡", "━", "╇", "┩")]
    out += [line(row) for row in rows]
    if footer:
        out += [rule("├", "─", "┼", "┤"), line(footer)]
    out.append(rule("└", "─", "┴", "┘"))
    sys.stdout.write("\n".join(out) + "\n")


def cell_width(text: str) -> int:
    """Columns a text takes on a terminal: wide (East Asian) characters take two."""
    if text.isascii():
        return len(text)
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)
