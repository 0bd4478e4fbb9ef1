"""The CSV report, one table for spreadsheets (filter on the `by` column):
- `by=student`: one summary row per student (reviews and retention in the period, coverage of all their
  cards, due now, overdue, last review, streak, leeches, cards seen);
- `by=category` and `by=region`: retention and coverage per student and category or region;
- `by=missed`: each student's most-missed cards, with question, answer and misses.
Columns that do not apply to a row's kind are empty.

A tutor opens it in a spreadsheet, and a student name or tag that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return would run there as a formula. Such text cells get a leading `'` (OWASP's
advice for CSV injection), which spreadsheets show as text and do not display.
"""

from __future__ import annotations

import csv
import io

from omm_cards.reporting.breakdown import rows
from omm_cards.reporting.figures import Rate, Report

HEADER = [
    "student", "by", "name", "reviews", "passed", "retention", "new", "learning", "mature",
    "cards_seen", "due_now", "overdue", "last_review", "streak", "leeches", "question", "answer", "misses",
]  # fmt: skip
SUMMARY, MISSED = "student", "missed"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A text cell a spreadsheet will not read as a formula; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _rate(rate: Rate) -> str:
    return "" if rate.rate is None else f"{rate.rate:.4f}"


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)

    def write(values: dict[str, object]) -> None:
        writer.writerow(cell(values.get(column, "")) for column in HEADER)

    for student in report.students:
        whole = student.coverage
        write(
            {
                "student": student.name, "by": SUMMARY, "reviews": student.reviews,
                "passed": student.retention.passed, "retention": _rate(student.retention), "new": whole.new,
                "learning": whole.learning, "mature": whole.mature, "cards_seen": student.cards_seen,
                "due_now": student.due_today, "overdue": "" if student.overdue is None else student.overdue,
                "last_review": student.last_review.isoformat() if student.last_review else "",
                "streak": student.streak, "leeches": len(student.leeches),
            }
        )  # fmt: skip
    for student in report.students:
        for r in rows(student):
            write(
                {
                    "student": student.name, "by": r.dimension, "name": r.name, "reviews": r.retention.reviews,
                    "passed": r.retention.passed, "retention": _rate(r.retention), "new": r.coverage.new,
                    "learning": r.coverage.learning, "mature": r.coverage.mature,
                }
            )  # fmt: skip
        for c in student.most_missed:
            write(
                {"student": student.name, "by": MISSED, "name": c.id, "question": c.question, "answer": c.answer,
                 "misses": c.misses}
            )  # fmt: skip
    return buffer.getvalue()
