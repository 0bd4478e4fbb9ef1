"""A student's progress on a card, and one grade's effect on it: the SM-2 step, the exam plan, leeches
and the counters. Pure.

Reviewing uses it to grade; the doctor uses it to replay the review log and check what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
MARKED_TAG = "marked"  # a card the student marked in a review, to find again (`cards list --marked`)


def advance(
    old: Progress,
    grade: int,
    repeat: bool,
    seconds: float | None,
    today: date,
    exam: date | None,
    card_id: str,
    fsrs_due: date | None = None,
) -> tuple[Progress, bool]:
    """The progress after one scheduled grade, and whether the card just became a leech.

    A same-day repeat changes no SM-2 schedule; it is only counted. A card reaching LEECH_LAPSES lapses is
    tagged `leech` and suspended. SM-2's state is always kept (so switching schedulers loses nothing);
    when FSRS schedules the student, `fsrs_due` is its date for the card and decides the day it is shown.
    """
    state = old.state if repeat else scheduler.review(old.state, grade, today)
    return _step(old, state, grade, repeat, seconds, shown_on(state, today, exam, card_id, fsrs_due))


def take_imported(
    old: Progress, state: State, grade: int, repeat: bool, seconds: float | None, exam: date | None, card_id: str
) -> Progress:
    """The progress after a review imported from another program (Anki), which says the state it left.

    Counted as any review; the schedule is the one the other program gave, not SM-2's replay of it.
    """
    shown = planner.planned_due(state, exam, planner.spread_key(card_id))
    return _step(old, state, grade, repeat, seconds, shown)[0]


def _step(
    old: Progress, state: State, grade: int, repeat: bool, seconds: float | None, shown: date | None
) -> tuple[Progress, bool]:
    leech = state.lapses >= LEECH_LAPSES > old.state.lapses
    learned = not repeat and old.state.repetitions >= 1
    after = Progress(
        state,
        old.reviews + 1,
        old.suspended or leech,
        shown,
        old.tags + ((LEECH_TAG,) if leech and LEECH_TAG not in old.tags else ()),
        learned_reviews=old.learned_reviews + learned,
        kept_reviews=old.kept_reviews + (learned and grade >= scheduler.PASS_GRADE),
        misses=old.misses + (not repeat and grade < scheduler.PASS_GRADE),
        seconds=old.seconds + (seconds or 0.0),
    )
    return after, leech


def shown_on(
    state: scheduler.State, today: date, exam: date | None, card_id: str, fsrs_due: date | None
) -> date | None:
    """The day a card is shown: its scheduler's due date (SM-2's, or FSRS's), moved before an exam if later."""
    if fsrs_due is not None:
        state = replace(state, due=fsrs_due, interval=(fsrs_due - today).days)
    return planner.planned_due(state, exam, planner.spread_key(card_id))


# SM-2's change of easiness for each grade; a grade that is not a key is not a grade (see add).
_EASINESS_CHANGE = {grade: scheduler.easiness_delta(grade) for grade in scheduler.GRADES}
# The scheduler's rules as add reads them a million times over a lifetime's log, looked up once here.
_PASS_GRADE, _MIN_EASINESS, _next_interval = scheduler.PASS_GRADE, scheduler.MIN_EASINESS, scheduler.next_interval


class Replay:
    """`advance` folded over a card's log, one grade at a time, without a Progress or a State per grade:
    the doctor replays a lifetime's log (a million grades) and needs only the last. The same rules as
    advance, which a test holds it to. The state is kept as plain numbers; the due date is worked out
    once, at the end, from the study day of the last grade that moved it (and so is the shown day).
    """

    __slots__ = (
        "day",
        "due",
        "easiness",
        "interval",
        "kept",
        "lapses",
        "learned",
        "misses",
        "repetitions",
        "reviews",
        "seconds",
        "suspended",
        "tags",
    )

    def __init__(self) -> None:
        self.repetitions = self.interval = self.lapses = 0
        self.easiness = scheduler.START_EASINESS
        self.day: date | None = None  # the study day of the last SM-2 step, which sets the due date
        self.due: date | None = None  # the due date an imported review recorded, until an SM-2 step
        self.reviews = self.learned = self.kept = self.misses = 0
        self.suspended = False
        self.tags: tuple[str, ...] = ()
        self.seconds = 0.0

    def add(self, grade: int, repeat: int, seconds: float | None, today: date) -> None:
        """One grade given here (`repeat` true: a same-day repeat, which changes no schedule)."""
        try:
            change = _EASINESS_CHANGE[grade]
        except KeyError:
            scheduler.check_grade(grade)  # says what is wrong with it
            raise
        if not repeat:
            repetitions = self.repetitions
            if grade < _PASS_GRADE:  # scheduler.review: start again, one more lapse
                self.repetitions, self.interval = 0, 1
                self.lapses += 1
                self.misses += 1
                if self.lapses == LEECH_LAPSES:  # lapses grow by one: this is `>= LEECH_LAPSES > old`
                    self._leech()
            else:
                self.interval = _next_interval(repetitions, self.interval, self.easiness)
                easiness = self.easiness + change
                self.easiness = easiness if easiness > _MIN_EASINESS else _MIN_EASINESS  # max(), without its call
                self.repetitions = repetitions + 1
            if repetitions >= 1:
                self.learned += 1
                self.kept += grade >= _PASS_GRADE
            self.day = today
        self.reviews += 1
        if seconds:
            self.seconds += seconds

    def take(self, state: State, grade: int, repeat: int, seconds: float | None) -> None:
        """An imported review (Anki's log): the state it recorded replaces the schedule, as take_imported."""
        if not repeat:
            if self.repetitions >= 1:
                self.learned += 1
                self.kept += grade >= scheduler.PASS_GRADE
            self.misses += grade < scheduler.PASS_GRADE
        if state.lapses >= LEECH_LAPSES > self.lapses:
            self._leech()
        self.repetitions, self.interval, self.easiness, self.lapses = (
            state.repetitions,
            state.interval,
            state.easiness,
            state.lapses,
        )
        self.day, self.due = None, state.due
        self.reviews += 1
        self.seconds += seconds or 0.0

    def _leech(self) -> None:
        self.suspended = True
        if LEECH_TAG not in self.tags:
            self.tags += (LEECH_TAG,)

    def due_day(self) -> date | None:
        """SM-2's due date after the log: from the study day of the last grade that moved it, else as an
        imported review recorded it."""
        return self.due if self.day is None else scheduler.due_date(self.day, self.interval)

    def state(self) -> State:
        return State(self.repetitions, self.interval, self.easiness, self.due_day(), self.lapses)

    def progress(self, exam: date | None, card_id: str) -> Progress:
        if not self.reviews:
            return Progress()
        state = self.state()
        return Progress(
            state,
            self.reviews,
            self.suspended,
            planner.planned_due(state, exam, planner.spread_key(card_id)),
            self.tags,
            learned_reviews=self.learned,
            kept_reviews=self.kept,
            misses=self.misses,
            seconds=self.seconds,
        )
