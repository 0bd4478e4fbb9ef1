"""Counterstrain: a tender point to its treatment position (anterior points in flexion, posterior in
extension, with the maverick points as exceptions)."""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import Instance, Stream, Tables

ID = "counterstrain"
TITLE = "Counterstrain: tender point to treatment position"
TABLES = ("counterstrain",)


@dataclass(frozen=True)
class Case:
    point: str


def cases(tables: Tables) -> list[Case]:
    return [Case(row.text("point")) for row in tables["counterstrain"].rows]


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    row = next(r for r in tables["counterstrain"].rows if r.text("point") == case.point)
    location = row.optional("location")
    where = f" ({location})" if location else ""
    explanation = (
        f"Counterstrain positions the patient to shorten the strained tissue, folding the body over the tender point: "
        f"as a rule anterior points are treated in flexion and posterior points in extension; maverick points are the "
        f"exceptions. {case.point[0].upper()}{case.point[1:]}: {row.text('position')}. "
        f"Hold 90 s (120 s for ribs), return slowly and passively."
    )
    findings = {"tender_point": case.point, "location": location}
    prompt = f"Counterstrain: the treatment position for the {case.point} tender point{where}?"
    # No multiple choice: several regions share one position (F SA RA at AC2-AC6, PC3 and PR2-PR10), so a
    # wrong option could be right in other words.
    return Instance(ID, prompt, row.text("position"), row.texts("accept"), explanation, findings, row.source)
