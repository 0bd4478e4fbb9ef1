"""The figures of a progress report, and their JSON interchange form (schema `omm-cards-report`, v2;
v1 files, which have no overdue count and no weekly trend, are still read).

A class report merged from students' exported files must give the same figures as one built from the
database, so everything here is a count (or derived from counts) and merges by adding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

SCHEMA = "omm-cards-report"
VERSION = 2
READABLE = (1, 2)
MATURE_DAYS = 21  # a card with an interval of 21 days or more is mature
TREND_WEEKS = 8


@dataclass(frozen=True)
class Rate:
    """Reviews of already-learned cards, and how many were graded 3 or more."""

    reviews: int = 0
    passed: int = 0

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.reviews + other.reviews, self.passed + other.passed)


@dataclass(frozen=True)
class Coverage:
    """Cards by stage: new (never graded), learning (interval under 21 days) and mature."""

    new: int = 0
    learning: int = 0
    mature: int = 0

    @property
    def total(self) -> int:
        return self.new + self.learning + self.mature

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.new + other.new, self.learning + other.learning, self.mature + other.mature)


class CardLine(NamedTuple):
    id: str
    question: str
    answer: str
    misses: int = 0


class Week(NamedTuple):
    start: date  # the Monday
    reviews: int  # graded answers that week, cram excluded
    retention: Rate


@dataclass(frozen=True)
class StudentFigures:
    name: str
    reviews: int  # graded answers in the period, same-day repeats included, cram excluded
    cards_seen: int
    seconds: float
    last_review: date | None
    streak: int  # days in a row with a review, up to today (or yesterday)
    retention: Rate
    retention_by_category: dict[str, Rate]
    retention_by_region: dict[str, Rate]
    coverage_by_category: dict[str, Coverage]
    coverage_by_region: dict[str, Coverage]
    leeches: list[CardLine]
    most_missed: list[CardLine]
    due_today: int
    due_tomorrow: int
    forecast: list[int]  # cards shown on each of the next 30 days, tomorrow first
    activity: dict[date, int] = field(default_factory=dict)  # reviews a day over the last 16 weeks
    exam: date | None = None  # the student's exam date, if one is set
    exam_recall: float | None = None  # predicted recall on that day if the student keeps to the plan
    overdue: int | None = None  # due before today and not yet reviewed; None in a v1 file
    weekly: list[Week] = field(default_factory=list)  # the last 8 weeks, oldest first; empty in a v1 file

    @property
    def coverage(self) -> Coverage:
        """Every card, by stage (the categories partition the cards)."""
        return sum(self.coverage_by_category.values(), Coverage())

    def days_inactive(self, today: date) -> int | None:
        return None if self.last_review is None else (today - self.last_review).days


@dataclass(frozen=True)
class Report:
    today: date
    since: date | None
    students: list[StudentFigures]
    notes: list[str] = field(default_factory=list)  # what merging files decided, for the tutor


def _rate_json(rate: Rate) -> dict[str, Any]:
    return {"reviews": rate.reviews, "passed": rate.passed, "rate": rate.rate}


def _coverage_json(coverage: Coverage) -> dict[str, int]:
    return {"new": coverage.new, "learning": coverage.learning, "mature": coverage.mature}


def _card_json(card: CardLine) -> dict[str, Any]:
    return {"id": card.id, "question": card.question, "answer": card.answer, "misses": card.misses}


def student_json(s: StudentFigures) -> dict[str, Any]:
    return {
        "name": s.name,
        "reviews": s.reviews,
        "cards_seen": s.cards_seen,
        "seconds": round(s.seconds, 1),
        "last_review": s.last_review.isoformat() if s.last_review else None,
        "streak": s.streak,
        "retention": _rate_json(s.retention),
        "retention_by_category": {k: _rate_json(v) for k, v in sorted(s.retention_by_category.items())},
        "retention_by_region": {k: _rate_json(v) for k, v in sorted(s.retention_by_region.items())},
        "coverage_by_category": {k: _coverage_json(v) for k, v in sorted(s.coverage_by_category.items())},
        "coverage_by_region": {k: _coverage_json(v) for k, v in sorted(s.coverage_by_region.items())},
        "leeches": [_card_json(c) for c in s.leeches],
        "most_missed": [_card_json(c) for c in s.most_missed],
        "due_today": s.due_today,
        "due_tomorrow": s.due_tomorrow,
        "forecast": s.forecast,
        "activity": {d.isoformat(): n for d, n in sorted(s.activity.items())},
        "exam": s.exam.isoformat() if s.exam else None,
        "exam_recall": None if s.exam_recall is None else round(s.exam_recall, 4),
        "overdue": s.overdue,
        "weekly": [
            {"week": w.start.isoformat(), "reviews": w.reviews, "retention": _rate_json(w.retention)} for w in s.weekly
        ],
    }


def report_json(report: Report, weak: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "today": report.today.isoformat(),
        "since": report.since.isoformat() if report.since else None,
        "students": [student_json(s) for s in report.students],
        "weak_areas": weak,
    }


def _rate(data: dict[str, Any]) -> Rate:
    return Rate(data["reviews"], data["passed"])


def _coverage(data: dict[str, Any]) -> Coverage:
    return Coverage(data["new"], data["learning"], data["mature"])


def _card(data: dict[str, Any]) -> CardLine:
    return CardLine(data["id"], data["question"], data["answer"], data["misses"])


def student_from_json(d: dict[str, Any]) -> StudentFigures:
    return StudentFigures(
        name=d["name"],
        reviews=d["reviews"],
        cards_seen=d["cards_seen"],
        seconds=d["seconds"],
        last_review=date.fromisoformat(d["last_review"]) if d["last_review"] else None,
        streak=d["streak"],
        retention=_rate(d["retention"]),
        retention_by_category={k: _rate(v) for k, v in d["retention_by_category"].items()},
        retention_by_region={k: _rate(v) for k, v in d["retention_by_region"].items()},
        coverage_by_category={k: _coverage(v) for k, v in d["coverage_by_category"].items()},
        coverage_by_region={k: _coverage(v) for k, v in d["coverage_by_region"].items()},
        leeches=[_card(c) for c in d["leeches"]],
        most_missed=[_card(c) for c in d["most_missed"]],
        due_today=d["due_today"],
        due_tomorrow=d["due_tomorrow"],
        forecast=list(d["forecast"]),
        activity={date.fromisoformat(k): v for k, v in d["activity"].items()},
        exam=date.fromisoformat(d["exam"]) if d.get("exam") else None,
        exam_recall=d.get("exam_recall"),
        overdue=d.get("overdue"),  # absent from v1 files
        weekly=[Week(date.fromisoformat(w["week"]), w["reviews"], _rate(w["retention"])) for w in d.get("weekly", [])],
    )
