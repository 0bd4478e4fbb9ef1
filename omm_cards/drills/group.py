"""Fryette I: a neutral group curve, from its findings to its notation, its convexity and its name.

In neutral the group sidebends and rotates to opposite sides, rotating toward the convexity; the
posterior transverse processes mark the rotation. A scoliosis is named for its convexity. Groups are
drawn as 3 to 5 consecutive levels between T1 and L5; the table names the convexities.
"""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import SIDES, Instance, Stream, Tables, choices, letter, other
from omm_cards.drills.segmental import LEVELS

ID = "group"
TITLE = "Group (Fryette I) curves: notation, convexity and scoliosis naming"
TABLES = ("group",)
ASKS = ("name", "convexity", "scoliosis")
SIZES = (3, 4, 5)


@dataclass(frozen=True)
class Case:
    first: str
    last: str
    posterior_tp: str
    ask: str


def cases(tables: Tables) -> list[Case]:
    spans = [(LEVELS[i], LEVELS[i + n - 1]) for n in SIZES for i in range(len(LEVELS) - n + 1)]
    return [Case(a, b, side, ask) for a, b in spans for side in SIDES for ask in ASKS]


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    side = case.posterior_tp
    row = next(r for r in tables["group"].rows if r.text("convexity") == side)
    levels = f"{case.first}-{case.last}"
    r, s = letter(side), letter(other(side))
    named = f"{levels} NS{s}R{r}"
    explanation = (
        f"Fryette I: in neutral a group of vertebrae sidebends and rotates to opposite sides, rotating toward the "
        f"convexity. Posterior {side} transverse processes that never become symmetric mean a group rotated "
        f"{side}, sidebent {other(side)}: {named}, convex to the {side}. A scoliosis is named for its convexity: "
        f"{row.text('name')}."
    )
    findings = {"levels": levels, "posterior_tp": side, "worse_in": "neither", "ask": case.ask}
    seen = (
        f"{case.first} to {case.last}: the {side} transverse processes are posterior in neutral, flexion and "
        f"extension, and never become symmetric."
    )
    if case.ask == "name":
        accept = (
            f"{levels} N S{s} R{r}",
            f"{levels} NS{s.lower()}R{r.lower()}",
            f"{levels} neutral sidebent {other(side)} rotated {side}",
        )
        return Instance(
            ID, f"{seen} Write the group notation (N, S, R).", named, accept, explanation, findings, row.source
        )
    if case.ask == "convexity":
        prompt = f"{seen} On which side is the convexity of the curve?"
        accept = (f"convex {side}", f"{side} convexity", f"to the {side}")
        return Instance(ID, prompt, side, accept, explanation, findings, row.source)
    prompt = f"{seen} Were this curve a scoliosis, what would it be called? (one word)"
    names = [r.text("name") for r in tables["group"].rows]
    return Instance(
        ID,
        prompt,
        row.text("name"),
        row.texts("accept"),
        explanation,
        findings,
        row.source,
        choices(stream, row.text("name"), names),
    )
