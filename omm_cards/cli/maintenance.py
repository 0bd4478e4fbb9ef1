"""`omm-cards backup`, `restore` and `doctor`: keeping months of reviews safe."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from omm_cards.cli.settings import workspace
from omm_cards.errors import ExitCode


def backup(ctx: typer.Context) -> None:
    """Back up the database now (backups also happen once a day on first use, and are rotated:
    7 daily, 4 weekly and 6 monthly are kept).

    Example: omm-cards backup
    """
    from omm_cards.services.backups import make_backup

    with workspace(ctx) as ws:
        path = make_backup(ws)
    typer.echo(f"backed up to {path}")


def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A backup file.", dir_okay=False)],
) -> None:
    """Replace the database with a backup, after checking it and backing up the current one.

    Example: omm-cards restore ~/.local/share/omm-cards/backups/omm-cards-2026-11-27T090000-daily.db
    """
    from omm_cards.services.backups import restore as restore_backup

    with workspace(ctx) as ws:
        saved = restore_backup(ws, source)
    typer.echo(f"restored {source}; the database as it was is in {saved}")


def doctor(
    ctx: typer.Context,
    fix: Annotated[bool, typer.Option("--fix", help="Repair what the review log can repair, after a backup.")] = False,
) -> None:
    """Check the database: SQLite's integrity and foreign keys, and every card's state against a
    replay of its review log. Exits 1 when something is wrong (and was not fixed).

    Example: omm-cards doctor --fix
    """
    from omm_cards.services import doctor as checks

    with workspace(ctx) as ws:
        found = checks.examine(ws)
        for finding in found.findings:
            typer.echo(f"{finding.kind}: {finding.where}: {finding.detail}")
        typer.echo(f"checked {found.cards} card(s) and {found.reviews} review(s): {len(found.findings)} problem(s)")
        if not found.findings:
            return
        if not fix:
            fixable = sum(f.fixable for f in found.findings)
            typer.echo(f"{fixable} can be repaired from the review log: run omm-cards doctor --fix")
            raise typer.Exit(ExitCode.USER_ERROR)
        saved = checks.repair(ws, found)
        left = [f for f in found.findings if not f.fixable]
        typer.echo(f"repaired {len(found.findings) - len(left)} problem(s); the database as it was is in {saved}")
        if left:
            raise typer.Exit(ExitCode.USER_ERROR)
