"""omm-cards: sourced COMLEX OMM flashcards with exact SM-2 scheduling, in the terminal.

The public API is the domain: `Card` and `Deck` (with their typed bodies), SM-2's `State`, `Grade`
and `review()`, and `load_deck()` for a deck file. Everything else may change between releases.

    >>> from omm_cards import Grade, State, review
    >>> from datetime import date
    >>> review(State(), Grade(5), date(2026, 1, 1)).interval
    1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0.dev0"
__all__ = ["BasicBody", "Card", "ClozeBody", "Deck", "Grade", "McqBody", "State", "TypedBody", "load_deck", "review"]

if TYPE_CHECKING:
    from omm_cards.deckfile.load import load_file as load_deck
    from omm_cards.model import BasicBody, Card, ClozeBody, Deck, McqBody, TypedBody
    from omm_cards.scheduler import Grade, State, review

_HOMES = {
    "BasicBody": "omm_cards.model",
    "Card": "omm_cards.model",
    "ClozeBody": "omm_cards.model",
    "Deck": "omm_cards.model",
    "McqBody": "omm_cards.model",
    "TypedBody": "omm_cards.model",
    "Grade": "omm_cards.scheduler",
    "State": "omm_cards.scheduler",
    "review": "omm_cards.scheduler",
}


def __getattr__(name: str) -> Any:
    """Loaded on first use: `omm-cards due` imports this package and should not pay for the domain."""
    import importlib

    if name == "load_deck":
        return importlib.import_module("omm_cards.deckfile.load").load_file
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'omm_cards' has no attribute {name!r}")
