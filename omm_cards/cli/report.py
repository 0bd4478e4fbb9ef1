"""`omm-cards report`: progress reports for a tutor, in Markdown, CSV, JSON or HTML."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from omm_cards.cli.context import workspace
from omm_cards.cli.stats import Since, parse_day
from omm_cards.text import json_visible, plural, visible

if TYPE_CHECKING:
    from omm_cards.reporting.figures import Report
    from omm_cards.services.workspace import Workspace


class Format(StrEnum):
    md = "md"
    csv = "csv"
    json = "json"
    html = "html"


WHO, OUT = "Whose progress", "Where it goes"
EXTENSIONS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json", ".html": "html", ".htm": "html"}


def report(
    ctx: typer.Context,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", help="The format: -o's extension chooses it, else Markdown.", rich_help_panel=OUT),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write to this file (.md, .csv, .json or .html); - is standard output.",
            rich_help_panel=OUT,
        ),
    ] = None,
    since: Since = None,
    all_students: Annotated[
        bool, typer.Option("--all-students", help="Every student in this database.", rich_help_panel=WHO)
    ] = False,
    sources: Annotated[
        list[Path] | None,
        typer.Option(
            "--from", help="A class report from JSON reports students exported (repeatable).", rich_help_panel=WHO
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing output file.", rich_help_panel=OUT)
    ] = False,
) -> None:
    """A progress report: retention, coverage and the weak areas to act on, per student.

    Example: omm-cards report --all-students --format html -o class.html
    """
    # Imported here, not at the top: every other command starts faster without the report code.
    from omm_cards.cli.outputs import choose_format, to_stdout
    from omm_cards.services import stats as stats_service
    from omm_cards.services.atomic_file import write_atomically

    fmt = Format(choose_format(output, fmt.value if fmt else None, EXTENSIONS, Format.md.value))
    if sources and all_students:
        raise typer.BadParameter("use either --all-students or --from, not both")
    with workspace(ctx) as ws:
        if sources:
            built = stats_service.merge_files(sources, ws.today, parse_day(since, ws.today))
        else:
            built = _from_database(ws, parse_day(since, ws.today), all_students)
    for note in built.notes:
        typer.echo(f"note: {visible(note)}", err=True)
    # Names and card text come from other people's files: no escape sequence reaches a terminal or a file.
    text = json_visible(render(built, fmt)) if fmt is Format.json else visible(render(built, fmt))
    if to_stdout(output):
        sys.stdout.write(text)
        return
    assert output is not None
    write_atomically(output, text, force=force)
    typer.echo(f"wrote {visible(str(output))} ({plural(len(built.students), 'student')}, {fmt.value})")


def _from_database(ws: Workspace, since: date | None, all_students: bool) -> Report:
    from omm_cards.services import stats as stats_service

    if not all_students:
        return stats_service.class_report(ws, since, False)
    from omm_cards.cli.progress_bar import progress_bar

    with progress_bar("building the class report") as advance:
        return stats_service.class_report(ws, since, True, advance)


def render(built: Report, fmt: Format) -> str:
    from omm_cards.reporting import csv_report, html_report, markdown
    from omm_cards.reporting.weak import weak_areas
    from omm_cards.services import stats as stats_service

    if fmt is Format.json:
        return json.dumps(stats_service.report_to_json(built), indent=2, ensure_ascii=False) + "\n"
    if fmt is Format.csv:
        return csv_report.render(built)
    weak = weak_areas(built)
    return markdown.render(built, weak) if fmt is Format.md else html_report.render(built, weak)
