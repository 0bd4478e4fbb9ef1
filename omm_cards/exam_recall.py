"""Predicted recall on the exam day, card by card, if the student keeps to the plan. Pure.

"Keeping to the plan" means: each card is reviewed on the day it is shown, and answered Good (SM-2's 4),
until its next showing falls on or after the exam; a new card is introduced on the day the new-card pace
reaches it. Recall on the exam day then follows the active scheduler's own memory model: FSRS's forgetting
curve, or for SM-2 the srs-benchmark's convention, 0.9 ** (days since the last review / interval). It is
what a student who keeps up can expect, not a promise: a lapse on the way lowers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from omm_cards import fsrs, scheduler
from omm_cards.progress import shown_on

GOOD = 4
MAX_STEPS = 60  # planned reviews to follow before the exam; far more than any card needs


def sm2(state: scheduler.State, shown: date | None, exam: date, card_id: str) -> float:
    """SM-2: recall on `exam` for a card shown next on `shown` (None: new today)."""
    day = shown
    for _ in range(MAX_STEPS):
        if day is None or day >= exam:
            break
        state = scheduler.review(state, GOOD, day)
        day = shown_on(state, day, exam, card_id, None)
    if state.due is None or state.interval == 0:
        return 0.0
    last_review = state.due - timedelta(days=min(state.interval, scheduler.MAX_DUE_DAYS))
    return float(0.9 ** (max(0, (exam - last_review).days) / state.interval))


def fsrs_recall(
    history: Sequence[tuple[int, int]], shown: date | None, exam: date, card_id: str, retention: float,
    parameters: Sequence[float],
) -> float:  # fmt: skip
    """FSRS: recall on `exam` for a card with this (study day, grade) history, next shown on `shown`."""
    steps = list(history)
    day = shown
    for _ in range(MAX_STEPS):
        if day is None or day >= exam:
            break
        steps.append((day.toordinal(), GOOD))
        memory = fsrs.memory(steps, parameters)
        assert memory is not None
        due = day + timedelta(days=fsrs.interval(memory.stability, retention, parameters))
        day = shown_on(scheduler.State(due=due, interval=(due - day).days), day, exam, card_id, due)
    memory = fsrs.memory(steps, parameters)
    return 0.0 if memory is None else fsrs.recall(memory, exam.toordinal(), parameters)


def introduced_on(rank: int, today: date, per_day: int) -> date:
    """The day the new-card pace introduces the `rank`-th new card (0 first)."""
    return today + timedelta(days=rank // max(1, per_day))
