"""One grade's effect on a card's progress: the SM-2 step, the exam plan, leeches and the counters.

Reviewing uses it to grade; the doctor uses it to replay the review log and check what is stored.
"""

from __future__ import annotations

from datetime import date

from omm_cards import planner, scheduler
from omm_cards.storage import Progress

LEECH_LAPSES = 8
LEECH_TAG = "leech"


def advance(
    old: Progress,
    grade: int,
    repeat: bool,
    seconds: float | None,
    today: date,
    exam: date | None,
    card_id: str,
) -> tuple[Progress, bool]:
    """The progress after one scheduled grade, and whether the card just became a leech.

    A same-day repeat changes no schedule; it is only counted. A card reaching LEECH_LAPSES lapses is
    tagged `leech` and suspended.
    """
    state = old.state if repeat else scheduler.review(old.state, grade, today)
    leech = state.lapses >= LEECH_LAPSES > old.state.lapses
    learned = not repeat and old.state.repetitions >= 1
    after = Progress(
        state,
        old.reviews + 1,
        old.suspended or leech,
        planner.planned_due(state, exam, planner.spread_key(card_id)),
        old.tags + ((LEECH_TAG,) if leech and LEECH_TAG not in old.tags else ()),
        learned_reviews=old.learned_reviews + learned,
        kept_reviews=old.kept_reviews + (learned and grade >= scheduler.PASS_GRADE),
        misses=old.misses + (not repeat and grade < scheduler.PASS_GRADE),
        seconds=old.seconds + (seconds or 0.0),
    )
    return after, leech
