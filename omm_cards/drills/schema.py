"""The shape of every rule table: its fields, what each may hold, and checks across rows.

Pure data and pure checks; the loader (`omm_cards.deckfile.rules`) reads the YAML and reports each problem
at its line and column, and the generators then trust what they are given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from omm_cards import notation
from omm_cards.drills.core import Row
from omm_cards.notation.sacrum import SacralTorsion, UnilateralSacral
from omm_cards.notation.spine import Levels, Segmental

Check = Callable[[str], str | None]  # None when the text is fine, else the message
# (row index or None for the whole table, field, message)
TableProblem = tuple[int | None, str, str]

ORDER = [f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)]
RIB_SPAN = re.compile(r"([0-9]{1,2})(?:-([0-9]{1,2}))?")


def one_of(*values: str) -> Check:
    def check(text: str) -> str | None:
        return None if text in values else f"expected one of {', '.join(values)}"

    return check


SIDE = one_of("left", "right")


def text(value: str) -> str | None:
    return None


def span(text: str) -> tuple[int, int] | None:
    """A thoracic or lumbar level or range (`T5-T9`, `T10`) as indexes into ORDER."""
    parts = text.split("-")
    if len(parts) > 2 or any(part not in ORDER for part in parts):
        return None
    first, last = ORDER.index(parts[0]), ORDER.index(parts[-1])
    return (first, last) if first <= last else None


def levels(value: str) -> str | None:
    if span(value) is None or not isinstance(notation.parse(value), Levels):
        return "expected a level or range from T1 to L5, such as T5-T9 or T10"
    return None


def rib_span(value: str) -> tuple[int, int] | None:
    match = RIB_SPAN.fullmatch(value)
    if not match:
        return None
    first, last = int(match[1]), int(match[2] or match[1])
    return (first, last) if 1 <= first <= last <= 12 else None


def ribs(value: str) -> str | None:
    return None if rib_span(value) else "expected a rib or a range of ribs from 1 to 12, such as 3-5"


def sacral(value: str) -> str | None:
    parsed = notation.parse(value)
    if isinstance(parsed, SacralTorsion) and parsed.rotation and parsed.axis:
        return None
    if isinstance(parsed, UnilateralSacral) and parsed.side:
        return None
    return "expected a sided sacral diagnosis in notation, such as 'left on left'"


def segment(value: str) -> str | None:
    return None if isinstance(notation.parse(value), Segmental) else "expected spinal notation, such as 'L5 N SL RR'"


def pelvic(value: str) -> str | None:
    from omm_cards.notation.innominate import PelvicDysfunction

    if not isinstance(notation.parse(f"left {value}"), PelvicDysfunction):
        return "expected an innominate or pubic dysfunction, such as 'anterior innominate rotation'"
    return None


@dataclass(frozen=True)
class Field:
    check: Check = text
    required: bool = True
    many: bool = False  # a list of text, each checked


@dataclass(frozen=True)
class Schema:
    fields: dict[str, Field]
    across: Callable[[Sequence[Row]], list[TableProblem]] = field(default=lambda rows: [])


def _covers(
    name: str, parse: Callable[[str], tuple[int, int] | None], labels: list[str]
) -> Callable[..., list[TableProblem]]:
    """Rows whose `name` spans together cover `labels` exactly once each."""

    def check(rows: Sequence[Row]) -> list[TableProblem]:
        seen: dict[int, int] = {}
        problems: list[TableProblem] = []
        for index, row in enumerate(rows):
            found = parse(row.text(name))
            if found is None:
                continue
            for at in range(found[0], found[1] + 1):
                if at in seen:
                    problems.append((index, name, f"{labels[at]} is also in row {seen[at] + 1}"))
                seen.setdefault(at, index)
        missing = [labels[at] for at in range(len(labels)) if at not in seen]
        if missing:
            problems.append((None, name, f"no row covers {', '.join(missing)}"))
        return problems

    return check


def _rib_index(value: str) -> tuple[int, int] | None:
    found = rib_span(value)
    return (found[0] - 1, found[1] - 1) if found else None


def _thoracic(value: str) -> tuple[int, int] | None:
    found = span(value)
    return found if found and found[1] < 12 else None


def _unique(name: str) -> Callable[[Sequence[Row]], list[TableProblem]]:
    def check(rows: Sequence[Row]) -> list[TableProblem]:
        seen: dict[str, int] = {}
        problems: list[TableProblem] = []
        for index, row in enumerate(rows):
            key = row.text(name).casefold()
            if key in seen:
                problems.append((index, name, f"{row.text(name)!r} is also row {seen[key] + 1}"))
            seen.setdefault(key, index)
        return problems

    return check


def _thoracic_levels(value: str) -> str | None:
    return None if _thoracic(value) else "expected a thoracic level or range, such as T4-T6"


MOTION = one_of("flexion", "extension")
HEIGHT = one_of("superior", "inferior", "level")
SOURCE = Field()
ACCEPT = Field(required=False, many=True)

SCHEMAS: dict[str, Schema] = {
    "segmental": Schema(
        {"worse_in": Field(MOTION), "motion": Field(one_of("flexed", "extended")), "source": SOURCE},
        _unique("worse_in"),
    ),
    "group": Schema(
        {"convexity": Field(SIDE), "name": Field(), "accept": ACCEPT, "source": SOURCE}, _unique("convexity")
    ),
    "sacrum": Schema(
        {
            "diagnosis": Field(sacral),
            "seated_flexion": Field(SIDE),
            "deep_sulcus": Field(SIDE),
            "posterior_ila": Field(SIDE),
            "spring": Field(one_of("positive", "negative")),
            "sphinx": Field(one_of("better", "worse")),
            "l5": Field(segment, required=False),
            "accept": ACCEPT,
            "source": SOURCE,
        },
        _unique("diagnosis"),
    ),
    "innominate": Schema(
        {
            "dysfunction": Field(pelvic),
            "asis": Field(one_of("superior", "inferior", "medial", "lateral", "level")),
            "psis": Field(HEIGHT, required=False),
            "pubic_tubercle": Field(HEIGHT, required=False),
            "medial_malleolus": Field(HEIGHT, required=False),
            "accept": ACCEPT,
            "source": SOURCE,
        },
        _unique("dysfunction"),
    ),
    "key-ribs": Schema(
        {
            "dysfunction": Field(one_of("inhalation", "exhalation")),
            "restricted_in": Field(one_of("inhalation", "exhalation")),
            "key": Field(one_of("top", "bottom")),
            "source": SOURCE,
        },
        _unique("dysfunction"),
    ),
    "rib-muscles": Schema(
        {"ribs": Field(ribs), "muscle": Field(), "accept": ACCEPT, "source": SOURCE},
        _covers("ribs", _rib_index, [f"rib {n}" for n in range(1, 13)]),
    ),
    "threes": Schema(
        {"levels": Field(_thoracic_levels), "offset": Field(one_of("same", "half", "one")), "source": SOURCE},
        _covers("levels", _thoracic, ORDER[:12]),
    ),
    "viscerosomatic": Schema(
        {
            "organ": Field(),
            "levels": Field(levels),
            "also": Field(levels, required=False, many=True),
            "side": Field(SIDE, required=False),
            "source": SOURCE,
        },
        _unique("organ"),
    ),
    "chapman": Schema(
        {"organ": Field(), "point": Field(), "accept": ACCEPT, "source": SOURCE},
        _unique("organ"),
    ),
    "counterstrain": Schema(
        {
            "point": Field(),
            "location": Field(required=False),
            "position": Field(),
            "accept": ACCEPT,
            "source": SOURCE,
        },
        _unique("point"),
    ),
}
