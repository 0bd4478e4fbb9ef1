"""Rib dysfunctions: inhaled or exhaled (= inhalation or exhalation dysfunction, elevated or depressed),
one rib or a group, the side and the key rib: `left ribs 3-5 exhaled, key rib 3`, `rib 9`, `ninth rib`.

Which rib of a group is key is a fact of the deck, not of the grammar: this only reads `key rib 7`.
A rib *restriction* names the opposite motion (an inhaled rib is restricted in exhalation), so any
answer that speaks of restriction is left to plain comparison rather than read backwards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from omm_cards.notation.comparison import Components, Notation
from omm_cards.notation.lexicon import RANGE_WORDS, SIDES, Side, Term, ordinal


class Phase(Enum):
    INHALED = "inhalation"
    EXHALED = "exhalation"


PHASES = {
    **dict.fromkeys(("inhaled", "inhalation", "inhale", "inspiration", "inspiratory", "elevated"), Phase.INHALED),
    **dict.fromkeys(("exhaled", "exhalation", "exhale", "expiration", "expiratory", "depressed"), Phase.EXHALED),
}
GROUPS = {"group": True, "single": False}
FILLER = frozenset({"the", "a", "an", "of", "on", "in", "is", "dysfunction", "somatic", "with", "and", "during", "-"})
RIB_WORDS = frozenset({"rib", "ribs"})


@dataclass(frozen=True)
class RibSpan:
    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class Rib(Notation):
    phase: Phase | None
    ribs: RibSpan | None
    side: Side | None
    key: int | None
    group: bool | None  # said in words, or implied by a range of ribs

    def components(self) -> Components:
        return (
            ("phase", Term(self.phase, self.phase.value) if self.phase else None),
            ("group", Term(self.group, "group" if self.group else "single rib") if self.group is not None else None),
            ("ribs", Term(self.ribs, f"rib {self.ribs}") if self.ribs else None),
            ("key rib", Term(self.key, f"rib {self.key}") if self.key else None),
            ("side", Term(self.side, self.side.value) if self.side else None),
        )

    def render(self) -> str:
        parts = [self.side.value if self.side else ""]
        if self.group is not None:
            parts.append("group" if self.group else "single")
        if self.phase:
            parts.append(self.phase.value)
        parts.append(f"rib {self.ribs}" if self.ribs else "rib")
        if self.key:
            parts.append(f"key rib {self.key}")
        return " ".join(part for part in parts if part)

    def aligned(self, answer: Rib) -> Rib:
        """`key rib 3` answers `rib 3` when the question asked which rib is key."""
        if self.ribs is None and self.key is not None and answer.key is None and answer.ribs is not None:
            return replace(self, ribs=RibSpan(self.key, self.key), key=None)
        return self


def parse(words: list[str]) -> Rib | None:
    phases: set[Phase] = set()
    sides: set[Side] = set()
    groups: set[bool] = set()
    spans: list[RibSpan] = []
    key: int | None = None
    named = False
    at = 0
    while at < len(words):
        word = words[at]
        if word == "key":
            at += 1 + (words[at + 1 : at + 2] == ["rib"]) + (words[at + 2 : at + 3] == ["is"])
            found = _span(words, at)
            if found is None or found[0].first != found[0].last or key is not None:
                return None
            key, at, named = found[0].first, found[1], True
            continue
        found = _span(words, at)
        if found is not None:
            spans.append(found[0])
            at = found[1]
            continue
        if word in PHASES:
            phases.add(PHASES[word])
        elif word in SIDES:
            sides.add(SIDES[word])
        elif word in GROUPS:
            groups.add(GROUPS[word])
        elif word in RIB_WORDS:
            named = True
        elif word not in FILLER:
            return None
        at += 1
    if len(phases) > 1 or len(sides) > 1 or len(groups) > 1 or len(set(spans)) > 1 or not (named or phases):
        return None
    if spans and not named:
        return None  # `exhalation 3` is no rib
    ribs = spans[0] if spans else None
    if ribs is not None and ribs.first != ribs.last:
        groups.add(True)
    if len(groups) > 1:
        return None
    return Rib(next(iter(phases), None), ribs, next(iter(sides), None), key, next(iter(groups), None))


def _span(words: list[str], at: int) -> tuple[RibSpan, int] | None:
    first = ordinal(words[at]) if at < len(words) else None
    if first is None or not 1 <= first <= 12:
        return None
    end = at + 1
    if end + 1 < len(words) and words[end] in RANGE_WORDS and (last := ordinal(words[end + 1])) is not None:
        if not first < last <= 12:
            return None
        return RibSpan(first, last), end + 2
    return RibSpan(first, first), end
