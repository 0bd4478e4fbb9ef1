"""Keeping the bundled decks current: imported on first use, and again whenever a shipped file changes."""

from __future__ import annotations

from omm_cards.deckfile import bundled
from omm_cards.services.workspace import Workspace


def sync_bundled(workspace: Workspace) -> int:
    """Import the bundled decks whose files changed since they were last imported, and retire those no
    longer shipped; returns how many decks changed. Unchanged files are read and hashed, never parsed."""
    with workspace.read() as repo:
        known = repo.deck_digests()
    imported = {digest: deck_id for deck_id, (origin, digest) in known.items() if origin == bundled.ORIGIN}
    shipped = {bundled.fingerprint(data): (path, data) for path in bundled.paths() for data in [bundled.read(path)]}
    changed = [(path, data) for digest, (path, data) in shipped.items() if digest not in imported]
    gone = {deck_id for digest, deck_id in imported.items() if digest not in shipped}
    if not changed and not gone:
        return 0
    from omm_cards import deckfile
    from omm_cards.services.library import apply_deck

    loaded = [deckfile.load_bytes(data, str(path)) for path, data in changed]
    gone -= {item.deck.id for item in loaded}  # an edited file replaces its deck, keeping progress
    with workspace.write() as repo:
        for deck_id in sorted(gone):
            repo.withdraw_deck(deck_id)
        for item in loaded:
            apply_deck(repo, workspace, item, bundled.ORIGIN)
    return len(loaded) + len(gone)
