"""Backups: one a day on first use, on demand, and a safety copy before every risky change; restoring one.

Only daily backups are rotated (grandfather-father-son). A manual backup is kept until the student
deletes it; safety copies (before a restore, a doctor fix or a deck replacement) are kept until
`backup prune`. So no backup is ever removed by the change it was taken to undo.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from omm_cards import rotation
from omm_cards.errors import OmmError
from omm_cards.services.workspace import Advance, Workspace, no_progress
from omm_cards.storage import Database, backups_folder

STAMP = "%Y-%m-%dT%H%M%S"
NAME = re.compile(r"^omm-cards-(\d{4}-\d{2}-\d{2}T\d{6})-([a-z]+(?:-[a-z]+)*)(?:-(\d+))?\.db$")
SCHEMA_NAME = re.compile(r"^omm-cards-schema(\d+)\.db$")
DAILY, MANUAL = "daily", "manual"
SAFETY = ("before-restore", "before-fix", "before-replace", "before-remove")
KEEP_SAFETY = 10
FAILED = ".daily-check-failed"  # in the backups folder: the last daily check's failure, until one passes
DAILY_VARIABLE = "OMM_CARDS_DAILY_BACKUP"  # "inline": take it in this process (the tests), not in the background


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    kind: str  # daily, manual, one of SAFETY, or before-upgrade (a schema backup)


def backups(db: Database) -> list[Backup]:
    """Every backup of this database, oldest first."""
    folder = backups_folder(db.path)
    found = []
    for path in folder.glob("omm-cards-*.db") if folder.is_dir() else ():
        match = NAME.match(path.name)
        if match:
            found.append(Backup(path, _parse_stamp(match.group(1)), match.group(2)))
        elif SCHEMA_NAME.match(path.name):
            found.append(Backup(path, datetime.fromtimestamp(int(path.stat().st_mtime)), "before-upgrade"))
    return sorted(found, key=lambda b: (b.taken, b.path.name))


def _parse_stamp(stamp: str) -> datetime:
    """STAMP read back (by hand: datetime.strptime costs a module import on every start)."""
    day, clock = stamp.split("T")
    return datetime.fromisoformat(f"{day}T{clock[:2]}:{clock[2:4]}:{clock[4:]}")


def make_backup(ws: Workspace, kind: str = MANUAL) -> Path:
    """A new backup file, never written over another (a second one in the same second gets `-2`)."""
    made = _make_backup(ws.db, ws.now, kind)
    assert made is not None  # only a daily backup is checked first
    return made


def _make_backup(db: Database, now: datetime, kind: str) -> Path | None:
    """A daily backup is taken only if the database passes SQLite's quick check (None when it fails)."""
    folder = backups_folder(db.path)
    base = f"omm-cards-{now.strftime(STAMP)}-{kind}"
    for number in range(1, 1000):
        target = folder / (f"{base}.db" if number == 1 else f"{base}-{number}.db")
        if target.exists():
            if kind == DAILY:
                return target
            continue
        try:
            if kind == DAILY:
                problems = db.checked_backup_to(target)
                if problems:
                    _write_failure(db, problems[0])
                    return None
                (folder / FAILED).unlink(missing_ok=True)
            else:
                db.backup_to(target, replace=False)
        except FileExistsError:
            if kind == DAILY:
                return target  # another omm-cards made today's daily backup a moment ago
            continue  # another omm-cards took this name a moment ago
        if kind == DAILY:
            rotate(db)
        return target
    raise OmmError(f"{folder}: too many backups named {base}; remove some")


def _write_failure(db: Database, problem: str) -> None:
    """Kept where every later command sees it, until a check passes: the daily backup may run in the background."""
    folder = backups_folder(db.path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FAILED).write_text(
        f"warning: {db.path} failed SQLite's integrity check ({problem}); no daily backup was taken."
        " Run `omm-cards doctor`, or `omm-cards backup list` and `omm-cards restore N` to go back to a good copy"
    )


def rotate(db: Database) -> list[Path]:
    """Delete the daily backups that grandfather-father-son rotation no longer keeps; returns them."""
    daily = [b for b in backups(db) if b.kind == DAILY]
    kept = rotation.keep(b.taken for b in daily)
    gone = [b.path for b in daily if b.taken not in kept]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def prune(ws: Workspace, keep: int = KEEP_SAFETY) -> list[Path]:
    """Delete all but the newest `keep` safety copies; daily and manual backups are left alone."""
    if keep < 0:
        raise OmmError("--keep must be 0 or more")
    safety = [b for b in backups(ws.db) if b.kind in SAFETY]
    gone = [b.path for b in safety[: max(0, len(safety) - keep)]]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def daily_backup(ws: Workspace) -> None:
    """The first use of an existing database each calendar day backs it up, if it passes SQLite's quick check.

    A damaged database is never copied: its copy would rotate older, good backups away. The check and the
    copy take a second or more on a big database, so they run in a process of their own, after which this
    command goes on at once; until today's backup exists, every command starts one again (a killed or
    failed one is retried, so no day is lost), and a failed check is shown by every command until one passes.
    """
    # By the calendar day, as rotation keeps them: not the student's study day, which runs to 4 AM (so every
    # command after midnight took another copy) and differs between the students of one database.
    today = ws.now.date()
    if ws.db.existed and not any(b.kind == DAILY and b.taken.date() == today for b in backups(ws.db)):
        if os.environ.get(DAILY_VARIABLE) == "inline":
            take_daily(ws.db, ws.now)
        else:
            _start_daily(ws.db.path, ws.now)
    failed = backups_folder(ws.db.path) / FAILED
    if failed.is_file():
        ws.notices.append(failed.read_text(errors="replace"))


def take_daily(db: Database, now: datetime) -> Path | None:
    """Today's daily backup, checked first; None (and the warning kept for the student) when the check fails."""
    return _make_backup(db, now, DAILY)


def _start_daily(path: Path, now: datetime) -> None:
    import subprocess
    import sys

    subprocess.Popen(
        [sys.executable, "-m", "omm_cards.services.daily_job", str(path), now.isoformat()],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not stopped by the terminal's Ctrl-C, nor waited for
    )


def find(ws: Workspace, which: str) -> Path:
    """A backup named by its number in `backup list` (1 is the oldest), or any file path."""
    if which.isdigit():
        found = backups(ws.db)
        number = int(which)
        if not 1 <= number <= len(found):
            raise OmmError(f"no backup number {number}", f"`omm-cards backup list` shows 1 to {len(found)}")
        return found[number - 1].path
    return Path(which)


def restore(ws: Workspace, source: Path, advance: Advance = no_progress) -> Path:
    """Check `source` fully, back up the current database, then swap the backup's contents in.

    The source is only ever read: it is neither moved nor deleted, and no rotation can reach it.
    """
    from omm_cards.storage.database import check_copy
    from omm_cards.storage.migrations import MIGRATIONS

    try:
        regular = source.is_file()
    except OSError:
        regular = False
    if not regular:
        raise OmmError(f"{source}: no such backup file")
    if source.resolve() == ws.db.path.resolve():
        raise OmmError(f"{source}: that is the database itself, not a backup")
    advance("checking the backup", 0, 3)
    check_copy(source, len(MIGRATIONS))  # before anything is touched
    advance("taking a safety copy", 1, 3)
    saved = make_backup(ws, "before-restore")
    advance("swapping the backup in", 2, 3)
    ws.db.replace_with(source)
    return saved
