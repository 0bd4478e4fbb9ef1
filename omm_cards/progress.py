"""A student's progress on a card, and one grade's effect on it: the SM-2 step, the exam plan, leeches
and the counters. Pure.

Reviewing uses it to grade; the doctor uses it to replay the review log and check what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from omm_cards import planner, scheduler
from omm_cards.scheduler import State


@dataclass(frozen=True)
class Progress:
    """A student's schedule for one card, with what is kept beside it.

    `shown` is the day the card is shown: SM-2's due date unless an exam plan moves it earlier.
    `tags` are the student's own tags on the card, such as `leech`.
    The counters sum the card's review log (cram aside) so that all-time figures need not read the log:
    `reviews` every answer, `learned_reviews` the day's first answers once learned (a repetition or more),
    `kept_reviews` those graded 3 or more, `misses` the day's first answers graded below 3, `seconds` time.
    """

    state: State = field(default_factory=State)
    reviews: int = 0
    suspended: bool = False
    shown: date | None = None
    tags: tuple[str, ...] = ()
    learned_reviews: int = 0
    kept_reviews: int = 0
    misses: int = 0
    seconds: float = 0.0
    buried_until: date | None = None  # buried by the student: not shown before this day


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
    return _step(old, state, grade, repeat, seconds, exam, card_id)


def take_imported(
    old: Progress, state: State, grade: int, repeat: bool, seconds: float | None, exam: date | None, card_id: str
) -> Progress:
    """The progress after a review imported from another program (Anki), which says the state it left.

    Counted as any review; the schedule is the one the other program gave, not SM-2's replay of it.
    """
    return _step(old, state, grade, repeat, seconds, exam, card_id)[0]


def _step(
    old: Progress, state: State, grade: int, repeat: bool, seconds: float | None, exam: date | None, card_id: str
) -> tuple[Progress, bool]:
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
