"""The Markdown report: readable as text, renders as tables on any Markdown viewer."""

from __future__ import annotations

from omm_cards.reporting.breakdown import duration, percent, rows
from omm_cards.reporting.figures import Report
from omm_cards.reporting.weak import INACTIVE_DAYS, WeakAreas


def cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(report: Report, weak: WeakAreas) -> str:
    period = f"since {report.since.isoformat()}" if report.since else "all time"
    out = [
        "# OMM progress report",
        "",
        f"Date {report.today.isoformat()} · period: {period} · students: {len(report.students)}",
        "",
        "## Weak areas to act on",
        "",
    ]
    for title, items in (
        ("Lowest retention by category", weak.categories),
        ("Lowest retention by region", weak.regions),
    ):
        out += [f"### {title}", ""]
        out += ["| name | retention | reviews |", "|---|---|---|"] if items else ["None with enough reviews yet."]
        out += [f"| {cell(name)} | {percent(rate)} | {rate.reviews} |" for name, rate in items]
        out.append("")
    out += ["### Leeches", ""]
    out += [f"- {cell(s)}: `{c.id}`: {cell(c.question)} → {cell(c.answer)}" for s, c in weak.leeches] or ["None."]
    out += ["", "### Most-missed cards", ""]
    if weak.most_missed:
        out += ["| card | misses | students | answer |", "|---|---|---|---|"]
        out += [f"| `{c.id}` | {c.misses} | {cell(', '.join(who))} | {cell(c.answer)} |" for who, c in weak.most_missed]
    else:
        out.append("None.")
    out += ["", f"### Students not reviewing for {INACTIVE_DAYS} days or more", ""]
    out += [
        f"- {cell(s)}: " + (f"last review {last.isoformat()} ({days} days ago)" if last else "no reviews yet")
        for s, days, last in weak.inactive
    ] or ["None."]
    for student in report.students:
        last = student.last_review.isoformat() if student.last_review else "never"
        out += [
            "",
            f"## {cell(student.name)}",
            "",
            f"Reviews {student.reviews} · cards seen {student.cards_seen} · time {duration(student.seconds)} · "
            f"last review {last} · streak {student.streak} day(s) · retention {percent(student.retention)} "
            f"of {student.retention.reviews} · due today {student.due_today}",
            *(
                [
                    "",
                    f"Exam {student.exam.isoformat()}: predicted recall {student.exam_recall:.1%} if the plan is kept.",
                ]
                if student.exam is not None and student.exam_recall is not None
                else []
            ),
            "",
            "| by | name | retention | reviews | new | learning | mature |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [
            f"| {r.dimension} | {cell(r.name)} | {percent(r.retention)} | {r.retention.reviews} | "
            f"{r.coverage.new} | {r.coverage.learning} | {r.coverage.mature} |"
            for r in rows(student)
        ]
    return "\n".join(out) + "\n"
