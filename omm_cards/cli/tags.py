"""`omm-cards tags`: the tags on cards, as a tree with card counts."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer

from omm_cards.cli.context import workspace
from omm_cards.cli.render import console, is_terminal, print_json, safe
from omm_cards.services.browse import TagNode, tag_tree
from omm_cards.text import visible

app = typer.Typer(help="The tags on cards.", no_args_is_help=True)


@app.callback()
def tags() -> None:
    """The tags on cards: each deck's tags and your own (leech, marked)."""


@app.command("list")
def tags_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show every tag with the number of cards that carry it, as a tree (region, then region::lumbar).

    A count is of the cards with that tag exactly; `--tag region` in `review` or `cards list` takes the
    cards of every tag below it too. Piped, it prints one tab-separated line per tag.

    Example: omm-cards tags list
    """
    with workspace(ctx) as ws:
        roots = tag_tree(ws)
    flat = list(_walk(roots))
    if as_json:
        print_json([{"tag": node.tag, "cards": node.cards} for node, _ in flat])
        return
    if not is_terminal():
        sys.stdout.write("tag\tcards\n" + "".join(f"{visible(node.tag)}\t{node.cards}\n" for node, _ in flat))
        return
    if not roots:
        typer.echo("No tags yet.")
        return
    from rich.tree import Tree

    tree = Tree("[bold]tags[/bold]", guide_style="dim")

    def grow(branch: Any, nodes: list[TagNode]) -> None:
        for node in nodes:
            count = f" [dim]{node.cards}[/dim]" if node.cards else ""
            grow(branch.add(f"{safe(node.name)}{count}"), node.children)

    grow(tree, roots)
    console().print(tree)


def _walk(nodes: list[TagNode], depth: int = 0) -> Iterator[tuple[TagNode, int]]:
    for node in nodes:
        yield node, depth
        yield from _walk(node.children, depth + 1)
