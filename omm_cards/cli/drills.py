"""`omm-cards drills`: list the rule drills and print generated instances. Needs no student data, so it
never opens the database."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from omm_cards import drills
from omm_cards.cli.render import console, print_json, safe
from omm_cards.deckfile import rules as rule_tables
from omm_cards.drills.core import LETTERS
from omm_cards.errors import OmmError

app = typer.Typer(
    help=(
        "Rule drills: questions generated from a rule and its sourced table.\n\n"
        "Example: omm-cards drills sample sacrum --count 3"
    ),
    no_args_is_help=True,
)
MAX_SAMPLES = 1000


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the rules with their sources.

    Example: omm-cards drills list --json
    """
    tables = rule_tables.load()
    rows = [
        {"rule": rule, "title": family.TITLE, "tables": list(family.TABLES), "sources": drills.sources(rule, tables)}
        for rule, family in drills.RULES.items()
    ]
    if as_json:
        print_json(rows)
        return
    out = console()
    for row in rows:
        out.print(f"[bold]{safe(str(row['rule']))}[/bold]: {safe(str(row['title']))}")
        for source in row["sources"]:
            out.print(f"  - {safe(source)}")


@app.command()
def sample(
    rule: Annotated[str, typer.Argument(help="The rule id (see `drills list`).")],
    count: Annotated[int, typer.Option("--count", min=1, max=MAX_SAMPLES, help="How many instances.")] = 1,
    seed: Annotated[
        int | None, typer.Option("--seed", min=0, help="The first seed; instance i uses seed + i (default: random).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Print generated instances of a rule; a seed always gives the same instance.

    Example: omm-cards drills sample segmental --count 3 --seed 7
    """
    if rule not in drills.RULES:
        raise OmmError(f"unknown rule {rule!r}", hint=f"known rules: {', '.join(drills.RULES)}")
    tables = rule_tables.load()
    first = secrets.randbelow(2**31) if seed is None else seed
    instances = [(first + i, drills.generate(rule, tables, first + i)) for i in range(count)]
    if as_json:
        print_json([{**instance.as_json(), "seed": s} for s, instance in instances])
        return
    out = console()
    for number, (s, instance) in enumerate(instances):
        if number:
            out.print()
        out.print(f"[bold]{safe(instance.rule)}[/bold] (seed {s})")
        out.print(safe(instance.prompt))
        if instance.choices:
            for index, option in enumerate(instance.choices.options):
                out.print(f"  {LETTERS[index]}. {safe(option)}")
        key = f"{LETTERS[instance.choices.key]}. " if instance.choices else ""
        out.print(f"Answer: {key}{safe(instance.answer)}")
        if instance.accept:
            out.print(f"Also accepted: {safe('; '.join(instance.accept))}")
        out.print(f"Why: {safe(instance.explanation)}")
        out.print(f"Source: {safe(instance.source)}")
