"""Importing decks: validation, the all-or-nothing import plan, other formats, bundled decks.

A CSV or Anki file is converted to a YAML deck, written into the data folder (`decks/DECK.yaml`
beside the database) and imported from there like any deck: the student can read and edit it, and
re-importing either file keeps every card's progress by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from omm_cards import bundled, decks
from omm_cards.errors import DeckError, OmmError
from omm_cards.model import Category, Deck
from omm_cards.services.workspace import Workspace
from omm_cards.storage import Repo

if TYPE_CHECKING:
    from omm_cards.interchange.assemble import Conversion


@dataclass
class DeckChanges:
    """What an import does to one deck; card ids are `deck/card`."""

    deck_id: str
    title: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0
    source: str | None = None  # the CSV or Anki file it was converted from
    written: str | None = None  # the YAML deck written into the data folder
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    media: int = 0  # media files (or references) left out


@dataclass(frozen=True)
class Prepared:
    """A deck ready to import: loaded from YAML, or converted from another format and loaded back."""

    source: Path
    loaded: decks.LoadedDeck
    conversion: Conversion | None = None
    text: str | None = None  # the converted deck's YAML, to write into the data folder

    @property
    def path(self) -> str:
        return str(self.source) if self.conversion else self.loaded.path

    @property
    def deck(self) -> Deck:
        return self.loaded.deck


def validate(
    paths: list[Path], *, deck_id: str | None = None, category: Category = Category.PRINCIPLE
) -> list[Prepared]:
    """Load and check every deck, converting other formats in memory; raises DeckError naming every problem."""
    return _prepare(paths, None, deck_id, category)


def import_decks(
    workspace: Workspace,
    paths: list[Path],
    *,
    dry_run: bool = False,
    deck_id: str | None = None,
    category: Category = Category.PRINCIPLE,
) -> list[DeckChanges]:
    """Import the decks all or nothing, keeping each card's progress by id."""
    prepared = _prepare(paths, workspace.db.path.parent / "decks", deck_id, category)
    with workspace.read() as repo:
        known = repo.deck_digests()
    clashes = [
        f"{item.path}:1:1: {item.deck.id}: id: is a bundled deck; give your deck another id"
        for item in prepared
        if known.get(item.deck.id, ("", ""))[0] == bundled.ORIGIN
    ]
    if clashes:
        raise DeckError(clashes)
    if dry_run:
        with workspace.read() as repo:
            return [_described(_plan(repo, item.loaded), item) for item in prepared]
    from omm_cards.services.files import write_atomically

    with workspace.write() as repo:
        changes = []
        for item in prepared:
            origin = str(Path(item.loaded.path).resolve())
            changes.append(_described(apply_deck(repo, workspace, item.loaded, origin), item))
        # Inside the transaction: a deck file that cannot be written rolls the import back.
        for item in prepared:
            if item.text is not None:
                write_atomically(Path(item.loaded.path), item.text, force=True)
    return changes


def _prepare(paths: list[Path], folder: Path | None, deck_id: str | None, category: Category) -> list[Prepared]:
    from omm_cards.interchange.convert import is_foreign

    foreign = [path for path in paths if is_foreign(path)]
    if deck_id is not None:
        if not decks.ID_RE.fullmatch(deck_id):
            raise OmmError(f"--id {deck_id!r}: use lowercase letters, digits and hyphens")
        if len(foreign) != 1 or len(paths) != 1:
            raise OmmError("--id names the deck of one CSV or Anki file; give exactly one such file")
    problems: list[str] = []
    prepared: list[Prepared] = []
    for path in paths:
        try:
            if path in foreign:
                prepared.append(_convert(path, folder, deck_id, category))
            else:
                prepared.append(Prepared(path, decks.load_file(path)))
        except DeckError as error:
            problems.extend(error.problems)
    problems.extend(decks.duplicate_ids((item.deck.id, item.path) for item in prepared))
    if problems:
        raise DeckError(problems)
    return prepared


def _convert(path: Path, folder: Path | None, deck_id: str | None, category: Category) -> Prepared:
    from omm_cards.interchange.assemble import deck_yaml
    from omm_cards.interchange.convert import convert

    conversion = convert(path, deck_id=deck_id, category=category)
    if not conversion.document["cards"]:
        reasons = sorted({s.reason for s in conversion.skipped})[:3]
        raise DeckError([f"{path}: -: file: no card could be converted ({'; '.join(reasons) or 'no rows'})"])
    text = deck_yaml(conversion)
    data = text.encode("utf-8")
    if len(data) > bundled.MAX_BYTES:
        size = len(data) / (1024 * 1024)
        limit = bundled.MAX_BYTES // (1024 * 1024)
        raise DeckError([f"{path}: -: file: converted, it makes a {size:.1f} MB deck; a deck is at most {limit} MB"])
    target = folder / f"{conversion.deck_id}.yaml" if folder else path.with_suffix(".yaml")
    return Prepared(path, decks.load_bytes(data, str(target)), conversion, text)


def _described(changes: DeckChanges, item: Prepared) -> DeckChanges:
    if item.conversion is not None:
        changes.source = str(item.source)
        changes.written = item.loaded.path
        changes.skipped = [(s.where, s.reason) for s in item.conversion.skipped]
        changes.media = item.conversion.media
    return changes


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


def apply_deck(repo: Repo, workspace: Workspace, item: decks.LoadedDeck, origin: str) -> DeckChanges:
    changes = _plan(repo, item)
    repo.save_deck(item.deck, origin, item.digest, workspace.now)
    repo.save_cards(enumerate(item.deck.cards))
    repo.retire_cards(changes.retired)
    return changes
