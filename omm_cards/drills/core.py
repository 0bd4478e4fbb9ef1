"""What every rule drill shares: the generated instance, the seeded stream of choices, and the loaded tables.

Pure: no clock, no I/O, and no `random` module (the purity contract forbids it, and its global state
would make an instance depend on what ran before). `Stream` is a counter-based generator instead: the
n-th draw of seed s is SHA-256 of `s:n`, read as a 256-bit integer. The same seed always gives the same
instance, on every platform and Python version, and no state is shared between streams.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
JSON = str | int | float | bool | None
SIDES = ("left", "right")
LETTERS = "ABCDEF"


def other(side: str) -> str:
    return "right" if side == "left" else "left"


def letter(side: str) -> str:
    return side[0].upper()


@dataclass(frozen=True)
class Choices:
    """Multiple-choice options; `key` is the index of the right one."""

    options: tuple[str, ...]
    key: int


@dataclass(frozen=True)
class Instance:
    rule: str
    prompt: str
    answer: str
    accept: tuple[str, ...]
    explanation: str  # the rule, stated
    findings: Mapping[str, JSON]
    source: str
    choices: Choices | None = None

    def as_json(self) -> dict[str, object]:
        choices = None
        if self.choices is not None:
            choices = {"options": list(self.choices.options), "key": LETTERS[self.choices.key]}
        return {
            "rule": self.rule,
            "prompt": self.prompt,
            "answer": self.answer,
            "accept": list(self.accept),
            "explanation": self.explanation,
            "findings": dict(self.findings),
            "choices": choices,
            "source": self.source,
        }


class Stream:
    """Deterministic draws from an integer seed (see the module docstring)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.count = 0

    def below(self, n: int) -> int:
        """A whole number in [0, n); the bias of taking 256 bits modulo n is below 2**-200."""
        if n <= 0:
            raise ValueError("below() needs a positive bound")
        digest = hashlib.sha256(f"{self.seed}:{self.count}".encode()).digest()
        self.count += 1
        return int.from_bytes(digest, "big") % n

    def pick(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def shuffled(self, items: Sequence[T]) -> list[T]:
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = self.below(i + 1)
            out[i], out[j] = out[j], out[i]
        return out


def choices(stream: Stream, right: str, wrong: Sequence[str], count: int = 4) -> Choices:
    """`right` among up to count - 1 distinct wrong options, in an order drawn from the stream."""
    distinct = [option for option in dict.fromkeys(wrong) if option != right]
    chosen = stream.shuffled(distinct)[: count - 1]
    options = stream.shuffled([right, *chosen])
    return Choices(tuple(options), options.index(right))


@dataclass(frozen=True)
class Row:
    """One row of a rule table: text fields and lists of text, with its own source and line."""

    fields: Mapping[str, str | tuple[str, ...]]
    source: str
    line: int = 0

    def text(self, name: str) -> str:
        value = self.fields.get(name, "")
        assert isinstance(value, str)
        return value

    def optional(self, name: str) -> str | None:
        value = self.fields.get(name)
        assert value is None or isinstance(value, str)
        return value or None

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.fields.get(name, ())
        assert isinstance(value, tuple)
        return value


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    source: str
    rows: tuple[Row, ...]
    path: str = ""


@dataclass(frozen=True)
class Tables:
    """Every loaded table by id."""

    by_id: Mapping[str, Table] = field(default_factory=dict)

    def __getitem__(self, table_id: str) -> Table:
        return self.by_id[table_id]
