"""Where a tutor should act: the class's weakest categories and regions, leeches, the most-missed
cards, and students who have stopped reviewing. Computed from figures alone, so a report merged from
files and one built from the database agree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from omm_cards.reporting.figures import CardLine, Rate, Report

MIN_REVIEWS = 5  # a category or region needs this many reviews before its rate means anything
INACTIVE_DAYS = 3
TOP = 10


@dataclass(frozen=True)
class WeakAreas:
    categories: list[tuple[str, Rate]]  # lowest retention first
    regions: list[tuple[str, Rate]]
    leeches: list[tuple[str, CardLine]]  # (student, card)
    most_missed: list[tuple[list[str], CardLine]]  # (students who missed it, card with total misses)
    inactive: list[tuple[str, int | None, date | None]]  # (student, days since last review, last review)
    few_categories: list[tuple[str, Rate]] = field(default_factory=list)  # reviewed, under MIN_REVIEWS
    few_regions: list[tuple[str, Rate]] = field(default_factory=list)


def _lowest(rates: dict[str, Rate]) -> list[tuple[str, Rate]]:
    enough = [(name, rate) for name, rate in rates.items() if rate.reviews >= MIN_REVIEWS]
    return sorted(enough, key=lambda item: (item[1].rate or 0.0, -item[1].reviews, item[0]))[:5]


def _few(rates: dict[str, Rate]) -> list[tuple[str, Rate]]:
    """Reviewed, but not yet enough to rank: shown with their n, not hidden."""
    return sorted((n, r) for n, r in rates.items() if 0 < r.reviews < MIN_REVIEWS)


def weak_areas(report: Report) -> WeakAreas:
    categories: dict[str, Rate] = defaultdict(Rate)
    regions: dict[str, Rate] = defaultdict(Rate)
    missed: dict[str, tuple[list[str], CardLine]] = {}
    for student in report.students:
        for name, rate in student.retention_by_category.items():
            categories[name] += rate
        for name, rate in student.retention_by_region.items():
            regions[name] += rate
        for card in student.most_missed:
            who, line = missed.get(card.id, ([], CardLine(card.id, card.question, card.answer, 0)))
            missed[card.id] = (
                [*who, student.name],
                CardLine(line.id, line.question, line.answer, line.misses + card.misses),
            )
    inactive = [
        (s.name, s.days_inactive(report.today), s.last_review)
        for s in report.students
        if s.last_review is None or (report.today - s.last_review).days >= INACTIVE_DAYS
    ]
    return WeakAreas(
        categories=_lowest(categories),
        regions=_lowest(regions),
        leeches=[(s.name, card) for s in report.students for card in s.leeches],
        most_missed=sorted(missed.values(), key=lambda item: (-item[1].misses, item[1].id))[:TOP],
        inactive=sorted(inactive, key=lambda item: (-(item[1] if item[1] is not None else 10**6), item[0])),
        few_categories=_few(categories),
        few_regions=_few(regions),
    )


def weak_json(weak: WeakAreas) -> dict[str, Any]:
    def named(items: list[tuple[str, Rate]]) -> list[dict[str, Any]]:
        return [{"name": n, "reviews": r.reviews, "passed": r.passed, "rate": r.rate} for n, r in items]

    def card(line: CardLine) -> dict[str, Any]:
        return {"id": line.id, "question": line.question, "answer": line.answer, "misses": line.misses}

    return {
        "categories": named(weak.categories),
        "regions": named(weak.regions),
        "leeches": [{"student": s, "card": card(c)} for s, c in weak.leeches],
        "most_missed": [{"students": who, "card": card(c)} for who, c in weak.most_missed],
        "inactive": [
            {"student": s, "days": d, "last_review": last.isoformat() if last else None} for s, d, last in weak.inactive
        ],
    }
