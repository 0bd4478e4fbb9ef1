"""`omm-cards cards`: list, show, suspend and unsuspend cards."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from omm_cards.cli import completion
from omm_cards.cli.context import workspace
from omm_cards.cli.render import console, is_terminal, print_json, print_tsv, safe
from omm_cards.model import Card, CardFilter, CardSearch, CardType, Category
from omm_cards.progress import LEECH_TAG, MARKED_TAG
from omm_cards.services import browse
from omm_cards.storage import ListedCard, StoredCard
from omm_cards.text import plural

FILTERS, STATES = "Which cards", "In which state (each narrows the list)"
CATEGORIES = ", ".join(c.value for c in Category)
DROP_ORDER = ("EF", "lapses", "interval", "type", "category", "due")  # what a narrow terminal leaves out first

app = typer.Typer(help="List, show, suspend and unsuspend cards.", no_args_is_help=True)

CardIds = Annotated[
    list[str] | None, typer.Argument(metavar="ID", help="Card ids, as deck/card.", autocompletion=completion.cards)
]
Tags = Annotated[
    list[str] | None,
    typer.Option("--tag", help="Every card with this tag (repeatable).", autocompletion=completion.tags),
]


def card_json(item: StoredCard) -> dict[str, Any]:
    card, progress = item.card, item.progress
    state = progress.state if progress else None
    return {
        "id": card.id,
        "deck": card.deck,
        "category": card.category.value,
        "type": card.type.value,
        "tags": list(card.tags) + list(progress.tags if progress else ()),
        "source": card.source,
        "suspended": bool(progress and progress.suspended),
        "repetitions": state.repetitions if state else 0,
        "interval": state.interval if state else 0,
        "easiness": state.easiness / 100 if state else 2.5,
        # The day the card is shown: SM-2's date unless an exam plan moves it earlier.
        "due": progress.shown.isoformat() if progress and progress.shown else None,
        "sm2_due": state.due.isoformat() if state and state.due else None,
        "lapses": state.lapses if state else 0,
        "reviews": progress.reviews if progress else 0,
    }


HEADERS = ("id", "category", "type", "due", "interval", "EF", "lapses")


def cells(item: ListedCard) -> tuple[str, ...]:
    """A listed card's values under HEADERS; `due` is the day it is shown, or why it has none."""
    due = "suspended" if item.suspended else item.shown or "new"
    return (item.id, item.category, item.type, due, str(item.interval), f"{item.easiness / 100:.2f}",
            str(item.lapses))  # fmt: skip


def text_json(card: Card) -> dict[str, str]:
    return {"front": card.front(), "back": card.back(), "extra": card.extra()}


@app.command("list")
def list_(
    ctx: typer.Context,
    deck: Annotated[
        list[str] | None,
        typer.Option(
            "--deck",
            metavar="DECK",
            help="Only this deck or subdeck (repeatable).",
            autocompletion=completion.decks,
            rich_help_panel=FILTERS,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            metavar="TAG",
            help="Only cards with this tag or one below it (repeatable).",
            autocompletion=completion.tags,
            rich_help_panel=FILTERS,
        ),
    ] = None,
    card_type: Annotated[
        list[CardType] | None, typer.Option("--type", help="Only this card type (repeatable).", rich_help_panel=FILTERS)
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            metavar="CATEGORY",
            help=f"Only this category (repeatable): {CATEGORIES}.",
            rich_help_panel=FILTERS,
        ),
    ] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Only cards due today or overdue.", rich_help_panel=STATES)
    ] = False,
    new: Annotated[bool, typer.Option("--new", help="Only cards never reviewed.", rich_help_panel=STATES)] = False,
    suspended: Annotated[
        bool, typer.Option("--suspended", help="Only suspended cards.", rich_help_panel=STATES)
    ] = False,
    leech: Annotated[bool, typer.Option("--leech", help="Only leeches.", rich_help_panel=STATES)] = False,
    marked: Annotated[bool, typer.Option("--marked", help="Only cards you marked.", rich_help_panel=STATES)] = False,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            metavar="TEXT",
            help="Only cards whose question, answer or extra has these words.",
            rich_help_panel=FILTERS,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List cards with their schedule, filtered by any of the options (all must hold).

    On a terminal this is a table; piped, it is tab-separated text with a header line, for grep, cut and
    spreadsheets. Words given to --search each match the start of a word: `--search "fryet typ"` finds
    "Fryette type II".

    Example: omm-cards cards list --deck spine --due --search fryette
    """
    from omm_cards.services import filters

    where = CardFilter(tuple(deck or ()), tuple(tag or ()), tuple(filters.category(c) for c in category or ()))
    with workspace(ctx) as ws:
        filters.check(ws, where)
        found = CardSearch(
            where,
            types=tuple(card_type or ()),
            due_by=ws.today if due else None,
            new=new,
            suspended=suspended,
            own_tags=tuple(t for t, wanted in ((LEECH_TAG, leech), (MARKED_TAG, marked)) if wanted),
            text=search or "",
        )
        if as_json:
            whole = browse.search_cards(ws, found)
        else:
            records = browse.list_cards(ws, found)
    if as_json:
        print_json([card_json(item) | text_json(item.card) for item in whole])
        return
    if not is_terminal():
        print_tsv(HEADERS, map(cells, records))
        return
    from rich.table import Table

    # The id is what a person copies into `cards show`: it is never cut, and no other value is split either
    # (`contraindi/cation` reads badly): when the columns cannot all fit beside the longest id, the least
    # needed are left out.
    out = console()
    rows = [cells(r) for r in records]
    widest = max((len(r[0]) for r in rows), default=2)
    shown = list(range(len(HEADERS)))
    width = {n: max([len(HEADERS[n]), *(len(r[n]) for r in rows)]) for n in shown[1:]}
    for dropped in DROP_ORDER:
        if widest + sum(width[n] for n in shown[1:]) + 3 * len(shown) + 1 <= out.width:
            break
        shown = [n for n in shown if HEADERS[n] != dropped]
    if len(shown) > 1:
        table = Table()
        table.add_column("id", no_wrap=True, min_width=widest, overflow="fold")
        for n in shown[1:]:
            table.add_column(HEADERS[n], no_wrap=True, min_width=width[n])
        for row in rows:
            table.add_row(*(safe(row[n]) for n in shown))
        out.print(table)
    else:  # only the ids fit: one a line, without borders that would push them past the edge
        for row in rows:
            out.print(safe(row[0]), soft_wrap=True)
    if len(shown) < len(HEADERS):
        left = ", ".join(header for n, header in enumerate(HEADERS) if n not in shown)
        out.print(f"[dim]{left} left out to fit {out.width} columns; `--json` has every field[/dim]")
    if not records:
        console().print("No cards match.")


@app.command()
def show(
    ctx: typer.Context,
    card_id: Annotated[
        str, typer.Argument(metavar="ID", help="A card id, as deck/card.", autocompletion=completion.cards)
    ],
) -> None:
    """Show one card, both sides, with its source and schedule.

    Example: omm-cards cards show spine/fryette-type1-coupling
    """
    with workspace(ctx) as ws:
        item = browse.get_card(ws, card_id)
        media = browse.media_files(ws, item.card)
    from rich.panel import Panel

    row = card_json(item)
    out = console()
    card = item.card
    out.print(Panel(safe(card.front()), title=safe(card.id), title_align="left"))
    back = card.back() + (f"\n\n{card.extra()}" if card.extra() else "")
    out.print(Panel(safe(back), title="answer", title_align="left"))
    out.print(f"category: {row['category']}   type: {row['type']}   tags: {safe(', '.join(row['tags']))}")
    out.print(f"source: {safe(card.source or '-')}")
    for path in media:
        out.print(f"media: {safe(str(path))}", soft_wrap=True)
    status = "suspended" if row["suspended"] else f"due {row['due'] or 'new'}"
    out.print(
        f"{status}; repetitions {row['repetitions']}, interval {row['interval']} d, "
        f"EF {row['easiness']:.2f}, lapses {row['lapses']}, reviews {row['reviews']}"
        + ("; retired from its deck" if item.retired else "")
    )


@app.command()
def suspend(ctx: typer.Context, card_ids: CardIds = None, tag: Tags = None) -> None:
    """Stop reviewing these cards, by id or by tag, until they are unsuspended.

    Example: omm-cards cards suspend spine/zink-common-pattern --tag topic::zink
    """
    _suspend(ctx, card_ids, tag, True)


@app.command()
def unsuspend(ctx: typer.Context, card_ids: CardIds = None, tag: Tags = None) -> None:
    """Review these cards again, by id or by tag (e.g. --tag leech).

    Example: omm-cards cards unsuspend --tag leech
    """
    _suspend(ctx, card_ids, tag, False)


def _suspend(ctx: typer.Context, card_ids: list[str] | None, tags: list[str] | None, suspended: bool) -> None:
    if not card_ids and not tags:
        raise typer.BadParameter("name card ids or at least one --tag")
    from omm_cards.services import filters

    with workspace(ctx) as ws:
        filters.check(ws, CardFilter(tags=tuple(tags or ())))
        changed = browse.set_suspended(ws, card_ids or [], tags or [], suspended)
    console().print(f"{'suspended' if suspended else 'unsuspended'} {plural(changed, 'card')}")
