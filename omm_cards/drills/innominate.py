"""Innominate and pubic dysfunctions from the standing flexion test and the landmarks on that side.

The standing flexion test gives the side; the landmarks on that side, compared with the other, give the
dysfunction: rotation moves the ASIS and PSIS in opposite directions, a shear moves every landmark the
same way, a flare moves the ASIS medially or laterally, and a pubic shear moves the pubic tubercle alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import SIDES, Instance, Row, Stream, Tables, choices

ID = "innominate"
TITLE = "Innominate rotations, shears and flares, and pubic shears, from the standing flexion test and landmarks"
TABLES = ("innominate",)
LANDMARKS = (
    ("asis", "ASIS"),
    ("psis", "PSIS"),
    ("pubic_tubercle", "pubic tubercle"),
    ("medial_malleolus", "medial malleolus"),
)
LEG = {"superior": " (shorter leg)", "inferior": " (longer leg)", "level": ""}


@dataclass(frozen=True)
class Case:
    dysfunction: str
    side: str


def cases(tables: Tables) -> list[Case]:
    return [Case(row.text("dysfunction"), side) for row in tables["innominate"].rows for side in SIDES]


def rule(row: Row) -> str:
    name = row.text("dysfunction")
    if "pubic" in name:
        return "a pubic shear moves the pubic tubercle alone, with the ASIS and PSIS level"
    if "flare" in name:
        return "a flare moves the ASIS medially (inflare) or laterally (outflare) about a vertical axis"
    if "shear" in name:
        return "a shear (up- or downslip) moves every landmark the same way, with the leg short or long"
    return "a rotation moves the ASIS and PSIS in opposite directions (anterior: ASIS down, PSIS up, longer leg)"


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    rows = tables["innominate"].rows
    row = next(r for r in rows if r.text("dysfunction") == case.dysfunction)
    side = case.side
    seen = []
    for name, label in LANDMARKS:
        value = row.optional(name)
        if value is not None:
            seen.append(f"{label} {value}{LEG[value] if name == 'medial_malleolus' else ''}")
    prompt = (
        f"Standing flexion test positive on the {side}. On the {side}, compared with the other side: "
        f"{', '.join(seen)}. Name the dysfunction."
    )
    answer = f"{side} {row.text('dysfunction')}"
    accept = tuple(a.replace("{side}", side) for a in row.texts("accept"))
    explanation = (
        f"The standing flexion test is positive on the side of an innominate (iliosacral) dysfunction: {side}. Then "
        f"the landmarks on that side: {rule(row)}. So: {answer}."
    )
    findings: dict[str, str | None] = {"standing_flexion": side, **{name: row.optional(name) for name, _ in LANDMARKS}}
    wrong = [f"{side} {r.text('dysfunction')}" for r in rows]
    return Instance(
        ID, prompt, answer, accept, explanation, findings, row.source, choices(stream, answer, wrong, count=5)
    )
