"""Backups: one a day on first use, one on demand, rotated; and restoring one safely."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from omm_cards import rotation
from omm_cards.errors import OmmError
from omm_cards.services.workspace import Workspace
from omm_cards.storage import Database, backups_folder

STAMP = "%Y-%m-%dT%H%M%S"
NAME = re.compile(r"^omm-cards-(\d{4}-\d{2}-\d{2}T\d{6})-([a-z-]+)\.db$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str


def backups(db: Database) -> list[Backup]:
    """The timestamped backups of this database, oldest first (schema backups are kept apart)."""
    folder = backups_folder(db.path)
    found = []
    for path in folder.glob("omm-cards-*.db") if folder.is_dir() else ():
        match = NAME.match(path.name)
        if match:
            found.append(Backup(path, _parse_stamp(match.group(1)), match.group(2)))
    return sorted(found, key=lambda b: b.taken)


def _parse_stamp(stamp: str) -> datetime:
    """STAMP read back (by hand: datetime.strptime costs a module import on every start)."""
    day, clock = stamp.split("T")
    return datetime.fromisoformat(f"{day}T{clock[:2]}:{clock[2:4]}:{clock[4:]}")


def make_backup(ws: Workspace, reason: str = "manual") -> Path:
    target = backups_folder(ws.db.path) / f"omm-cards-{ws.now.strftime(STAMP)}-{reason}.db"
    ws.db.backup_to(target)
    rotate(ws.db)
    return target


def rotate(db: Database) -> list[Path]:
    """Delete the backups that grandfather-father-son rotation no longer keeps; returns them."""
    found = backups(db)
    kept = rotation.keep(b.taken for b in found)
    gone = [b.path for b in found if b.taken not in kept]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def daily_backup(ws: Workspace) -> Path | None:
    """The first use of an existing database each day backs it up."""
    if not ws.db.existed or any(b.taken.date() == ws.today for b in backups(ws.db)):
        return None
    return make_backup(ws, "daily")


def restore(ws: Workspace, source: Path) -> Path:
    """Check `source`, back up the current database, then swap the backup's contents in."""
    if not source.is_file():
        raise OmmError(f"{source}: no such backup file")
    if source.resolve() == ws.db.path.resolve():
        raise OmmError(f"{source}: that is the database itself, not a backup")
    from omm_cards.storage.connection import check_copy
    from omm_cards.storage.migrations import MIGRATIONS

    check_copy(source, len(MIGRATIONS))  # before anything is touched
    saved = make_backup(ws, "before-restore")
    ws.db.replace_with(source)
    return saved
