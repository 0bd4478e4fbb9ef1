"""The only package that speaks SQL."""

from omm_cards.storage.connection import Database, atomic, backups_folder, open_database, sqlite_errors
from omm_cards.storage.repo import Repo
from omm_cards.storage.rows import Progress, ReviewRow, StoredCard, StoredDeck, StudentSettings

__all__ = [
    "Database",
    "Progress",
    "Repo",
    "ReviewRow",
    "StoredCard",
    "StoredDeck",
    "StudentSettings",
    "atomic",
    "backups_folder",
    "open_database",
    "sqlite_errors",
]
