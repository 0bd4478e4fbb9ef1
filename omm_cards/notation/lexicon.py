"""The words every part of the notation grammar shares: tokens, sides, numbers and comparable terms.

A typed answer becomes a list of lower-case tokens: words, numbers, spinal levels (`t4`) and the few
symbols that change meaning (`-`, `/`, `+`, `<`...). Punctuation that only separates (commas, colons,
brackets, full stops) is dropped, so `T4: FRS (R)` reads as `t4 frs r`. A token no grammar knows makes
that grammar give up: an answer is notation only when every word of it is understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
# ASCII digits only: other scripts' digits (and `²`) are symbols no grammar reads, not numbers.
ORDINAL = re.compile(r"\b([0-9]+)(?:st|nd|rd|th)\b")
DIGITS = re.compile(r"[0-9]+")
TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:st|nd|rd|th)?|[a-z]+[0-9]*|[^\sa-z0-9,.;:!?()\[\]\"']")
RANGE_WORDS = frozenset({"-", "to", "through", "thru"})


class Side(Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def opposite(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


SIDES = {"l": Side.LEFT, "lt": Side.LEFT, "left": Side.LEFT, "r": Side.RIGHT, "rt": Side.RIGHT, "right": Side.RIGHT}

# A word per number, in order; written as one string to stay readable.
UNIT_NAMES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
UNIT_WORDS = {word: n for n, word in enumerate(f"{UNIT_NAMES} seventeen eighteen nineteen".split())}
TENS_WORDS = {
    word: 20 + 10 * n
    for n, word in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
}
ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
ORDINAL_WORDS = {word: n + 1 for n, word in enumerate(ORDINALS.split())}


def tokens(text: str) -> list[str]:
    text = DASHES.sub("-", text.casefold()).replace("°", " degrees ").replace("%", " percent ").replace("&", " and ")
    text = re.sub(r"(?<=[0-9])(?=[a-z])(?!(?:st|nd|rd|th)\b)", " ", text)  # 90s = 90 s; 3rd stays an ordinal
    words = TOKEN.findall(text)
    # A hyphen between two words only joins them (left-on-left, twenty-five); between numbers or
    # levels it makes a range (T10-T11, 3-5 s), so it stays.
    words = [
        word
        for at, word in enumerate(words)
        if word != "-" or not (0 < at < len(words) - 1 and words[at - 1].isalpha() and words[at + 1].isalpha())
    ]
    return _join_side_bent(words)


def _join_side_bent(words: list[str]) -> list[str]:
    """`side-bent`, `side bent` and `sidebent` are one word, as are `side bending` and `sidebending`."""
    joined: list[str] = []
    for word in words:
        if word in ("bent", "bend", "bends", "bending") and joined[-1:] == ["side"]:
            joined[-1] = "side" + word
            continue
        joined.append(word)
    return joined


def number(words: list[str], at: int) -> tuple[Fraction, int] | None:
    """A number at words[at] and where it ends: digits, or words up to `nine hundred and ninety-nine`,
    either followed by `and a half`."""
    word = words[at] if at < len(words) else ""
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", word):
        value, end = Fraction(word), at + 1
    else:
        found = _number_words(words, at)
        if found is None:
            return None
        value, end = Fraction(found[0]), found[1]
    if words[end : end + 3] == ["and", "a", "half"]:
        value, end = value + Fraction(1, 2), end + 3
    return value, end


def _number_words(words: list[str], at: int) -> tuple[int, int] | None:
    value, end = 0, at
    if words[end + 1 : end + 2] == ["hundred"] and words[end] in ("a", *UNIT_WORDS):
        value, end = 100 * UNIT_WORDS.get(words[end], 1), end + 2
        if words[end : end + 1] == ["and"] and _below_hundred(words, end + 1):
            end += 1
    rest = _below_hundred(words, end)
    if rest is not None:
        value, end = value + rest[0], rest[1]
    return (value, end) if end > at else None


def _below_hundred(words: list[str], at: int) -> tuple[int, int] | None:
    word = words[at] if at < len(words) else ""
    if word in UNIT_WORDS:
        return UNIT_WORDS[word], at + 1
    if word not in TENS_WORDS:
        return None
    after = words[at + 1] if at + 1 < len(words) else ""
    if 0 < UNIT_WORDS.get(after, 0) < 10:  # twenty-five: the hyphen was read as a space
        return TENS_WORDS[word] + UNIT_WORDS[after], at + 2
    return TENS_WORDS[word], at + 1


def digits(word: str) -> bool:
    return DIGITS.fullmatch(word) is not None


def ordinal(word: str) -> int | None:
    """`3rd`, `third` or `3`: the number of a rib or a segment."""
    if match := ORDINAL.fullmatch(word):
        return int(match[1])
    if DIGITS.fullmatch(word):
        return int(word)
    return ORDINAL_WORDS.get(word, UNIT_WORDS.get(word))


@dataclass(frozen=True)
class Term:
    """One component of a diagnosis: compared by key, shown to the student in words."""

    key: object
    words: str = field(compare=False)
