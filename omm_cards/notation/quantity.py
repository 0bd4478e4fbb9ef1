"""Amounts with units: `90 s` = `90 seconds` = `1.5 minutes` = `1 min 30 s` = `ninety seconds`; ranges
such as `3-5 s` and `15 s to 2 min`; percentages, degrees and plain counts (`3 to 5`, `seven`)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from omm_cards.notation.comparison import Components, Notation
from omm_cards.notation.lexicon import RANGE_WORDS, Term, number

# unit word -> (dimension, size in the dimension's base unit)
UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), ("time", Fraction(1))),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), ("time", Fraction(60))),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), ("time", Fraction(3600))),
    **dict.fromkeys(("percent", "pct"), ("percent", Fraction(1))),
    **dict.fromkeys(("degrees", "degree", "deg"), ("angle", Fraction(1))),
}
BASE_NAMES = {"time": "seconds", "percent": "percent", "angle": "degrees"}
COUNT_WORDS = frozenset({"times", "repetitions", "reps", "cycles"})  # `3-5 times` is the count 3-5


@dataclass(frozen=True)
class Quantity(Notation):
    low: Fraction
    high: Fraction
    dimension: str | None  # None: a plain number

    def components(self) -> Components:
        unit = Term(self.dimension, BASE_NAMES[self.dimension]) if self.dimension else None
        return (("amount", Term((self.low, self.high), self.render())), ("unit", unit))

    def render(self) -> str:
        amount = _show(self.low) if self.low == self.high else f"{_show(self.low)}-{_show(self.high)}"
        return f"{amount} {BASE_NAMES[self.dimension]}" if self.dimension else amount


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def parse(words: list[str]) -> Quantity | None:
    words = [word for word in words if word not in COUNT_WORDS]
    first = _amount(words, 0)
    if first is None:
        return None
    low, low_dimension, end = first
    high, high_dimension = low, low_dimension
    if end < len(words) and words[end] in RANGE_WORDS:
        second = _amount(words, end + 1)
        if second is None:
            return None
        high, high_dimension, end = second
        if low_dimension is None and high_dimension is not None:  # `3-5 s`: the unit is written once
            low, low_dimension = low * _size(words, end, high_dimension), high_dimension
        if low_dimension != high_dimension or high < low:
            return None
    if end != len(words):
        return None
    return Quantity(low, high, low_dimension)


def _size(words: list[str], end: int, dimension: str) -> Fraction:
    """The size of the unit that ends a range, for the bare number that opens it."""
    for word in reversed(words[:end]):
        if word in UNITS and UNITS[word][0] == dimension:
            return UNITS[word][1]
    return Fraction(1)


def _amount(words: list[str], at: int) -> tuple[Fraction, str | None, int] | None:
    """An amount, possibly compound (`1 min 30 s`), in base units; its dimension and its end."""
    total, dimension, end = Fraction(0), None, at
    while (found := number(words, end)) is not None:
        value, after = found
        unit = UNITS.get(words[after]) if after < len(words) else None
        if unit is None:
            if end == at:
                return value, None, after
            break
        if dimension is not None and unit[0] != dimension:
            return None
        total, dimension, end = total + value * unit[1], unit[0], after + 1
        if words[end : end + 1] == ["and"] and number(words, end + 1):
            end += 1
    if end == at:
        return None
    if words[end - 1 : end] == ["and"]:
        end -= 1
    return total, dimension, end
