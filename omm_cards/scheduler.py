"""SM-2 exactly as Wozniak wrote it (1990): pure functions over frozen values, no clock, no I/O.

Easiness is kept as an integer number of hundredths, so 2.5 is 250 and float drift can never change
an interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

START_EASINESS = 250
MIN_EASINESS = 130
MAX_DUE_DAYS = 36_500
# The stored interval is exact up to here. All 5s reach a billion days only at review 18, long after
# the due date has hit its 100-year clamp, so no realistic trajectory changes; without a bound, 31
# perfect grades would overflow SQLite's 64-bit integers.
MAX_INTERVAL = 1_000_000_000
PASS_GRADE = 3
REPEAT_BELOW = 4
GRADES = range(6)


@dataclass(frozen=True)
class State:
    """A card's schedule; the default is a new card."""

    repetitions: int = 0
    interval: int = 0
    easiness: int = START_EASINESS
    due: date | None = None
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.due is None


class Grade(int):
    """An SM-2 grade, 0 to 5: checked once, where it enters (a key, a log row), then trusted."""

    def __new__(cls, value: int) -> Grade:
        if isinstance(value, Grade):
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value not in GRADES:
            raise ValueError(f"grade must be an integer from 0 to 5, not {value!r}")
        return super().__new__(cls, value)


def check_grade(grade: int) -> Grade:
    """`grade` as a Grade; a Grade passes without a second check."""
    return Grade(grade)


def easiness_delta(grade: int) -> int:
    """EF' - EF in hundredths: 0.1 - (5-q)(0.08 + (5-q)0.02), times 100."""
    miss = 5 - grade
    return 10 - miss * (8 + miss * 2)


def next_interval(repetitions: int, interval: int, easiness: int) -> int:
    """The interval after one more successful repetition, using the easiness before the update.

    Plain numbers, not a State: the doctor's replay (progress.Replay) keeps a card's state as numbers.
    """
    if repetitions == 0:
        return 1
    if repetitions == 1:
        return 6
    # ceil(interval * EF) in exact integer arithmetic: EF is in hundredths.
    return min(MAX_INTERVAL, -(-interval * easiness // 100))


def due_date(today: date, interval: int) -> date:
    return today + timedelta(days=min(interval, MAX_DUE_DAYS))


def review(state: State, grade: int, today: date) -> State:
    """Return the state after grading `state` with `grade` on `today`; the input is not changed."""
    grade = check_grade(grade)
    if grade < PASS_GRADE:
        # Step 6: start the repetitions again "without changing the E-Factor".
        return State(0, 1, state.easiness, due_date(today, 1), state.lapses + 1)
    interval = next_interval(state.repetitions, state.interval, state.easiness)
    # Built whole rather than by dataclasses.replace, which costs more than SM-2 itself.
    return State(
        state.repetitions + 1,
        interval,
        max(MIN_EASINESS, state.easiness + easiness_delta(grade)),
        due_date(today, interval),
        state.lapses,
    )


def needs_repeat(grade: int) -> bool:
    """SM-2 step 7: a card graded below 4 comes back the same day until it scores 4 or 5."""
    return check_grade(grade) < REPEAT_BELOW
