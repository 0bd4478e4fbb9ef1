"""Keeping the bundled decks current: imported on first use, and again whenever a shipped file changes."""

from __future__ import annotations

from omm_cards import __version__
from omm_cards.deckfile import bundled
from omm_cards.errors import OmmError
from omm_cards.services.workspace import Workspace


def sync_bundled(workspace: Workspace) -> int:
    """Import the bundled decks whose files changed since they were last imported, and retire those no
    longer shipped; returns how many decks changed. Files whose names, sizes and times are as at the last
    sync are not read; others are read and hashed, and parsed only when their contents changed."""
    files = bundled.paths()
    signature = bundled.signature(files, __version__)
    with workspace.read() as repo:
        if repo.bundled_signature() == signature:
            return 0
        known = repo.deck_digests()
    imported = {digest: deck_id for deck_id, (origin, digest) in known.items() if origin == bundled.ORIGIN}
    shipped = {bundled.fingerprint(data): (path, data) for path in files for data in [bundled.read(path)]}
    changed = [(path, data) for digest, (path, data) in shipped.items() if digest not in imported]
    gone = {deck_id for digest, deck_id in imported.items() if digest not in shipped}
    if not changed and not gone:
        try:
            with workspace.write() as repo:
                repo.save_bundled_signature(signature)
        except OmmError:
            pass  # only a shortcut for the next command (a read-only file, say): it reads the decks again
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
        repo.save_bundled_signature(signature)
    return len(loaded) + len(gone)
