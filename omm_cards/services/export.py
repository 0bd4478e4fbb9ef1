"""Exporting decks: YAML that reads back to the same deck, Anki-ready CSV, and Anki packages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omm_cards.errors import OmmError
from omm_cards.model import CardFilter, Deck
from omm_cards.services.workspace import Advance, Workspace, no_progress

FORMATS = ("yaml", "csv", "apkg")


@dataclass(frozen=True)
class Exported:
    deck_id: str
    cards: int
    path: Path


def export_deck(
    workspace: Workspace, deck_id: str, fmt: str, path: Path, *, force: bool = False, advance: Advance = no_progress
) -> Exported:
    """Write one deck as YAML (reads back to the same deck), Anki-ready CSV or an .apkg."""
    from omm_cards.services.atomic_file import write_atomically

    advance(f"building the {fmt} file", 0, 2)
    deck, content = deck_content(workspace, deck_id, fmt)
    advance(f"writing {path.name}", 1, 2)
    write_atomically(path, content, force=force)
    return Exported(deck.id, len(deck.cards), path)


def deck_content(workspace: Workspace, deck_id: str, fmt: str) -> tuple[Deck, str | bytes]:
    """One deck in a format: YAML or CSV text, or an .apkg's bytes."""
    from omm_cards.deckfile import dump
    from omm_cards.interchange import csv_out

    deck = stored_deck(workspace, deck_id)
    if fmt == "yaml":
        return deck, dump.to_yaml(deck)
    if fmt == "csv":
        return deck, csv_out.to_csv(deck, _originals(workspace, deck))
    if fmt == "apkg":
        from omm_cards.interchange.apkg_out import to_apkg

        return deck, to_apkg(deck, workspace.now.timestamp(), _originals(workspace, deck))
    raise OmmError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _originals(workspace: Workspace, deck: Deck) -> dict[str, Any]:
    """The Anki notes the deck was imported from (kept by the import), by GUID; none when there are none."""
    import json

    from omm_cards.interchange import anki_originals
    from omm_cards.services.library import originals_path

    if not any(card.guid for card in deck.cards):
        return {}
    path = originals_path(workspace.db.path.parent / "decks" / f"{deck.id}.yaml")
    try:
        return dict(anki_originals.read(json.loads(path.read_text(encoding="utf-8"))))
    except (OSError, ValueError):
        return {}  # gone or damaged: export writes our own note types


def stored_deck(workspace: Workspace, deck_id: str) -> Deck:
    """A deck as the database holds it now: its live cards in file order."""
    with workspace.read() as repo:
        found = next((d for d in repo.decks(workspace.student_id, workspace.today) if d.id == deck_id), None)
        if found is None or found.origin == "withdrawn":
            raise OmmError(f"no deck {deck_id!r}", "see `omm-cards decks list`")
        cards = tuple(item.card for item in repo.cards(workspace.student_id, CardFilter(decks=(deck_id,))))
    return Deck(found.id, found.title, found.version, found.description, cards)
