"""YAML text to a tree of located nodes, refusing what a deck must not contain.

Every scalar stays a string: nothing is resolved by YAML 1.1's implicit typing, so `no`, `on`, `1:30`
or `012` stay as written. The text is read as parser events (libyaml's C parser when present), so
anchors, aliases, explicit tags other than the standard str/seq/map, and duplicate keys are seen and
refused before anything is built from them; an alias bomb is never expanded. A deck's cards are handed
over one by one as each is read, so that the tree of a whole deck is never built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import yaml

ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Readable(Protocol):
    """What the parser can read YAML from besides text: a few KiB of UTF-8 at a time (deckfile.stream)."""

    def read(self, size: int, /) -> bytes: ...


# report(line, column, field, message)
Report = Callable[[int, int, str, str], None]


class Node:
    """A YAML node: a string, a list of nodes or a dict of key -> (key node, value node)."""

    __slots__ = ("col", "line", "value")

    def __init__(self, value: Any, mark: Any) -> None:
        # The place as two numbers (1-based), not the parser's mark object, which holds far more.
        self.value = value
        self.line = mark.line + 1
        self.col = mark.column + 1


# take(item, root): an item of the list that `compose(items=...)` names, once read whole
Take = Callable[[Node, Node], None]
# An open collection: its node, the key read in it that waits for its value (a mapping's), and whether its
# items are handed to `take` rather than kept (the `items` list).
Frame = tuple[Node | None, Node | None, bool]


def compose(
    source: str | bytes | Readable, report: Report, *, items: str | None = None, take: Take | None = None
) -> Node | None:
    """Build the node tree from parser events, refusing what a deck must not contain.

    With `items`, each item of the root mapping's `items` list is handed to `take` as it closes, with the
    root as read so far, and is not kept: that list's node stays empty, so the tree of a 100,000-card
    deck never exists at once.

    One loop over the events, the innermost open collection in local variables: a 10,000-card deck is
    150,000 events, and a method call for each cost a tenth of its import.
    """
    loader = _Loader(source)
    next_event = loader.get_event
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    stack: list[Frame] = []  # the frames of the collections around `parent`
    root: Node | None = None
    parent: Node | None = None  # the innermost open collection
    key: Node | None = None  # its key waiting for a value
    handed = False  # its items go to `take`
    documents = 0
    try:
        while True:
            event = next_event()
            kind = type(event)
            if kind in ends:
                node = parent
                parent, key, handed = stack.pop()
                if handed:  # a collection is handed over when it closes
                    assert take is not None and node is not None and root is not None
                    take(node, root)
                continue
            if kind is scalar or kind is mapping or kind is sequence:
                if event.anchor is not None or event.tag not in ALLOWED_TAGS:
                    break
                node = Node(event.value if kind is scalar else {} if kind is mapping else [], event.start_mark)
                opens_items = False
                if parent is None:
                    root = node
                elif type(parent.value) is list:
                    if not handed:
                        parent.value.append(node)
                    elif kind is scalar:
                        assert take is not None and root is not None
                        take(node, root)
                elif key is None:
                    key = node
                else:
                    name = key.value
                    if type(name) is not str:
                        report(key.line, key.col, "yaml", "mapping keys must be plain strings")
                    elif name in parent.value:
                        report(key.line, key.col, name, "duplicate key")
                    else:
                        opens_items = kind is sequence and name == items and len(stack) == 1  # in the root
                        parent.value[name] = (key, node)
                    key = None
                if kind is not scalar:
                    stack.append((parent, key, handed))
                    parent, key, handed = node, None, opens_items
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    break
            elif kind is yaml.StreamEndEvent:
                return root
            elif kind is yaml.AliasEvent:
                break
        _refuse(event, documents, report)
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = str(error.problem or error.context or "syntax error")
        report(line, col, "yaml", problem + _hint(problem))
        return None
    except yaml.YAMLError as error:
        report(1, 1, "yaml", str(error).splitlines()[0])
        return None
    finally:
        loader.dispose()


def _refuse(event: Any, documents: int, report: Report) -> None:
    line, col = event.start_mark.line + 1, event.start_mark.column + 1
    if documents > 1:
        report(line, col, "file", "one deck per file")
    elif type(event) is yaml.AliasEvent or event.anchor is not None:
        report(line, col, "yaml", "anchors and aliases are not allowed")
    else:
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        report(line, col, "yaml", f"tag {tag} is not allowed")


# PyYAML's words for the mistakes people make, and what to check. Most are indentation: YAML reads the
# nesting from the spaces, so one line out of step ends the mapping or list it belonged to.
HINTS = {
    "did not find expected key": (
        "check this line and the one above: a card's keys line up, and nothing follows a quoted value on its line"
    ),
    "did not find expected '-' indicator": (
        "check the indentation of this line: a card's keys line up under its first key, and each card starts"
        " with '- ' under `cards:`"
    ),
    "mapping values are not allowed": (
        "a ':' followed by a space inside a value; put the value in quotes, or check the indentation"
    ),
    "could not find expected ':'": "a key without its ':' (or a value spread over lines without quotes)",
    "found character '\\t' that cannot start any token": "a tab; YAML indents with spaces only",
    "found a tab character": "a tab; YAML indents with spaces only",
}


def _hint(problem: str) -> str:
    for start, hint in HINTS.items():
        if problem.startswith(start):
            return f"; {hint}"
    return ""
