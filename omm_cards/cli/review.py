"""`omm-cards review`: the drill."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer

from omm_cards.cli.keys import ENTER, Reader, reader_for
from omm_cards.cli.output import console, safe
from omm_cards.cli.settings import workspace
from omm_cards.errors import ExitCode
from omm_cards.model import Card, CardFilter, Category
from omm_cards.services.review import DEFAULT_NEW_PER_DAY, ReviewSession, Summary, start_review

if TYPE_CHECKING:
    from rich.console import Console

LEGEND = "0 blackout · 1 wrong, familiar · 2 wrong, easy · 3 hard · 4 hesitated · 5 perfect · u undo · q quit"


def review(
    ctx: typer.Context,
    deck: Annotated[list[str] | None, typer.Option("--deck", help="Only this deck (repeatable).")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only cards with this tag or one below it (repeatable).")
    ] = None,
    category: Annotated[
        list[Category] | None, typer.Option("--category", help="Only this category (repeatable).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many cards.")] = None,
    new: Annotated[
        int, typer.Option("--new", min=0, help="New cards allowed today, this session.")
    ] = DEFAULT_NEW_PER_DAY,
) -> None:
    """Review due cards, then new ones. Each grade is saved the moment you give it.

    Show the answer with Enter, then grade 0-5; u undoes the last grade, q quits.
    When standard input is not a terminal, each line is one action (an empty line reveals).

    Example: omm-cards review --deck spine --limit 20
    """
    where = CardFilter(tuple(deck or ()), tuple(tag or ()), tuple(category or ()))
    out = console()
    with workspace(ctx) as ws:
        session = start_review(ws, where, limit=limit, new_per_day=new)
        if session.current is None:
            out.print("Nothing to review now.")
            return
        interrupted = False
        try:
            _drill(session, reader_for(sys.stdin), out)
        except KeyboardInterrupt:
            interrupted = True
        _print_summary(session.summary(), out)
    if interrupted:
        raise typer.Exit(ExitCode.INTERRUPTED)


def _drill(session: ReviewSession, read: Reader, out: Console) -> None:
    while (card := session.current) is not None:
        _show_front(card, session, out)
        shown = time.monotonic()
        revealed = False
        while True:
            action = read()
            if action is None or action == "q":
                return
            if action == "u":
                undone = session.undo()
                out.print(f"undid {safe(undone.card.id)}" if undone else "nothing to undo")
                break
            if action == ENTER and not revealed:
                _show_back(card, out)
                revealed = True
                continue
            if action in ("0", "1", "2", "3", "4", "5"):
                if not revealed:
                    _show_back(card, out)
                graded = session.grade(int(action), round(time.monotonic() - shown, 1))
                note = " (same-day repeat)" if graded.same_day_repeat else ""
                due = graded.after.state.due
                out.print(f"graded {action}{note}; next due {due.isoformat() if due else '-'}")
                break
            out.print("keys: Enter shows the answer, 0-5 grades, u undoes, q quits")


def _show_front(card: Card, session: ReviewSession, out: Console) -> None:
    from rich.panel import Panel

    progress = (
        f"{card.category.value} · {len(session.history)} done, {session.remaining} to go · Enter: answer"
    )
    out.print(
        Panel(
            safe(card.front()),
            title=safe(card.id),
            title_align="left",
            subtitle=progress,
            subtitle_align="right",
        )
    )


def _show_back(card: Card, out: Console) -> None:
    from rich.panel import Panel

    back = card.back() + (f"\n\n{card.extra()}" if card.extra() else "")
    out.print(Panel(safe(back), title="answer", title_align="left", border_style="green"))
    out.print(f"[dim]{LEGEND}[/dim]")


def _print_summary(summary: Summary, out: Console) -> None:
    if summary.accuracy is None:
        out.print("No cards graded.")
    else:
        out.print(
            f"Reviewed {summary.reviewed} card(s) in {summary.answers} answer(s); "
            f"accuracy {summary.accuracy:.0%} (first answers graded 3 or more)."
        )
    for card in summary.missed:
        out.print(f"  missed {safe(card.id)}: {safe(card.back())}")
    out.print(f"Due tomorrow: {summary.due_tomorrow}.")
