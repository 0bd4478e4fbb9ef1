"""Rule drills: questions generated from a rule and a sourced table, so that a student learns the rule
(Fryette's principles, the L5 rules, BITE, the rule of threes...) rather than one card's wording.

Pure: no clock, no I/O, no `random`. Each family is one module with an `ID`, a `TITLE`, the `TABLES`
it reads, `cases(tables)` (every question it can ask: the space is finite) and `build(tables, case,
stream)`. `generate(rule, tables, seed)` draws one case and its choice order from a `Stream` of that
seed, so a seed always gives the same instance. The tables are loaded by `omm_cards.deckfile.rules`.
"""

from __future__ import annotations

from typing import Any, Protocol

from omm_cards.drills import (
    chapman,
    counterstrain,
    group,
    innominate,
    ribs,
    sacrum,
    segmental,
    threes,
    viscerosomatic,
)
from omm_cards.drills.core import Choices, Instance, Stream, Table, Tables

__all__ = ["RULES", "Choices", "Instance", "Stream", "Table", "Tables", "generate", "sources"]


class Family(Protocol):
    ID: str
    TITLE: str
    TABLES: tuple[str, ...]

    def cases(self, tables: Tables) -> list[Any]: ...

    def build(self, tables: Tables, case: Any, stream: Stream) -> Instance: ...


FAMILIES: tuple[Any, ...] = (segmental, group, sacrum, innominate, ribs, threes, viscerosomatic, chapman, counterstrain)
RULES: dict[str, Family] = {family.ID: family for family in FAMILIES}


def generate(rule: str, tables: Tables, seed: int) -> Instance:
    """The instance of `rule` that `seed` draws; KeyError for an unknown rule."""
    family = RULES[rule]
    stream = Stream(seed)
    return family.build(tables, stream.pick(family.cases(tables)), stream)


def sources(rule: str, tables: Tables) -> list[str]:
    """The distinct sources of the tables a rule reads, table sources first."""
    seen: dict[str, None] = {}
    for table_id in RULES[rule].TABLES:
        table = tables[table_id]
        seen.setdefault(table.source)
        for row in table.rows:
            for part in row.source.split("; "):
                seen.setdefault(part)
    return list(seen)
