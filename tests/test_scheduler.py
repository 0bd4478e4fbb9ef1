from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omm_cards.scheduler import MAX_DUE_DAYS, State, needs_repeat, review

DAY = date(2026, 1, 1)


def trajectory(grades: list[int]) -> list[tuple[int, int, int]]:
    """(repetitions, interval, easiness in hundredths) after each grade, reviewing on each due date."""
    state, today, out = State(), DAY, []
    for grade in grades:
        state = review(state, grade, today)
        out.append((state.repetitions, state.interval, state.easiness))
        assert state.due == today + timedelta(days=state.interval)
        today = state.due
    return out


# Whole histories, worked by hand from Wozniak's SM-2 (1990): I(1)=1, I(2)=6, I(n)=ceil(I(n-1)*EF),
# EF taken before this grade's update, EF' = EF + 0.1 - (5-q)(0.08 + (5-q)0.02) >= 1.3.
TRAJECTORIES = {
    "all fives reach 4167 days at review 8": (
        [5] * 8,
        [
            (1, 1, 260),
            (2, 6, 270),
            (3, 17, 280),
            (4, 48, 290),
            (5, 140, 300),
            (6, 420, 310),
            (7, 1302, 320),
            (8, 4167, 330),
        ],
    ),
    "all fours keep EF at 2.5": (
        [4] * 6,
        [(1, 1, 250), (2, 6, 250), (3, 15, 250), (4, 38, 250), (5, 95, 250), (6, 238, 250)],
    ),
    "all threes reach the 1.3 floor at review 9": (
        [3] * 10,
        [
            (1, 1, 236),
            (2, 6, 222),
            (3, 14, 208),
            (4, 30, 194),
            (5, 59, 180),
            (6, 107, 166),
            (7, 178, 152),
            (8, 271, 138),
            (9, 374, 130),
            (10, 487, 130),
        ],
    ),
    "a fail after a long run keeps EF and restarts at 1 and 6": (
        [5, 5, 5, 5, 2, 4, 4],
        [(1, 1, 260), (2, 6, 270), (3, 17, 280), (4, 48, 290), (0, 1, 290), (1, 1, 290), (2, 6, 290)],
    ),
    "a zero after a three-run, then ceil with the lowered EF": (
        [3, 3, 3, 0, 5, 5, 5],
        [(1, 1, 236), (2, 6, 222), (3, 14, 208), (0, 1, 208), (1, 1, 218), (2, 6, 228), (3, 14, 238)],
    ),
}


@pytest.mark.parametrize("name", list(TRAJECTORIES))
def test_whole_trajectories(name: str) -> None:
    grades, expected = TRAJECTORIES[name]
    assert trajectory(grades) == expected


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        (0, State(0, 1, 250, DAY + timedelta(days=1), 1)),
        (1, State(0, 1, 250, DAY + timedelta(days=1), 1)),
        (2, State(0, 1, 250, DAY + timedelta(days=1), 1)),
        (3, State(1, 1, 236, DAY + timedelta(days=1), 0)),
        (4, State(1, 1, 250, DAY + timedelta(days=1), 0)),
        (5, State(1, 1, 260, DAY + timedelta(days=1), 0)),
    ],
)
def test_every_grade_as_the_first(grade: int, expected: State) -> None:
    assert review(State(), grade, DAY) == expected


def test_due_date_is_clamped_but_interval_stays_exact() -> None:
    state = State(repetitions=9, interval=30_000, easiness=300, due=DAY)
    after = review(state, 5, DAY)
    assert after.interval == 90_000
    assert after.due == DAY + timedelta(days=MAX_DUE_DAYS)


def test_same_day_repeat_rule() -> None:
    assert [needs_repeat(g) for g in range(6)] == [True, True, True, True, False, False]


@pytest.mark.parametrize("grade", [-1, 6, 2.5, "3", True, None])
def test_grades_outside_0_to_5_are_rejected(grade: object) -> None:
    with pytest.raises(ValueError):
        review(State(), grade, DAY)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        needs_repeat(grade)  # type: ignore[arg-type]


states = st.builds(
    State,
    repetitions=st.integers(0, 40),
    interval=st.integers(0, 50_000),
    easiness=st.integers(130, 400),
    due=st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1)),
    lapses=st.integers(0, 50),
)
grades = st.integers(0, 5)


@given(states, grades)
def test_easiness_never_below_floor(state: State, grade: int) -> None:
    assert review(state, grade, DAY).easiness >= 130


@given(states, st.integers(0, 2))
def test_a_fail_gives_interval_1_repetitions_0_and_keeps_easiness(state: State, grade: int) -> None:
    after = review(state, grade, DAY)
    assert (after.interval, after.repetitions, after.easiness) == (1, 0, state.easiness)
    assert after.lapses == state.lapses + 1


@given(states, grades)
def test_the_input_is_never_mutated(state: State, grade: int) -> None:
    copy = replace(state)
    review(state, grade, DAY)
    assert state == copy


@given(st.lists(grades, min_size=1, max_size=30))
def test_easiness_stays_on_the_hundredths_grid_and_intervals_grow_on_passes(history: list[int]) -> None:
    state = State()
    for grade in history:
        before = state
        state = review(state, grade, DAY)
        assert isinstance(state.easiness, int)
        if grade >= 3 and before.repetitions >= 2:
            assert state.interval >= before.interval
