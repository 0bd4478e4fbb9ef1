"""An open database for one student at one moment: what every use case works in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from omm_cards.storage import Database, Repo


@dataclass
class Workspace:
    db: Database
    student: str
    student_id: int
    now: datetime

    @property
    def today(self) -> date:
        return self.now.date()

    def write(self) -> AbstractContextManager[Repo]:
        """One atomic write; SQLite failures become user errors and nothing is half-written."""
        return self.db.write()

    def read(self) -> AbstractContextManager[Repo]:
        return self.db.read()


@contextmanager
def open_workspace(path: Path, student: str, now: datetime, *, sync: bool = True) -> Iterator[Workspace]:
    """Open the database, make sure the student exists and the bundled decks are current."""
    from omm_cards.services.library import sync_bundled

    db = Database(path)
    try:
        with db.read() as repo:
            student_id = repo.find_student(student)
        if student_id is None:
            with db.write() as repo:
                student_id = repo.student_id(student, now)
        workspace = Workspace(db, student, student_id, now)
        if sync:
            sync_bundled(workspace)
        yield workspace
    finally:
        db.close()
