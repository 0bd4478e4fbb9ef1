"""Spinal levels and segmental or group diagnoses: `T4 FRS R`, `L5 E RL SL`, `T7-T11 N SL RR`, `AA RL`.

Every standard spelling reads the same: the compact letters (`FRSr`, `FRrSr`, `NSLRR`), the spaced ones
(`F RR SR`, `N SL RR`) and words (`flexed, rotated and sidebent right`). In compact letters `r` means
right only when a rotation or sidebending is waiting for its side (`FRS r`, `RR`); otherwise it is the
rotation itself, which is how `FRSR` and `FRRSR` both come out as flexed, rotated right, sidebent right.

Where a side is left out, Fryette's coupling supplies it: opposite in a neutral (type I) group and at
the OA, the same when flexed or extended (type II) and at C2-C7. The AA only rotates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from omm_cards.notation.comparison import Components, Notation
from omm_cards.notation.lexicon import RANGE_WORDS, SIDES, Side, Term, digits

LIMITS = {"c": 7, "t": 12, "l": 5, "s": 5}
LEVEL = re.compile(r"([ctls])([0-9]{1,2})")
COMPACT = re.compile(r"[fen]?[rsl]*")
JOINTS = {"oa": "oa", "aa": "aa", "atlas": "aa", "occiput": "oa", "occipitoatlantal": "oa", "atlantoaxial": "aa"}
FILLER = frozenset({"and", "to", "the", "a", "toward", "towards", "-", "with", "is", "at"})
ROTATION_WORDS = frozenset({"rotated", "rotation", "rotates", "rotate", "rot"})
SIDEBENDING_WORDS = frozenset({"sidebent", "sidebending", "sidebends", "sidebend"})
TYPE_NUMBERS = {"i": 1, "1": 1, "one": 1, "ii": 2, "2": 2, "two": 2}


class Motion(Enum):
    FLEXED = "flexed"
    EXTENDED = "extended"
    NEUTRAL = "neutral"
    TYPE_II = "type II (flexed or extended)"


MOTION_WORDS = {
    **dict.fromkeys(("f", "flexed", "flexion", "flex"), Motion.FLEXED),
    **dict.fromkeys(("e", "extended", "extension", "ext"), Motion.EXTENDED),
    **dict.fromkeys(("n", "neutral"), Motion.NEUTRAL),
}
LETTERS = {Motion.FLEXED: "F", Motion.EXTENDED: "E", Motion.NEUTRAL: "N", Motion.TYPE_II: "type II"}


@dataclass(frozen=True, order=True)
class Vertebra:
    region: str  # c, t, l, s; or oa / aa, the two joints named for themselves
    number: int = 0

    def __str__(self) -> str:
        return self.region.upper() + (str(self.number) if self.region not in JOINTS.values() else "")


@dataclass(frozen=True)
class Span:
    first: Vertebra
    last: Vertebra

    def __str__(self) -> str:
        if self.first == self.last:
            return str(self.first)
        return f"{self.first}-{self.last}"

    def term(self) -> Term:
        return Term((self.first, self.last), str(self))


@dataclass(frozen=True)
class Levels(Notation):
    """A level or range on its own, as in `T10-T11`."""

    span: Span

    def components(self) -> Components:
        return (("level", self.span.term()),)

    def render(self) -> str:
        return str(self.span)


@dataclass(frozen=True)
class Segmental(Notation):
    level: Span | None
    motion: Motion | None
    rotation: Side | None
    sidebending: Side | None

    def components(self) -> Components:
        return (
            ("level", self.level.term() if self.level else None),
            ("motion", Term(self.motion, self.motion.value) if self.motion else None),
            ("rotation", Term(self.rotation, self.rotation.value) if self.rotation else None),
            ("sidebending", Term(self.sidebending, self.sidebending.value) if self.sidebending else None),
        )

    def render(self) -> str:
        parts = [str(self.level) if self.level else "", LETTERS[self.motion] if self.motion else ""]
        parts.append(f"R{self.rotation.value[0].upper()}" if self.rotation else "")
        parts.append(f"S{self.sidebending.value[0].upper()}" if self.sidebending else "")
        return " ".join(part for part in parts if part)

    def vague(self, component: str, typed: Term, expected: Term) -> bool:
        return component == "motion" and typed.key is Motion.TYPE_II and expected.key is not Motion.NEUTRAL


def segmental(level: Span | None, motion: Motion | None, rotation: Side | None, sidebending: Side | None) -> Segmental:
    """A diagnosis with the side coupling implies filled in (see the module docstring)."""
    diagnosis = Segmental(level, motion, rotation, sidebending)
    if (rotation is None) == (sidebending is None):
        return diagnosis
    same = _coupling(level, motion)
    if same is None:
        return diagnosis
    known = rotation or sidebending
    assert known is not None
    implied = known if same else known.opposite
    if rotation is None:
        return replace(diagnosis, rotation=implied)
    return replace(diagnosis, sidebending=implied)


def _coupling(level: Span | None, motion: Motion | None) -> bool | None:
    """True: rotation and sidebending go to one side; False: opposite sides; None: nothing says."""
    if level is not None:
        if level.first.region == "oa":
            return False
        if level.first.region == "aa":
            return None
        if level.first.region == "c":
            return True
    if motion is None:
        return None
    return motion is not Motion.NEUTRAL


def parse(words: list[str]) -> Levels | Segmental | None:
    found = _find_level(words)
    span, rest = (None, words) if found is None else found
    if span is not None and not rest:
        return Levels(span) if span.first.region not in ("oa", "aa") else None
    motion = _motion(rest)
    if motion is None or motion == (None, None, None):
        return None  # `s` or `rotated` alone states nothing
    if span is not None:
        span = _joint(span)
    return segmental(span, *motion)


def _find_level(words: list[str]) -> tuple[Span, list[str]] | None:
    for at in range(len(words)):
        found = _span_at(words, at)
        if found is not None:
            span, end = found
            rest = words[:at] + words[end:]
            if _find_level(rest) is not None:
                return None  # two levels: not one diagnosis
            return span, rest
    return None


def _span_at(words: list[str], at: int) -> tuple[Span, int] | None:
    first = _vertebra_at(words, at)
    if first is None:
        return None
    start, end = first
    if end < len(words) and words[end] in RANGE_WORDS:
        last = _vertebra_at(words, end + 1)
        if last is None and end + 1 < len(words) and digits(words[end + 1]) and start.region in LIMITS:
            last = _checked(start.region, int(words[end + 1]), end + 2)
        if last is not None:
            if not start < last[0] and not _before(start, last[0]):
                return None  # T11-T10 is no range
            return Span(start, last[0]), last[1]
    return Span(start, start), end


def _before(a: Vertebra, b: Vertebra) -> bool:
    order = "ctls"
    if a.region in order and b.region in order:
        return (order.index(a.region), a.number) < (order.index(b.region), b.number)
    return False


def _vertebra_at(words: list[str], at: int) -> tuple[Vertebra, int] | None:
    word = words[at] if at < len(words) else ""
    if word in JOINTS:
        return Vertebra(JOINTS[word]), at + 1
    if match := LEVEL.fullmatch(word):
        return _checked(match[1], int(match[2]), at + 1)
    if word in LIMITS and at + 1 < len(words) and digits(words[at + 1]) and (at == 0 or not digits(words[at - 1])):
        return _checked(word, int(words[at + 1]), at + 2)  # `T 10`
    return None


def _checked(region: str, number: int, end: int) -> tuple[Vertebra, int] | None:
    low = 0 if region == "c" else 1  # C0 is the occiput, named only in a diagnosis
    return (Vertebra(region, number), end) if low <= number <= LIMITS[region] else None


def _joint(span: Span) -> Span:
    """In a diagnosis C0-C1 is the OA and C1 (or C1-C2) the AA: one joint, several names."""
    joints = {
        (Vertebra("c", 0), Vertebra("c", 0)): "oa",
        (Vertebra("c", 0), Vertebra("c", 1)): "oa",
        (Vertebra("c", 1), Vertebra("c", 1)): "aa",
        (Vertebra("c", 1), Vertebra("c", 2)): "aa",
    }
    joint = joints.get((span.first, span.last))
    return Span(Vertebra(joint), Vertebra(joint)) if joint else span


def _motion(words: list[str]) -> tuple[Motion | None, Side | None, Side | None] | None:
    """Motion, rotation side and sidebending side from the words around the level; None if not notation."""
    reader = _Reader()
    at = 0
    while at < len(words):
        word = words[at]
        at += 1
        if word == "type" and at < len(words) and words[at] in TYPE_NUMBERS:
            ok = reader.motion(Motion.NEUTRAL if TYPE_NUMBERS[words[at]] == 1 else Motion.TYPE_II)
            at += 1
        elif word in FILLER:
            ok = True
        elif word in MOTION_WORDS and len(word) > 1:
            ok = reader.motion(MOTION_WORDS[word])
        elif word in ROTATION_WORDS:
            ok = reader.component("rotation", spelled=True)
        elif word in SIDEBENDING_WORDS:
            ok = reader.component("sidebending", spelled=True)
        elif word in SIDES and len(word) > 1:
            ok = reader.side(SIDES[word], spelled=True)
        elif COMPACT.fullmatch(word):
            ok = reader.letters(word)
        else:
            return None
        if not ok:
            return None
    return reader.result()


class _Reader:
    """The state of one left-to-right reading: what has been said, and what still waits for its side."""

    def __init__(self) -> None:
        self.said: dict[str, Motion | Side | None] = {}
        self.pending: list[str] = []
        self.held: Side | None = None  # `right` before `rotation`, as in `right rotation`

    def motion(self, motion: Motion) -> bool:
        if self.said.get("motion", motion) is not motion:
            return False
        self.said["motion"] = motion
        return True

    def component(self, name: str, spelled: bool) -> bool:
        if name in self.said:
            return False
        if self.held is not None:
            if not spelled:
                return False
            self.said[name], self.held = self.held, None
            return True
        self.said[name] = None
        self.pending.append(name)
        return True

    def side(self, side: Side, spelled: bool) -> bool:
        if self.pending:
            for name in self.pending:
                self.said[name] = side
            self.pending = []
            return True
        if not spelled or self.held is not None:
            return False
        self.held = side
        return True

    def letters(self, word: str) -> bool:
        for index, letter in enumerate(word):
            if letter in "fen":
                if index != 0 or not self.motion(MOTION_WORDS[letter]):
                    return False
            elif letter == "s":
                if not self.component("sidebending", spelled=False):
                    return False
            elif letter == "l" or self.pending:
                if not self.side(SIDES[letter], spelled=False):
                    return False
            elif not self.component("rotation", spelled=False):
                return False
        return True

    def result(self) -> tuple[Motion | None, Side | None, Side | None] | None:
        if self.held is not None or not self.said:
            return None
        motion = self.said.get("motion")
        rotation, sidebending = self.said.get("rotation"), self.said.get("sidebending")
        assert motion is None or isinstance(motion, Motion)
        assert rotation is None or isinstance(rotation, Side)
        assert sidebending is None or isinstance(sidebending, Side)
        return motion, rotation, sidebending
