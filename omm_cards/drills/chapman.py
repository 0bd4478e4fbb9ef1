"""Chapman reflex points: an organ to its anterior (diagnostic) point."""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import Instance, Stream, Tables, choices

ID = "chapman"
TITLE = "Chapman reflexes: organ to anterior Chapman point"
TABLES = ("chapman",)


@dataclass(frozen=True)
class Case:
    organ: str


def cases(tables: Tables) -> list[Case]:
    return [Case(row.text("organ")) for row in tables["chapman"].rows]


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    rows = tables["chapman"].rows
    row = next(r for r in rows if r.text("organ") == case.organ)
    point = row.text("point")
    explanation = (
        f"Chapman reflexes: anterior points are used for diagnosis, posterior points for treatment. "
        f"{row.text('organ').capitalize()}: {point}."
    )
    findings = {"organ": row.text("organ")}
    prompt = f"Where is the anterior Chapman point for the {row.text('organ')}?"
    wrong = [r.text("point") for r in rows]
    return Instance(
        ID, prompt, point, row.texts("accept"), explanation, findings, row.source, choices(stream, point, wrong)
    )
