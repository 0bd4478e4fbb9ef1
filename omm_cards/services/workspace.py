"""An open database for one student at one moment: what every use case works in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from omm_cards.errors import OmmError
from omm_cards.storage import Database, Repo, StudentSettings
from omm_cards.text import is_visible, visible


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


MAX_NAME = 64


def study_day(moment: datetime, hour: int) -> date:
    """The day `moment` counts for, when days start at `hour`."""
    return (moment - timedelta(hours=hour)).date()


def check_student_name(name: str) -> None:
    """A name is shown in reports, other students' terminals and file names: printable, 1-64 characters."""
    if not name.strip():
        raise OmmError("the student name must not be empty")
    if len(name) > MAX_NAME:
        raise OmmError(f"the student name is {len(name)} characters long; at most {MAX_NAME} are allowed")
    if not is_visible(name) or not name.isprintable():
        raise OmmError(f"the student name {visible(name)!r} holds control characters; use printable text")


@contextmanager
def open_workspace(path: Path, student: str, now: datetime) -> Iterator[Workspace]:
    """Open the database, make sure the student exists and the bundled decks are current.

    The first use of the day backs the database up; an exam date that has passed is cleared.
    """
    # Imported here because each of these use cases imports Workspace from this module.
    from omm_cards.services.backups import daily_backup
    from omm_cards.services.bundled_decks import sync_bundled
    from omm_cards.services.planning import set_exam

    check_student_name(student)
    db = Database(path)
    try:
        with db.read() as repo:
            student_id = repo.find_student(student)
        if student_id is None:
            with db.write() as repo:
                student_id = repo.student_id(student, now)
        with db.read() as repo:
            settings = repo.settings(student_id)
        workspace = Workspace(db, student, student_id, now, settings)
        if settings.exam is not None and settings.exam < workspace.today:
            set_exam(workspace, None)  # the exam is over: back to plain SM-2 dates
        daily_backup(workspace)
        sync_bundled(workspace)
        yield workspace
    finally:
        db.close()
