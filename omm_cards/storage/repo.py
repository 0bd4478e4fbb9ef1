"""Typed queries: the only SQL in omm-cards, apart from the schema."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from omm_cards.storage.deck_queries import DeckQueries
from omm_cards.storage.schedule_queries import ScheduleQueries
from omm_cards.storage.student_queries import StudentQueries

if TYPE_CHECKING:
    from omm_cards.storage.health_queries import HealthQueries
    from omm_cards.storage.stats_queries import StatsQueries


class Repo(DeckQueries, ScheduleQueries, StudentQueries):
    """All queries over one connection; each group of them lives in its own module."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @property
    def stats(self) -> StatsQueries:
        """The progress-figure aggregates, loaded only by the commands that report."""
        from omm_cards.storage.stats_queries import StatsQueries

        return StatsQueries(self.conn)

    @property
    def health(self) -> HealthQueries:
        """The checks `omm-cards doctor` runs."""
        from omm_cards.storage.health_queries import HealthQueries

        return HealthQueries(self.conn)
