"""The doctor's fold of a card's log gives exactly what grading it one step at a time gave."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from omm_cards.progress import Progress, Replay, advance

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
