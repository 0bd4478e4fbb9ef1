"""Filters name real things: an unknown deck, tag or category is an error with the closest real names.

`review --deck spien` used to say "Nothing to review now." and exit 0; a typo now says so.
"""

from __future__ import annotations

from difflib import get_close_matches

from omm_cards.errors import OmmError
from omm_cards.model import CardFilter, Category, tag_matches
from omm_cards.services.workspace import Workspace


def category(text: str) -> Category:
    """A category named on the command line, or an error listing them."""
    try:
        return Category(text.strip().lower())
    except ValueError:
        names = [c.value for c in Category]
        raise OmmError(f"no category {text!r}{guess(text, names)}", f"categories: {', '.join(names)}") from None


def check(ws: Workspace, where: CardFilter) -> None:
    """Raise naming the first deck or tag in `where` that no card has."""
    if not where.decks and not where.tags:
        return
    with ws.read() as repo:
        decks = repo.live_deck_ids()
        if any(deck not in decks for deck in where.decks):  # a subdeck path, or a typo: read the paths
            decks |= repo.subdeck_paths()
        tags = repo.known_tags(ws.student_id) if where.tags else set()
    for deck in where.decks:
        if deck not in decks and not any("::" in known and tag_matches(known, deck) for known in decks):
            raise OmmError(f"no deck {deck!r}{guess(deck, decks)}", "see `omm-cards decks list`")
    for tag in where.tags:
        if not any(tag_matches(known, tag) for known in tags):
            raise OmmError(f"no tag {tag!r}{guess(tag, tags)}", "a tag matches itself and the tags below it")


def guess(name: str, known: set[str] | list[str]) -> str:
    close = get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"
