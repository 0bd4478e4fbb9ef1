"""Importing decks: validation, the all-or-nothing import plan, and keeping bundled decks current."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from omm_cards import decks
from omm_cards.errors import DeckError
from omm_cards.services.workspace import Workspace
from omm_cards.storage import Repo

BUNDLED = "bundled"


@dataclass
class DeckChanges:
    """What an import does to one deck; card ids are `deck/card`."""

    deck_id: str
    title: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0


def validate(paths: list[Path]) -> list[decks.LoadedDeck]:
    """Load and check every deck; raises DeckError naming every problem."""
    return decks.load_paths(paths)


def import_decks(workspace: Workspace, paths: list[Path], *, dry_run: bool = False) -> list[DeckChanges]:
    """Import the decks all or nothing, keeping each card's progress by id."""
    loaded = validate(paths)
    with workspace.read() as repo:
        known = repo.deck_digests()
    clashes = [
        f"{item.path}:1:1: {item.deck.id}: id: is a bundled deck; give your deck another id"
        for item in loaded
        if known.get(item.deck.id, ("", ""))[0] == BUNDLED
    ]
    if clashes:
        raise DeckError(clashes)
    if dry_run:
        with workspace.read() as repo:
            return [_plan(repo, item) for item in loaded]
    with workspace.write() as repo:
        return [_apply(repo, workspace, item, str(Path(item.path).resolve())) for item in loaded]


def sync_bundled(workspace: Workspace) -> list[DeckChanges]:
    """Load the bundled decks whose files changed since last time; retire those no longer shipped."""
    with workspace.read() as repo:
        known = repo.deck_digests()
    changed: list[decks.LoadedDeck] = []
    shipped: set[str] = set()
    for path in decks.bundled_paths():
        data = decks.read_bytes(path)
        digest = decks.digest(data)
        if any(origin == BUNDLED and d == digest for origin, d in known.values()):
            shipped.update(i for i, (o, d) in known.items() if o == BUNDLED and d == digest)
            continue
        changed.append(decks.load_bytes(data, str(path)))
    shipped.update(item.deck.id for item in changed)
    gone = [i for i, (origin, _) in known.items() if origin == BUNDLED and i not in shipped]
    if not changed and not gone:
        return []
    with workspace.write() as repo:
        for deck_id in gone:
            repo.withdraw_deck(deck_id)
        return [_apply(repo, workspace, item, BUNDLED) for item in changed]


def _plan(repo: Repo, item: decks.LoadedDeck) -> DeckChanges:
    stored = repo.deck_cards(item.deck.id)
    changes = DeckChanges(item.deck.id, item.deck.title)
    for card in item.deck.cards:
        old = stored.pop(card.id, None)
        if old is None:
            changes.added.append(card.id)
        elif old.retired or old.card != card:
            changes.changed.append(card.id)
        else:
            changes.unchanged += 1
    changes.retired = sorted(card_id for card_id, old in stored.items() if not old.retired)
    return changes


def _apply(repo: Repo, workspace: Workspace, item: decks.LoadedDeck, origin: str) -> DeckChanges:
    changes = _plan(repo, item)
    repo.save_deck(item.deck, origin, item.digest, workspace.now)
    repo.save_cards(enumerate(item.deck.cards))
    repo.retire_cards(changes.retired)
    return changes
