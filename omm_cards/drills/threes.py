"""The thoracic rule of threes: where a spinous process tip lies relative to the transverse processes.

Each row gives, for a run of thoracic levels, how far the transverse processes sit above the tip of
their own spinous process: the same level, one half level or one full level. So the tip of a spinous
process lies at its own transverse processes, halfway to the next vertebra's, or at the next one's.
"""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import Instance, Row, Stream, Tables, choices
from omm_cards.drills.schema import ORDER, span

ID = "threes"
TITLE = "Rule of threes: a thoracic spinous process and the level of the transverse processes"
TABLES = ("threes",)
ASKS = ("tp_level", "offset")
OFFSETS = {
    "same": ("the same level", ("same level", "same", "at the same level", "level with it")),
    "half": (
        "one half level above",
        ("half a level above", "1/2 level above", "half level", "one half level", "half a level"),
    ),
    "one": (
        "one full level above",
        ("one level above", "a full level above", "one level", "one full level", "1 level above"),
    ),
}


@dataclass(frozen=True)
class Case:
    spinous_process: str
    ask: str


def cases(tables: Tables) -> list[Case]:
    return [Case(level, ask) for level in ORDER[:12] for ask in ASKS]


def row_for(tables: Tables, level: str) -> Row:
    at = ORDER.index(level)
    for row in tables["threes"].rows:
        found = span(row.text("levels"))
        if found and found[0] <= at <= found[1]:
            return row
    raise LookupError(level)


def tp_level(level: str, offset: str) -> tuple[str, tuple[str, ...]]:
    n = int(level[1:])
    if offset == "same":
        return level, (f"{level} transverse processes", f"its own, {level}")
    if offset == "one":
        return f"T{n + 1}", (f"T{n + 1} transverse processes", f"the vertebra below (T{n + 1})")
    a, b = f"T{n}", f"T{n + 1}"
    return f"between {a} and {b}", (
        f"{a}-{b}",
        f"{a}/{b}",
        f"halfway between {a} and {b}",
        f"between the {a} and {b} transverse processes",
    )


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    row = row_for(tables, case.spinous_process)
    offset = row.text("offset")
    level = case.spinous_process
    words = {"same": "at the same level as", "half": "one half level above", "one": "one full level above"}[offset]
    explanation = (
        f"Rule of threes ({row.text('levels')}): the transverse processes are {words} the tip of their own spinous "
        f"process (T1-T3 same level, T4-T6 one half, T7-T9 one full level, T10 one full, T11 one half, T12 the same)."
    )
    findings = {"spinous_process": level, "ask": case.ask}
    if case.ask == "tp_level":
        answer, accept = tp_level(level, offset)
        prompt = (
            f"Rule of threes: the tip of the {level} spinous process lies at the level of which transverse processes?"
        )
        n = int(level[1:])
        above = [f"T{n - 1}"] if n > 1 else []
        wrong = [w for o in OFFSETS if "T13" not in (w := tp_level(level, o)[0])] + above
        return Instance(ID, prompt, answer, accept, explanation, findings, row.source, choices(stream, answer, wrong))
    answer, accept = OFFSETS[offset]
    prompt = (
        f"Rule of threes: where are the {level} transverse processes relative to the tip of the {level} "
        f"spinous process?"
    )
    wrong = [OFFSETS[o][0] for o in OFFSETS]
    return Instance(ID, prompt, answer, accept, explanation, findings, row.source, choices(stream, answer, wrong))
