"""The only package that speaks SQL."""

from omm_cards.storage.codec import ListedCard, ReviewRow, StoredCard, StoredDeck, StudentSettings
from omm_cards.storage.database import Database, backups_folder, open_database, read_only
from omm_cards.storage.repo import Repo
from omm_cards.storage.transaction import atomic, sqlite_errors

__all__ = [
    "Database",
    "ListedCard",
    "Repo",
    "ReviewRow",
    "StoredCard",
    "StoredDeck",
    "StudentSettings",
    "atomic",
    "backups_folder",
    "open_database",
    "read_only",
    "sqlite_errors",
]
