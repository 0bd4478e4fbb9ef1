"""A deck's card entries to cards, each converted and checked as the parser closes it: an import holds
its cards, never the YAML tree of them (a deck may have 100,000).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from omm_cards.deckfile.fields import (
    ID_RE,
    Problems,
    plain_text,
    read_choice,
    read_field,
    read_flag,
    read_text,
    read_text_list,
    unknown_fields,
)
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
    McqBody,
    Option,
    RuleBody,
    TypedBody,
)

if TYPE_CHECKING:
    from omm_cards.deckfile.yaml_tree import Node

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


class CardReader:
    """A deck's cards, each converted and checked as the parser closes its entry: only the cards are kept,
    never the YAML tree of the whole list."""

    def __init__(self, filename: str) -> None:
        self.problems = Problems(filename)
        self.cards: list[Card] = []
        self.count = 0
        self.deck: str | None = None  # the deck id the cards were made with, when the file gives it first
        self.first_line: dict[str, int] = {}
        self.shared: dict[Any, Any] = {}  # one copy of each tag list, source and subdeck that cards repeat

    def take(self, node: Node, root: Node) -> None:
        if not self.count and "id" in root.value:
            self.deck = plain_text(root.value["id"][1])
        self.count += 1
        problems = self.problems
        problems.where = "?"
        if not isinstance(node.value, dict):
            problems.at(node, "card", "expected a mapping")
            return
        key = read_text(node.value, "id", node, problems)
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


def _card(deck_id: str, key: str, node: Node, problems: Problems, shared: dict[Any, Any]) -> list[Card]:
    fields: dict[str, tuple[Node, Node]] = node.value
    card_type = read_choice(fields, "type", CardType, node, problems, default=CardType.BASIC)
    category = read_choice(fields, "category", Category, node, problems)
    tags = _tags(fields, problems)
    source = read_text(fields, "source", node, problems, required=False) or ""
    extra = read_text(fields, "extra", node, problems, required=False)
    guid = read_text(fields, "guid", node, problems, required=False) or ""
    if guid and (len(guid) > MAX_GUID or any(c.isspace() for c in guid)):
        problems.at(fields["guid"][1], "guid", f"an Anki GUID: no spaces, at most {MAX_GUID} characters")
    subdeck = read_text(fields, "subdeck", node, problems, required=False) or ""
    if subdeck and any(not part.strip() for part in subdeck.split("::")):
        problems.at(fields["subdeck"][1], "subdeck", "an Anki deck path: non-empty names joined by ::")
    if card_type is None:
        return []
    unknown_fields(fields, CARD_FIELDS[card_type], problems)
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
    card_type: CardType, fields: dict[str, tuple[Node, Node]], node: Node, extra: str, problems: Problems
) -> list[tuple[int, Body]]:
    """The card bodies one entry makes, each with its cloze ordinal (1 for other types); [] on a problem."""
    if card_type is CardType.BASIC:
        front, back = read_text(fields, "front", node, problems), read_text(fields, "back", node, problems)
        return [(1, BasicBody(front, back, extra))] if front is not None and back is not None else []
    if card_type is CardType.CLOZE:
        text = read_text(fields, "text", node, problems)
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
    front, answer = read_text(fields, "front", node, problems), read_text(fields, "answer", node, problems)
    accept = tuple(read_text_list(fields, "accept", problems))
    unordered = read_flag(fields, "unordered", problems)
    if front is None or answer is None:
        return []
    return [(1, TypedBody(front, answer, accept, unordered, extra))]


def _rule(fields: dict[str, tuple[Node, Node]], node: Node, extra: str, problems: Problems) -> list[tuple[int, Body]]:
    from omm_cards.drills import RULES

    rule, title = read_text(fields, "rule", node, problems), read_text(fields, "title", node, problems)
    if rule is None or title is None:
        return []
    if rule not in RULES:
        problems.at(fields["rule"][1], "rule", f"unknown rule {rule!r}; expected one of {', '.join(RULES)}")
        return []
    return [(1, RuleBody(rule, title, extra))]


def _mcq(fields: dict[str, tuple[Node, Node]], node: Node, extra: str, problems: Problems) -> McqBody | None:
    stem = read_text(fields, "stem", node, problems)
    options_node = read_field(fields, "options", node, problems)
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
                unknown_fields(item.value, {"text", "why"}, problems)
                text = read_text(item.value, "text", item, problems, label=f"options[{index}].text")
                why = read_text(item.value, "why", item, problems, label=f"options[{index}].why")
                options.append(Option(text or "", why or ""))
    answer = read_text(fields, "answer", node, problems)
    if answer is None or not options or stem is None:
        return None
    letter = answer.strip().upper()
    if len(letter) != 1 or letter not in LETTERS[: len(options)]:
        problems.at(fields["answer"][1], "answer", f"expected a letter A-{LETTERS[len(options) - 1]}")
        return None
    return McqBody(stem, tuple(options), LETTERS.index(letter), extra)


def _tags(fields: dict[str, tuple[Node, Node]], problems: Problems) -> tuple[str, ...] | None:
    tags = read_text_list(fields, "tags", problems)
    bad = [tag for tag in tags if not TAG_RE.fullmatch(tag)]
    if bad:
        problems.at(fields["tags"][1], "tags", f"bad tag {bad[0]!r}: no spaces; non-empty segments joined by ::")
        return None
    return tuple(tags)
