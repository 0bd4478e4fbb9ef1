"""`omm-cards settings`: how a student grades and when their study day starts."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards import grading
from omm_cards.cli.context import workspace
from omm_cards.services import planning


def settings(
    ctx: typer.Context,
    buttons: Annotated[
        int | None,
        typer.Option(
            "--buttons",
            metavar="4|6",
            help="6: SM-2's grades 0-5 (the default); 4: Anki's Again, Hard, Good, Easy (SM-2 grades 1, 3, 4, 5).",
        ),
    ] = None,
    day_starts_at: Annotated[
        int | None,
        typer.Option(
            "--day-starts-at",
            metavar="HOUR",
            help="The hour your study day starts (default 4): a review at 1 AM counts for the day before.",
        ),
    ] = None,
) -> None:
    """Show or change how you grade and when your study day starts.

    With four buttons, keys 1-4 are Again, Hard, Good and Easy; same-day repeats and leeches work as
    with six grades. The day-start hour decides which day a late-night review counts for: in daily
    limits, streaks and due dates.

    Example: omm-cards settings --buttons 4 --day-starts-at 4
    """
    with workspace(ctx) as ws:
        if buttons is not None or day_starts_at is not None:
            planning.set_review_settings(ws, buttons, day_starts_at)
        current = ws.settings
    mode = "4 buttons (1 Again, 2 Hard, 3 Good, 4 Easy)" if current.buttons == grading.FOUR else "6 grades (0-5)"
    typer.echo(f"Grading: {mode}. Your study day starts at {current.day_starts_at:02d}:00.")
