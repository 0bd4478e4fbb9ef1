"""`omm-cards doctor`: SQLite's own checks, and every card's stored state against a replay of its log.

The review log is the record; card state is derived from it. A state that disagrees with the replay
of its log, or a row whose parent is gone, is a finding; `--fix` rewrites the derived state from the
log (keeping what the log cannot know: suspension and the student's own tags), after a backup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from omm_cards.progress import Progress, advance, take_imported
from omm_cards.scheduler import MAX_DUE_DAYS
from omm_cards.services.backups import make_backup
from omm_cards.services.workspace import Workspace
from omm_cards.storage import ReviewRow
from omm_cards.storage.health_queries import Orphan


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


def replay(rows: list[ReviewRow], exam: date | None, card_id: str) -> Progress:
    """The progress a card's log implies: a new card taken through each logged grade in turn.

    Imported reviews (Anki's log) are the start of the log: each leaves the state it recorded.
    """
    progress = Progress()
    for row in rows:
        if row.imported:
            progress = take_imported(progress, row.after, row.grade, row.same_day_repeat, row.seconds, exam, card_id)
            continue
        progress, _ = advance(progress, row.grade, row.same_day_repeat, row.seconds, _study_day(row), exam, card_id)
    return progress


def _study_day(row: ReviewRow) -> date:
    """The study day a grade counted for, as the log recorded it: the due date it set, less the interval.

    Reading it off the logged state, not the clock time, keeps the replay exact whatever hour the
    student's day started at then (1 AM counts for the day before, and the setting may have changed).
    """
    after = row.after
    if after.due is None:
        return row.reviewed_at.date()
    return after.due - timedelta(days=min(after.interval, MAX_DUE_DAYS))


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


def examine(ws: Workspace) -> Examination:
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
        for student in repo.stats.students():
            student_id = repo.find_student(student.name)
            assert student_id is not None
            exam = repo.settings(student_id).exam
            stored = health.progress_by_card(student_id)
            for card_id, rows in health.log_by_card(student_id):
                if card_id not in known:
                    continue  # an orphan: reported above, and removed by --fix
                cards += 1
                reviews += len(rows)
                expected = replay(rows, exam, card_id)
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
