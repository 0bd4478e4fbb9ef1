"""`omm-cards cards`: list, show, suspend and unsuspend cards."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from omm_cards.cli.context import workspace
from omm_cards.cli.render import console, print_records, safe
from omm_cards.model import CardFilter
from omm_cards.services import browse
from omm_cards.storage import StoredCard

app = typer.Typer(help="List, show, suspend and unsuspend cards.", no_args_is_help=True)

CardIds = Annotated[list[str] | None, typer.Argument(metavar="ID", help="Card ids, as deck/card.")]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="Every card with this tag (repeatable).")]


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
        # The day the card is shown: SM-2's date unless an exam plan moved it earlier.
        "due": progress.shown.isoformat() if progress and progress.shown else None,
        "sm2_due": state.due.isoformat() if state and state.due else None,
        "lapses": state.lapses if state else 0,
        "reviews": progress.reviews if progress else 0,
    }


@app.command("list")
def list_(
    ctx: typer.Context,
    deck: Annotated[list[str] | None, typer.Option("--deck", help="Only this deck or subdeck (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List cards with their schedule.

    Example: omm-cards cards list --deck spine --json
    """
    from omm_cards.services import filters

    where = CardFilter(decks=tuple(deck or ()))
    with workspace(ctx) as ws:
        filters.check(ws, where)
        items = browse.list_cards(ws, where)
    columns = [
        ("id", lambda r: r["id"]),
        ("category", lambda r: r["category"]),
        ("type", lambda r: r["type"]),
        ("due", lambda r: "suspended" if r["suspended"] else (r["due"] or "new")),
        ("interval", lambda r: r["interval"]),
        ("EF", lambda r: f"{r['easiness']:.2f}"),
        ("lapses", lambda r: r["lapses"]),
    ]
    print_records([card_json(item) for item in items], as_json, columns)


@app.command()
def show(
    ctx: typer.Context, card_id: Annotated[str, typer.Argument(metavar="ID", help="A card id, as deck/card.")]
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
    console().print(f"{'suspended' if suspended else 'unsuspended'} {changed} card(s)")
