"""A deck file's fields read from its located YAML nodes, each problem noted with its place.

The deck (load) and its cards (cards) are read through these, so that every problem is written
`FILE:LINE:COL: WHERE: FIELD: MESSAGE`, whichever found it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from omm_cards.text import first_hidden

if TYPE_CHECKING:
    from omm_cards.deckfile.yaml_tree import Node

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")  # a deck's id, and a card's within its deck


class Problems:
    """Located problems, written `FILE:LINE:COL: WHERE: FIELD: MESSAGE` once all are found."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.found: list[tuple[int, int, str, str, str]] = []
        self.where = "-"

    def add(self, line: int, col: int, field: str, message: str) -> None:
        self.found.append((line, col, self.where, field, message))

    def at(self, node: Node, field: str, message: str) -> None:
        self.add(node.line, node.col, field, message)

    def extend(self, cards: Problems, deck: str) -> None:
        """The problems of a deck's cards, each card named `DECK/CARD`: the deck's id may follow its cards."""
        self.found.extend((line, col, f"{deck}/{where}", field, text) for line, col, where, field, text in cards.found)

    def lines(self) -> list[str]:
        name = self.filename
        return [f"{name}:{line}:{col}: {where}: {field}: {text}" for line, col, where, field, text in self.found]


def read_field(fields: dict[str, tuple[Node, Node]], name: str, owner: Node, problems: Problems) -> Node | None:
    if name not in fields:
        problems.at(owner, name, "missing")
        return None
    return fields[name][1]


def read_text(
    fields: dict[str, tuple[Node, Node]],
    name: str,
    owner: Node,
    problems: Problems,
    *,
    required: bool = True,
    label: str | None = None,
) -> str | None:
    label = label or name
    if name not in fields:
        if required:
            problems.at(owner, label, "missing")
        return None
    node = fields[name][1]
    if not isinstance(node.value, str):
        problems.at(node, label, "expected text")
        return None
    value = node.value.strip()
    control = first_hidden(value)
    if control:
        problems.at(node, label, f"control character U+{ord(control):04X} is not allowed")
        return None
    if not value and required:
        problems.at(node, label, "must not be empty")
        return None
    return value


def plain_text(node: Node) -> str | None:
    """A node's text as `read_text` reads it, or None where `read_text` finds a problem."""
    value = node.value.strip() if isinstance(node.value, str) else ""
    return value if value and not first_hidden(value) else None


def read_choice(
    fields: dict[str, tuple[Node, Node]],
    name: str,
    enum: Any,
    owner: Node,
    problems: Problems,
    default: Any = None,
) -> Any:
    if default is not None and name not in fields:
        return default
    value = read_text(fields, name, owner, problems)
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        problems.at(fields[name][1], name, f"unknown {name} {value!r}; expected one of {allowed}")
        return None


def read_text_list(fields: dict[str, tuple[Node, Node]], name: str, problems: Problems) -> list[str]:
    if name not in fields:
        return []
    node = fields[name][1]
    if not isinstance(node.value, list) or not all(isinstance(i.value, str) for i in node.value):
        problems.at(node, name, "expected a list of text")
        return []
    for item in node.value:
        control = first_hidden(item.value)
        if control:
            problems.at(item, name, f"control character U+{ord(control):04X} is not allowed")
            return []
    return [item.value.strip() for item in node.value]


def read_flag(fields: dict[str, tuple[Node, Node]], name: str, problems: Problems) -> bool:
    if name not in fields:
        return False
    node = fields[name][1]
    if node.value not in ("true", "false"):
        problems.at(node, name, "expected true or false")
        return False
    return bool(node.value == "true")


def unknown_fields(fields: dict[str, tuple[Node, Node]], allowed: set[str], problems: Problems) -> None:
    for name, (key, _value) in fields.items():
        if name not in allowed:
            label = name if name.strip() else repr(name)  # an empty key must still show as a field
            problems.at(key, label, f"unknown field; expected one of {', '.join(sorted(allowed))}")
