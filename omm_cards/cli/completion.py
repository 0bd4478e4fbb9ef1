"""Shell completion of names from the database: deck ids, card ids, tags and students.

The shell runs omm-cards on every Tab, with the words typed so far; no command callback runs then
(Click parses resiliently), so the database is found here from --db and the environment, and read
with storage.completion_queries: never synced, migrated or backed up.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import typer

from omm_cards.cli.context import DB_NAME, data_home


def _database(ctx: typer.Context) -> Path:
    given = ctx.find_root().params.get("db")
    if given:
        return Path(given)
    if os.environ.get("OMM_CARDS_DB"):
        return Path(os.environ["OMM_CARDS_DB"])
    return data_home() / DB_NAME


def names(kind: str) -> Callable[[typer.Context, str], list[str]]:
    """A completion callback for one kind of name."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from omm_cards.storage.completion_queries import complete as query

        return query(_database(ctx), kind, incomplete)

    return complete


decks = names("deck")
cards = names("card")
tags = names("tag")
students = names("student")
