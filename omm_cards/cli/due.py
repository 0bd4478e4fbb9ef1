"""`omm-cards due`: what is waiting today."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli.output import print_json
from omm_cards.cli.settings import workspace
from omm_cards.services.queries import due_summary


def due(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show how many reviews are due and how many new cards are available today.

    Example: omm-cards due --json
    """
    with workspace(ctx) as ws:
        summary = due_summary(ws)
    if as_json:
        print_json(
            {
                "student": summary.student,
                "today": summary.today.isoformat(),
                "due": summary.due,
                "new": summary.new_today,
                "next_due": summary.next_due.isoformat() if summary.next_due else None,
            }
        )
        return
    # Plain text, no Rich: `due` is what shell prompts and scripts call, so it starts fast.
    typer.echo(f"{summary.due} due, {summary.new_today} new today ({summary.today.isoformat()})")
    if not summary.due and summary.next_due:
        typer.echo(f"Next review due {summary.next_due.isoformat()}.")
