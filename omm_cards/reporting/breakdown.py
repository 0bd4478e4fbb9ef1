"""The rows every report format shows: one per category or region, with retention and coverage."""

from __future__ import annotations

from typing import NamedTuple

from omm_cards.reporting.figures import Coverage, Rate, StudentFigures


class Row(NamedTuple):
    dimension: str  # "category" or "region"
    name: str
    retention: Rate
    coverage: Coverage


def rows(student: StudentFigures) -> list[Row]:
    out = []
    for dimension, rates, coverage in (
        ("category", student.retention_by_category, student.coverage_by_category),
        ("region", student.retention_by_region, student.coverage_by_region),
    ):
        for name in sorted(set(rates) | set(coverage)):
            out.append(Row(dimension, name, rates.get(name, Rate()), coverage.get(name, Coverage())))
    return out


def percent(rate: Rate) -> str:
    return "-" if rate.rate is None else f"{rate.rate:.0%}"


def duration(seconds: float) -> str:
    minutes = round(seconds) // 60
    return f"{minutes // 60}h {minutes % 60:02d}m"
