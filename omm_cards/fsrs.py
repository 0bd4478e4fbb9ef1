"""FSRS-6 as omm-cards uses it, beside exact SM-2: a card's memory from its review log, the interval that
meets a desired retention, and predicted recall on a day. Pure: no clock, no I/O.

The memory model is `exam_planner`'s (it matches fsrs-rs, the FSRS that Anki ships, to 3e-6 on 2,000
random histories); fitting parameters needs fsrs-rs itself and lives in services. SM-2's grades map to
FSRS's ratings: 0-2 Again, 3 Hard, 4 Good, 5 Easy (Anki's four buttons map directly). A review's day is
the student's study day, so the day-start hour decides what "the same day" means.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from omm_cards.exam_planner import (
    AGAIN,
    D_MAX,
    D_MIN,
    EASY,
    GOOD,
    HARD,
    S_MAX,
    S_MIN,
    Memory,
    initial_difficulty,
    retrievability,
    review_long_term,
    review_same_day,
)

VERSION = 6  # FSRS-6: 21 parameters
# fsrs-rs 0.9's FSRS-6 defaults, rounded as Anki shows them.
DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip
RETENTION = (0.70, 0.97)  # desired retentions offered: below, reviews are too rare; above, too many
MAX_DAYS = 36_500


def rating(grade: int) -> int:
    """SM-2's 0-5 as FSRS's 1-4: a lapse is Again, 3 Hard, 4 Good, 5 Easy."""
    return AGAIN if grade < 3 else {3: HARD, 4: GOOD, 5: EASY}[grade]


@dataclass(frozen=True)
class CardMemory:
    stability: float  # days until recall falls to 90%
    difficulty: float  # 1 (easy) to 10 (hard)
    last_day: int  # the study day (a date's ordinal) of the last review


def check_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    if len(parameters) != 21 or not all(isinstance(w, float | int) and math.isfinite(w) for w in parameters):
        raise ValueError(f"FSRS-{VERSION} takes 21 finite parameters, not {len(parameters)}")
    return tuple(float(w) for w in parameters)


def memory(history: Sequence[tuple[int, int]], parameters: Sequence[float]) -> CardMemory | None:
    """The memory after a card's (study day, SM-2 grade) reviews, oldest first; None before any review."""
    w = parameters
    state: CardMemory | None = None
    for day, grade in history:
        r = rating(grade)
        if state is None:
            d = min(D_MAX, max(D_MIN, initial_difficulty(r, w)))
            state = CardMemory(min(S_MAX, max(S_MIN, w[r - 1])), d, day)
        elif day == state.last_day:
            s, d = review_same_day(state.stability, state.difficulty, r, w)
            state = CardMemory(s, d, day)
        else:
            s, d = review_long_term(Memory(state.stability, state.difficulty, day - state.last_day), r, w)
            state = CardMemory(s, d, day)
    return state


def interval(stability: float, retention: float, parameters: Sequence[float]) -> int:
    """Whole days until predicted recall falls to `retention` (at least 1)."""
    decay = parameters[20]
    factor = 0.9 ** (-1 / decay) - 1
    days = stability / factor * (retention ** (-1 / decay) - 1)
    return max(1, min(MAX_DAYS, round(float(days))))


def recall(state: CardMemory, day: int, parameters: Sequence[float]) -> float:
    """Predicted probability of recall on study day `day`."""
    return retrievability(day - state.last_day, state.stability, parameters)


def log_loss(history: Sequence[Sequence[tuple[int, int]]], parameters: Sequence[float]) -> tuple[float, int]:
    """Mean log loss of predicted recall at each later-day review of each card's history, and how many."""
    total, count = 0.0, 0
    for card in history:
        for index in range(1, len(card)):
            before = memory(card[:index], parameters)
            day, grade = card[index]
            if before is None or day == before.last_day:
                continue
            p = min(1 - 1e-7, max(1e-7, recall(before, day, parameters)))
            total -= math.log(p) if grade >= 3 else math.log(1 - p)
            count += 1
    return (total / count if count else float("nan")), count
