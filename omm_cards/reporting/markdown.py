"""The Markdown report: readable as text, renders as tables on any Markdown viewer.

It opens with the class (one row per student, then each student's last 8 weeks), then the weak areas
with their thresholds, then each student in detail.
"""

from __future__ import annotations

from omm_cards.reporting import weak as thresholds
from omm_cards.reporting.breakdown import duration, rows
from omm_cards.reporting.classview import class_rows, rate_n, sparkline, week_cell
from omm_cards.reporting.figures import TREND_WEEKS, Report
from omm_cards.reporting.weak import INACTIVE_DAYS, WeakAreas
from omm_cards.text import plural


def cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(report: Report, weak: WeakAreas) -> str:
    period = f"since {report.since.isoformat()}" if report.since else "all time"
    out = [
        "# OMM progress report",
        "",
        f"Date {report.today.isoformat()} · period: {period} · {plural(len(report.students), 'student')}",
        "",
        "## The class",
        "",
        "| student | reviews | retention | cards seen | mature | due now | overdue | last review | streak | leeches |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in class_rows(report):
        overdue = "-" if r.overdue is None else str(r.overdue)
        last = r.last_review.isoformat() if r.last_review else "never"
        out.append(
            f"| {cell(r.name)} | {r.reviews} | {rate_n(r.retention)} | {r.cards_seen} of {r.total} | "
            f"{r.mature} of {r.total} | {r.due} | {overdue} | {last} | {plural(r.streak, 'day')} | {r.leeches} |"
        )
    out += [
        "",
        "Retention: reviews of already-learned cards graded 3 or more, with n, the reviews counted. "
        "Mature: an interval of 21 days or more.",
    ]
    trended = [s for s in report.students if s.weekly]
    if trended:
        weeks = trended[0].weekly
        out += [
            "",
            f"### The last {TREND_WEEKS} weeks: reviews · retention, week by week (weeks start on Monday)",
            "",
            "| student | trend | " + " | ".join(w.start.strftime("%m-%d") for w in weeks) + " |",
            "|---|---|" + "---|" * len(weeks),
        ]
        out += [
            f"| {cell(s.name)} | `{sparkline(s.weekly)}` | " + " | ".join(week_cell(w) for w in s.weekly) + " |"
            for s in trended
        ]
    out += ["", "## Weak areas to act on", ""]
    for title, items, short in (
        ("Lowest retention by category", weak.categories, weak.few_categories),
        ("Lowest retention by region", weak.regions, weak.few_regions),
    ):
        out += [f"### {title} (the 5 lowest with at least {plural(thresholds.MIN_REVIEWS, 'review')})", ""]
        out += ["| name | retention |", "|---|---|"] if items else ["None with enough reviews yet."]
        out += [f"| {cell(name)} | {rate_n(rate)} |" for name, rate in items]
        if short:
            out += ["", "Too few reviews to judge yet: " + ", ".join(f"{cell(n)} ({rate_n(r)})" for n, r in short)]
        out.append("")
    out += ["### Leeches (lapsed 8 times, now suspended)", ""]
    out += [f"- {cell(s)}: `{c.id}`: {cell(c.question)} → **{cell(c.answer)}**" for s, c in weak.leeches] or ["None."]
    out += ["", "### Most-missed cards", ""]
    if weak.most_missed:
        out += ["| card | misses | students | question | answer |", "|---|---|---|---|---|"]
        out += [
            f"| `{c.id}` | {c.misses} | {cell(', '.join(who))} | {cell(c.question)} | {cell(c.answer)} |"
            for who, c in weak.most_missed
        ]
    else:
        out.append("None.")
    out += ["", f"### Students not reviewing for {INACTIVE_DAYS} days or more", ""]
    out += [
        f"- {cell(s)}: "
        + (f"last review {last.isoformat()} ({plural(days or 0, 'day')} ago)" if last else "no reviews yet")
        for s, days, last in weak.inactive
    ] or ["None."]
    for student in report.students:
        last = student.last_review.isoformat() if student.last_review else "never"
        out += [
            "",
            f"## {cell(student.name)}",
            "",
            f"{plural(student.reviews, 'review')} · {plural(student.cards_seen, 'card')} seen · time "
            f"{duration(student.seconds)} · last review {last} · streak {plural(student.streak, 'day')} · "
            f"retention {rate_n(student.retention)} · due today {student.due_today}",
            *(
                [
                    "",
                    f"Exam {student.exam.isoformat()}: predicted recall {student.exam_recall:.1%} if the plan is kept.",
                ]
                if student.exam is not None and student.exam_recall is not None
                else []
            ),
            "",
            "| by | name | retention | new | learning | mature |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| {r.dimension} | {cell(r.name)} | {rate_n(r.retention)} | "
            f"{r.coverage.new} | {r.coverage.learning} | {r.coverage.mature} |"
            for r in rows(student)
        ]
        if student.most_missed:
            out += ["", "Most missed:", ""]
            out += [
                f"- `{c.id}` ({plural(c.misses, 'miss', 'misses')}): {cell(c.question)} → **{cell(c.answer)}**"
                for c in student.most_missed
            ]
    return "\n".join(out) + "\n"
