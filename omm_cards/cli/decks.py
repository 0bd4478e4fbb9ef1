"""`omm-cards decks`: list, validate and import decks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from omm_cards.cli.output import console, print_json, safe
from omm_cards.cli.settings import workspace
from omm_cards.services import library, queries

app = typer.Typer(help="List, validate and import decks.", no_args_is_help=True)

Paths = Annotated[list[Path], typer.Argument(help="Deck files (YAML).", dir_okay=False)]


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List decks with their card, new and due counts.

    Example: omm-cards decks list
    """
    with workspace(ctx) as ws:
        rows = queries.list_decks(ws)
    if as_json:
        print_json(
            [
                {
                    "id": d.id,
                    "title": d.title,
                    "version": d.version,
                    "origin": d.origin,
                    "cards": d.cards,
                    "new": d.new,
                    "due": d.due,
                }
                for d in rows
            ]
        )
        return
    from rich.table import Table

    table = Table("deck", "title", "cards", "new", "due")
    for d in rows:
        table.add_row(safe(d.id), safe(d.title), str(d.cards), str(d.new), str(d.due))
    table.add_section()
    table.add_row("total", "", *(str(sum(getattr(d, k) for d in rows)) for k in ("cards", "new", "due")))
    console().print(table)


@app.command()
def validate(paths: Paths) -> None:
    """Check deck files without importing them; every problem is listed as FILE:LINE:COL.

    Example: omm-cards decks validate my-deck.yaml
    """
    loaded = library.validate(paths)
    for item in loaded:
        console().print(f"{safe(item.path)}: ok, deck {safe(item.deck.id)}, {len(item.deck.cards)} cards")


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Paths,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; change nothing.")] = False,
) -> None:
    """Import deck files, all or nothing; re-importing an edited deck keeps every card's progress.

    Example: omm-cards decks import my-deck.yaml --dry-run
    """
    with workspace(ctx) as ws:
        changes = library.import_decks(ws, paths, dry_run=dry_run)
    out = console()
    verb = "would import" if dry_run else "imported"
    for c in changes:
        out.print(
            f"{verb} {safe(c.deck_id)}: {len(c.added)} added, {len(c.changed)} changed, "
            f"{len(c.retired)} retired, {c.unchanged} unchanged"
        )
        if dry_run:
            for label, ids in (("add", c.added), ("change", c.changed), ("retire", c.retired)):
                for card_id in ids:
                    out.print(f"  {label} {safe(card_id)}")
