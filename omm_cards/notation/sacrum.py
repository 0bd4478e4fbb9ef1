"""Sacral diagnoses: torsions (`left on left`, `LoL`, `left rotation on a left oblique axis`), the
oblique axes themselves, and unilateral flexion or extension (`left unilateral sacral flexion`).

A torsion is forward when the rotation and the axis are on one side (left on left) and backward when
they differ (right on left); writing `forward` or `backward` states the same fact again, and
contradicting the sides with it is an error. A sacral shear is a unilateral sacral flexion (anterior
shear) or extension (posterior shear).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from omm_cards.notation.comparison import Components, Notation
from omm_cards.notation.lexicon import SIDES, Side, Term

COMPACT_TORSION = re.compile(r"([lr])o([lr])")  # LoL, RoL
COMPACT_UNILATERAL = re.compile(r"([lr])s([fe])")  # LSF, RSE
DIRECTIONS = {"forward": True, "anterior": True, "backward": False, "posterior": False}
TORSION_FILLER = frozenset({"sacral", "sacrum", "torsion", "a", "the", "-", "oblique", "axis", "rotation", "rotated"})
AXIS_FILLER = frozenset({"a", "the", "sacral", "-"})
UNILATERAL_FILLER = frozenset({"unilateral", "sacral", "sacrum", "on", "the", "a", "-", "dysfunction"})


class SacralMotion(Enum):
    FLEXION = "flexion"
    EXTENSION = "extension"


UNILATERAL_WORDS = {
    "flexion": SacralMotion.FLEXION,
    "flexed": SacralMotion.FLEXION,
    "extension": SacralMotion.EXTENSION,
    "extended": SacralMotion.EXTENSION,
}


@dataclass(frozen=True)
class SacralTorsion(Notation):
    rotation: Side | None
    axis: Side | None
    forward: bool | None  # as written, or as the two sides imply

    def components(self) -> Components:
        direction = None if self.forward is None else Term(self.forward, "forward" if self.forward else "backward")
        return (
            ("rotation", Term(self.rotation, self.rotation.value) if self.rotation else None),
            ("axis", Term(self.axis, f"{self.axis.value} oblique") if self.axis else None),
            ("torsion", direction),
        )

    def render(self) -> str:
        sides = f"{self.rotation.value} on {self.axis.value} " if self.rotation and self.axis else ""
        return sides + ("forward" if self.forward else "backward") + " torsion" if self.forward is not None else sides


@dataclass(frozen=True)
class SacralAxis(Notation):
    side: Side

    def components(self) -> Components:
        return (("axis", Term(self.side, f"{self.side.value} oblique")),)

    def render(self) -> str:
        return f"{self.side.value} oblique axis"


@dataclass(frozen=True)
class UnilateralSacral(Notation):
    motion: SacralMotion
    side: Side | None

    def components(self) -> Components:
        return (
            ("motion", Term(self.motion, f"unilateral sacral {self.motion.value}")),
            ("side", Term(self.side, self.side.value) if self.side else None),
        )

    def render(self) -> str:
        return f"{self.side.value if self.side else ''} unilateral sacral {self.motion.value}".strip()


def parse(words: list[str]) -> SacralTorsion | SacralAxis | UnilateralSacral | None:
    return _torsion(words) or _axis(words) or _unilateral(words)


def _torsion(words: list[str]) -> SacralTorsion | None:
    if len(words) == 1 and (match := COMPACT_TORSION.fullmatch(words[0])):
        return torsion(SIDES[match[1]], SIDES[match[2]], None)
    directions = {DIRECTIONS[word] for word in words if word in DIRECTIONS}
    if len(directions) > 1:
        return None
    said = next(iter(directions), None)
    rest = [word for word in words if word not in DIRECTIONS and word not in TORSION_FILLER]
    if rest == [] and said is not None and "torsion" in words:
        return SacralTorsion(None, None, said)  # `forward torsion`: the sides are left out
    if len(rest) != 3 or rest[1] != "on" or rest[0] not in SIDES or rest[2] not in SIDES:
        return None
    return torsion(SIDES[rest[0]], SIDES[rest[2]], said)


def torsion(rotation: Side, axis: Side, said: bool | None) -> SacralTorsion:
    """A torsion; its direction is the one written, or else the one its sides imply."""
    return SacralTorsion(rotation, axis, (rotation is axis) if said is None else said)


def _axis(words: list[str]) -> SacralAxis | None:
    rest = [word for word in words if word not in AXIS_FILLER]
    if rest[-1:] == ["axis"]:
        rest.pop()
    if len(rest) == 2 and rest[0] in SIDES and rest[1] == "oblique":
        return SacralAxis(SIDES[rest[0]])
    return None


def _unilateral(words: list[str]) -> UnilateralSacral | None:
    if len(words) == 1 and (match := COMPACT_UNILATERAL.fullmatch(words[0])):
        motion = SacralMotion.FLEXION if match[2] == "f" else SacralMotion.EXTENSION
        return UnilateralSacral(motion, SIDES[match[1]])
    if not {"sacral", "sacrum", "unilateral"} & set(words):
        return None
    motions: set[SacralMotion] = set()
    sides: set[Side] = set()
    for word in words:
        if word in UNILATERAL_WORDS:
            motions.add(UNILATERAL_WORDS[word])
        elif word == "shear":
            motions.add(SacralMotion.EXTENSION if "posterior" in words else SacralMotion.FLEXION)
        elif word in SIDES:
            sides.add(SIDES[word])
        elif word not in UNILATERAL_FILLER and word not in ("anterior", "posterior"):
            return None
    if len(motions) != 1 or len(sides) > 1:
        return None
    return UnilateralSacral(motions.pop(), next(iter(sides), None))
