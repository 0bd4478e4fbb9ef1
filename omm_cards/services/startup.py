"""Start-up: open the database for one student at one moment, and bring it up to date.

Every command starts here: the student's profile exists (only `default` is created on first use; any
other name is added by `students add`, or by a first `review` the student confirms, so a typo in
`--student` is an error, not a new profile), an exam date that has passed is cleared,
the first use of the day takes a backup, and the bundled decks are as shipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from omm_cards.errors import OmmError
from omm_cards.services.backups import daily_backup
from omm_cards.services.bundled_decks import sync_bundled
from omm_cards.services.planning import set_exam
from omm_cards.services.workspace import Workspace
from omm_cards.storage import Database
from omm_cards.text import is_visible, visible

MAX_NAME = 64
DEFAULT_STUDENT = "default"


def check_student_name(name: str) -> None:
    """A name is shown in reports, other students' terminals and file names: printable, 1-64 characters."""
    if not name.strip():
        raise OmmError("the student name must not be empty")
    if len(name) > MAX_NAME:
        raise OmmError(f"the student name is {len(name)} characters long; at most {MAX_NAME} are allowed")
    if not is_visible(name) or not name.isprintable():
        raise OmmError(f"the student name {visible(name)!r} holds control characters; use printable text")


def unknown_student(name: str, known: list[str]) -> OmmError:
    """The error for a name with no profile: it lists the profiles there are and how to add one."""
    from omm_cards.services.filters import guess

    listed = ", ".join(repr(k) for k in known) if known else "none yet"
    return OmmError(
        f"no student {name!r} in this database{guess(name, known)}",
        f"students: {listed}; add one with `omm-cards students add {name}`",
    )


def student_exists(path: Path, name: str) -> bool:
    """Whether the database has this profile (`default` always counts: it is made on first use)."""
    check_student_name(name)
    if name == DEFAULT_STUDENT:
        return True
    db = Database(path)
    try:
        with db.read() as repo:
            return repo.find_student(name) is not None
    finally:
        db.close()


@contextmanager
def open_workspace(path: Path, student: str, now: datetime, *, create: bool = False) -> Iterator[Workspace]:
    """Open the database for an existing student, and make sure the bundled decks are current.

    `default` is created on first use, any other name only with `create`: reading never makes a profile.
    The first use of the day backs the database up; an exam date that has passed is cleared.
    """
    check_student_name(student)
    db = Database(path)
    try:
        with db.read() as repo:
            student_id = repo.find_student(student)
            known = repo.student_names() if student_id is None else []
        if student_id is None:
            if not create and student != DEFAULT_STUDENT:
                raise unknown_student(student, known)
            with db.write() as repo:
                student_id = repo.find_student(student) or repo.add_student(student, now)
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
