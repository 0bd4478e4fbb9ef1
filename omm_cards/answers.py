"""Checking typed answers: OMM-aware normalisation, a character diff, and a suggested grade.

Pure functions; no I/O. Two answers are equal when their normal forms are equal:
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

DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
SIDES = {"right": "r", "rt": "r", "left": "l", "lt": "l"}
NOTATION = re.compile(r"\b(frs|ers|nsr|fsr|esr|rs)\s*(r|l)\b")
LEVEL_RANGE = re.compile(r"\b([ctls])(\d{1,2})\s*(?:-|to|through)\s*([ctls])?(\d{1,2})\b")
SECONDS = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:s|sec|secs|second|seconds)\b")
MINUTES = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:min|mins|minute|minutes)\b")
LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
CLOSE_ENOUGH = 0.8


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


@dataclass(frozen=True)
class Verdict:
    correct: bool
    closest: str  # the accepted answer nearest to what was typed
    similarity: float
    suggested: int  # an SM-2 grade


def check(given: str, answer: str, accept: list[str] | tuple[str, ...] = (), unordered: bool = False) -> Verdict:
    """Compare a typed answer with the card's answer and its accepted variants."""
    typed = _form(given, unordered)
    best, best_ratio = answer, -1.0
    for candidate in (answer, *accept):
        form = _form(candidate, unordered)
        if typed == form:
            return Verdict(True, candidate, 1.0, 4)
        ratio = SequenceMatcher(None, typed, form).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    suggested = 2 if best_ratio >= CLOSE_ENOUGH else 1 if typed else 0
    return Verdict(False, best, best_ratio, suggested)


def diff(given: str, expected: str) -> list[tuple[str, str]]:
    """A character diff as (kind, text) runs: 'same', 'missing' (expected only) and 'extra' (typed only)."""
    runs: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, given, expected, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", given[a1:a2]))
            continue
        if a2 > a1:
            runs.append(("extra", given[a1:a2]))
        if b2 > b1:
            runs.append(("missing", expected[b1:b2]))
    return runs


def suggest_for_choice(correct: bool) -> int:
    """The grade suggested after a multiple-choice pick: 4 when right, 1 when wrong."""
    return 4 if correct else 1
