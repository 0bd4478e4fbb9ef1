"""The deck loader: read a deck file and validate it, reporting every problem with its location.

The YAML itself is read by `yamltree` (the only other module that touches YAML), imported only when a
deck has to be parsed, so that commands which find their decks unchanged start fast.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from omm_cards.deckfile.bundled import MAX_BYTES
from omm_cards.deckfile.stream import DeckStream
from omm_cards.errors import DeckError
from omm_cards.model import (
    CLOZE_RE,
    CLOZE_SIBLING_SUFFIX,
    LETTERS,
    BasicBody,
    Body,
    Card,
    CardType,
    Category,
    ClozeBody,
    Deck,
    McqBody,
    Option,
    RuleBody,
    TypedBody,
)
from omm_cards.reading import open_limited
from omm_cards.text import first_hidden

if TYPE_CHECKING:
    from omm_cards.deckfile.yaml_tree import Node

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_DELETIONS = 100  # cloze deletions in one note: each is a card to review, so more is a mistake
# Tags as Anki has them: any script, case, `#`, `_`, `&`...; no spaces; `::` joins non-empty segments.
_TAG_SEGMENT = r"[^\s:]+(?::[^\s:]+)*"
TAG_RE = re.compile(rf"{_TAG_SEGMENT}(?:::{_TAG_SEGMENT})*")
COMMON_FIELDS = {"id", "type", "category", "tags", "source", "extra", "guid", "subdeck"}
CARD_FIELDS = {
    CardType.BASIC: COMMON_FIELDS | {"front", "back"},
    CardType.CLOZE: COMMON_FIELDS | {"text"},
    CardType.MCQ: COMMON_FIELDS | {"stem", "options", "answer"},
    CardType.TYPED: COMMON_FIELDS | {"front", "answer", "accept", "unordered"},
    CardType.RULE: COMMON_FIELDS | {"rule", "title"},
}
MAX_GUID = 200
DECK_FIELDS = {"id", "title", "version", "description", "cards"}


@dataclass(frozen=True)
class LoadedDeck:
    deck: Deck
    path: str
    digest: str


class _Problems:
    """Located problems, written `FILE:LINE:COL: WHERE: FIELD: MESSAGE` once all are found."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.found: list[tuple[int, int, str, str, str]] = []
        self.where = "-"

    def add(self, line: int, col: int, field: str, message: str) -> None:
        self.found.append((line, col, self.where, field, message))

    def at(self, node: Node, field: str, message: str) -> None:
        self.add(node.line, node.col, field, message)

    def extend(self, cards: _Problems, deck: str) -> None:
        """The problems of a deck's cards, each card named `DECK/CARD`: the deck's id may follow its cards."""
        self.found.extend((line, col, f"{deck}/{where}", field, text) for line, col, where, field, text in cards.found)

    def lines(self) -> list[str]:
        name = self.filename
        return [f"{name}:{line}:{col}: {where}: {field}: {text}" for line, col, where, field, text in self.found]


class _Cards:
    """A deck's cards, each converted and checked as the parser closes its entry: only the cards are kept,
    never the YAML tree of the whole list."""

    def __init__(self, filename: str) -> None:
        self.problems = _Problems(filename)
        self.cards: list[Card] = []
        self.count = 0
        self.deck: str | None = None  # the deck id the cards were made with, when the file gives it first
        self.first_line: dict[str, int] = {}
        self.shared: dict[Any, Any] = {}  # one copy of each tag list, source and subdeck that cards repeat

    def take(self, node: Node, root: Node) -> None:
        if not self.count and "id" in root.value:
            self.deck = _plain(root.value["id"][1])
        self.count += 1
        problems = self.problems
        problems.where = "?"
        if not isinstance(node.value, dict):
            problems.at(node, "card", "expected a mapping")
            return
        key = _text(node.value, "id", node, problems)
        if key is not None:
            problems.where = key
            id_node = node.value["id"][1]
            if not ID_RE.fullmatch(key) or CLOZE_SIBLING_SUFFIX.search(key):
                problems.at(id_node, "id", "use lowercase letters, digits and hyphens, not ending in -cN")
            elif key in self.first_line:
                problems.at(id_node, "id", f"duplicate card id (first at line {self.first_line[key]})")
            else:
                self.first_line[key] = id_node.line
        self.cards.extend(_card(self.deck or "?", key or "?", node, problems, self.shared))

    def of(self, deck_id: str) -> list[Card]:
        """The cards as cards of `deck_id`: made again only when the file gave the deck's id after them."""
        return self.cards if deck_id == self.deck else [replace(card, deck=deck_id) for card in self.cards]


def load_paths(paths: list[Path]) -> list[LoadedDeck]:
    """Load every deck; raise one DeckError listing every problem in every file."""
    problems: list[str] = []
    loaded: list[LoadedDeck] = []
    for path in paths:
        try:
            loaded.append(load_file(path))
        except DeckError as error:
            problems.extend(error.problems)
    problems.extend(duplicate_ids((item.deck.id, item.path) for item in loaded))
    if problems:
        raise DeckError(problems)
    return loaded


def duplicate_ids(decks: Iterable[tuple[str, str]]) -> list[str]:
    """A located problem for every deck (id, path) whose id an earlier one already took."""
    seen: dict[str, str] = {}
    problems = []
    for deck_id, path in decks:
        if deck_id in seen:
            problems.append(f"{path}:1:1: {deck_id}: id: deck id also used by {seen[deck_id]}")
        seen.setdefault(deck_id, path)
    return problems


def load_file(path: Path) -> LoadedDeck:
    """A deck file, read as it is parsed: never held whole, as text or as bytes."""
    with open_limited(path, MAX_BYTES) as handle:
        return _load(handle, str(path))


def load_bytes(data: bytes, name: str) -> LoadedDeck:
    if len(data) > MAX_BYTES:
        raise DeckError([f"{name}:1:1: -: file: larger than {MAX_BYTES // (1024 * 1024)} MB"])
    return _load(io.BytesIO(data), name)


def _load(handle: BinaryIO, name: str) -> LoadedDeck:
    stream = DeckStream(handle, name, MAX_BYTES)
    try:
        deck = parse_deck(stream, name)
    except DeckError:
        stream.finish()  # the file's own problems (not UTF-8, too large) before any of its YAML
        raise
    return LoadedDeck(deck, name, stream.finish())


def parse_deck(source: str | bytes | DeckStream, filename: str) -> Deck:
    """The deck in YAML text (or a stream of its UTF-8 bytes); DeckError naming every problem."""
    from omm_cards.deckfile.yaml_tree import compose

    problems = _Problems(filename)
    cards = _Cards(filename)
    root = compose(source, problems.add, items="cards", take=cards.take)
    if problems.found:
        raise DeckError(problems.lines())
    deck = _deck(root, cards, problems) if root is not None else None
    if root is None:
        problems.add(1, 1, "file", "empty: expected a deck mapping")
    if problems.found or deck is None:
        raise DeckError(problems.lines())
    return deck


def _deck(root: Node, read: _Cards, problems: _Problems) -> Deck | None:
    if not isinstance(root.value, dict):
        problems.at(root, "file", "expected a mapping with id, title, version, description and cards")
        return None
    fields: dict[str, tuple[Node, Node]] = root.value
    deck_id = raw_id = _text(fields, "id", root, problems)
    if deck_id is not None:
        problems.where = deck_id
        if not ID_RE.fullmatch(deck_id):
            problems.at(fields["id"][1], "id", "use lowercase letters, digits and hyphens")
            deck_id = None
    _unknown(fields, DECK_FIELDS, problems)
    title = _text(fields, "title", root, problems)
    version = _text(fields, "version", root, problems)
    description = _text(fields, "description", root, problems, required=False) or ""
    cards_node = _field(fields, "cards", root, problems)
    if cards_node is not None:
        # The list's node is empty: its cards were taken one by one as they were read (`_Cards`).
        if not isinstance(cards_node.value, list) or not read.count:
            problems.at(cards_node, "cards", "expected a non-empty list of cards")
        else:
            problems.extend(read.problems, raw_id or "?")
    if deck_id is None or title is None or version is None or problems.found:
        return None
    return Deck(deck_id, title, version, description, tuple(read.of(deck_id)))


def _plain(node: Node) -> str | None:
    """A node's text as `_text` reads it, or None where `_text` finds a problem."""
    value = node.value.strip() if isinstance(node.value, str) else ""
    return value if value and not first_hidden(value) else None


def _card(deck_id: str, key: str, node: Node, problems: _Problems, shared: dict[Any, Any]) -> list[Card]:
    fields: dict[str, tuple[Node, Node]] = node.value
    card_type = _choice(fields, "type", CardType, node, problems, default=CardType.BASIC)
    category = _choice(fields, "category", Category, node, problems)
    tags = _tags(fields, problems)
    source = _text(fields, "source", node, problems, required=False) or ""
    extra = _text(fields, "extra", node, problems, required=False)
    guid = _text(fields, "guid", node, problems, required=False) or ""
    if guid and (len(guid) > MAX_GUID or any(c.isspace() for c in guid)):
        problems.at(fields["guid"][1], "guid", f"an Anki GUID: no spaces, at most {MAX_GUID} characters")
    subdeck = _text(fields, "subdeck", node, problems, required=False) or ""
    if subdeck and any(not part.strip() for part in subdeck.split("::")):
        problems.at(fields["subdeck"][1], "subdeck", "an Anki deck path: non-empty names joined by ::")
    if card_type is None:
        return []
    _unknown(fields, CARD_FIELDS[card_type], problems)
    before = len(problems.found)
    bodies = _bodies(card_type, fields, node, extra or "", problems)
    if category is None or tags is None or len(problems.found) > before or not bodies:
        return []
    # A deck's cards repeat their tag lists, sources and subdecks: one copy each, not one a card.
    tags, source, subdeck = (
        shared.setdefault(tags, tags),
        shared.setdefault(source, source),
        shared.setdefault(subdeck, subdeck),
    )
    return [
        Card(deck_id, key if number == 1 else f"{key}-c{number}", category, tags, source, body, guid, subdeck)
        for number, body in bodies
    ]


def _bodies(
    card_type: CardType, fields: dict[str, tuple[Node, Node]], node: Node, extra: str, problems: _Problems
) -> list[tuple[int, Body]]:
    """The card bodies one entry makes, each with its cloze ordinal (1 for other types); [] on a problem."""
    if card_type is CardType.BASIC:
        front, back = _text(fields, "front", node, problems), _text(fields, "back", node, problems)
        return [(1, BasicBody(front, back, extra))] if front is not None and back is not None else []
    if card_type is CardType.CLOZE:
        text = _text(fields, "text", node, problems)
        if text is None:
            return []
        ordinals = sorted({int(m.group(1)) for m in CLOZE_RE.finditer(text)})
        if not ordinals or 0 in ordinals:
            problems.at(fields["text"][1], "text", "needs a deletion such as {{c1::answer}}")
            return []
        if len(ordinals) > MAX_DELETIONS:
            message = f"{len(ordinals)} deletions; a note holds at most {MAX_DELETIONS} (split it into notes)"
            problems.at(fields["text"][1], "text", message)
            return []
        return [(n, ClozeBody(text, n, extra)) for n in ordinals]
    if card_type is CardType.MCQ:
        mcq = _mcq(fields, node, extra, problems)
        return [(1, mcq)] if mcq is not None else []
    if card_type is CardType.RULE:
        return _rule(fields, node, extra, problems)
    front, answer = _text(fields, "front", node, problems), _text(fields, "answer", node, problems)
    accept = tuple(_text_list(fields, "accept", problems))
    unordered = _flag(fields, "unordered", problems)
    if front is None or answer is None:
        return []
    return [(1, TypedBody(front, answer, accept, unordered, extra))]


def _rule(fields: dict[str, tuple[Node, Node]], node: Node, extra: str, problems: _Problems) -> list[tuple[int, Body]]:
    from omm_cards.drills import RULES

    rule, title = _text(fields, "rule", node, problems), _text(fields, "title", node, problems)
    if rule is None or title is None:
        return []
    if rule not in RULES:
        problems.at(fields["rule"][1], "rule", f"unknown rule {rule!r}; expected one of {', '.join(RULES)}")
        return []
    return [(1, RuleBody(rule, title, extra))]


def _mcq(fields: dict[str, tuple[Node, Node]], node: Node, extra: str, problems: _Problems) -> McqBody | None:
    stem = _text(fields, "stem", node, problems)
    options_node = _field(fields, "options", node, problems)
    options: list[Option] = []
    if options_node is not None:
        items = options_node.value
        if not isinstance(items, list) or not 3 <= len(items) <= 6:
            problems.at(options_node, "options", "expected a list of 3 to 6 options")
        else:
            for index, item in enumerate(items):
                if not isinstance(item.value, dict):
                    problems.at(item, f"options[{index}]", "expected a mapping with text and why")
                    continue
                _unknown(item.value, {"text", "why"}, problems)
                text = _text(item.value, "text", item, problems, label=f"options[{index}].text")
                why = _text(item.value, "why", item, problems, label=f"options[{index}].why")
                options.append(Option(text or "", why or ""))
    answer = _text(fields, "answer", node, problems)
    if answer is None or not options or stem is None:
        return None
    letter = answer.strip().upper()
    if len(letter) != 1 or letter not in LETTERS[: len(options)]:
        problems.at(fields["answer"][1], "answer", f"expected a letter A-{LETTERS[len(options) - 1]}")
        return None
    return McqBody(stem, tuple(options), LETTERS.index(letter), extra)


def _field(fields: dict[str, tuple[Node, Node]], name: str, owner: Node, problems: _Problems) -> Node | None:
    if name not in fields:
        problems.at(owner, name, "missing")
        return None
    return fields[name][1]


def _text(
    fields: dict[str, tuple[Node, Node]],
    name: str,
    owner: Node,
    problems: _Problems,
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


def _choice(
    fields: dict[str, tuple[Node, Node]],
    name: str,
    enum: Any,
    owner: Node,
    problems: _Problems,
    default: Any = None,
) -> Any:
    if default is not None and name not in fields:
        return default
    value = _text(fields, name, owner, problems)
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        problems.at(fields[name][1], name, f"unknown {name} {value!r}; expected one of {allowed}")
        return None


def _text_list(fields: dict[str, tuple[Node, Node]], name: str, problems: _Problems) -> list[str]:
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


def _tags(fields: dict[str, tuple[Node, Node]], problems: _Problems) -> tuple[str, ...] | None:
    tags = _text_list(fields, "tags", problems)
    bad = [tag for tag in tags if not TAG_RE.fullmatch(tag)]
    if bad:
        problems.at(fields["tags"][1], "tags", f"bad tag {bad[0]!r}: no spaces; non-empty segments joined by ::")
        return None
    return tuple(tags)


def _flag(fields: dict[str, tuple[Node, Node]], name: str, problems: _Problems) -> bool:
    if name not in fields:
        return False
    node = fields[name][1]
    if node.value not in ("true", "false"):
        problems.at(node, name, "expected true or false")
        return False
    return bool(node.value == "true")


def _unknown(fields: dict[str, tuple[Node, Node]], allowed: set[str], problems: _Problems) -> None:
    for name, (key, _value) in fields.items():
        if name not in allowed:
            label = name if name.strip() else repr(name)  # an empty key must still show as a field
            problems.at(key, label, f"unknown field; expected one of {', '.join(sorted(allowed))}")
