"""`omm-cards review`: the drill."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from omm_cards import grading
from omm_cards.cli import completion
from omm_cards.cli.cardview import CardView, print_summary, verdict_text
from omm_cards.cli.context import MAX_COUNT, workspace
from omm_cards.cli.keys import ENTER, IGNORED, Keys, keys_for
from omm_cards.errors import ExitCode
from omm_cards.model import Card, CardFilter, Category, McqBody, TypedBody
from omm_cards.progress import LEECH_LAPSES, MARKED_TAG
from omm_cards.services.planning import exam_plan
from omm_cards.services.review import Act, Acted, ReviewSession, start_review, why_nothing
from omm_cards.text import visible

if TYPE_CHECKING:
    from omm_cards.cli.screen import Screen
    from omm_cards.services.workspace import Workspace

CATEGORIES = ", ".join(c.value for c in Category)
WHICH, HOW_MANY = "Which cards (any of each option, all options together)", "How many"
# The seconds an answer took come from here: the seam tests set to a fixed clock.
clock: Callable[[], float] = time.monotonic


def system_open(path: Path) -> None:
    """Open a file with the system's viewer (xdg-open, open, or Windows' own), without waiting for it."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    command = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen(
        [command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


# `o` opens the current card's media through this: the seam tests replace.
opener: Callable[[Path], None] = system_open


def new_rng() -> random.Random:
    """Where option shuffles come from; tests replace it to read the order before answering."""
    return random.Random()


def review(
    ctx: typer.Context,
    deck: Annotated[
        list[str] | None,
        typer.Option(
            "--deck",
            help="Only this deck or subdeck (repeatable).",
            autocompletion=completion.decks,
            rich_help_panel=WHICH,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            help="Only cards with this tag or one below it (repeatable).",
            autocompletion=completion.tags,
            rich_help_panel=WHICH,
        ),
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            metavar="CATEGORY",
            help="Only this category (repeatable): " + CATEGORIES + ".",
            rich_help_panel=WHICH,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, max=MAX_COUNT, help="At most this many cards.", rich_help_panel=HOW_MANY),
    ] = None,
    new: Annotated[
        int | None,
        typer.Option(
            "--new",
            min=0,
            max=MAX_COUNT,
            help="Today's total of new cards, for this session (counting those already seen).",
            rich_help_panel=HOW_MANY,
        ),
    ] = None,
    reviews: Annotated[
        int | None,
        typer.Option(
            "--reviews",
            min=0,
            max=MAX_COUNT,
            help="Today's total of reviews, for this session (counting those done).",
            rich_help_panel=HOW_MANY,
        ),
    ] = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Drill matching cards, due or not, without changing any schedule.")
    ] = False,
) -> None:
    """Review due cards, then new ones. Each grade is saved the moment you give it.

    Enter shows the answer, then grade 0-5 (or 1-4 with `omm-cards settings --buttons 4`); Enter takes the
    suggested grade after a multiple-choice pick or a typed answer. m marks the card, s suspends it, b buries
    it until tomorrow; u undoes the last of any of these, q quits. When standard input is not a terminal,
    each line is one action: an empty line reveals, a letter picks an option, a line answers a typed card.

    Example: omm-cards review --deck spine --limit 20
    """
    from omm_cards.cli.screen import Screen
    from omm_cards.services import filters

    where = CardFilter(tuple(deck or ()), tuple(tag or ()), tuple(filters.category(c) for c in category or ()))
    out = Screen()
    with workspace(ctx, create=_new_student_confirmed(ctx)) as ws:
        filters.check(ws, where)
        session = start_review(ws, where, limit=limit, new_per_day=new, reviews_per_day=reviews, cram=cram)
        if session.current is None:
            out.print("Nothing to review now.")
            for line in why_nothing(ws, where, new_per_day=new, reviews_per_day=reviews, cram=cram):
                out.print(visible(line))
            return
        keys = keys_for(sys.stdin)
        buttons = ws.settings.buttons
        interrupted = False
        # On a terminal each card gets a clean (alternate) screen: no earlier answer sits above the next
        # question. The summary is printed after, on the normal screen.
        screen = out.alternate() if keys.terminal and out.is_terminal else nullcontext()
        try:
            with screen:
                _drill(session, keys, out, new_rng(), buttons, lambda card: _media_of(ws, card))
        except KeyboardInterrupt:
            interrupted = True
        print_summary(session.summary(), None if cram else exam_plan(ws), out, buttons)
    if interrupted:
        raise typer.Exit(ExitCode.INTERRUPTED)


def _media_of(ws: Workspace, card: Card) -> list[Path]:
    from omm_cards.services import browse  # only for a card whose media the student opens

    return browse.media_files(ws, card)


def interactive() -> bool:
    """Someone at a terminal can answer a question (tests replace this)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _new_student_confirmed(ctx: typer.Context) -> bool:
    """A first review under a new name makes the profile once the student says so, on a terminal; piped
    input cannot confirm, so a script adds the student first (a typo must not become a profile)."""
    from omm_cards.cli.context import settings_of
    from omm_cards.services.startup import student_exists

    settings = settings_of(ctx)
    if student_exists(settings.db, settings.student):
        return False
    if not interactive():
        return False  # open_workspace refuses the unknown name, listing the known ones
    name = visible(settings.student)
    if not typer.confirm(f"No student {name!r} in this database yet. Add it and start reviewing?", default=False):
        raise typer.Exit(1)
    return True


ACTS = {"m": Act.MARK, "s": Act.SUSPEND, "b": Act.BURY}


def _drill(
    session: ReviewSession,
    keys: Keys,
    out: Screen,
    rng: random.Random,
    buttons: int,
    media: Callable[[Card], list[Path]] = lambda card: [],
) -> None:
    """Show cards until the queue is empty, the input ends or the student quits; `o` opens the card's media."""
    clean = keys.terminal and out.is_terminal
    status = ""  # on a clean screen, what happened to the last card is shown above the next one
    while (card := session.current) is not None:
        card = session.shown(card)  # a rule drill's question for this review
        view = CardView(card, rng)
        if clean:
            out.clear()
            if status:
                out.print(status, "dim")
        _show_front(view, session, out)
        shown = clock()
        suggested: int | None = None
        revealed = hinted = False
        while True:
            if isinstance(card.body, TypedBody) and not revealed:
                action = keys.line("your answer> ")
                if action not in (None, "q", "u", "m", "s", "b", "o", ENTER):
                    from omm_cards import answers  # the answer checker (and its notation) when first needed

                    body, took = card.body, clock() - shown
                    verdict = answers.check(action, body.answer, body.accept, body.unordered, seconds=took)
                    out.spans(verdict_text(action, verdict))
                    suggested = grading.snap(buttons, verdict.suggested)
                    revealed = _show_back(view, out, buttons, suggested=suggested)
                    continue
            else:
                action = keys.key()
            if action is None or action == "q":
                return
            if action == IGNORED:
                continue
            if action == "o":
                _open_media(media(card), out)
                continue
            if action == "u":
                undone = session.undo()
                out.print(f"undid {visible(undone.card.id)}" if undone else "nothing to undo")
                break
            mcq = card.body if isinstance(card.body, McqBody) else None
            choice = view.option_for(action) if mcq is not None and len(action) == 1 else None
            if mcq is not None and choice is not None and not revealed:
                from omm_cards import answers

                suggested = grading.snap(buttons, answers.suggest_for_choice(choice == mcq.answer))
                revealed = _show_back(view, out, buttons, chosen=choice, suggested=suggested)
                continue
            if action in ACTS:
                acted = session.act(ACTS[action])
                out.print(_acted_text(acted))
                if acted.act is Act.MARK:
                    continue
                if session.current is None and not _last_chance(session, keys, out):
                    return
                break
            if action == ENTER and not revealed:
                revealed = _show_back(view, out, buttons)
                continue
            grade = suggested if action == ENTER else grading.grade_for_key(buttons, action)
            if grade is None:
                if not hinted:  # one hint a card at most, however many stray keys
                    out.print(
                        f"keys: Enter shows the answer, {grading.key_range(buttons)} grades, m marks, s suspends,"
                        " b buries, o opens the card's media, u undoes, q quits"
                    )
                    hinted = True
                continue
            if not revealed:
                _show_back(view, out, buttons)
            status = _report(session, grade, round(clock() - shown, 1), out, buttons)
            break


def _open_media(paths: list[Path], out: Screen) -> None:
    if not paths:
        out.print("no media on this card")
    for path in paths:
        try:
            opener(path)
            out.print(f"opened {visible(str(path))}", wrapped=False)
        except OSError as error:
            out.print(f"cannot open {visible(str(path))}: {visible(error.strerror or str(error))}", wrapped=False)


def _last_chance(session: ReviewSession, keys: Keys, out: Screen) -> bool:
    """The queue emptied on a suspend or bury: let u take it back before the session ends."""
    out.print("No cards left: u undoes, any other key ends the session.")
    if keys.key() != "u":
        return False
    undone = session.undo()
    out.print(f"undid {visible(undone.card.id)}" if undone else "nothing to undo")
    return True


def _acted_text(acted: Acted) -> str:
    card = visible(acted.card.id)
    if acted.act is Act.MARK:
        return f"marked {card}" if MARKED_TAG in acted.after.tags else f"unmarked {card}"
    if acted.act is Act.SUSPEND:
        return f"suspended {card} (u undoes; `omm-cards cards unsuspend {card}` brings it back)"
    day = acted.after.buried_until
    return f"buried {card} until {day.isoformat() if day else 'tomorrow'} (u undoes)"


def _report(session: ReviewSession, grade: int, seconds: float, out: Screen, buttons: int) -> str:
    """Grade the card and say so; returns the line, to show again above the next card."""
    graded = session.grade(grade, seconds)
    name = grading.label(buttons, grade)
    if session.cram:
        line = f"graded {name} (cram: schedule unchanged)"
        out.print(line)
        return line
    note = " (same-day repeat)" if graded.same_day_repeat else ""
    shown = graded.after.shown
    line = f"graded {name}{note}; next due {shown.isoformat() if shown else '-'}"
    out.print(line)
    if graded.leech:
        out.spans(
            [
                ("leech:", "bold red"),
                (f" {visible(graded.card.id)} has lapsed {LEECH_LAPSES} times; tagged leech and suspended", ""),
            ]
        )
        line += f"; {graded.card.id} is now a leech, suspended"
    return visible(line)


def _show_front(view: CardView, session: ReviewSession, out: Screen) -> None:
    """The question, titled by its deck and category: never its id, which can spell the answer."""
    card = view.card
    done = len(session.first_grades)
    title = f"{visible(session.title_of(card))} · {card.category.value}"
    progress = f"{done} done · {session.remaining} left · {view.hint()}"
    out.panel(view.front(), title, subtitle=progress)


def _show_back(
    view: CardView, out: Screen, buttons: int, chosen: int | None = None, suggested: int | None = None
) -> bool:
    title = f"answer · {visible(view.card.id)}"
    out.panel(view.back(chosen), title, colour="green")
    keys = grading.legend(buttons).split(" · ")
    if suggested is not None:
        keys.append(f"Enter = {grading.label(buttons, suggested)}")
    out.items(keys, "dim")
    return True
