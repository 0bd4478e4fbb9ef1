"""Checking typed answers: OMM notation read for its meaning, normalised text otherwise, a word diff,
and a suggested grade.

Pure functions; no I/O, no clock (the caller passes the seconds an answer took).

An answer in OMM notation (`T4 flexed, rotated and sidebent right`, `L5 ERlSl`, `LoL`, `1.5 minutes`)
is parsed by `omm_cards.notation` and compared component by component with every accepted answer that
parses too: a wrong side or motion is wrong however close the letters, a left-out level is almost.
Otherwise two answers are equal when their normal forms are equal:
- case, spacing, punctuation at the ends, the kind of hyphen or dash, and a hyphen between words
  do not matter;
- `T10 to T11`, `T10-11` and `T10\u2013T11` (an en dash) are all `t10-t11`;
- side words: `right`/`rt` are `r`, `left`/`lt` are `l`;
- OMM notation: `FRSr`, `FRS R` and `FRS right` are all `frs r` (likewise ERS and NSR);
- units: `90 seconds`, `90 sec` and `90s` are `90 s`; minutes likewise;
- an unordered answer is a list (split on commas, semicolons and "and") compared as a set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum

from omm_cards import notation
from omm_cards.notation import Difference, Match

DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
SIDES = {"right": "r", "rt": "r", "left": "l", "lt": "l"}
NOTATION = re.compile(r"\b(frs|ers|nsr|fsr|esr|rs)\s*(r|l)\b")
LEVEL_RANGE = re.compile(r"\b([ctls])(\d{1,2})\s*(?:-|to|through)\s*([ctls])?(\d{1,2})\b")
SECONDS = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:s|sec|secs|second|seconds)\b")
MINUTES = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:min|mins|minute|minutes)\b")
LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
CLOSE_ENOUGH = 0.8
QUICK_SECONDS = 10  # a correct answer typed this fast earns the suggestion 5 rather than 4


def normalise(text: str) -> str:
    text = DASHES.sub("-", text.casefold())
    text = re.sub(r"[\s_]+", " ", text).strip(" .,;:!?\"'")
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # pump-handle = pump handle; digits keep theirs
    text = re.sub(r"\b[a-z]+\b", lambda m: SIDES.get(m.group(0), m.group(0)), text)
    text = NOTATION.sub(r"\1 \2", text)
    text = LEVEL_RANGE.sub(lambda m: f"{m[1]}{m[2]}-{m[3] or m[1]}{m[4]}", text)
    text = SECONDS.sub(r"\1 s", text)
    text = MINUTES.sub(r"\1 min", text)
    text = re.sub(r"^(the|a|an) ", "", text)
    return re.sub(r" +", " ", text).strip()


def _form(text: str, unordered: bool) -> str:
    if not unordered:
        return normalise(text)
    items = (normalise(item) for item in LIST_SPLIT.split(text))
    return ", ".join(sorted(item for item in items if item))


class Outcome(Enum):
    CORRECT = "correct"
    ALMOST = "almost"
    WRONG = "wrong"
    EMPTY = "empty"


RANK = {Outcome.EMPTY: 0, Outcome.WRONG: 1, Outcome.ALMOST: 2, Outcome.CORRECT: 3}
SUGGESTED = {Outcome.EMPTY: 0, Outcome.WRONG: 1, Outcome.ALMOST: 2, Outcome.CORRECT: 4}


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    closest: str  # the accepted answer nearest to what was typed
    similarity: float
    suggested: int  # an SM-2 grade
    differences: tuple[Difference, ...] = ()  # per component, when both answers are notation

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT


def check(
    given: str,
    answer: str,
    accept: list[str] | tuple[str, ...] = (),
    unordered: bool = False,
    seconds: float | None = None,
) -> Verdict:
    """Compare a typed answer with the card's answer and its accepted variants.

    `seconds` is how long the student took; a correct answer within QUICK_SECONDS suggests 5.
    """
    typed = _form(given, unordered)
    if not typed:
        return Verdict(Outcome.EMPTY, answer, 0.0, 0)
    value = None if unordered else notation.parse(given)
    best: Verdict | None = None
    for candidate in (answer, *accept):
        verdict = _judge(typed, value, candidate, unordered)
        if best is None or _rank(verdict) > _rank(best):
            best = verdict
        if verdict.correct:
            break
    assert best is not None
    if best.correct and seconds is not None and seconds <= QUICK_SECONDS:
        return Verdict(best.outcome, best.closest, best.similarity, 5, best.differences)
    return best


def _judge(typed: str, value: notation.Notation | None, candidate: str, unordered: bool) -> Verdict:
    form = _form(candidate, unordered)
    ratio = 1.0 if typed == form else SequenceMatcher(None, typed, form).ratio()
    if typed == form:
        return Verdict(Outcome.CORRECT, candidate, ratio, SUGGESTED[Outcome.CORRECT])
    expected = notation.parse(candidate) if value is not None else None
    comparison = notation.compare(value, expected) if value is not None and expected is not None else None
    if comparison is not None:
        outcome = {Match.SAME: Outcome.CORRECT, Match.CLOSE: Outcome.ALMOST, Match.DIFFERENT: Outcome.WRONG}
        verdict = outcome[comparison.match]
        return Verdict(verdict, candidate, ratio, SUGGESTED[verdict], comparison.differences)
    # Letters alone never make typed notation nearly right: `FRS L` is close to `FRS R` only in spelling.
    verdict = Outcome.ALMOST if value is None and ratio >= CLOSE_ENOUGH else Outcome.WRONG
    return Verdict(verdict, candidate, ratio, SUGGESTED[verdict])


def _rank(verdict: Verdict) -> tuple[int, bool, float]:
    """Best outcome first; among equals, a component-wise explanation beats a spelling one."""
    return RANK[verdict.outcome], bool(verdict.differences), verdict.similarity


def diff(given: str, expected: str) -> list[tuple[str, str]]:
    """A word diff as (kind, text) runs: 'same', 'missing' (expected only) and 'extra' (typed only).

    Words compare by their normal form, so case, trailing punctuation and `right`/`R` do not count.
    """
    typed_words, expected_words = given.split(), expected.split()
    matcher = SequenceMatcher(
        None, [normalise(w) for w in typed_words], [normalise(w) for w in expected_words], autojunk=False
    )
    runs: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(typed_words[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("extra", " ".join(typed_words[a1:a2])))
        if b2 > b1:
            runs.append(("missing", " ".join(expected_words[b1:b2])))
    return runs


def suggest_for_choice(correct: bool) -> int:
    """The grade suggested after a multiple-choice pick: 4 when right, 1 when wrong."""
    return 4 if correct else 1
