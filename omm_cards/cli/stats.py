"""`omm-cards stats` (a student's dashboard) and `omm-cards students` (the profiles in the database)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from omm_cards.cli.context import workspace
from omm_cards.cli.render import console, print_json, safe

if TYPE_CHECKING:
    from rich.console import RenderableType

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
    console().print(dashboard(figures, today))
    if outlook is not None:
        from omm_cards.cli.exam import recall_lines

        console().print(safe(recall_lines(outlook)))


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


def dashboard(s: StudentFigures, today: date) -> RenderableType:
    from rich.columns import Columns
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from omm_cards.reporting.breakdown import duration, percent, rows

    head = (
        f"[bold]{safe(s.name)}[/bold] · due today [bold]{s.due_today}[/bold] · tomorrow {s.due_tomorrow} · "
        f"streak {s.streak} d · time {duration(s.seconds)} · reviews {s.reviews} · "
        f"retention [bold]{percent(s.retention)}[/bold] of {s.retention.reviews} · leeches {len(s.leeches)}"
    )
    forecast = columns_chart(s.forecast, f"{today + timedelta(days=1):%a %d %b}", "+30 days")
    tables = []
    for dimension in ("category", "region"):
        table = Table(dimension, "kept", "of", "new", "learn", "mature", box=None, padding=(0, 1))
        for r in rows(s):
            if r.dimension == dimension:
                table.add_row(
                    safe(r.name),
                    percent(r.retention),
                    str(r.retention.reviews),
                    str(r.coverage.new),
                    str(r.coverage.learning),
                    str(r.coverage.mature),
                )
        tables.append(table)
    parts: list[RenderableType] = [
        Panel(head, title="omm-cards stats", title_align="left"),
        Columns([Panel(forecast, title="due, next 30 days"), Panel(heatmap(s, today), title="reviews, last 16 weeks")]),
        Panel(
            Columns(tables, padding=(0, 4)),
            title="retention and coverage (mature: interval 21+ days)",
        ),
    ]
    if s.leeches:
        leeches = "\n".join(f"{safe(c.id)}: {safe(c.answer)}" for c in s.leeches)
        parts.append(Panel(leeches, title="leeches (suspended)"))
    return Group(*parts)


def columns_chart(values: list[int], first: str, last: str, height: int = 4) -> str:
    """One column a value, drawn with eighth blocks, `height` lines tall, with the peak on the axis."""
    top = max(values, default=0) or 1
    eighths = [round(8 * height * v / top) for v in values]
    lines = []
    for level in range(height - 1, -1, -1):
        cells = "".join(BLOCKS[max(0, min(8, e - 8 * level))] for e in eighths)
        label = str(top) if level == height - 1 else ""
        lines.append(f"{label:>4} [cyan]{cells}[/cyan]")
    lines.append(f"     {first}{last:>{max(1, len(values) - len(first))}}")
    return "\n".join(lines)


def heatmap(s: StudentFigures, today: date) -> str:
    start = today - timedelta(days=today.weekday() + 15 * 7)
    top = max(s.activity.values(), default=0) or 1
    lines = []
    for weekday in range(7):
        cells = []
        for week in range(16):
            day = start + timedelta(days=week * 7 + weekday)
            n = s.activity.get(day, 0) if day <= today else 0
            cells.append(SHADES[0] if n == 0 else SHADES[1 + min(3, 4 * n // (top + 1))])
        lines.append(f"{'MTWTFSS'[weekday]} [green]{''.join(cells)}[/green]")
    return "\n".join(lines)
