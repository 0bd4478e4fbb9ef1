"""Student profiles: adding, renaming and removing them (a removal is backed up first)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from omm_cards.errors import OmmError
from omm_cards.services.backups import make_backup
from omm_cards.services.startup import check_student_name, unknown_student
from omm_cards.services.workspace import Workspace


@dataclass(frozen=True)
class Removed:
    name: str
    cards: int  # cards that had a schedule
    reviews: int
    backup: Path


def add(ws: Workspace, name: str) -> None:
    check_student_name(name)
    with ws.write() as repo:
        if repo.find_student(name) is not None:
            raise OmmError(f"the student {name!r} already exists", "see `omm-cards students list`")
        repo.add_student(name, ws.now)


def rename(ws: Workspace, old: str, new: str) -> None:
    check_student_name(new)
    with ws.write() as repo:
        student_id = repo.find_student(old)
        if student_id is None:
            raise unknown_student(old, repo.student_names())
        if repo.find_student(new) is not None:
            raise OmmError(f"the student {new!r} already exists", "remove it first, or choose another name")
        repo.rename_student(student_id, new)


def exists(ws: Workspace, name: str) -> bool:
    with ws.read() as repo:
        student_id = repo.find_student(name)
        if student_id is None:
            raise unknown_student(name, repo.student_names())
    return True


def remove(ws: Workspace, name: str) -> Removed:
    """Delete the profile with its schedules and review log, after a backup of the whole database."""
    exists(ws, name)
    backup = make_backup(ws, "before-remove")
    with ws.write() as repo:
        student_id = repo.find_student(name)
        if student_id is None:  # removed by another omm-cards since the check
            raise unknown_student(name, repo.student_names())
        cards, reviews = repo.remove_student(student_id)
    return Removed(name, cards, reviews, backup)
