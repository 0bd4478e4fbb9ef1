"""Sacral diagnosis from the seated flexion test, sulcus, ILA, spring and sphinx tests (and L5), and back.

The table lists each torsion and unilateral dysfunction with its findings; the rules the explanation
states are those the findings follow: in a torsion the sacrum rotates away from the deep sulcus, toward
the posterior ILA; the oblique axis is opposite the positive seated flexion test; a negative spring test
and a sphinx test that improves mean a forward torsion (same letters), the reverse a backward one. In a
unilateral flexion the deep sulcus, the posterior ILA and the seated flexion test share a side.
"""

from __future__ import annotations

from dataclasses import dataclass

from omm_cards.drills.core import Instance, Row, Stream, Tables, choices, other

ID = "sacrum"
TITLE = "Sacral torsions and unilateral flexion or extension: findings to diagnosis and back"
TABLES = ("sacrum",)
ASKS = ("name", "seated_flexion", "deep_sulcus", "posterior_ila", "spring", "sphinx")
QUESTIONS = {
    "seated_flexion": "On which side is the seated flexion test positive?",
    "deep_sulcus": "On which side is the sacral sulcus deeper?",
    "posterior_ila": "On which side is the ILA posterior?",
    "spring": "Is the lumbosacral spring test positive or negative?",
    "sphinx": "In the sphinx position, does the asymmetry get better or worse?",
}
ALSO = {
    "positive": ("positive (no spring)", "no spring", "pos", "+"),
    "negative": ("negative (springs)", "springs", "neg", "-"),
    "better": ("improves", "more symmetric", "it improves"),
    "worse": ("worsens", "more asymmetric", "it gets worse"),
}


@dataclass(frozen=True)
class Case:
    diagnosis: str
    ask: str


def cases(tables: Tables) -> list[Case]:
    return [Case(row.text("diagnosis"), ask) for row in tables["sacrum"].rows for ask in ASKS]


def torsion(row: Row) -> bool:
    return " on " in row.text("diagnosis")


def findings_of(row: Row) -> dict[str, str | None]:
    names = ("seated_flexion", "deep_sulcus", "posterior_ila", "spring", "sphinx")
    return {**{name: row.text(name) for name in names}, "l5": row.optional("l5")}


def explain(row: Row) -> str:
    f = findings_of(row)
    diagnosis = row.text("diagnosis")
    if torsion(row):
        rotation, axis = diagnosis.split(" on ")
        kind = "forward" if rotation == axis else "backward"
        base = "anterior" if f["spring"] == "negative" else "posterior"
        article = "an" if base == "anterior" else "a"
        l5 = (
            f" L5 rules: the axis is on the side of L5 sidebending, the sacrum rotates opposite L5 ({f['l5']})."
            if f["l5"]
            else ""
        )
        return (
            f"A torsion is named rotation on axis. The sacrum rotates away from the deep sulcus and toward the "
            f"posterior ILA ({rotation}); the seated flexion test is positive opposite the oblique axis "
            f"({f['seated_flexion']} test, {axis} axis). A spring test {f['spring']} and a sphinx test that gets "
            f"{f['sphinx']} mean {article} {base} base: a {kind} torsion, {diagnosis}.{l5}"
        )
    side = f["seated_flexion"]
    assert side is not None
    if "flexion" in diagnosis:
        return (
            f"Unilateral sacral flexion: the deep sulcus, the posterior (inferior) ILA and the positive seated flexion "
            f"test are all on the same side ({side}); the spring test is negative and the sphinx test improves: "
            f"{diagnosis}."
        )
    return (
        f"Unilateral sacral extension: on the dysfunctional side ({side}, the positive seated flexion test) the sulcus "
        f"is shallow and the ILA anterior, so the deep sulcus and posterior ILA are on the other side ({other(side)}); "
        f"the spring test is positive and the sphinx test worse: {diagnosis}."
    )


def describe(row: Row) -> str:
    f = findings_of(row)
    text = (
        f"Prone: the sacral sulcus is deeper on the {f['deep_sulcus']} and the {f['posterior_ila']} ILA is posterior. "
        f"Lumbosacral spring test {f['spring']}; in the sphinx position the asymmetry gets {f['sphinx']}. "
        f"Seated flexion test positive on the {f['seated_flexion']}."
    )
    return text + (f" {f['l5']}." if f["l5"] else "")


def build(tables: Tables, case: Case, stream: Stream) -> Instance:
    rows = tables["sacrum"].rows
    row = next(r for r in rows if r.text("diagnosis") == case.diagnosis)
    findings: dict[str, str | None] = {**findings_of(row), "ask": case.ask}
    explanation = explain(row)
    if case.ask == "name":
        prompt = describe(row) + " Name the sacral dysfunction."
        wrong = [r.text("diagnosis") for r in rows]
        return Instance(
            ID,
            prompt,
            row.text("diagnosis"),
            row.texts("accept"),
            explanation,
            dict(findings),
            row.source,
            choices(stream, row.text("diagnosis"), wrong, count=5),
        )
    answer = row.text(case.ask)
    kind = " sacral torsion" if torsion(row) else ""
    question = QUESTIONS[case.ask]
    prompt = f"{row.text('diagnosis').capitalize()}{kind}: {question[0].lower()}{question[1:]}"
    accept = ALSO.get(answer, (f"the {answer}", f"{answer} side"))
    return Instance(ID, prompt, answer, accept, explanation, dict(findings), row.source)
