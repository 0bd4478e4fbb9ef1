"""`omm-cards students`: the student profiles in one database."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli.context import workspace
from omm_cards.cli.render import print_records

students_app = typer.Typer(help="The student profiles in this database.", no_args_is_help=True)


@students_app.callback()
def students() -> None:
    """The student profiles in this database (choose one with --student or OMM_CARDS_STUDENT)."""


@students_app.command("list")
def students_list(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """List the students in this database with cards seen, reviews and last activity.

    Example: omm-cards students list
    """
    from omm_cards.services import stats as stats_service

    with workspace(ctx) as ws:
        found = stats_service.students(ws)
    records = [
        {
            "name": r.name,
            "cards_seen": r.cards_seen,
            "reviews": r.reviews,
            "last_review": r.last_review.isoformat() if r.last_review else None,
        }
        for r in found
    ]
    columns = [
        ("student", lambda r: r["name"]),
        ("cards seen", lambda r: r["cards_seen"]),
        ("reviews", lambda r: r["reviews"]),
        ("last review", lambda r: (r["last_review"] or "-").replace("T", " ")),
    ]
    print_records(records, as_json, columns)
