"""Importing decks: validation, the all-or-nothing import plan, other formats, bundled decks.

A CSV or Anki file is converted to a YAML deck, written into the data folder (`decks/DECK.yaml`
beside the database) and imported from there like any deck: the student can read and edit it, and
re-importing either file keeps every card's progress by id.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from omm_cards import deckfile
from omm_cards.deckfile import bundled
from omm_cards.errors import DeckError, OmmError
from omm_cards.model import Card, Category, ClozeBody, Deck
from omm_cards.services import anki_progress
from omm_cards.services.workspace import Advance, Workspace, no_progress
from omm_cards.storage import Repo

if TYPE_CHECKING:
    from omm_cards.interchange.drafts import Conversion


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
    media_copied: int = 0  # media files copied into the data folder (media/DECK/NAME)
    progress: int = 0  # cards whose Anki progress came along for the student
    history: int = 0  # Anki reviews that came along as the student's history


@dataclass(frozen=True)
class Prepared:
    """A deck ready to import: loaded from YAML, or converted from another format and loaded back."""

    source: Path
    loaded: deckfile.LoadedDeck
    conversion: Conversion | None = None
    text: str | None = None  # the converted deck's YAML, to write into the data folder

    @property
    def path(self) -> str:
        return str(self.source) if self.conversion else self.loaded.path

    @property
    def deck(self) -> Deck:
        return self.loaded.deck


MAX_LISTED = 20  # notes that cannot be cards, listed one a line in a refusal
RETIRE_SHARE = 0.25  # an import that retires more of a deck than this asks for --yes
Previous = Callable[[str], list[tuple[str, str, str]]]


def validate(
    paths: list[Path], *, deck_id: str | None = None, category: Category = Category.PRINCIPLE, skip_bad: bool = False
) -> list[Prepared]:
    """Load and check every deck, converting other formats in memory; raises DeckError naming every problem."""
    return _prepare(paths, None, deck_id, category, None, skip_bad)


def import_decks(
    workspace: Workspace,
    paths: list[Path],
    *,
    dry_run: bool = False,
    deck_id: str | None = None,
    category: Category = Category.PRINCIPLE,
    replace: bool = False,
    yes: bool = False,
    skip_bad: bool = False,
    advance: Advance = no_progress,
    scheduling: bool | None = None,
) -> list[DeckChanges]:
    """Import the decks all or nothing, keeping each card's progress by id.

    A deck id another file already imported is refused unless `replace` (after a backup), and an
    import that would retire more than a quarter of a deck's cards unless `yes`.
    """
    folder = workspace.db.path.parent / "decks"

    def previous(deck: str) -> list[tuple[str, str, str]]:
        with workspace.read() as repo:
            return [(c.key, *_sides(c)) for c in repo.live_cards(deck)]

    prepared = _prepare(paths, folder, deck_id, category, previous, skip_bad, advance)
    with workspace.read() as repo:
        known = repo.deck_digests()
        plans = [_plan(repo, item.loaded) for item in prepared]
    problems = [
        f"{item.path}:1:1: {item.deck.id}: id: is a bundled deck; give your deck another id"
        for item in prepared
        if known.get(item.deck.id, ("", ""))[0] == bundled.ORIGIN
    ]
    if not problems and not replace:
        problems = [
            p for item, plan in zip(prepared, plans, strict=True) if (p := _other_origin(item, plan, known, folder))
        ]
    if not problems and not yes and not dry_run:
        problems = [p for item, plan in zip(prepared, plans, strict=True) if (p := _retires_much(item, plan))]
    if problems:
        raise DeckError(problems)
    if dry_run:
        return [_described(plan, item) for item, plan in zip(prepared, plans, strict=True)]
    del plans  # each deck is planned again inside the write, where nothing can change it: not held twice
    from omm_cards.services.atomic_file import write_atomically

    if replace and any(item.deck.id in known for item in prepared):
        from omm_cards.services.backups import make_backup

        make_backup(workspace, "before-replace")
    with workspace.write() as repo:
        changes = []
        for done, item in enumerate(prepared):
            advance(f"saving {item.deck.id}", done, len(prepared))
            change = _described(apply_deck(repo, workspace, item.loaded, _origin(item)), item)
            if item.conversion is not None and anki_progress.wanted(item.conversion, scheduling):
                kept = anki_progress.take(repo, workspace, item.deck.id, item.conversion)
                change.progress, change.history = kept.cards, kept.reviews
            changes.append(change)
        # Inside the transaction: a deck file that cannot be written rolls the import back.
        for item in prepared:
            if item.text is not None:
                write_atomically(Path(item.loaded.path), item.text, force=True)
            if item.text is not None and item.conversion and item.conversion.media_files:
                folder_for = media_folder(workspace, item.deck.id)
                for name, data in item.conversion.media_files.items():
                    write_atomically(folder_for / name, data, force=True)
            if item.text is not None and item.conversion and item.conversion.originals:
                # The Anki notes themselves, so an .apkg export updates them in Anki (anki_originals).
                originals = json.dumps(item.conversion.originals, ensure_ascii=False, sort_keys=True)
                write_atomically(originals_path(Path(item.loaded.path)), originals, force=True)
    return changes


def media_folder(workspace: Workspace, deck_id: str) -> Path:
    """Where an imported deck's media files are: `media/DECK/` in the data folder."""
    return workspace.db.path.parent / "media" / deck_id


def originals_path(deck_file: Path) -> Path:
    """Where the Anki notes of an imported deck are kept: `decks/DECK.anki.json` beside `decks/DECK.yaml`."""
    return deck_file.with_name(f"{deck_file.stem}.anki.json")


def _origin(item: Prepared) -> str:
    """Where a deck comes from: the file the student named (the CSV or Anki file, not our YAML copy)."""
    return str(item.source.resolve())


def _sides(card: Card) -> tuple[str, str]:
    return (card.body.text, "") if isinstance(card.body, ClozeBody) else (card.front(), card.back())


def _other_origin(item: Prepared, plan: DeckChanges, known: dict[str, tuple[str, str]], folder: Path) -> str | None:
    """Why importing `item` would silently replace a deck another file made; None when it is the same deck.

    It is the same deck when it comes from the same file, from the YAML copy omm-cards wrote of it, or
    when at least half its cards are the stored deck's (Anki GUIDs keep ids whatever the file's name).
    """
    stored = known.get(item.deck.id)
    if stored is None or stored[0] in (bundled.ORIGIN, "withdrawn"):
        return None
    origin = stored[0]
    copy = str((folder / f"{item.deck.id}.yaml").resolve())
    if origin in (_origin(item), copy, str(Path(item.loaded.path).resolve())) or _origin(item) == copy:
        return None
    kept = len(plan.changed) + plan.unchanged
    if kept * 2 >= len(item.deck.cards) and kept:
        return None
    return (
        f"{item.path}:1:1: {item.deck.id}: id: deck {item.deck.id!r} was imported from {origin}; "
        "use --replace to replace it (a backup is taken first), or --id to import this one beside it"
    )


def _retires_much(item: Prepared, plan: DeckChanges) -> str | None:
    live = len(plan.retired) + len(plan.changed) + plan.unchanged
    if not plan.retired or len(plan.retired) <= RETIRE_SHARE * live:
        return None
    return (
        f"{item.path}:1:1: {item.deck.id}: cards: this import would retire {len(plan.retired)} of {live} cards "
        "(their history is kept); check with --dry-run, then run again with --yes"
    )


def _prepare(
    paths: list[Path],
    folder: Path | None,
    deck_id: str | None,
    category: Category,
    previous: Previous | None,
    skip_bad: bool = False,
    advance: Advance = no_progress,
) -> list[Prepared]:
    from omm_cards.interchange.readers import is_foreign

    foreign = [path for path in paths if is_foreign(path)]
    if deck_id is not None:
        if not deckfile.ID_RE.fullmatch(deck_id):
            raise OmmError(f"--id {deck_id!r}: use lowercase letters, digits and hyphens")
        if len(foreign) != 1 or len(paths) != 1:
            raise OmmError("--id names the deck of one CSV or Anki file; give exactly one such file")
    problems: list[str] = []
    prepared: list[Prepared] = []
    for done, path in enumerate(paths):
        advance(f"reading {path.name}", done, len(paths))
        try:
            if path in foreign:
                prepared.append(_convert(path, folder, deck_id, category, previous, skip_bad))
            else:
                prepared.append(Prepared(path, deckfile.load_file(path)))
        except DeckError as error:
            problems.extend(error.problems)
    problems.extend(deckfile.duplicate_ids((item.deck.id, item.path) for item in prepared))
    if problems:
        raise DeckError(problems)
    return prepared


def _convert(
    path: Path,
    folder: Path | None,
    deck_id: str | None,
    category: Category,
    previous: Previous | None,
    skip_bad: bool = False,
) -> Prepared:
    from omm_cards.interchange import ids
    from omm_cards.interchange.drafts import deck_yaml
    from omm_cards.interchange.readers import convert

    conversion = convert(path, deck_id=deck_id, category=category, skip_bad=skip_bad)
    if conversion.ids_from_text and previous is not None:
        ids.keep_edited_rows(conversion.document["cards"], previous(conversion.deck_id))
    if not conversion.document["cards"]:
        reasons = sorted({s.reason for s in conversion.skipped})[:3]
        raise DeckError([f"{path}: -: file: no card could be converted ({'; '.join(reasons) or 'no rows'})"])
    if conversion.skipped and not skip_bad:
        # All or nothing, unless asked: each note or row that cannot be a card, located.
        problems = [f"{s.where}: -: note: {s.reason}" for s in conversion.skipped[:MAX_LISTED]]
        if len(conversion.skipped) > MAX_LISTED:
            problems.append(f"{path}: -: file: and {len(conversion.skipped) - MAX_LISTED} more")
        problems.append(f"{path}: -: file: nothing imported; --skip-bad imports the other notes and lists these")
        raise DeckError(problems)
    text = deck_yaml(conversion)
    data = text.encode("utf-8")
    if len(data) > bundled.MAX_BYTES:
        size = len(data) / (1024 * 1024)
        limit = bundled.MAX_BYTES // (1024 * 1024)
        raise DeckError([f"{path}: -: file: converted, it makes a {size:.1f} MB deck; a deck is at most {limit} MB"])
    target = folder / f"{conversion.deck_id}.yaml" if folder else path.with_suffix(".yaml")
    return Prepared(path, deckfile.load_bytes(data, str(target)), conversion, text)


def _described(changes: DeckChanges, item: Prepared) -> DeckChanges:
    if item.conversion is not None:
        changes.source = str(item.source)
        changes.written = item.loaded.path
        changes.skipped = [(s.where, s.reason) for s in item.conversion.skipped]
        changes.media = item.conversion.media - len(item.conversion.media_files)
        changes.media_copied = len(item.conversion.media_files)
    return changes


def _plan(repo: Repo, item: deckfile.LoadedDeck) -> DeckChanges:
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


def apply_deck(repo: Repo, workspace: Workspace, item: deckfile.LoadedDeck, origin: str) -> DeckChanges:
    changes = _plan(repo, item)
    repo.save_deck(item.deck, origin, item.digest, workspace.now)
    repo.save_cards(item.deck.cards)
    repo.retire_cards(changes.retired)
    return changes
