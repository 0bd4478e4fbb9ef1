"""Viscerosomatic levels: an organ to its sympathetic levels, and levels back to the organ.

Where texts give different ranges for an organ the table lists them under `also`, and each is accepted.
Going back from levels to an organ, every organ with the same board range is accepted, and the wrong
choices are organs whose ranges do not overlap it.
"""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import Instance, Row, Stream, Tables, choices
from omm_cards.drills.schema import span

ID = "viscerosomatic"
TITLE = "Viscerosomatic reflexes: organ to sympathetic levels and back"
TABLES = ("viscerosomatic",)
ASKS = ("levels", "organ")


@dataclass(frozen=True)
class Case:
    organ: str
    ask: str


def cases(tables: Tables) -> list[Case]:
    return [Case(row.text("organ"), ask) for row in tables["viscerosomatic"].rows for ask in ASKS]


def spellings(levels: str) -> tuple[str, ...]:
    if "-" not in levels:
        return (levels,)
    a, b = levels.split("-")
    return (levels, f"{a} to {b}", f"{a} through {b}")


def overlaps(a: str, b: str) -> bool:
    x, y = span(a), span(b)
    assert x is not None and y is not None
    return x[0] <= y[1] and y[0] <= x[1]


def ranges(row: Row) -> tuple[str, ...]:
    return (row.text("levels"), *row.texts("also"))


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    rows = tables["viscerosomatic"].rows
    row = next(r for r in rows if r.text("organ") == case.organ)
    levels, side = row.text("levels"), row.optional("side")
    sided = f" (usually {side})" if side else ""
    varies = f" Texts vary: {', '.join(row.texts('also'))} also appear, and are accepted." if row.texts("also") else ""
    explanation = (
        f"Viscerosomatic reflex: a diseased organ facilitates the spinal segments of its sympathetic supply, giving "
        f"paraspinal changes there. {row.text('organ').capitalize()}: {levels}{sided}.{varies}"
    )
    findings = {"organ": row.text("organ"), "levels": levels, "side": side, "ask": case.ask}
    if case.ask == "levels":
        prompt = f"Sympathetic viscerosomatic level(s) for the {row.text('organ')}?"
        accept = tuple(s for r in ranges(row) for s in spellings(r) if s != levels)
        return Instance(ID, prompt, levels, accept, explanation, findings, row.source)
    same = tuple(
        r.text("organ")
        for r in rows
        if r is not row and r.text("levels") == levels and (side is None or r.optional("side") in (None, side))
    )
    wrong = [r.text("organ") for r in rows if not any(overlaps(a, b) for a in ranges(r) for b in ranges(row))]
    prompt = f"Paraspinal tissue changes at {levels}{sided} point to which organ, by its viscerosomatic levels?"
    return Instance(
        ID,
        prompt,
        row.text("organ"),
        same,
        explanation,
        findings,
        row.source,
        choices(stream, row.text("organ"), wrong),
    )
