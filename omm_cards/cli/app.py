"""The command tree and its single error boundary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from omm_cards import __version__
from omm_cards.cli import cards, decks, due, plan, report, review, stats
from omm_cards.cli.settings import resolve
from omm_cards.errors import ExitCode, OmmError


class _ErrorBoundary(TyperGroup):
    """Print a user error as its own lines on stderr and exit with its code; never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OmmError as error:
            for line in error.lines():
                typer.echo(line, err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None


app = typer.Typer(
    cls=_ErrorBoundary,
    name="omm-cards",
    help="Drill sourced COMLEX OMM flashcards in the terminal with exact SM-2 scheduling.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(decks.app, name="decks")
app.add_typer(cards.app, name="cards")
app.add_typer(plan.exam_app, name="exam")
app.add_typer(stats.students_app, name="students")
app.command()(review.review)
app.command()(due.due)
app.command()(plan.limits)
app.command()(stats.stats)
app.command()(report.report)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"omm-cards {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None, typer.Option("--db", help="The database file (env OMM_CARDS_DB).", dir_okay=False)
    ] = None,
    student: Annotated[
        str | None, typer.Option("--student", help="The student profile (env OMM_CARDS_STUDENT).")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Drill sourced COMLEX OMM flashcards in the terminal with exact SM-2 scheduling."""
    ctx.obj = resolve(db, student)


def main() -> None:
    app(prog_name="omm-cards")
