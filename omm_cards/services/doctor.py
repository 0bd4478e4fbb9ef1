"""`omm-cards doctor`: SQLite's own checks, and every card's stored state against a replay of its log.

The review log is the record; card state is derived from it. A state that disagrees with the replay
of its log, or a row whose parent is gone, is a finding; `--fix` rewrites the derived state from the
log (keeping what the log cannot know: suspension and the student's own tags), after a backup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from omm_cards.progress import Progress, Replay, shown_on
from omm_cards.scheduler import GRADES, MAX_DUE_DAYS, Grade, State
from omm_cards.services import schedulers
from omm_cards.services.backups import make_backup
from omm_cards.services.workspace import Advance, Workspace, no_progress
from omm_cards.storage import StudentSettings
from omm_cards.storage.health_queries import HealthQueries, Orphan


@dataclass(frozen=True)
class Finding:
    kind: str  # integrity | orphan | replay
    where: str
    detail: str
    fixable: bool


@dataclass
class Examination:
    findings: list[Finding]
    repairs: dict[tuple[int, str], Progress]  # (student id, card id) -> progress rebuilt from the log
    orphans: list[Orphan]
    cards: int
    reviews: int


@lru_cache(maxsize=4096)
def study_day(reviewed_at: str, due: str | None, interval: int) -> date:
    """The study day a grade counted for, as the log recorded it: the due date it set, less the interval.

    Reading it off the logged state, not the clock time, keeps the replay exact whatever hour the
    student's day started at then (1 AM counts for the day before, and the setting may have changed).
    A long log has few distinct days, so each is worked out once.
    """
    if due is None:
        return date.fromisoformat(reviewed_at[:10])
    return date.fromisoformat(due) - timedelta(days=min(interval, MAX_DUE_DAYS))


def replay_log(health: HealthQueries, student_id: int, settings: StudentSettings) -> dict[str, tuple[Progress, int]]:
    """Every card's progress as the student's log implies, with its review count: the log is streamed once
    in the order it was written, each grade advancing its card (which is each card's log in turn).

    SM-2's state is replayed grade by grade (an imported review leaves the state it recorded); under FSRS
    the day a card is shown comes from FSRS's memory after the card's whole log, as its last grade set it.
    """
    exam = settings.exam
    replays: dict[str, Replay] = {}
    grades = {grade: Grade(grade) for grade in GRADES}  # checked once each, not once a row
    for step in health.log_steps(student_id):
        card_id, grade, repeat, seconds, reviewed_at, due, interval, imported, repetitions, easiness, lapses = step
        replay = replays.get(card_id)
        if replay is None:
            replay = replays[card_id] = Replay()
        checked = grades[grade] if grade in grades else Grade(grade)
        if imported:  # Anki's log is the start of the card's: each review leaves the state it recorded
            logged = State(repetitions, interval, easiness, None if due is None else date.fromisoformat(due), lapses)
            replay.take(logged, checked, bool(repeat), seconds)
            continue
        day = study_day(reviewed_at if due is None else "", due, interval)
        replay.add(checked, bool(repeat), seconds, day)
    replayed = {card_id: (replay.progress(exam, card_id), replay.reviews) for card_id, replay in replays.items()}
    if settings.scheduler == schedulers.FSRS:
        for card_id, graded in health.grades_by_card(student_id).items():
            progress, count = replayed[card_id]
            card_history = schedulers.history(graded, settings.day_starts_at)
            due_day = schedulers.fsrs_due(card_history, settings)
            last = date.fromordinal(card_history[-1][0])
            replayed[card_id] = replace(progress, shown=shown_on(progress.state, last, exam, card_id, due_day)), count
    return replayed


def _differences(stored: Progress, expected: Progress) -> list[str]:
    fields = [
        ("repetitions", stored.state.repetitions, expected.state.repetitions),
        ("interval", stored.state.interval, expected.state.interval),
        ("easiness", stored.state.easiness, expected.state.easiness),
        ("due", stored.state.due, expected.state.due),
        ("lapses", stored.state.lapses, expected.state.lapses),
        ("shown", stored.shown, expected.shown),
        ("reviews", stored.reviews, expected.reviews),
        ("learned_reviews", stored.learned_reviews, expected.learned_reviews),
        ("kept_reviews", stored.kept_reviews, expected.kept_reviews),
        ("misses", stored.misses, expected.misses),
    ]
    found = [f"{name} {have} (log says {want})" for name, have, want in fields if have != want]
    if not math.isclose(stored.seconds, expected.seconds, abs_tol=0.01):
        found.append(f"seconds {stored.seconds} (log says {expected.seconds})")
    return found


def examine(ws: Workspace, advance: Advance = no_progress) -> Examination:
    findings: list[Finding] = []
    repairs: dict[tuple[int, str], Progress] = {}
    cards = reviews = 0
    with ws.read() as repo:
        health = repo.health
        problems = health.quick_check()
        if problems != ["ok"]:
            findings += [Finding("integrity", "database", p, False) for p in problems]
            return Examination(findings, repairs, [], 0, 0)
        damaged = health.foreign_objects_and_bad_rows()
        if damaged:
            findings += [Finding("integrity", "database", p, False) for p in damaged]
            return Examination(findings, repairs, [], 0, 0)
        orphans = health.orphans()
        findings += [
            Finding("orphan", o.table, f"row {o.rowid} refers to a missing {o.parent} row", True) for o in orphans
        ]
        known = health.card_ids()
        students = repo.stats.students()
        for done, student in enumerate(students):
            advance(f"replaying {student.name}'s review log", done, len(students))
            student_id = repo.find_student(student.name)
            assert student_id is not None
            settings = repo.settings(student_id)
            stored = health.progress_by_card(student_id)
            for card_id, (expected, count) in replay_log(health, student_id, settings).items():
                if card_id not in known:
                    continue  # an orphan: reported above, and removed by --fix
                cards += 1
                reviews += count
                have = stored.pop(card_id, None) or Progress()
                wrong = _differences(have, expected)
                if wrong:
                    where = f"{student.name}: {card_id}"
                    findings.append(Finding("replay", where, "; ".join(wrong), True))
                    repairs[student_id, card_id] = replace(expected, suspended=have.suspended, tags=have.tags)
            for card_id, have in stored.items():  # state rows with no log: must still be new
                if have.state.due is not None or have.reviews:
                    findings.append(
                        Finding("replay", f"{student.name}: {card_id}", "has a schedule but no reviews", True)
                    )
                    repairs[student_id, card_id] = Progress(suspended=have.suspended, tags=have.tags)
    return Examination(findings, repairs, orphans, cards, reviews)


def repair(ws: Workspace, examination: Examination) -> Path | None:
    """Back up, then rewrite every repairable finding from the log in one transaction."""
    if not examination.repairs and not examination.orphans:
        return None
    saved = make_backup(ws, "before-fix")
    with ws.write() as repo:
        repo.health.delete_orphans(examination.orphans)
        for (student_id, card_id), progress in examination.repairs.items():
            repo.save_progress(student_id, card_id, progress)
    return saved
