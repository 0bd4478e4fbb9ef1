"""`omm-cards exam` and `omm-cards limits`: planning to an exam date, and daily limits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from omm_cards.cli.context import workspace
from omm_cards.services import planning
from omm_cards.services.planning import ExamPlan
from omm_cards.text import plural, visible

if TYPE_CHECKING:
    from omm_cards.services.exam_outlook import ExamRecall


def plan_line(plan: ExamPlan) -> str:
    pace = plan.pace
    head = f"Exam {plan.exam.isoformat()} in {plural(plan.days_left, 'day')}"
    if plan.new_left == 0:
        return f"{head}: every card introduced."
    if pace.late:
        return f"{head}: {plural(plan.new_left, 'new card')} left and less than a week to go; all are offered now."
    return (
        f"{head}: {pace.per_day} new/day finishes on {pace.finish.isoformat()} (deadline {pace.deadline.isoformat()})."
    )


exam_app = typer.Typer(help="Plan reviews and new cards to an exam date.", no_args_is_help=True)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {text!r}") from None


@exam_app.command("set")
def exam_set(ctx: typer.Context, day: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD")]) -> None:
    """Set your exam date: no card is shown after it and new cards are paced to finish a week early.

    Example: omm-cards exam set 2027-05-27
    """
    exam = _date(day)
    with workspace(ctx) as ws:
        moved = planning.set_exam(ws, exam)
        plan = planning.exam_plan(ws)
    typer.echo(f"Exam set for {exam.isoformat()}; {plural(moved, 'card')} moved before it.")
    if plan is not None:
        typer.echo(plan_line(plan))


@exam_app.command("show")
def exam_show(ctx: typer.Context) -> None:
    """Show the exam date, the plan to it, and your predicted recall on the exam day by category and region.

    The prediction assumes you keep to the plan (each card reviewed when shown, answered Good) and uses
    the active scheduler's memory model: FSRS's forgetting curve, or 0.9 ** (days / interval) for SM-2.

    Example: omm-cards exam show
    """
    from omm_cards.services.exam_outlook import exam_recall_now

    with workspace(ctx) as ws:
        plan = planning.exam_plan(ws)
        outlook = exam_recall_now(ws)
    if plan is None or outlook is None:
        typer.echo("No exam date set.")
        return
    typer.echo(plan_line(plan))
    typer.echo(recall_lines(outlook))


def recall_lines(outlook: ExamRecall) -> str:
    """The exam-day prediction in plain lines: overall, then by category and region, lowest first."""
    model = "FSRS" if outlook.scheduler == "fsrs" else "SM-2"
    lines = [
        f"Predicted recall on {outlook.exam.isoformat()} if you keep to the plan ({model}):"
        f" {outlook.overall.recall:.1%} over {plural(outlook.overall.cards, 'card')}."
    ]
    for label, rates in (("by category", outlook.by_category), ("by region", outlook.by_region)):
        if rates:
            worst = sorted(rates.items(), key=lambda item: item[1].recall)
            shown = ", ".join(f"{name} {rate.recall:.1%} (n={rate.cards})" for name, rate in worst)
            lines.append(f"  {label}: {visible(shown)}")
    return "\n".join(lines)


@exam_app.command("clear")
def exam_clear(ctx: typer.Context) -> None:
    """Forget the exam date: every card goes back to its plain SM-2 due date.

    Example: omm-cards exam clear
    """
    with workspace(ctx) as ws:
        planning.set_exam(ws, None)
    typer.echo("Exam date cleared; plain SM-2 due dates restored.")
