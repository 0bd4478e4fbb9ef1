from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from omm_cards.planner import LEAD_DAYS, new_card_pace, planned_due, spread_key
from omm_cards.scheduler import State, review

EXAM = date(2027, 5, 27)


def test_dates_before_the_exam_are_untouched() -> None:
    state = State(3, 10, 250, EXAM - timedelta(days=1))
    assert planned_due(state, EXAM, 5) == state.due
    assert planned_due(State(), EXAM, 5) is None
    assert planned_due(State(3, 400, 250, EXAM + timedelta(days=100)), None, 5) == EXAM + timedelta(days=100)


def test_later_dates_are_spread_over_the_last_week() -> None:
    state = State(5, 200, 250, EXAM + timedelta(days=150))  # last reviewed 50 days before the exam
    days = {planned_due(state, EXAM, key) for key in range(100)}
    assert days == {EXAM - timedelta(days=d) for d in range(1, 8)}


def test_the_window_starts_after_the_last_review() -> None:
    state = State(4, 20, 250, EXAM + timedelta(days=17))  # last reviewed 3 days before the exam
    days = {planned_due(state, EXAM, key) for key in range(100)}
    assert days == {EXAM - timedelta(days=2), EXAM - timedelta(days=1)}
    reviewed_last_day = State(4, 20, 250, EXAM + timedelta(days=19))
    assert planned_due(reviewed_last_day, EXAM, 3) == EXAM


@given(
    st.lists(st.integers(3, 5), min_size=1, max_size=12),
    st.dates(date(2027, 1, 1), date(2027, 5, 20)),
    st.text(min_size=1, max_size=20),
)
def test_no_planned_date_after_the_exam_and_always_a_later_day(grades: list[int], start: date, card_id: str) -> None:
    """Reviewing each card on its planned day never yields a date after the exam or a repeat today."""
    state, today = State(), start
    for grade in grades:
        state = review(state, grade, today)
        planned = planned_due(state, EXAM, spread_key(card_id))
        assert planned is not None and today < planned <= EXAM
        if planned == EXAM:
            break
        today = planned


def test_new_card_pace_finishes_a_week_early() -> None:
    today = date(2027, 1, 1)
    pace = new_card_pace(3000, today, EXAM, floor=20)
    deadline = EXAM - timedelta(days=LEAD_DAYS)
    assert pace.deadline == deadline
    days = (deadline - today).days + 1
    assert pace.per_day == -(-3000 // days) and pace.per_day * days >= 3000
    assert pace.finish <= deadline and not pace.late


def test_new_card_pace_never_below_the_students_limit() -> None:
    pace = new_card_pace(40, date(2027, 1, 1), EXAM, floor=20)
    assert (pace.per_day, pace.finish) == (20, date(2027, 1, 2))


def test_new_card_pace_when_late_or_done() -> None:
    late = new_card_pace(300, EXAM - timedelta(days=3), EXAM, floor=20)
    assert late.late and late.per_day == 300
    assert new_card_pace(0, date(2027, 1, 1), EXAM, floor=20).per_day == 0
