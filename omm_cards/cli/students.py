"""`omm-cards students`: the student profiles in one database."""

from __future__ import annotations

from typing import Annotated

import typer

from omm_cards.cli import completion
from omm_cards.cli.context import workspace
from omm_cards.cli.render import print_records
from omm_cards.services.startup import DEFAULT_STUDENT
from omm_cards.text import plural, visible

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

    with workspace(ctx, student=DEFAULT_STUDENT) as ws:
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


# The students commands work on the database, whoever --student names: they open it as `default`.
Name = Annotated[str, typer.Argument(metavar="NAME", help="The student's name (printable, at most 64 characters).")]


@students_app.command("add")
def students_add(ctx: typer.Context, name: Name) -> None:
    """Add a student profile, to review under with --student NAME.

    Example: omm-cards students add alice
    """
    from omm_cards.services import students

    with workspace(ctx, student=DEFAULT_STUDENT) as ws:
        students.add(ws, name)
    typer.echo(f"added student {visible(name)!r}; review with `omm-cards --student {visible(name)} review`")


@students_app.command("rename")
def students_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="The current name.", autocompletion=completion.students)],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The new name.")],
) -> None:
    """Rename a student; their schedules and review history stay with them.

    Example: omm-cards students rename alcie alice
    """
    from omm_cards.services import students

    with workspace(ctx, student=DEFAULT_STUDENT) as ws:
        students.rename(ws, old, new)
    typer.echo(f"renamed student {visible(old)!r} to {visible(new)!r}")


@students_app.command("remove")
def students_remove(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The student to remove.", autocompletion=completion.students)
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a student with their schedules and review history, after a backup of the database.

    Asks first unless --yes; `omm-cards restore` brings the student back from the backup it names.

    Example: omm-cards students remove alice --yes
    """
    from omm_cards.services import students

    with workspace(ctx, student=DEFAULT_STUDENT) as ws:
        students.exists(ws, name)
        question = f"Remove {visible(name)!r} with all their reviews and schedules?"
        # Piped, the answer is read from the first line of input; no input at all answers no.
        if not yes and not typer.confirm(question, default=False, err=True):
            typer.echo("nothing removed", err=True)
            raise typer.Exit(1)
        removed = students.remove(ws, name)
    typer.echo(
        f"removed student {visible(name)!r} ({plural(removed.reviews, 'review')} of {plural(removed.cards, 'card')});"
        f" backed up first to {visible(str(removed.backup))}"
    )
