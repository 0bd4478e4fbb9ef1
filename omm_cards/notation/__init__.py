"""Typed answers in OMM notation, read for their meaning: `T4 flexed, rotated and sidebent right` is
`T4 FRS R`, `LoL` is `left on left`, `1.5 minutes` is `90 s`.

Pure: no clock, no I/O. `parse` turns an answer into a structured value (or None when it is not
notation, and plain comparison applies); `compare` says how a typed value measures against the answer's.
One module per kind of answer; each grammar accepts a text only when it understands every word of it.
"""

from __future__ import annotations

from omm_cards.notation import cranial, innominate, quantity, ribs, sacrum, spine
from omm_cards.notation.comparison import Comparison, Difference, Match, Notation, compare
from omm_cards.notation.lexicon import tokens

__all__ = ["Comparison", "Difference", "Match", "Notation", "compare", "parse"]

# Cranial and sacral grammars go before the spine's, which would otherwise read `left sidebending
# rotation` (a cranial strain) as a sidebending with a rotation still to be sided.
GRAMMARS = (quantity.parse, cranial.parse, sacrum.parse, innominate.parse, ribs.parse, spine.parse)


def parse(text: str) -> Notation | None:
    words = tokens(text)
    if not words:
        return None
    for grammar in GRAMMARS:
        value = grammar(words)
        if value is not None:
            return value
    return None
