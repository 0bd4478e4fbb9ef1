"""`omm-cards stats` (a student's dashboard) and `omm-cards students` (the profiles in the database)."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from omm_cards.cli.context import workspace
from omm_cards.cli.panels import Ink, beside, flow, panel, screen_width, wrapped
from omm_cards.cli.render import cell_width, print_json
from omm_cards.text import plural, visible

if TYPE_CHECKING:
    from omm_cards.reporting.figures import StudentFigures
    from omm_cards.services.exam_outlook import ExamRecall, Rate

SHADES = " ░▒▓█"
BLOCKS = " ▁▂▃▄▅▆▇█"


def parse_day(text: str | None, today: date) -> date | None:
    """The --since date: a real day, and not after today (a future date would count nothing, silently)."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"--since: expected a date as YYYY-MM-DD, got {text!r}") from None
    if day > today:
        raise typer.BadParameter(f"--since: {day.isoformat()} is after today ({today.isoformat()}); give a past date")
    return day


Since = Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only reviews from this date on.")]


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the same figures as JSON.")] = False,
    since: Since = None,
) -> None:
    """Your dashboard: what is due, a 30-day forecast, 16 weeks of reviews, retention and coverage.

    Example: omm-cards stats --since 2026-09-01
    """
    # Imported here, not at the top: other commands start faster without the figures code.
    from omm_cards.reporting.figures import student_json
    from omm_cards.services import stats as stats_service
    from omm_cards.services.exam_outlook import exam_recall_now

    with workspace(ctx) as ws:
        figures = stats_service.figures(ws, parse_day(since, ws.today))
        today = ws.today
        outlook = exam_recall_now(ws)
    if as_json:
        data = student_json(figures)
        data["exam_recall"] = None if outlook is None else outlook_json(outlook)
        print_json(data)
        return
    ink = Ink.for_stdout()
    size = screen_width()
    lines = dashboard(figures, today, ink, size)
    if outlook is not None:
        from omm_cards.cli.exam import recall_lines

        for line in recall_lines(outlook).splitlines():
            lines += wrapped(line, size, indent="    ")
    sys.stdout.write("\n".join(lines) + "\n")


def outlook_json(outlook: ExamRecall) -> dict[str, Any]:
    def rates(found: dict[str, Rate]) -> dict[str, dict[str, float | int]]:
        return {name: {"recall": round(r.recall, 4), "cards": r.cards} for name, r in found.items()}

    return {
        "exam": outlook.exam.isoformat(),
        "scheduler": outlook.scheduler,
        "recall": round(outlook.overall.recall, 4),
        "cards": outlook.overall.cards,
        "by_category": rates(outlook.by_category),
        "by_region": rates(outlook.by_region),
    }


def dashboard(s: StudentFigures, today: date, ink: Ink, size: int) -> list[str]:
    """The screen's lines, `size` columns wide: the head, the forecast and the heatmap (side by side where
    they fit), the retention and stage table, and the leeches."""
    from omm_cards.reporting.breakdown import duration
    from omm_cards.reporting.classview import rate_n

    room = size - 4
    retention = rate_n(s.retention) if s.retention.reviews else "no reviews of learned cards yet"
    head = [
        *flow(
            [
                ink(visible(s.name), "bold"),
                f"{ink(str(s.due_today), 'bold')} due today, {s.due_tomorrow} tomorrow",
                f"streak {plural(s.streak, 'day')}",
                plural(s.reviews, "review"),
                f"time {duration(s.seconds)}",
            ],
            room,
        ),
        *flow([f"retention {ink(retention, 'bold')}", plural(len(s.leeches), "leech", "leeches")], room),
    ]
    lines = panel(head, "omm-cards stats", size, left=True)
    lines += beside(
        [
            panel(forecast_chart(s.forecast, today, ink).splitlines(), "due on each of the next 30 days", most=size),
            panel(heatmap(s, today, ink).splitlines(), "reviews a day, last 16 weeks", most=size),
        ],
        size,
    )
    note = "retention: of n reviews of learned cards · mature: an interval of 21 days or more"
    body = [*stage_table(s, ink, room), *(ink(line, "dim") for line in wrapped(note, room))]
    lines += panel(body, "retention and cards by stage", size)
    if s.leeches:
        leeches = [line for c in s.leeches for line in wrapped(visible(f"{c.id}: {c.answer}"), room, "  ")]
        lines += panel(leeches, "leeches (suspended)", size)
    return lines


def stage_table(s: StudentFigures, ink: Ink, room: int) -> list[str]:
    """Retention and the cards at each stage, by category then by region, in one set of aligned columns (the
    counts right-aligned); a name too long for the room wraps, never cut."""
    from omm_cards.reporting.breakdown import rows
    from omm_cards.reporting.classview import rate_n

    heads = ["retention", "new", "learning", "mature"]
    table = [
        (r.dimension, visible(r.name), rate_n(r.retention) if r.retention.reviews else "-",
         str(r.coverage.new), str(r.coverage.learning), str(r.coverage.mature))
        for r in rows(s)
    ]  # fmt: skip
    widths = [max([cell_width(heads[n]), *(cell_width(row[n + 2]) for row in table)]) for n in range(4)]
    longest = max(cell_width(name) for name in ["category", "region", *(row[1] for row in table)])
    # Two spaces between columns, or one where two would make a name wrap; one space before the names.
    gap = 2 if longest + sum(widths) + 2 * len(widths) + 1 <= room else 1
    names = max(8, min(longest, room - sum(widths) - gap * len(widths) - 1))

    def line(name: str, cells: Sequence[str], style: str | None = None) -> list[str]:
        shown = [cells[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))]
        parts = textwrap.wrap(name, names) if cell_width(name) > names else [name]  # at spaces and hyphens
        text = [" " + parts[0] + " " * (names - cell_width(parts[0])) + " " * gap + (" " * gap).join(shown)]
        text += [" " + part for part in parts[1:]]
        return [ink(t.rstrip(), style) for t in text] if style else [t.rstrip() for t in text]

    out: list[str] = []
    for dimension in ("category", "region"):
        out += line(dimension, heads, "bold")
        for row in table:
            if row[0] == dimension:
                out += line(row[1], row[2:])
    return out


def forecast_chart(values: list[int], today: date, ink: Ink, height: int = 6) -> str:
    """Cards due each day, one column a day with eighth blocks, a count axis, and a tick under each Monday
    with its date every other week."""
    top = max(values, default=0)
    scale = top or 1
    eighths = [round(8 * height * v / scale) for v in values]
    width = len(str(top))
    lines = []
    for level in range(height - 1, -1, -1):
        cells = "".join(BLOCKS[max(0, min(8, e - 8 * level))] for e in eighths)
        label = str(top) if level == height - 1 else str(round(top / 2)) if level == height // 2 - 1 else ""
        lines.append(f"{label:>{width}} ┤{ink(cells, 'cyan')}")
    days = [today + timedelta(days=n + 1) for n in range(len(values))]
    ticks = "".join("┬" if d.weekday() == 0 else "─" for d in days)
    lines.append(f"{0:>{width}} └{ticks}")
    labels = [" "] * (len(values) + 8)
    for n, day in enumerate(days):
        if day.weekday() == 0 and labels[n] == " " and all(c == " " for c in labels[max(0, n - 1) : n + 6]):
            labels[n : n + 5] = day.strftime("%b%d").replace(" ", "")[:5]
    lines.append(" " * (width + 2) + "".join(labels).rstrip())
    busiest = max(range(len(values)), key=lambda n: values[n], default=None)
    if top and busiest is not None:
        lines.append(f"{sum(values)} in all; busiest {days[busiest]:%a %b %d} ({values[busiest]})")
    else:
        lines.append("nothing due in the next 30 days")
    return "\n".join(lines)


def heatmap(s: StudentFigures, today: date, ink: Ink) -> str:
    """One column a week (oldest left), Monday to Sunday down, month names over the week each begins,
    and a legend of what each shade counts."""
    start = today - timedelta(days=today.weekday() + 15 * 7)
    top = max(s.activity.values(), default=0)
    months = [" "] * 34
    for week in range(16):
        monday = start + timedelta(days=week * 7)
        first = monday.day <= 7 or week == 0
        if first and all(c == " " for c in months[2 + week * 2 - 1 : 2 + week * 2 + 3]):
            months[2 + week * 2 : 2 + week * 2 + 3] = monday.strftime("%b")
    lines = ["".join(months).rstrip()]
    for weekday in range(7):
        cells = []
        for week in range(16):
            day = start + timedelta(days=week * 7 + weekday)
            n = s.activity.get(day, 0) if day <= today else 0
            shade = "·" if n == 0 else SHADES[1 + min(3, 4 * n // (top + 1))]
            cells.append(shade * 2 if n else "· ")
        lines.append(f"{'MTWTFSS'[weekday]} {ink(''.join(cells).rstrip(), 'green')}")
    # Shade k (0-3) is for counts n with 4n // (top + 1) == k: it starts at ceil(k (top + 1) / 4).
    starts = [max(1, -(-k * (top + 1) // 4)) for k in range(4)]
    legend = " ".join(
        f"{ink(SHADES[1 + k], 'green')} {start}+"
        for k, start in enumerate(starts)
        if start <= top and (not k or start > starts[k - 1])
    )
    lines.append(f"· none  {legend}" if top else "· no reviews in these weeks")
    return "\n".join(lines)
