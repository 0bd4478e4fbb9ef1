"""`omm-cards due`: what is waiting today."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli.context import workspace
from omm_cards.cli.render import print_json
from omm_cards.services.browse import due_summary


def due(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show how many reviews are due and how many new cards are available today, and the exam plan.

    Example: omm-cards due --json
    """
    with workspace(ctx) as ws:
        summary = due_summary(ws)
    plan = summary.plan
    if as_json:
        print_json(
            {
                "student": summary.student,
                "today": summary.today.isoformat(),
                "due": summary.due,
                "reviews_left_today": summary.reviews_left,
                "new": summary.new_today,
                "next_due": summary.next_due.isoformat() if summary.next_due else None,
                "exam": None
                if plan is None
                else {
                    "date": plan.exam.isoformat(),
                    "days_left": plan.days_left,
                    "new_left": plan.new_left,
                    "new_per_day": plan.pace.per_day,
                    "finish": plan.pace.finish.isoformat(),
                    "deadline": plan.pace.deadline.isoformat(),
                },
            }
        )
        return
    # Plain text, no Rich: `due` is what shell prompts and scripts call, so it starts fast.
    shown = min(summary.due, summary.reviews_left)
    held = f" (+{summary.due - shown} over today's review limit)" if summary.due > shown else ""
    typer.echo(f"{shown} due{held}, {summary.new_today} new today ({summary.today.isoformat()})")
    if not summary.due and summary.next_due:
        typer.echo(f"Next review due {summary.next_due.isoformat()}.")
    if plan is not None:
        from omm_cards.cli.exam import plan_line

        typer.echo(plan_line(plan))
