"""`omm-cards review`: the drill."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from omm_cards import answers
from omm_cards.cli.cardview import LEGEND, CardView, print_summary, verdict_text
from omm_cards.cli.keys import ENTER, Keys, keys_for
from omm_cards.cli.output import console, safe
from omm_cards.cli.settings import MAX_COUNT, workspace
from omm_cards.errors import ExitCode
from omm_cards.model import CardFilter, CardType, Category
from omm_cards.services.planning import exam_plan
from omm_cards.services.review import ReviewSession, start_review

if TYPE_CHECKING:
    from rich.console import Console

GRADES = ("0", "1", "2", "3", "4", "5")
# The seconds an answer took come from here: the seam tests set to a fixed clock.
clock: Callable[[], float] = time.monotonic


def new_rng() -> random.Random:
    """Where option shuffles come from; tests replace it to read the order before answering."""
    return random.Random()


def review(
    ctx: typer.Context,
    deck: Annotated[list[str] | None, typer.Option("--deck", help="Only this deck (repeatable).")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only cards with this tag or one below it (repeatable).")
    ] = None,
    category: Annotated[
        list[Category] | None, typer.Option("--category", help="Only this category (repeatable).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, max=MAX_COUNT, help="At most this many cards.")] = None,
    new: Annotated[
        int | None, typer.Option("--new", min=0, max=MAX_COUNT, help="New cards allowed today, for this session only.")
    ] = None,
    reviews: Annotated[
        int | None,
        typer.Option("--reviews", min=0, max=MAX_COUNT, help="Reviews allowed today, for this session only."),
    ] = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Drill matching cards, due or not, without changing any schedule.")
    ] = False,
) -> None:
    """Review due cards, then new ones. Each grade is saved the moment you give it.

    Enter shows the answer, then grade 0-5 (Enter takes the suggested grade after a multiple-choice
    pick or a typed answer); u undoes the last grade, q quits. When standard input is not a terminal,
    each line is one action: an empty line reveals, a letter picks an option, a line answers a typed card.

    Example: omm-cards review --deck spine --limit 20
    """
    where = CardFilter(tuple(deck or ()), tuple(tag or ()), tuple(category or ()))
    out = console()
    with workspace(ctx) as ws:
        session = start_review(ws, where, limit=limit, new_per_day=new, reviews_per_day=reviews, cram=cram)
        if session.current is None:
            out.print("Nothing to review now.")
            return
        interrupted = False
        try:
            _drill(session, keys_for(sys.stdin), out, new_rng())
        except KeyboardInterrupt:
            interrupted = True
        print_summary(session.summary(), None if cram else exam_plan(ws), out)
    if interrupted:
        raise typer.Exit(ExitCode.INTERRUPTED)


def _drill(session: ReviewSession, keys: Keys, out: Console, rng: random.Random) -> None:
    """Show cards until the queue is empty, the input ends or the student quits."""
    while (card := session.current) is not None:
        view = CardView(card, rng)
        _show_front(view, session, out)
        shown = clock()
        suggested: int | None = None
        revealed = False
        while True:
            if card.type is CardType.TYPED and not revealed:
                action = keys.line("your answer> ")
                if action not in (None, "q", "u", ENTER):
                    content = card.content
                    took = clock() - shown
                    verdict = answers.check(
                        action, content["answer"], content["accept"], content["unordered"], seconds=took
                    )
                    out.print(verdict_text(action, verdict))
                    suggested, revealed = (
                        verdict.suggested,
                        _show_back(view, out, suggested=verdict.suggested),
                    )
                    continue
            else:
                action = keys.key()
            if action is None or action == "q":
                return
            if action == "u":
                undone = session.undo()
                out.print(f"undid {safe(undone.card.id)}" if undone else "nothing to undo")
                break
            if action == ENTER and not revealed:
                revealed = _show_back(view, out)
                continue
            choice = view.option_for(action) if card.type is CardType.MCQ and len(action) == 1 else None
            if choice is not None and not revealed:
                suggested = answers.suggest_for_choice(choice == card.content["answer"])
                revealed = _show_back(view, out, chosen=choice, suggested=suggested)
                continue
            grade = suggested if action == ENTER else int(action) if action in GRADES else None
            if grade is None:
                out.print("keys: Enter shows the answer, 0-5 grades, u undoes, q quits")
                continue
            if not revealed:
                _show_back(view, out)
            _report(session, grade, round(clock() - shown, 1), out)
            break


def _report(session: ReviewSession, grade: int, seconds: float, out: Console) -> None:
    graded = session.grade(grade, seconds)
    if session.cram:
        out.print(f"graded {grade} (cram: schedule unchanged)")
        return
    note = " (same-day repeat)" if graded.same_day_repeat else ""
    shown = graded.after.shown
    out.print(f"graded {grade}{note}; next due {shown.isoformat() if shown else '-'}")
    if graded.leech:
        out.print(f"[bold red]leech:[/bold red] {safe(graded.card.id)} has lapsed 8 times; tagged leech and suspended")


def _show_front(view: CardView, session: ReviewSession, out: Console) -> None:
    from rich.panel import Panel

    done = len(session.first_grades)
    progress = f"{view.card.category.value} · {done} done · {session.remaining} left · {view.hint()}"
    out.print(Panel(view.front(), title=safe(view.card.id), title_align="left", subtitle=progress))


def _show_back(view: CardView, out: Console, chosen: int | None = None, suggested: int | None = None) -> bool:
    from rich.panel import Panel

    out.print(Panel(view.back(chosen), title="answer", title_align="left", border_style="green"))
    tail = f" · Enter = {suggested}" if suggested is not None else ""
    out.print(f"[dim]{LEGEND}{tail}[/dim]")
    return True
