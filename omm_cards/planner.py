"""Planning to an exam date: where SM-2's due dates land, and how fast new cards must come.

Pure functions over the scheduler's values; no clock, no I/O. The SM-2 state itself is never changed:
the plan only moves the date a card is shown on, so clearing the exam restores the plain SM-2 dates.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, timedelta

from omm_cards.scheduler import MAX_DUE_DAYS, State

REVIEW_WINDOW_DAYS = 7  # cards SM-2 would show after the exam are spread over the days before it
LEAD_DAYS = 7  # every new card is introduced at least this many days before the exam


def spread_key(card_id: str) -> int:
    """A stable number per card, so the same card lands on the same day of the window every time."""
    return zlib.crc32(card_id.encode())


def planned_due(state: State, exam: date | None, key: int) -> date | None:
    """The day the card is shown: SM-2's due date, or a day before the exam when SM-2's is later.

    The window runs from the day after the card's last review (or from a week before the exam, if
    later) to the day before the exam. A card reviewed on the last day before the exam has no day left
    and is next shown on the exam day itself.
    """
    if state.due is None or exam is None or state.due < exam:
        return state.due
    last_review = state.due - timedelta(days=min(state.interval, MAX_DUE_DAYS))
    start = max(last_review + timedelta(days=1), exam - timedelta(days=REVIEW_WINDOW_DAYS))
    end = exam - timedelta(days=1)
    if start > end:
        return exam
    return start + timedelta(days=key % ((end - start).days + 1))


@dataclass(frozen=True)
class Pace:
    per_day: int
    finish: date  # the day the last new card is introduced at this pace
    deadline: date  # the last day a new card may be introduced
    late: bool  # the deadline has passed: everything left is offered now


def new_card_pace(new_left: int, today: date, exam: date, floor: int) -> Pace:
    """New cards a day so that `new_left` cards are all introduced by `LEAD_DAYS` before the exam.

    `new_left` counts the new cards still to introduce as of this morning (those introduced today
    included), so the pace stays the same all day. The pace is never below `floor`, the student's own
    daily limit: being early is fine.
    """
    deadline = exam - timedelta(days=LEAD_DAYS)
    days = (deadline - today).days + 1
    if new_left <= 0:
        return Pace(0, today, deadline, False)
    if days <= 0:
        return Pace(new_left, today, deadline, True)
    per_day = max(floor, -(-new_left // days))
    finish = today + timedelta(days=-(-new_left // per_day) - 1)
    return Pace(per_day, finish, deadline, False)
