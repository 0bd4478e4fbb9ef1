"""Sphenobasilar (SBS) strain patterns: flexion, extension, torsion, sidebending-rotation, lateral and
vertical strains, compression. `right SBS torsion`, `torsion right` and `right sphenobasilar torsion`
are one diagnosis; `left SBR` is `left sidebending-rotation`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from omm_cards.notation.comparison import Components, Notation
from omm_cards.notation.lexicon import SIDES, Side, Term


class Pattern(Enum):
    FLEXION = "flexion"
    EXTENSION = "extension"
    TORSION = "torsion"
    SIDEBENDING_ROTATION = "sidebending-rotation"
    LATERAL_STRAIN = "lateral strain"
    VERTICAL_STRAIN = "vertical strain"
    COMPRESSION = "compression"


PATTERN_WORDS = {
    "flexion": Pattern.FLEXION,
    "extension": Pattern.EXTENSION,
    "torsion": Pattern.TORSION,
    "sbr": Pattern.SIDEBENDING_ROTATION,
    "lateral": Pattern.LATERAL_STRAIN,
    "vertical": Pattern.VERTICAL_STRAIN,
    "compression": Pattern.COMPRESSION,
}
SIDED = frozenset({Pattern.TORSION, Pattern.SIDEBENDING_ROTATION, Pattern.LATERAL_STRAIN})
VERTICAL = {"superior": "superior", "inferior": "inferior"}
FILLER = frozenset({"sbs", "sphenobasilar", "cranial", "pattern", "strain", "dysfunction", "the", "a", "-"})


@dataclass(frozen=True)
class CranialStrain(Notation):
    pattern: Pattern
    side: Side | None = None  # torsions, sidebending-rotations and lateral strains have one
    vertical: str | None = None  # superior or inferior, for a vertical strain

    def components(self) -> Components:
        return (
            ("pattern", Term(self.pattern, self.pattern.value)),
            ("side", Term(self.side, self.side.value) if self.side else None),
            ("direction", Term(self.vertical, self.vertical) if self.vertical else None),
        )

    def render(self) -> str:
        qualifier = self.side.value if self.side else self.vertical or ""
        return f"{qualifier} {self.pattern.value}".strip()


def parse(words: list[str]) -> CranialStrain | None:
    words = _join_sbr([word for word in words if word not in FILLER])
    patterns = {PATTERN_WORDS[word] for word in words if word in PATTERN_WORDS}
    sides = {SIDES[word] for word in words if word in SIDES}
    verticals = {VERTICAL[word] for word in words if word in VERTICAL}
    if len(patterns) != 1 or len(sides) > 1 or len(verticals) > 1:
        return None
    if any(word not in PATTERN_WORDS and word not in SIDES and word not in VERTICAL for word in words):
        return None
    (pattern,) = patterns
    if (sides and pattern not in SIDED) or (verticals and pattern is not Pattern.VERTICAL_STRAIN):
        return None
    if pattern in (Pattern.LATERAL_STRAIN, Pattern.VERTICAL_STRAIN) and words.count(_word(pattern)) != 1:
        return None
    return CranialStrain(pattern, next(iter(sides), None), next(iter(verticals), None))


def _word(pattern: Pattern) -> str:
    return next(word for word, value in PATTERN_WORDS.items() if value is pattern)


def _join_sbr(words: list[str]) -> list[str]:
    """`sidebending rotation`, `sidebending-rotation` and `sidebending and rotation` are the one pattern."""
    joined: list[str] = []
    for word in words:
        if word == "rotation" and joined[-2:] == ["sidebending", "and"]:
            joined[-2:] = ["sbr"]
        elif word == "rotation" and joined[-1:] == ["sidebending"]:
            joined[-1] = "sbr"
        else:
            joined.append(word)
    return joined
