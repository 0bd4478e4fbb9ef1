"""`omm-cards doctor`: the database checked against itself and its review log."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli.context import workspace
from omm_cards.errors import ExitCode
from omm_cards.text import plural, visible


def doctor(
    ctx: typer.Context,
    fix: Annotated[bool, typer.Option("--fix", help="Repair what the review log can repair, after a backup.")] = False,
) -> None:
    """Check the database: SQLite's integrity and foreign keys, and every card's state against a
    replay of its review log. Exits 1 when something is wrong (and was not fixed).

    Example: omm-cards doctor --fix
    """
    from omm_cards.cli.progress_bar import progress_bar
    from omm_cards.services import doctor as checks

    with workspace(ctx) as ws:
        problems = fixable = 0
        repairs: list[checks.Repair] = []  # what --fix does: kept only then
        with progress_bar("checking") as advance:
            found = checks.examine(ws, advance)
            lines = []
            for finding in found:  # printed as found, a thousand lines at a time: they can be 100,000
                problems += 1
                fixable += finding.fixable
                if fix and finding.repair is not None:
                    repairs.append(finding.repair)
                lines.append(visible(f"{finding.kind}: {finding.where}: {finding.detail}"))
                if len(lines) == 1000:
                    typer.echo("\n".join(lines))
                    lines.clear()
            if lines:
                typer.echo("\n".join(lines))
        typer.echo(
            f"checked {plural(found.cards, 'card')} and {plural(found.reviews, 'review')}:"
            f" {plural(problems, 'problem')}"
        )
        if not problems:
            return
        if not fix:
            typer.echo(f"{fixable} can be repaired from the review log: run omm-cards doctor --fix")
            raise typer.Exit(ExitCode.USER_ERROR)
        if not repairs:
            typer.echo("nothing here can be repaired from the review log; the database was left as it is")
            raise typer.Exit(ExitCode.USER_ERROR)
        saved = checks.repair(ws, repairs)
        typer.echo(f"repaired {plural(len(repairs), 'problem')}; the database as it was is in {saved}")
        if fixable < problems:
            raise typer.Exit(ExitCode.USER_ERROR)
