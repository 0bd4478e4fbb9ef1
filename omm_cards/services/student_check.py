"""One student's card states against a replay of their review log: what the doctor finds for a student.

The review log is the record; card state is derived from it. A state that disagrees with the replay of
its log is a finding, which --fix repairs by writing the state the log gives.
"""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from omm_cards import planner
from omm_cards.progress import Progress, Replay, shown_on
from omm_cards.scheduler import MAX_DUE_DAYS, State
from omm_cards.services import schedulers
from omm_cards.storage import Repo, StudentSettings
from omm_cards.storage.codec import to_date
from omm_cards.storage.health_queries import IMPORTED, NO_DUE, REPEAT, HealthQueries, Orphan, StaleTotals

# What a replay gives and the stored state must agree on, in the order of HealthQueries.stored_states.
COMPARED = (
    "repetitions",
    "interval",
    "easiness",
    "due",
    "lapses",
    "shown",
    "reviews",
    "learned_reviews",
    "kept_reviews",
    "misses",
)
Compared = tuple[int, int, int, date | None, int, date | None, int, int, int, int]
NEW_CARD: Compared = (0, 0, Progress().state.easiness, None, 0, None, 0, 0, 0, 0)  # a card with no state row


Row = tuple[str, int, int, int, str | None, int, str | None, int, int, int, int, float, int, str]  # stored_states
FsrsLogs = dict[str, list[tuple[datetime, int]]]  # each card's logged grades with their times: grades_by_card


class Rewrite(NamedTuple):
    """What --fix writes for a card, worked out only then: the progress its log gives (a new card's when it
    has none), with the stored suspension and the student's own tags kept, which the log cannot know."""

    student_id: int
    card_id: str
    replay: Replay | None
    shown: date | None
    exam: date | None
    kept: tuple[int, str] | None  # the stored state's suspension (0 or 1) and own tags (JSON); None: no state

    def progress(self) -> Progress:
        progress = Progress()
        if self.replay is not None:
            progress = replace(self.replay.progress(self.exam, self.card_id), shown=self.shown)
        if self.kept is not None:
            progress = replace(progress, suspended=bool(self.kept[0]), tags=tuple(json.loads(self.kept[1])))
        return progress


Repair = Orphan | Rewrite | StaleTotals  # what --fix does: delete the row, write the state, rebuild the totals


class Finding(NamedTuple):
    kind: str  # integrity | orphan | totals | replay
    where: str
    detail: str
    repair: Repair | None = None  # None: the log cannot repair it

    @property
    def fixable(self) -> bool:
        return self.repair is not None


class Tally:
    """Cards and reviews replayed."""

    def __init__(self) -> None:
        self.cards = self.reviews = 0


def student_findings(
    repo: Repo, name: str, student_id: int, missing: set[str], replays: dict[str, Replay] | None, tally: Tally
) -> Iterator[Finding]:
    """One student's findings, as their stored states are matched to the replay of their log."""
    health = repo.health
    settings = repo.settings(student_id)
    fsrs_logs = health.grades_by_card(student_id) if settings.scheduler == schedulers.FSRS else None
    replays = replay_log(health, student_id) if replays is None else replays
    check = _Check(name, student_id, settings, fsrs_logs)
    for card_id, replay, row in _pairs(replays, health.stored_states(student_id)):
        if replay is None or card_id in missing:  # a state with no log: it must still be new
            if row is not None and (row[4] is not None or row[7]):
                rewrite = Rewrite(student_id, card_id, None, None, None, _kept(row))
                yield Finding("replay", f"{name}: {card_id}", "has a schedule but no reviews", rewrite)
            continue
        tally.cards += 1
        tally.reviews += replay.reviews
        if finding := check(card_id, replay, row):
            yield finding


@lru_cache(maxsize=4096)
def study_day(due: str | None, interval: int) -> date:
    """The study day a grade counted for, as the log recorded it: the due date it set, less the interval.

    Reading it off the logged state, not the clock time, keeps the replay exact whatever hour the
    student's day started at then (1 AM counts for the day before, and the setting may have changed).
    A long log has few distinct days, so each is worked out once.
    """
    assert due is not None  # log_steps flags a grade that set no due date
    return date.fromisoformat(due) - timedelta(days=min(interval, MAX_DUE_DAYS))


def replay_log(health: HealthQueries, student_id: int) -> dict[str, Replay]:
    """Every card's log folded as the student's grades say: the log is streamed once in the order it was
    written, each grade advancing its card (which is each card's log in turn).

    SM-2's state is replayed grade by grade; an imported review leaves the state it recorded.
    """
    replays: dict[str, Replay] = {}
    details: dict[str, deque[tuple[str, int, int, int]]] | None = None  # read when a grade first needs them
    special = IMPORTED | NO_DUE
    for card_id, grade, flags, seconds, due, interval in health.log_steps(student_id):
        replay = replays.get(card_id)
        if replay is None:
            replay = replays[card_id] = Replay()
        if not flags & special:
            replay.add(grade, flags & REPEAT, seconds, study_day(due, interval))
            continue
        if details is None:
            details = health.step_details(student_id)
        clock, repetitions, easiness, lapses = details[card_id].popleft()
        if flags & IMPORTED:  # Anki's log is the start of the card's: each review leaves the state it recorded
            logged = State(repetitions, interval, easiness, to_date(due), lapses)
            replay.take(logged, grade, flags & REPEAT, seconds)
        else:
            replay.add(grade, flags & REPEAT, seconds, date.fromisoformat(clock[:10]))
    return replays


def _kept(row: Row | None) -> tuple[int, str] | None:
    """What --fix keeps of a stored state, which the log cannot know: only that, not the whole row (a
    repair is held for each of up to 100,000 findings)."""
    return None if row is None else (row[12], row[13])


def _pairs(replays: dict[str, Replay], rows: Iterable[Row]) -> Iterator[tuple[str, Replay | None, Row | None]]:
    """Each card with a stored state or a log, with its replay and its stored row (either may be missing)."""
    for row in rows:
        yield row[0], replays.pop(row[0], None), row
    yield from ((card_id, replay, None) for card_id, replay in replays.items())


_day = lru_cache(maxsize=4096)(to_date)  # a stored state's dates: few distinct days


class _Check:
    """A card's stored state (None: it has no state row) against its replay, for one student."""

    def __init__(self, name: str, student_id: int, settings: StudentSettings, fsrs_logs: FsrsLogs | None) -> None:
        self.name, self.student_id, self.settings, self.fsrs_logs = name, student_id, settings, fsrs_logs

    def __call__(self, card_id: str, replay: Replay, row: Row | None) -> Finding | None:
        exam = self.settings.exam
        due = replay.due_day()
        if self.fsrs_logs is None:
            # Without an exam the card is shown when SM-2 says: no State (nor plan) is built for 100,000 cards.
            shown = due if exam is None else planner.planned_due(replay.state(), exam, planner.spread_key(card_id))
        else:  # the day shown is FSRS's, after the card's whole log, as its last grade set it
            card_history = schedulers.history(self.fsrs_logs[card_id], self.settings.day_starts_at)
            last = date.fromordinal(card_history[-1][0])
            fsrs_due = schedulers.fsrs_due(card_history, self.settings)
            shown = shown_on(replay.state(), last, exam, card_id, fsrs_due)
        counts = (replay.reviews, replay.learned, replay.kept, replay.misses)
        want: Compared = (replay.repetitions, replay.interval, replay.easiness, due, replay.lapses, shown, *counts)
        have: Compared = NEW_CARD
        seconds = 0.0
        if row is not None:
            have = (row[1], row[2], row[3], _day(row[4]), row[5], _day(row[6]), row[7], row[8], row[9], row[10])
            seconds = row[11]
        close = math.isclose(seconds, replay.seconds, abs_tol=0.01)
        if have == want and close:
            return None
        wrong = [f"{field} {h} (log says {w})" for field, h, w in zip(COMPARED, have, want, strict=True) if h != w]
        if not close:
            wrong.append(f"seconds {seconds} (log says {replay.seconds})")
        rewrite = Rewrite(self.student_id, card_id, replay, shown, exam, _kept(row))
        return Finding("replay", f"{self.name}: {card_id}", "; ".join(wrong), rewrite)
