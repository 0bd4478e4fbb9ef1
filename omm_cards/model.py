"""Domain values: categories, card types, cards and decks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


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
    RULE = "rule"  # a rule drill: a fresh generated question each review


CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# A cloze note's card for deletion N (N >= 2) has the id `KEY-cN`; no other card id may end so.
CLOZE_SIBLING_SUFFIX = re.compile(r"-c\d+$")


def tag_key(tag: str) -> str:
    """What tags are compared by: Anki's tags are matched whatever their case (`Körper` is `körper`)."""
    return unicodedata.normalize("NFC", tag).casefold()


def tag_matches(tag: str, wanted: str) -> bool:
    """A tag matches itself and the tags below it: `OMM` matches `omm::Ribs`."""
    have, want = tag_key(tag), tag_key(wanted)
    return have == want or have.startswith(f"{want}::")


def note_of(card_id: str) -> str:
    """The note a card comes from: a cloze sibling's `deck/KEY-cN` is `deck/KEY`; any other card is its own."""
    return CLOZE_SIBLING_SUFFIX.sub("", card_id)


LETTERS = "ABCDEF"


@dataclass(frozen=True, slots=True)
class BasicBody:
    front: str
    back: str
    extra: str = ""


@dataclass(frozen=True, slots=True)
class ClozeBody:
    """One deletion of a cloze note: the note's whole text, and which deletion this card asks."""

    text: str
    ordinal: int = 1
    extra: str = ""


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    why: str  # why it is right, or why it is wrong


@dataclass(frozen=True, slots=True)
class McqBody:
    stem: str
    options: tuple[Option, ...]
    answer: int  # the index of the right option, in the order written
    extra: str = ""


@dataclass(frozen=True, slots=True)
class TypedBody:
    front: str
    answer: str
    accept: tuple[str, ...] = ()
    unordered: bool = False  # a comma-separated list, matched in any order
    extra: str = ""


@dataclass(frozen=True, slots=True)
class RuleBody:
    """A rule drill: each review asks a new instance of the rule (see omm_cards.drills), under one schedule."""

    rule: str  # the drill family's id, e.g. `segmental`
    title: str  # what the rule is, shown where a card's question would be
    extra: str = ""


Body = BasicBody | ClozeBody | McqBody | TypedBody | RuleBody
BODY_TYPES: dict[type[Body], CardType] = {
    BasicBody: CardType.BASIC,
    ClozeBody: CardType.CLOZE,
    McqBody: CardType.MCQ,
    TypedBody: CardType.TYPED,
    RuleBody: CardType.RULE,
}


@dataclass(frozen=True, slots=True)
class Card:
    """One reviewable card: where it lives, how it is filed, and its body (which fixes its type)."""

    deck: str
    key: str  # the card's id within its deck
    category: Category
    tags: tuple[str, ...]
    source: str
    body: Body
    guid: str = ""  # the Anki note it came from (its GUID), written back on export so Anki updates that note
    subdeck: str = ""  # the Anki deck the card was in (`OMM::Ribs::Exhaled`), written back on export

    @property
    def id(self) -> str:
        """`deck/key`: unique across decks, where a student's progress lives."""
        return f"{self.deck}/{self.key}"

    @property
    def type(self) -> CardType:
        return BODY_TYPES[type(self.body)]

    def front(self) -> str:
        """The question side, as plain text."""
        b = self.body
        if isinstance(b, ClozeBody):
            return _cloze(b.text, b.ordinal, reveal=False)
        if isinstance(b, McqBody):
            options = "\n".join(f"{LETTERS[i]}. {o.text}" for i, o in enumerate(b.options))
            return f"{b.stem}\n\n{options}"
        if isinstance(b, RuleBody):
            return f"Rule drill: {b.title}"
        return b.front

    def back(self) -> str:
        """The answer side, as plain text."""
        b = self.body
        if isinstance(b, ClozeBody):
            return _cloze(b.text, b.ordinal, reveal=True)
        if isinstance(b, McqBody):
            lines = [f"Answer: {LETTERS[b.answer]}. {b.options[b.answer].text}"]
            for i, option in enumerate(b.options):
                mark = "correct" if i == b.answer else "wrong"
                lines.append(f"{LETTERS[i]} ({mark}): {_without_verdict(option.why, i == b.answer)}")
            return "\n".join(lines)
        if isinstance(b, TypedBody):
            return b.answer
        if isinstance(b, RuleBody):
            return "a new question from the rule at each review"
        return b.back

    def extra(self) -> str:
        return self.body.extra


VERDICT = re.compile(r"^\s*(correct|right|incorrect|wrong)\b\s*[:.,;!\-\u2013\u2014]*\s*", re.IGNORECASE)


def _without_verdict(why: str, correct: bool) -> str:
    """An explanation that opens with the verdict the label already gives ("Correct: ..." beside
    `(correct)`) loses it; one that disagrees with the label keeps it, so nothing is hidden."""
    found = VERDICT.match(why)
    if not found or not why[found.end() :]:
        return why
    says_correct = found.group(1).lower() in ("correct", "right")
    return why[found.end() :] if says_correct == correct else why


def accepted_line(body: TypedBody) -> str:
    """The other answers a typed card accepts, as one line (empty when there are none)."""
    return "Also accepted: " + "; ".join(body.accept) if body.accept else ""


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


@dataclass(frozen=True)
class CardSearch:
    """What `cards list` shows: a CardFilter, narrowed by every other part given (all must hold)."""

    where: CardFilter = CardFilter()
    types: tuple[CardType, ...] = ()
    due_by: date | None = None  # shown on or before this day (due today or overdue), not suspended
    new: bool = False  # never reviewed
    suspended: bool = False
    own_tags: tuple[str, ...] = ()  # the student's own tags on a card: leech, marked
    text: str = ""  # words in the question, answer or extra (each a prefix)
