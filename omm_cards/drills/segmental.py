"""Fryette II: a single flexed or extended segment, from its findings to its name and back.

The posterior transverse process marks the side of rotation; a type II segment sidebends to the same
side. Asymmetry that is worse in flexion means the segment cannot flex: it is extended (ERS), and the
reverse. The table says which motion each finding implies; the levels are T1-T12 and L1-L5, where
Fryette's principles apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import SIDES, Instance, Stream, Tables, choices, letter, other

ID = "segmental"
TITLE = "Segmental (Fryette II) diagnosis: findings to name, name to findings and barrier"
TABLES = ("segmental",)
LEVELS = tuple([f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)])
ASKS = ("name", "findings", "barrier")


@dataclass(frozen=True)
class Case:
    level: str
    posterior_tp: str
    worse_in: str
    ask: str


def cases(tables: Tables) -> list[Case]:
    motions = [row.text("worse_in") for row in tables["segmental"].rows]
    return [Case(lv, side, worse, ask) for lv in LEVELS for side in SIDES for worse in motions for ask in ASKS]


def name(level: str, motion: str, side: str) -> str:
    return f"{level} {'E' if motion == 'extended' else 'F'}RS {letter(side)}"


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    row = next(r for r in tables["segmental"].rows if r.text("worse_in") == case.worse_in)
    motion = row.text("motion")
    side, s = case.posterior_tp, letter(case.posterior_tp)
    named = name(case.level, motion, side)
    m = named.split()[1][0]
    explanation = (
        f"Fryette II: a single flexed or extended segment rotates and sidebends to the same side. The posterior "
        f"transverse process marks the rotation ({side}). Asymmetry worse in {case.worse_in} and symmetric in the "
        f"opposite motion means the segment cannot go into {case.worse_in}: it is {motion}, so {named}. "
        f"A dysfunction is named for its freedom; a direct technique engages the opposite barrier: "
        f"{case.worse_in}, rotation and sidebending {other(side)}."
    )
    findings = {"level": case.level, "posterior_tp": side, "worse_in": case.worse_in, "ask": case.ask}
    better = "extension" if case.worse_in == "flexion" else "flexion"
    if case.ask == "name":
        prompt = (
            f"The {side} transverse process of {case.level} is posterior. The asymmetry is worse in "
            f"{case.worse_in} and disappears in {better}. Name the dysfunction."
        )
        accept: tuple[str, ...] = (
            f"{case.level} {m}RS{s}",
            f"{case.level} {m}RS {side}",
            f"{case.level} {m} R{s} S{s}",
            f"{case.level} {m}R{s}S{s}",
            f"{case.level} {motion} rotated sidebent {side}",
        )
        return Instance(ID, prompt, named, accept, explanation, findings, row.source)
    if case.ask == "findings":
        prompt = f"{named}: which transverse process is posterior, and in which motion is the asymmetry worse?"
        answer = f"{side}, worse in {case.worse_in}"
        accept = (
            f"{side} {case.worse_in}",
            f"{side}, {case.worse_in}",
            f"{side} TP, worse in {case.worse_in}",
        )
        wrong = [f"{sd}, worse in {mv}" for sd in SIDES for mv in ("flexion", "extension")]
        return Instance(ID, prompt, answer, accept, explanation, findings, row.source, choices(stream, answer, wrong))
    barrier_letter = "F" if case.worse_in == "flexion" else "E"
    o = letter(other(side))
    prompt = f"{named}: to which barrier does a direct technique (such as muscle energy) take the segment?"
    answer = f"{barrier_letter} R{o} S{o}"
    accept = (
        f"{barrier_letter}R{o}S{o}",
        f"{barrier_letter} S{o} R{o}",
        f"{case.worse_in}, rotation {other(side)}, sidebending {other(side)}",
    )
    wrong = [f"{b} R{x} S{x}" for b in ("F", "E") for x in ("L", "R")]
    return Instance(ID, prompt, answer, accept, explanation, findings, row.source, choices(stream, answer, wrong))
