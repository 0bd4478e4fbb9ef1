"""`omm-cards scheduler` and `omm-cards optimize`: SM-2 (the default) or FSRS, fitted to you."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli.context import workspace
from omm_cards.text import plural


def scheduler(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="sm2|fsrs", help="sm2: exact SM-2 (the default); fsrs: FSRS-6.")],
    retention: Annotated[
        float | None,
        typer.Option("--retention", metavar="R", help="FSRS's desired retention, 0.70 to 0.97 (default 0.9)."),
    ] = None,
) -> None:
    """Choose who schedules your reviews: exact SM-2, or FSRS aiming at a desired retention.

    SM-2's state is always kept and FSRS's is computed from your review log, so switching back and forth
    loses nothing; switching re-plans the day each card is shown. `omm-cards optimize` fits FSRS to you.

    Example: omm-cards scheduler fsrs --retention 0.9
    """
    from omm_cards.services import schedulers

    with workspace(ctx) as ws:
        moved = schedulers.set_scheduler(ws, name.strip().lower(), retention)
        settings = ws.settings
    if settings.scheduler == schedulers.FSRS:
        fitted = f"parameters fitted on {settings.fsrs_fit.fitted_on}" if settings.fsrs_fit else "default parameters"
        typer.echo(
            f"FSRS-6 schedules your reviews at {settings.retention:.2f} retention ({fitted});"
            f" {plural(moved, 'card')} moved."
        )
    else:
        typer.echo(f"SM-2 schedules your reviews; {plural(moved, 'card')} moved.")


def optimize(ctx: typer.Context) -> None:
    """Fit FSRS's parameters to your own review log and keep them, with how well they predict you.

    Needs a few hundred reviews; the summary after a review suggests fitting again every 1,000 reviews.

    Example: omm-cards optimize
    """
    from omm_cards.services import schedulers

    with workspace(ctx) as ws:
        fit = schedulers.optimize(ws)
        active = ws.settings.scheduler
    typer.echo(
        f"Fitted FSRS-{fit.version} to {plural(fit.reviews, 'review')} on {fit.fitted_on}: log loss {fit.log_loss:.4f}"
        f" (default parameters {fit.default_log_loss:.4f}; lower is better)."
    )
    if active != schedulers.FSRS:
        typer.echo("SM-2 still schedules you: `omm-cards scheduler fsrs` switches.")
