"""The deck loader: read a deck file and validate it, reporting every problem with its location.

The YAML itself is read by `yaml_tree` (the only other module that touches YAML), imported only when a
deck has to be parsed, so that commands which find their decks unchanged start fast; the file's bytes
by `stream`, its cards by `cards`, every field through `fields`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from omm_cards.deckfile.bundled import MAX_BYTES
from omm_cards.deckfile.cards import CardReader
from omm_cards.deckfile.fields import ID_RE, Problems, read_field, read_text, unknown_fields
from omm_cards.deckfile.stream import DeckStream
from omm_cards.errors import DeckError
from omm_cards.model import Deck
from omm_cards.reading import open_limited

if TYPE_CHECKING:
    from omm_cards.deckfile.yaml_tree import Node

__all__ = ["ID_RE", "LoadedDeck", "duplicate_ids", "load_bytes", "load_file", "load_paths", "parse_deck"]

DECK_FIELDS = {"id", "title", "version", "description", "cards"}


@dataclass(frozen=True)
class LoadedDeck:
    deck: Deck
    path: str
    digest: str


def load_paths(paths: list[Path]) -> list[LoadedDeck]:
    """Load every deck; raise one DeckError listing every problem in every file."""
    problems: list[str] = []
    loaded: list[LoadedDeck] = []
    for path in paths:
        try:
            loaded.append(load_file(path))
        except DeckError as error:
            problems.extend(error.problems)
    problems.extend(duplicate_ids((item.deck.id, item.path) for item in loaded))
    if problems:
        raise DeckError(problems)
    return loaded


def duplicate_ids(decks: Iterable[tuple[str, str]]) -> list[str]:
    """A located problem for every deck (id, path) whose id an earlier one already took."""
    seen: dict[str, str] = {}
    problems = []
    for deck_id, path in decks:
        if deck_id in seen:
            problems.append(f"{path}:1:1: {deck_id}: id: deck id also used by {seen[deck_id]}")
        seen.setdefault(deck_id, path)
    return problems


def load_file(path: Path) -> LoadedDeck:
    """A deck file, read as it is parsed: never held whole, as text or as bytes."""
    with open_limited(path, MAX_BYTES) as handle:
        return _load(handle, str(path))


def load_bytes(data: bytes, name: str) -> LoadedDeck:
    if len(data) > MAX_BYTES:
        raise DeckError([f"{name}:1:1: -: file: larger than {MAX_BYTES // (1024 * 1024)} MB"])
    return _load(io.BytesIO(data), name)


def _load(handle: BinaryIO, name: str) -> LoadedDeck:
    stream = DeckStream(handle, name, MAX_BYTES)
    try:
        deck = parse_deck(stream, name)
    except DeckError:
        stream.finish()  # the file's own problems (not UTF-8, too large) before any of its YAML
        raise
    return LoadedDeck(deck, name, stream.finish())


def parse_deck(source: str | bytes | DeckStream, filename: str) -> Deck:
    """The deck in YAML text (or a stream of its UTF-8 bytes); DeckError naming every problem."""
    from omm_cards.deckfile.yaml_tree import compose

    problems = Problems(filename)
    cards = CardReader(filename)
    root = compose(source, problems.add, items="cards", take=cards.take)
    if problems.found:
        raise DeckError(problems.lines())
    deck = _deck(root, cards, problems) if root is not None else None
    if root is None:
        problems.add(1, 1, "file", "empty: expected a deck mapping")
    if problems.found or deck is None:
        raise DeckError(problems.lines())
    return deck


def _deck(root: Node, cards: CardReader, problems: Problems) -> Deck | None:
    if not isinstance(root.value, dict):
        problems.at(root, "file", "expected a mapping with id, title, version, description and cards")
        return None
    fields: dict[str, tuple[Node, Node]] = root.value
    deck_id = raw_id = read_text(fields, "id", root, problems)
    if deck_id is not None:
        problems.where = deck_id
        if not ID_RE.fullmatch(deck_id):
            problems.at(fields["id"][1], "id", "use lowercase letters, digits and hyphens")
            deck_id = None
    unknown_fields(fields, DECK_FIELDS, problems)
    title = read_text(fields, "title", root, problems)
    version = read_text(fields, "version", root, problems)
    description = read_text(fields, "description", root, problems, required=False) or ""
    cards_node = read_field(fields, "cards", root, problems)
    if cards_node is not None:
        # The list's node is empty: its cards were taken one by one as they were read (`CardReader`).
        if not isinstance(cards_node.value, list) or not cards.count:
            problems.at(cards_node, "cards", "expected a non-empty list of cards")
        else:
            problems.extend(cards.problems, raw_id or "?")
    if deck_id is None or title is None or version is None or problems.found:
        return None
    return Deck(deck_id, title, version, description, tuple(cards.of(deck_id)))
