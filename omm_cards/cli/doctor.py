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
        with progress_bar("checking") as advance:
            found = checks.examine(ws, advance)
        for finding in found.findings:
            typer.echo(visible(f"{finding.kind}: {finding.where}: {finding.detail}"))
        typer.echo(
            f"checked {plural(found.cards, 'card')} and {plural(found.reviews, 'review')}:"
            f" {plural(len(found.findings), 'problem')}"
        )
        if not found.findings:
            return
        if not fix:
            fixable = sum(f.fixable for f in found.findings)
            typer.echo(f"{fixable} can be repaired from the review log: run omm-cards doctor --fix")
            raise typer.Exit(ExitCode.USER_ERROR)
        saved = checks.repair(ws, found)
        left = [f for f in found.findings if not f.fixable]
        typer.echo(
            f"repaired {plural(len(found.findings) - len(left), 'problem')}; the database as it was is in {saved}"
        )
        if left:
            raise typer.Exit(ExitCode.USER_ERROR)
