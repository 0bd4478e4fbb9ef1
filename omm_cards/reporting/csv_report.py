"""The CSV report: one row per student and category, and per student and region, for spreadsheets.

A tutor opens it in a spreadsheet, and a student name or tag that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return would run there as a formula. Such text cells get a leading `'` (OWASP's
advice for CSV injection), which spreadsheets show as text and do not display.
"""

from __future__ import annotations

import csv
import io

from omm_cards.reporting.breakdown import rows
from omm_cards.reporting.figures import Report

HEADER = ["student", "by", "name", "reviews", "passed", "retention", "new", "learning", "mature"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A text cell a spreadsheet will not read as a formula; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for student in report.students:
        for r in rows(student):
            rate = "" if r.retention.rate is None else f"{r.retention.rate:.4f}"
            writer.writerow(
                cell(value)
                for value in [
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
