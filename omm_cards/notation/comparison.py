"""Comparing two parsed answers component by component, and saying what differs in words.

A component the answer states and the typed answer contradicts makes the answer wrong. One it leaves
out (or states only vaguely, such as `type II` for `flexed`) makes it incomplete: close when at least as
many components matched as are missing, wrong otherwise. Components only the typed answer states are
ignored (writing `left rib 3` for `rib 3` is no error).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Self

from omm_cards.notation.lexicon import Term

Components = tuple[tuple[str, Term | None], ...]


class Notation:
    """What every parsed answer offers; the subclasses are frozen dataclasses."""

    def components(self) -> Components:
        raise NotImplementedError

    def render(self) -> str:
        """The canonical spelling, which parses back to an equal value."""
        raise NotImplementedError

    def vague(self, component: str, typed: Term, expected: Term) -> bool:
        """Whether `typed` is a less precise way of saying `expected` rather than a contradiction."""
        return False

    def aligned(self, answer: Self) -> Self:
        """This value restated in the answer's terms, where two spellings of one fact differ in shape."""
        return self


class Match(Enum):
    SAME = "same"
    CLOSE = "close"
    DIFFERENT = "different"


@dataclass(frozen=True)
class Difference:
    component: str
    typed: str | None  # None: the typed answer does not say
    expected: str
    contradicts: bool

    def __str__(self) -> str:
        if self.typed is None:
            return f"{self.component}: missing (answer {self.expected})"
        return f"{self.component}: you wrote {self.typed}, answer {self.expected}"


@dataclass(frozen=True)
class Comparison:
    match: Match
    differences: tuple[Difference, ...]


def compare(typed: Notation, answer: Notation) -> Comparison | None:
    """How `typed` measures against `answer`; None when they are different kinds of answer."""
    if type(typed) is not type(answer):
        return None
    given = dict(typed.aligned(answer).components())
    differences: list[Difference] = []
    matched = 0
    for name, expected in answer.components():
        if expected is None:
            continue
        written = given.get(name)
        if written == expected:
            matched += 1
        elif written is None:
            differences.append(Difference(name, None, expected.words, contradicts=False))
        else:
            vague = answer.vague(name, written, expected)
            differences.append(Difference(name, written.words, expected.words, contradicts=not vague))
    missing = len(differences)  # counted before FRS's two sides merge into one line
    differences = _merge_sides(differences)
    if not differences:
        return Comparison(Match.SAME, ())
    if any(d.contradicts for d in differences) or matched < missing:
        return Comparison(Match.DIFFERENT, tuple(differences))
    return Comparison(Match.CLOSE, tuple(differences))


def _merge_sides(differences: list[Difference]) -> list[Difference]:
    """`FRS L` for `FRS R` is one mistake of side, not two: say it once."""
    by_name = {d.component: d for d in differences}
    rotation, sidebending = by_name.get("rotation"), by_name.get("sidebending")
    if rotation is None or sidebending is None:
        return differences
    if (rotation.typed, rotation.expected, rotation.contradicts) != (
        sidebending.typed,
        sidebending.expected,
        sidebending.contradicts,
    ):
        return differences
    merged = Difference("side", rotation.typed, rotation.expected, rotation.contradicts)
    return [merged if d is rotation else d for d in differences if d is not sidebending]
