"""An open database for one student at one moment: what every use case works in."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from omm_cards.storage import Database, Repo, StudentSettings

# How a long use case reports how far it is: (what it is doing, done, total); the CLI draws a bar from it.
Advance = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    """The default: nobody is watching (a pipe, a script, a test)."""


@dataclass
class Workspace:
    db: Database
    student: str
    student_id: int
    now: datetime
    settings: StudentSettings
    notices: list[str] = field(default_factory=list)  # warnings for the student, e.g. a skipped backup

    @property
    def today(self) -> date:
        """The study day: it starts at the student's hour (4 AM by default), so 1 AM is still yesterday."""
        return study_day(self.now, self.settings.day_starts_at)

    def write(self) -> AbstractContextManager[Repo]:
        """One atomic write; SQLite failures become user errors and nothing is half-written."""
        return self.db.write()

    def read(self) -> AbstractContextManager[Repo]:
        return self.db.read()


def study_day(moment: datetime, hour: int) -> date:
    """The day `moment` counts for, when days start at `hour`."""
    return (moment - timedelta(hours=hour)).date()
