"""Choosing each day's reviews to aim at an exam, with FSRS-6's memory model: pure functions, no clock, no I/O.

Everything comes in as arguments: each card's FSRS memory state (stability in days, difficulty 1-10) and the days
since its last review, the days left to the exam, the day's review limit and the 21 FSRS-6 parameters. Nothing is
stored and nothing is random, so the app can call it for a live session and a simulator for a hundred students.

The day's plan: a card is a candidate when FSRS would show it today (its predicted recall has fallen to the desired
retention), or, in the last `window` days before the exam, when reviewing it today is predicted to raise its
recall on the exam day by at least `min_gain`. Each candidate is scored by that gain, the predicted exam-day recall
if it is reviewed today (averaged over passing and failing the review) minus the exam-day recall if it is not
reviewed again before the exam; when there are more candidates than the limit, the largest gains are kept. This is
greedy, one day at a time: it does not plan the later reviews a card will get.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
S_MIN, S_MAX = 0.001, 36_500.0
D_MIN, D_MAX = 1.0, 10.0
WINDOW_DAYS = 7
MIN_GAIN = 0.02

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Memory:
    """A card's FSRS memory state as of today."""

    stability: float
    difficulty: float
    elapsed: int  # whole days since the card's last review


def _check(parameters: Sequence[float]) -> None:
    if len(parameters) != 21:
        raise ValueError(f"FSRS-6 takes 21 parameters, not {len(parameters)}")


def retrievability(elapsed: float, stability: float, parameters: Sequence[float]) -> float:
    """FSRS-6's forgetting curve: (1 + factor * t / S) ** -w20, with R = 0.9 when t = S."""
    decay = parameters[20]
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * max(elapsed, 0.0) / stability) ** -decay)


def initial_difficulty(rating: int, parameters: Sequence[float]) -> float:
    return parameters[4] - math.exp(parameters[5] * (rating - 1)) + 1


def next_difficulty(difficulty: float, rating: int, parameters: Sequence[float]) -> float:
    """Linear damping towards 10, then mean reversion towards the initial difficulty of Easy."""
    delta = -parameters[6] * (rating - 3)
    damped = difficulty + delta * (10 - difficulty) / 9
    reverted = parameters[7] * initial_difficulty(EASY, parameters) + (1 - parameters[7]) * damped
    return min(D_MAX, max(D_MIN, reverted))


def review_long_term(memory: Memory, rating: int, parameters: Sequence[float]) -> tuple[float, float]:
    """(stability, difficulty) after a review on a later day than the last one."""
    w = parameters
    s, d = memory.stability, memory.difficulty
    r = retrievability(memory.elapsed, s, w)
    if rating == AGAIN:
        forget = w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * math.exp(w[14] * (1 - r))
        new_s = min(forget, s / math.exp(w[17] * w[18]))
    else:
        bonus = (w[15] if rating == HARD else 1.0) * (w[16] if rating == EASY else 1.0)
        new_s = s * (1 + math.exp(w[8]) * (11 - d) * s ** -w[9] * (math.exp(w[10] * (1 - r)) - 1) * bonus)
    return min(S_MAX, max(S_MIN, new_s)), next_difficulty(d, rating, w)


def review_same_day(
    stability: float, difficulty: float, rating: int, parameters: Sequence[float]
) -> tuple[float, float]:
    """(stability, difficulty) after another review on the same day (FSRS-6's short-term stability).

    As fsrs-rs (Anki's FSRS) has it, a passing same-day review (Hard too) never lowers stability; py-fsrs 6.3.2
    lets Hard lower it.
    """
    w = parameters
    increase = math.exp(w[17] * (rating - 3 + w[18])) * stability ** -w[19]
    if rating >= HARD:
        increase = max(increase, 1.0)
    return min(S_MAX, max(S_MIN, stability * increase)), next_difficulty(difficulty, rating, w)


def exam_gain(memory: Memory, days_to_exam: int, parameters: Sequence[float]) -> float:
    """Predicted exam-day recall if the card is reviewed today (Good or Again), less that if it is not."""
    _check(parameters)
    recall_now = retrievability(memory.elapsed, memory.stability, parameters)
    skip = retrievability(memory.elapsed + days_to_exam, memory.stability, parameters)
    passed, _ = review_long_term(memory, GOOD, parameters)
    failed, _ = review_long_term(memory, AGAIN, parameters)
    reviewed = recall_now * retrievability(days_to_exam, passed, parameters) + (1 - recall_now) * retrievability(
        days_to_exam, failed, parameters
    )
    return reviewed - skip


def plan_reviews(
    cards: Sequence[tuple[K, Memory]],
    days_to_exam: int,
    limit: int | None,
    parameters: Sequence[float],
    desired_retention: float = 0.9,
    window: int = WINDOW_DAYS,
    min_gain: float = MIN_GAIN,
) -> list[K]:
    """The keys of the cards to review today, largest predicted exam-day gain first, at most `limit` of them.

    `cards` are the cards already introduced (new cards are paced elsewhere). `limit` None means no limit.
    Ties in gain keep the order of `cards`, so the result is deterministic.
    """
    _check(parameters)
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be at least 0, not {limit}")
    horizon = max(days_to_exam, 0)
    chosen: list[tuple[float, int, K]] = []
    for position, (key, memory) in enumerate(cards):
        due = retrievability(memory.elapsed, memory.stability, parameters) <= desired_retention
        gain = exam_gain(memory, horizon, parameters)
        if due or (0 < days_to_exam <= window and gain >= min_gain):
            chosen.append((-gain, position, key))
    chosen.sort(key=lambda item: (item[0], item[1]))
    if limit is not None:
        chosen = chosen[:limit]
    return [key for _, _, key in chosen]
