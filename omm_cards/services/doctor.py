"""`omm-cards doctor`: SQLite's own checks, and every card's stored state against a replay of its log.

The review log is the record; card state is derived from it. A state that disagrees with the replay
of its log, or a row whose parent is gone, is a finding; `--fix` rewrites the derived state from the
log (keeping what the log cannot know: suspension and the student's own tags), after a backup.

The findings stream out as they are found: a lifetime's log is a million grades and, when every card
is wrong, a hundred thousand findings, none of which is kept here.
"""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from omm_cards import planner
from omm_cards.progress import Progress, Replay, shown_on
from omm_cards.scheduler import MAX_DUE_DAYS, State
from omm_cards.services import schedulers
from omm_cards.services.backups import make_backup
from omm_cards.services.workspace import Advance, Workspace, no_progress
from omm_cards.storage import StudentSettings
from omm_cards.storage.codec import to_date
from omm_cards.storage.health_queries import IMPORTED, NO_DUE, REPEAT, HealthQueries, Orphan

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
    stored: Row | None

    def progress(self) -> Progress:
        progress = Progress()
        if self.replay is not None:
            progress = replace(self.replay.progress(self.exam, self.card_id), shown=self.shown)
        if self.stored is not None:
            progress = replace(progress, suspended=bool(self.stored[12]), tags=tuple(json.loads(self.stored[13])))
        return progress


Repair = Orphan | Rewrite  # what --fix does: delete the row, or write the state


class Finding(NamedTuple):
    kind: str  # integrity | orphan | replay
    where: str
    detail: str
    repair: Repair | None = None  # None: the log cannot repair it

    @property
    def fixable(self) -> bool:
        return self.repair is not None


class Examination:
    """The doctor's findings, streamed (iterate once); `cards` and `reviews` count what was replayed."""

    def __init__(self, ws: Workspace, advance: Advance) -> None:
        self.ws = ws
        self.advance = advance
        self.cards = self.reviews = 0

    def __iter__(self) -> Iterator[Finding]:
        with self.ws.read() as repo:
            health = repo.health

            def first_replay() -> tuple[int, dict[str, Replay]] | None:  # while SQLite checks the file
                students = repo.stats.students()
                first = repo.find_student(students[0].name) if students else None
                return None if first is None else (first, replay_log(health, first))

            checked, early = health.integrity(meanwhile=first_replay)
            problems = checked.damaged if checked.quick_check == ["ok"] else checked.quick_check
            if problems:
                yield from (Finding("integrity", "database", p) for p in problems)
                return
            orphans = checked.orphans
            for o in orphans:
                yield Finding("orphan", o.table, f"row {o.rowid} refers to a missing {o.parent} row", o)
            # Cards the log names that are gone: orphans, reported above and removed by --fix.
            missing = health.missing_cards() if any(o.table == "reviews" for o in orphans) else set()
            students = repo.stats.students()
            for done, student in enumerate(students):
                self.advance(f"replaying {student.name}'s review log", done, len(students))
                student_id = repo.find_student(student.name)
                assert student_id is not None
                settings = repo.settings(student_id)
                fsrs_logs = health.grades_by_card(student_id) if settings.scheduler == schedulers.FSRS else None
                replays = early[1] if early and early[0] == student_id else replay_log(health, student_id)
                check = _Check(student.name, student_id, settings, fsrs_logs)
                for card_id, replay, row in _pairs(replays, health.stored_states(student_id)):
                    if replay is None or card_id in missing:  # a state with no log: it must still be new
                        if row is not None and (row[4] is not None or row[7]):
                            rewrite = Rewrite(student_id, card_id, None, None, None, row)
                            detail = "has a schedule but no reviews"
                            yield Finding("replay", f"{student.name}: {card_id}", detail, rewrite)
                        continue
                    self.cards += 1
                    self.reviews += replay.reviews
                    if finding := check(card_id, replay, row):
                        yield finding


def examine(ws: Workspace, advance: Advance = no_progress) -> Examination:
    return Examination(ws, advance)


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
    for card_id, grade, flags, seconds, due, interval in health.log_steps(student_id):
        replay = replays.get(card_id)
        if replay is None:
            replay = replays[card_id] = Replay()
        if not flags & (IMPORTED | NO_DUE):
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
        state = replay.state()
        exam = self.settings.exam
        if self.fsrs_logs is None:
            shown = planner.planned_due(state, exam, planner.spread_key(card_id))
        else:  # the day shown is FSRS's, after the card's whole log, as its last grade set it
            card_history = schedulers.history(self.fsrs_logs[card_id], self.settings.day_starts_at)
            last = date.fromordinal(card_history[-1][0])
            shown = shown_on(state, last, exam, card_id, schedulers.fsrs_due(card_history, self.settings))
        counts = (replay.reviews, replay.learned, replay.kept, replay.misses)
        want: Compared = (state.repetitions, state.interval, state.easiness, state.due, state.lapses, shown, *counts)
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
        rewrite = Rewrite(self.student_id, card_id, replay, shown, exam, row)
        return Finding("replay", f"{self.name}: {card_id}", "; ".join(wrong), rewrite)


def repair(ws: Workspace, repairs: list[Repair]) -> Path | None:
    """Back up, then delete the orphans and rewrite the states from the log, in one transaction."""
    orphans = [r for r in repairs if isinstance(r, Orphan)]
    rewrites = [r for r in repairs if isinstance(r, Rewrite)]
    if not repairs:
        return None
    saved = make_backup(ws, "before-fix")
    with ws.write() as repo:
        repo.health.delete_orphans(orphans)
        for rewrite in rewrites:
            repo.save_progress(rewrite.student_id, rewrite.card_id, rewrite.progress())
    return saved
