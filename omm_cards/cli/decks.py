"""`omm-cards decks`: list, validate, import and export decks."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from omm_cards.cli import completion
from omm_cards.cli.context import workspace
from omm_cards.cli.render import console, print_records, safe
from omm_cards.model import Category
from omm_cards.services import browse
from omm_cards.text import plural

app = typer.Typer(help="List, validate, import and export decks.", no_args_is_help=True)

Paths = Annotated[
    list[Path],
    typer.Argument(metavar="PATH", help="Deck files: YAML, CSV/TSV/TXT, or Anki .apkg/.colpkg.", dir_okay=False),
]
DeckId = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="The deck id for a converted CSV or Anki file (default: from the file)."),
]
DefaultCategory = Annotated[
    Category,
    typer.Option("--category", metavar="CATEGORY", help="The category of converted cards without a category::X tag."),
]


EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".apkg": "apkg"}


class Format(StrEnum):
    yaml = "yaml"
    csv = "csv"
    apkg = "apkg"


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List decks with their card, new and due counts.

    Example: omm-cards decks list
    """
    with workspace(ctx) as ws:
        rows = browse.list_decks(ws)
    records: list[dict[str, Any]] = [
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
    counts = ("cards", "new", "due")
    columns = [("deck", lambda r: r["id"]), ("title", lambda r: r["title"])] + [(k, _field(k)) for k in counts]
    print_records(records, as_json, columns, total=["total", "", *(str(sum(r[k] for r in records)) for k in counts)])


def _field(name: str) -> Callable[[dict[str, Any]], object]:
    return lambda record: record[name]


SkipBad = Annotated[
    bool, typer.Option("--skip-bad", help="Import the good rows or notes; list each one that cannot be a card.")
]


@app.command()
def validate(
    paths: Paths,
    deck_id: DeckId = None,
    category: DefaultCategory = Category.PRINCIPLE,
    skip_bad: SkipBad = False,
) -> None:
    """Check deck files without importing them; every problem is listed as FILE:LINE:COL.

    Example: omm-cards decks validate my-deck.yaml
    """
    from omm_cards.services import library  # here: `decks list` starts without the importers (35 ms)

    loaded = library.validate(paths, deck_id=deck_id, category=category, skip_bad=skip_bad)
    out = console()
    for item in loaded:
        skipped = f", {len(item.conversion.skipped)} skipped" if item.conversion else ""
        out.print(f"{safe(item.path)}: ok, deck {safe(item.deck.id)}, {len(item.deck.cards)} cards{skipped}")
        for s in item.conversion.skipped if item.conversion else []:
            out.print(f"  skip {safe(s.where)}: {safe(s.reason)}")


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Paths,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; change nothing.")] = False,
    deck_id: DeckId = None,
    category: DefaultCategory = Category.PRINCIPLE,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace a deck of the same id that another file imported (backs up first)."),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Go ahead even if the import retires over a quarter of a deck.")
    ] = False,
    skip_bad: SkipBad = False,
    scheduling: Annotated[
        bool | None,
        typer.Option(
            "--with-scheduling/--no-scheduling",
            help="Bring an Anki package's progress (intervals, ease, due dates, review log) along, or start "
            "fresh. Default: on when the package carries any.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import decks, all or nothing; re-importing an edited deck keeps every card's progress.

    A CSV/TSV file (plain front,back rows or Anki's text export) or an Anki package (.apkg, .colpkg)
    becomes a YAML deck in the data folder's decks/ folder, which you can edit and import again.

    Example: omm-cards decks import my-deck.yaml omm.apkg --dry-run
    """
    from omm_cards.cli.progress_bar import progress_bar
    from omm_cards.services import library

    with workspace(ctx) as ws, progress_bar("importing") as advance:
        changes = library.import_decks(
            ws,
            paths,
            dry_run=dry_run,
            deck_id=deck_id,
            category=category,
            replace=replace,
            yes=yes,
            skip_bad=skip_bad,
            advance=advance,
            scheduling=scheduling,
        )
    out = console()
    verb = "would import" if dry_run else "imported"
    for c in changes:
        origin = f" from {safe(c.source)}" if c.source else ""
        skipped = f", {len(c.skipped)} skipped" if c.source else ""
        out.print(
            f"{verb} {safe(c.deck_id)}{origin}: {len(c.added)} added, {len(c.changed)} changed, "
            f"{len(c.retired)} retired{skipped}, {c.unchanged} unchanged"
        )
        if c.written and not dry_run:
            out.print(f"  deck file: {safe(c.written)}")
        if c.media_copied and not dry_run:
            out.print(
                f"  {plural(c.media_copied, 'media file')} copied into the data folder's media/{safe(c.deck_id)}/"
            )
        if c.media:
            out.print(f"  {plural(c.media, 'media file')} not shown by any card, or too large, left out")
        if c.progress:
            out.print(f"  progress from Anki: {plural(c.progress, 'card')}, {plural(c.history, 'review')} of history")
        lists = [("add", c.added), ("change", c.changed)] if dry_run else []
        for label, ids in [*lists, ("retire", c.retired)]:
            why = " (no longer in the file)" if label == "retire" else ""
            for card_id in ids:
                out.print(f"  {label} {safe(card_id)}{why}")
        for where, reason in c.skipped:
            out.print(f"  skip {safe(where)}: {safe(reason)}")


@app.command()
def export(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="The deck id (see `decks list`).", autocompletion=completion.decks)],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="The file to write (.yaml, .csv or .apkg); - is standard output."),
    ],
    fmt: Annotated[
        Format | None,
        typer.Option("--format", help="The format (csv is Anki's text format): -o's extension chooses it, else yaml."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Export a deck: YAML that imports back unchanged, CSV that Anki imports directly, or an Anki .apkg.

    Each card type has its own Anki note type (typed and multiple-choice cards stay interactive in Anki,
    and import back unchanged), and cards imported from Anki go back in the note types they came from, in
    .apkg and CSV alike: re-importing a newer export into Anki, in either format, updates its notes
    instead of duplicating them. Anki's CSV import needs the note types in the collection already; an
    .apkg brings them.

    Example: omm-cards decks export my-omm -o my-omm.apkg
    """
    from omm_cards.cli.outputs import STDOUT, choose_format, write_stdout
    from omm_cards.cli.progress_bar import progress_bar
    from omm_cards.services import export as exporting

    chosen = choose_format(output, fmt.value if fmt else None, EXTENSIONS, Format.yaml.value, binary=("apkg",))
    with workspace(ctx) as ws:
        if output == STDOUT:
            write_stdout(exporting.deck_content(ws, deck, chosen)[1])
            return
        with progress_bar("exporting") as advance:
            done = exporting.export_deck(ws, deck, chosen, output, force=force, advance=advance)
    console().print(f"wrote {safe(str(done.path))}: deck {safe(done.deck_id)}, {plural(done.cards, 'card')}, {chosen}")
    if chosen == Format.csv.value:
        console().print(
            "Anki files these notes under the omm-cards note types (or the Anki note types the cards came"
            f" from). A collection without them gets them from this deck's .apkg, imported once (omm-cards"
            f" decks export {safe(done.deck_id)} -o {safe(done.deck_id)}.apkg); after that, CSV and .apkg"
            " exports update the same notes."
        )
