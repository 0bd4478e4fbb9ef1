from __future__ import annotations

import pytest

from omm_cards.answers import check, diff, normalise, suggest_for_choice

EQUIVALENT = [
    ("T10-T11", "T10–T11"),
    ("T10-T11", "T10 to T11"),
    ("T10-T11", "t10-11"),
    ("T10-T11", "T10 — T11"),
    ("T10-T11", "T10 through T11"),
    ("T1-L2", "T1 to L2"),
    ("FRS R", "FRSr"),
    ("FRS R", "FRS right"),
    ("FRS R", "frs rt"),
    ("ERS L", "ERSl"),
    ("ERS L", "ERS left"),
    ("T4 FRS R", "t4 frsr"),
    ("L5 ERS L", "L5 ERS left"),
    ("NSR L", "NSRl"),
    ("left on left", "Left on Left"),
    ("left on left", "L on L"),
    ("right on left", "R on L"),
    ("left on left", "left-on-left"),
    ("90 s", "90 seconds"),
    ("90 s", "90s"),
    ("90 s", "90 sec"),
    ("3-5 s", "3–5 seconds"),
    ("2 min", "2 minutes"),
    ("Posterior", "posterior."),
    ("the seated flexion test", "Seated flexion test"),
    ("Celiac ganglion", "  celiac   ganglion "),
    ("pump handle", "Pump-handle"),
    ("Anterior radial head", "anterior  radial head"),
]

DIFFERENT = [
    ("T10-T11", "T10-T12"),
    ("T10-T11", "T11-T10"),
    ("FRS R", "FRS L"),
    ("FRS R", "ERS R"),
    ("ERS L", "ERS R"),
    ("left on left", "left on right"),
    ("left on left", "right on right"),
    ("90 s", "120 s"),
    ("90 s", "90 min"),
    ("T1-T5", "T1-T4"),
    ("Posterior", "Anterior"),
    ("C2", "C3"),
]


@pytest.mark.parametrize(("answer", "typed"), EQUIVALENT)
def test_equivalent_answers_match(answer: str, typed: str) -> None:
    assert normalise(answer) == normalise(typed)
    verdict = check(typed, answer)
    assert verdict.correct and verdict.suggested == 4


@pytest.mark.parametrize(("answer", "typed"), DIFFERENT)
def test_different_answers_do_not_match(answer: str, typed: str) -> None:
    assert not check(typed, answer).correct


def test_there_are_at_least_30_pairs() -> None:
    assert len(EQUIVALENT) + len(DIFFERENT) >= 30


def test_accepted_variants_and_the_closest_one() -> None:
    assert check("flexed rotated sidebent right", "T4 FRS R", ["flexed rotated sidebent right"]).correct
    verdict = check("T4 FRS", "T4 FRS R", ["T4 flexed rotated sidebent right"])
    assert not verdict.correct and verdict.closest == "T4 FRS R" and verdict.suggested == 2
    assert check("", "T4 FRS R").suggested == 0
    assert check("celiac", "inferior mesenteric ganglion").suggested == 1


def test_unordered_lists() -> None:
    answer = "indirect, passive"
    assert check("passive and indirect", answer, unordered=True).correct
    assert check("Passive; Indirect", answer, unordered=True).correct
    assert not check("passive and indirect", answer).correct
    assert not check("passive", answer, unordered=True).correct


def test_word_diff() -> None:
    # Word runs, not characters: a student reads "T5 instead of T4", not "5 instead of 4 after T".
    assert diff("T4 FRS", "T4 FRS R") == [("same", "T4 FRS"), ("missing", "R")]
    assert diff("T5 FRS R", "T4 FRS R") == [("extra", "T5"), ("missing", "T4"), ("same", "FRS R")]
    assert diff("celiac Ganglion", "inferior mesenteric ganglion") == [
        ("extra", "celiac"),
        ("missing", "inferior mesenteric"),
        ("same", "Ganglion"),
    ]


def test_choice_suggestion() -> None:
    assert (suggest_for_choice(True), suggest_for_choice(False)) == (4, 1)
