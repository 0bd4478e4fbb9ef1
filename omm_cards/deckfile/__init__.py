"""The only code that reads or writes YAML: deck files loaded with locations, validated, and dumped.

The loader is imported on first use: every command checks the bundled decks through `deckfile.bundled`,
which must not pay for the loader and the YAML parser behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from omm_cards.deckfile.load import ID_RE, LoadedDeck, duplicate_ids, load_bytes, load_file, load_paths

__all__ = ["ID_RE", "LoadedDeck", "duplicate_ids", "load_bytes", "load_file", "load_paths"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from omm_cards.deckfile import load

        return getattr(load, name)
    raise AttributeError(f"module 'omm_cards.deckfile' has no attribute {name!r}")
