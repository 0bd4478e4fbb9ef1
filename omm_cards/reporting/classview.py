"""The class at a glance: one row per student, and each student's week-over-week trend.

Every format opens with these (a tutor reads the class before any one student), computed from the
figures alone so a report merged from files and one from the database agree.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from omm_cards.reporting.figures import Rate, Report, StudentFigures, Week

BARS = "▁▂▃▄▅▆▇█"


class ClassRow(NamedTuple):
    name: str
    reviews: int
    retention: Rate
    cards_seen: int
    mature: int
    total: int  # cards in the student's decks
    due: int
    overdue: int | None  # None: the student's file is from before overdue was counted
    last_review: date | None
    streak: int
    leeches: int


def class_rows(report: Report) -> list[ClassRow]:
    return [_row(s) for s in report.students]


def _row(s: StudentFigures) -> ClassRow:
    coverage = s.coverage
    return ClassRow(
        s.name,
        s.reviews,
        s.retention,
        s.cards_seen,
        coverage.mature,
        coverage.total,
        s.due_today,
        s.overdue,
        s.last_review,
        s.streak,
        len(s.leeches),
    )


def sparkline(weeks: list[Week]) -> str:
    """Reviews a week as block characters, scaled to the student's busiest week (an empty week is ▁)."""
    top = max((w.reviews for w in weeks), default=0)
    if not top:
        return BARS[0] * len(weeks)
    return "".join(BARS[0] if not w.reviews else BARS[max(1, round(w.reviews / top * (len(BARS) - 1)))] for w in weeks)


def rate_n(rate: Rate) -> str:
    """A percentage with its n beside it: `75% of 4`, or `- of 0` spelled as `no reviews`."""
    if rate.rate is None:
        return "no reviews"
    return f"{rate.rate:.0%} of {rate.reviews}"


def week_cell(week: Week) -> str:
    if not week.reviews:
        return "0"
    return f"{week.reviews}" + (f" · {week.retention.rate:.0%}" if week.retention.rate is not None else "")
