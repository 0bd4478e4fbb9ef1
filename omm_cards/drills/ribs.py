"""Rib groups: from motion findings to the dysfunction and its key rib, and the muscle energy muscle.

A group that stops rising first on inhalation is held down: an exhalation dysfunction, whose key rib is
the top one; a group that stops descending first on exhalation is held up: an inhalation dysfunction,
key rib at the bottom (BITE). Muscle energy for an exhaled key rib uses a muscle that pulls it up; the
table gives the muscle by rib, following one named source (texts vary for the lower ribs).
"""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import SIDES, Instance, Row, Stream, Tables, choices, other
from omm_cards.drills.schema import rib_span

ID = "ribs"
TITLE = "Rib groups: inhaled or exhaled, the key rib (BITE), and the muscle energy muscle for an exhaled key rib"
TABLES = ("key-ribs", "rib-muscles")
SIZES = (2, 3, 4)
ASKS = ("key", "muscle")


@dataclass(frozen=True)
class Case:
    side: str
    first: int
    last: int
    restricted_in: str
    ask: str


def cases(tables: Tables) -> list[Case]:
    out: list[Case] = []
    for row in tables["key-ribs"].rows:
        restricted = row.text("restricted_in")
        asks = ASKS if row.text("dysfunction") == "exhalation" else ASKS[:1]
        for n in SIZES:
            for first in range(1, 14 - n):
                out.extend(Case(side, first, first + n - 1, restricted, ask) for side in SIDES for ask in asks)
    return out


def muscle_row(tables: Tables, rib: int) -> Row:
    for row in tables["rib-muscles"].rows:
        found = rib_span(row.text("ribs"))
        if found and found[0] <= rib <= found[1]:
            return row
    raise LookupError(f"no muscle for rib {rib}")


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    rule = next(r for r in tables["key-ribs"].rows if r.text("restricted_in") == case.restricted_in)
    phase = rule.text("dysfunction")
    key = case.first if rule.text("key") == "top" else case.last
    ribs = f"{case.first}-{case.last}"
    side = case.side
    if case.restricted_in == "inhalation":
        seen = (
            f"During a deep inhalation the {side} ribs {ribs} stop rising before the {other(side)} ribs; "
            f"on exhalation both sides move together."
        )
    else:
        seen = (
            f"The {side} ribs {ribs} rise with inhalation, but on exhalation they stop descending before the "
            f"{other(side)} ribs."
        )
    held = "down" if phase == "exhalation" else "up"
    explanation = (
        f"A rib is named for the motion it keeps: restricted in {case.restricted_in}, the group is held {held}, an "
        f"{phase} dysfunction. Key rib (BITE): bottom for inhaled groups, top for exhaled ones: rib {key}."
    )
    findings = {"side": side, "ribs": ribs, "restricted_in": case.restricted_in, "ask": case.ask}
    if case.ask == "key":
        answer = f"{side} ribs {ribs} {phase} dysfunction, key rib {key}"
        short = "exhaled" if phase == "exhalation" else "inhaled"
        accept = (
            f"{side} ribs {ribs} {short}, key rib {key}",
            f"{side} {short} ribs {ribs}, key rib {key}",
            f"{side} {phase} dysfunction ribs {ribs}, key rib {key}",
        )
        prompt = f"{seen} Name the dysfunction and its key rib."
        return Instance(ID, prompt, answer, accept, explanation, findings, rule.source)
    row = muscle_row(tables, key)
    explanation += (
        f" Muscle energy for an exhaled rib has the patient contract a muscle that pulls the key rib up: for rib "
        f"{key}, {row.text('muscle')} (as in the table's source; texts vary for the lower ribs)."
    )
    prompt = f"{seen} For muscle energy to the key rib, which muscle does the patient contract?"
    muscles = [r.text("muscle") for r in tables["rib-muscles"].rows]
    source = f"{rule.source}; {row.source}"
    return Instance(
        ID,
        prompt,
        row.text("muscle"),
        row.texts("accept"),
        explanation,
        findings,
        source,
        choices(stream, row.text("muscle"), muscles),
    )
