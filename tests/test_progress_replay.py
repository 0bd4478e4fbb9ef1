"""The doctor's fold of a card's log gives exactly what grading it one step at a time gave."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from omm_cards.progress import Progress, Replay, advance, take_imported
from omm_cards.scheduler import State

steps = st.lists(
    st.tuples(
        st.integers(0, 5),  # grade
        st.booleans(),  # same-day repeat
        st.none() | st.floats(0, 600, allow_nan=False),  # seconds
        st.integers(0, 400),  # days since the previous grade
    ),
    max_size=40,
)
exams = st.none() | st.dates(date(2026, 1, 1), date(2028, 1, 1))


@given(steps, exams, st.text(min_size=1, max_size=12))
# Easiness at its floor (1.3): twelve hard passes take 2.5 down by 0.14 each, which random logs rarely do.
@example([(3, False, None, 1)] * 12 + [(5, False, 30.0, 2)], None, "floor")
def test_replay_is_advance_step_by_step(
    log: list[tuple[int, bool, float | None, int]], exam: date | None, key: str
) -> None:
    card_id = f"deck/{key}"
    expected = Progress()
    replay = Replay()
    day = date(2026, 1, 1)
    for grade, repeat, seconds, gap in log:
        day += timedelta(days=gap)
        expected, _ = advance(expected, grade, repeat, seconds, day, exam, card_id)
        replay.add(grade, repeat, seconds, day)
    assert replay.progress(exam, card_id) == expected
    assert replay.reviews == len(log)


imported_steps = st.lists(
    st.tuples(
        st.integers(0, 5),  # grade
        st.booleans(),  # same-day repeat
        st.none() | st.floats(0, 600, allow_nan=False),  # seconds
        st.builds(
            State,
            st.integers(0, 30),
            st.integers(0, 3650),
            st.integers(130, 350),
            st.none() | st.dates(date(2020, 1, 1), date(2030, 1, 1)),
            st.integers(0, 12),
        ),
        st.booleans(),  # imported (Anki's log) or graded here
    ),
    max_size=40,
)


@given(imported_steps, exams, st.text(min_size=1, max_size=12))
def test_replay_takes_imported_reviews_as_take_imported_does(
    log: list[tuple[int, bool, float | None, State, bool]], exam: date | None, key: str
) -> None:
    card_id = f"deck/{key}"
    expected = Progress()
    replay = Replay()
    day = date(2026, 1, 1)
    for grade, repeat, seconds, state, imported in log:
        if imported:
            expected = take_imported(expected, state, grade, repeat, seconds, exam, card_id)
            replay.take(state, grade, repeat, seconds)
        else:
            expected, _ = advance(expected, grade, repeat, seconds, day, exam, card_id)
            replay.add(grade, repeat, seconds, day)
    assert replay.progress(exam, card_id) == expected
