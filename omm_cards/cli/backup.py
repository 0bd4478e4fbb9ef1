"""`omm-cards backup`, `restore` and `doctor`: keeping months of reviews safe."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli.context import workspace
from omm_cards.text import visible

backup_app = typer.Typer(invoke_without_command=True)


@backup_app.callback()
def backup(ctx: typer.Context) -> None:
    """Back up the database now; `backup list` shows every backup, `backup prune` removes old safety copies.

    The first use each day also makes a daily backup; daily backups are rotated (7 daily, 4 weekly and
    6 monthly are kept). Manual backups are kept until you delete them, and the safety copies taken
    before a restore, a doctor fix or a deck replacement until `backup prune`.

    Example: omm-cards backup
    """
    if ctx.invoked_subcommand is not None:
        return
    from omm_cards.services.backups import make_backup

    with workspace(ctx) as ws:
        path = make_backup(ws)
    typer.echo(f"backed up to {visible(str(path))}")


@backup_app.command("list")
def backup_list(ctx: typer.Context) -> None:
    """List the backups, oldest first, with their kind, time, size and review count; restore one by number.

    Example: omm-cards backup list
    """
    from omm_cards.services.backups import backups
    from omm_cards.storage.database import review_count

    with workspace(ctx) as ws:
        found = backups(ws.db)
    if not found:
        typer.echo("No backups yet.")
        return
    typer.echo(f"{'#':>3}  {'kind':<15} {'taken':<19} {'size':>9} {'reviews':>8}  file")
    for number, item in enumerate(found, start=1):
        size = item.path.stat().st_size / (1024 * 1024)
        count = review_count(item.path)
        reviews = "?" if count is None else str(count)
        typer.echo(
            f"{number:>3}  {item.kind:<15} {item.taken:%Y-%m-%d %H:%M:%S} {size:>7.1f}MB {reviews:>8}"
            f"  {visible(item.path.name)}"
        )


@backup_app.command("prune")
def backup_prune(
    ctx: typer.Context,
    keep: Annotated[int, typer.Option("--keep", min=0, max=100_000, help="Safety copies to keep.")] = 10,
) -> None:
    """Remove all but the newest safety copies (before restore, fix or replace); other backups stay.

    Example: omm-cards backup prune --keep 10
    """
    from omm_cards.services.backups import prune

    with workspace(ctx) as ws:
        gone = prune(ws, keep)
    typer.echo(f"removed {len(gone)} safety cop{'y' if len(gone) == 1 else 'ies'}; kept the newest {keep}")


def restore(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FILE|N", help="A backup file, or its number in `backup list`.")],
) -> None:
    """Replace the database with a backup, after checking it and backing up the current one.

    The backup is read, never moved or deleted. It must be exactly an omm-cards database: the same
    tables, indexes and triggers our migrations build (no views, no other triggers) and rows that read back.

    Example: omm-cards restore 3
    """
    from omm_cards.cli.progress_bar import progress_bar
    from omm_cards.services.backups import find
    from omm_cards.services.backups import restore as restore_backup

    with workspace(ctx) as ws:
        path = find(ws, source)
        with progress_bar("restoring") as advance:
            saved = restore_backup(ws, path, advance)
    typer.echo(f"restored {visible(str(path))}; the database as it was is in {visible(str(saved))}")
