"""Domain values: categories, card types, cards and decks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    PRINCIPLE = "principle"
    TECHNIQUE = "technique"
    INDICATION = "indication"
    CONTRAINDICATION = "contraindication"
    DIAGNOSIS = "diagnosis"
    ANATOMY = "anatomy"


class CardType(StrEnum):
    BASIC = "basic"
    CLOZE = "cloze"
    MCQ = "mcq"
    TYPED = "typed"


CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Card:
    """One reviewable card. `content` holds the type's own fields, JSON-compatible."""

    deck: str
    key: str
    type: CardType
    category: Category
    tags: tuple[str, ...]
    source: str
    content: Mapping[str, Any]

    @property
    def id(self) -> str:
        return f"{self.deck}/{self.key}"

    def front(self) -> str:
        """The question side, as plain text."""
        c = self.content
        if self.type is CardType.CLOZE:
            return _cloze(c["text"], c["ordinal"], reveal=False)
        if self.type is CardType.MCQ:
            options = "\n".join(f"{LETTERS[i]}. {o['text']}" for i, o in enumerate(c["options"]))
            return f"{c['stem']}\n\n{options}"
        return str(c["front"])

    def back(self) -> str:
        """The answer side, as plain text."""
        c = self.content
        if self.type is CardType.CLOZE:
            return _cloze(c["text"], c["ordinal"], reveal=True)
        if self.type is CardType.MCQ:
            right = c["answer"]
            lines = [f"Answer: {LETTERS[right]}. {c['options'][right]['text']}"]
            for i, option in enumerate(c["options"]):
                mark = "correct" if i == right else "wrong"
                lines.append(f"{LETTERS[i]} ({mark}): {option['why']}")
            return "\n".join(lines)
        if self.type is CardType.TYPED:
            return str(c["answer"])
        return str(c["back"])

    def extra(self) -> str:
        return str(self.content.get("extra", ""))


def _cloze(text: str, ordinal: int, *, reveal: bool) -> str:
    def replace(match: re.Match[str]) -> str:
        answer, hint = match.group(2), match.group(3)
        if int(match.group(1)) != ordinal:
            return answer
        if reveal:
            return f"[{answer}]"
        return f"[{hint or '...'}]"

    return CLOZE_RE.sub(replace, text)


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    version: str
    description: str
    cards: tuple[Card, ...] = field(default=())


@dataclass(frozen=True)
class CardFilter:
    """Which cards a command looks at: any of the decks, any of the tags, any of the categories.

    A tag matches itself and every tag below it (`region` matches `region::lumbar`); empty means all.
    """

    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()
