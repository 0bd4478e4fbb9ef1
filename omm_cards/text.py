"""Text from data made safe to print: no control character or escape sequence reaches a terminal raw.

A student name, a deck title or a classmate's exported report can hold ESC sequences that set the
terminal's title, write the clipboard (OSC 52) or clear the screen. Each such character is shown as
a visible escape instead (`\\x1b`), so nothing is lost and nothing is executed. Pure; no I/O.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that reorder text.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character written as a visible escape; tab and newline are kept."""
    if text.isascii() and text.isprintable():  # the common case, without the regex: no control in it
        return text
    return _HIDDEN.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def is_visible(text: str) -> bool:
    return _HIDDEN.search(text) is None


def first_hidden(text: str) -> str | None:
    """The first character `visible` would escape, or None."""
    if text.isascii() and text.isprintable():  # the common case, without the regex (a deck has 100,000 cards)
        return None
    found = _HIDDEN.search(text)
    return found.group() if found else None


def json_visible(text: str) -> str:
    """JSON text with the control characters json.dumps leaves raw (C1, bidi overrides) as \\u escapes."""
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 miss`, `2 misses`, `0 cards`: the count with its noun, in the right number."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"
