"""The only package that speaks SQL."""

from omm_cards.storage.connection import Database, atomic, open_database, sqlite_errors
from omm_cards.storage.repo import Progress, Repo, ReviewRow, StoredCard, StoredDeck

__all__ = [
    "Database",
    "Progress",
    "Repo",
    "ReviewRow",
    "StoredCard",
    "StoredDeck",
    "atomic",
    "open_database",
    "sqlite_errors",
]
