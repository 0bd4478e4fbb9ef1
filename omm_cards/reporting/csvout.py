"""The CSV report: one row per student and category, and per student and region, for spreadsheets."""

from __future__ import annotations

import csv
import io

from omm_cards.reporting.figures import Report
from omm_cards.reporting.tables import rows

HEADER = ["student", "by", "name", "reviews", "passed", "retention", "new", "learning", "mature"]


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for student in report.students:
        for r in rows(student):
            rate = "" if r.retention.rate is None else f"{r.retention.rate:.4f}"
            writer.writerow(
                [
                    student.name,
                    r.dimension,
                    r.name,
                    r.retention.reviews,
                    r.retention.passed,
                    rate,
                    r.coverage.new,
                    r.coverage.learning,
                    r.coverage.mature,
                ]
            )
    return buffer.getvalue()
