"""`omm-cards limits`: a student's daily limits of new cards and reviews."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli.context import MAX_COUNT, workspace
from omm_cards.services import planning


def limits(
    ctx: typer.Context,
    new: Annotated[int | None, typer.Option("--new", min=0, max=MAX_COUNT, help="New cards a day.")] = None,
    reviews: Annotated[int | None, typer.Option("--reviews", min=0, max=MAX_COUNT, help="Reviews a day.")] = None,
) -> None:
    """Show or set your daily limits of new cards and reviews (a review session may override them).

    Example: omm-cards limits --new 30 --reviews 300
    """
    with workspace(ctx) as ws:
        if new is not None or reviews is not None:
            planning.set_limits(ws, new, reviews)
        settings = ws.settings
    typer.echo(f"{settings.new_per_day} new cards and {settings.reviews_per_day} reviews a day.")
