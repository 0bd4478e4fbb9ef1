"""The only code that reads or writes YAML: deck files loaded with locations, validated, and dumped."""

from omm_cards.deckfile.load import ID_RE, LoadedDeck, duplicate_ids, load_bytes, load_file, load_paths

__all__ = ["ID_RE", "LoadedDeck", "duplicate_ids", "load_bytes", "load_file", "load_paths"]
