"""Innominate and pubic dysfunctions: anterior or posterior rotation, superior or inferior shear (up- or
downslip), inflare and outflare, superior or inferior pubic shear, each with its side.

`Anterior` alone could be anything (a radial head, a fibular head): only with `innominate`, `iliac` or
`ilium` is it an innominate rotation. Shears, slips and flares say so by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from omm_cards.notation.comparison import Components, Notation
from omm_cards.notation.lexicon import SIDES, Side, Term


class Dysfunction(Enum):
    ANTERIOR = "anterior innominate rotation"
    POSTERIOR = "posterior innominate rotation"
    SUPERIOR_SHEAR = "superior innominate shear (upslip)"
    INFERIOR_SHEAR = "inferior innominate shear (downslip)"
    INFLARE = "innominate inflare"
    OUTFLARE = "innominate outflare"
    SUPERIOR_PUBIC = "superior pubic shear"
    INFERIOR_PUBIC = "inferior pubic shear"


BONE = frozenset({"innominate", "iliac", "ilium", "hip"})
PUBIC = frozenset({"pubic", "pubis", "pubes", "symphysis", "symphyseal"})
SHEAR = frozenset({"shear", "slip"})
FILLER = frozenset({"rotation", "rotated", "the", "a", "of", "on", "bone", "dysfunction", "somatic", "-"})
UP = frozenset({"superior", "superiorly", "cephalad", "up"})
DOWN = frozenset({"inferior", "inferiorly", "caudad", "down"})
FRONT = frozenset({"anterior", "anteriorly", "ant"})
BACK = frozenset({"posterior", "posteriorly", "post"})
ALONE = {
    "upslip": Dysfunction.SUPERIOR_SHEAR,
    "upslipped": Dysfunction.SUPERIOR_SHEAR,
    "downslip": Dysfunction.INFERIOR_SHEAR,
    "downslipped": Dysfunction.INFERIOR_SHEAR,
    "inflare": Dysfunction.INFLARE,
    "outflare": Dysfunction.OUTFLARE,
}
KNOWN = BONE | PUBIC | SHEAR | FILLER | UP | DOWN | FRONT | BACK | set(ALONE) | set(SIDES) | {"in", "out", "flare"}


@dataclass(frozen=True)
class PelvicDysfunction(Notation):
    dysfunction: Dysfunction
    side: Side | None

    def components(self) -> Components:
        return (
            ("dysfunction", Term(self.dysfunction, self.dysfunction.value)),
            ("side", Term(self.side, self.side.value) if self.side else None),
        )

    def render(self) -> str:
        return f"{self.side.value if self.side else ''} {self.dysfunction.value}".strip()


def parse(words: list[str]) -> PelvicDysfunction | None:
    if not words or any(word not in KNOWN for word in words):
        return None
    sides = {SIDES[word] for word in words if word in SIDES}
    found = _dysfunctions(words)
    if len(found) != 1 or len(sides) > 1:
        return None
    return PelvicDysfunction(found.pop(), next(iter(sides), None))


def _dysfunctions(words: list[str]) -> set[Dysfunction]:
    present = set(words)
    found = {ALONE[word] for word in words if word in ALONE}
    joined = " ".join(words)
    if "in flare" in joined:
        found.add(Dysfunction.INFLARE)
    if "out flare" in joined:
        found.add(Dysfunction.OUTFLARE)
    slips = present & SHEAR or found & {Dysfunction.SUPERIOR_SHEAR, Dysfunction.INFERIOR_SHEAR}
    if present & PUBIC:
        pubic = set()
        if present & UP or Dysfunction.SUPERIOR_SHEAR in found:
            pubic.add(Dysfunction.SUPERIOR_PUBIC)
        if present & DOWN or Dysfunction.INFERIOR_SHEAR in found:
            pubic.add(Dysfunction.INFERIOR_PUBIC)
        return pubic
    if present & UP and slips:
        found.add(Dysfunction.SUPERIOR_SHEAR)
    if present & DOWN and slips:
        found.add(Dysfunction.INFERIOR_SHEAR)
    if present & BONE and not slips:
        if present & FRONT:
            found.add(Dysfunction.ANTERIOR)
        if present & BACK:
            found.add(Dysfunction.POSTERIOR)
    if (present & (UP | DOWN) and not slips) or (present & (FRONT | BACK) and not present & BONE):
        return set()  # `superior innominate` or `anterior` alone names no dysfunction
    if present & SHEAR and not found:
        return set()
    return found
