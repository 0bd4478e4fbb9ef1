"""The one transaction helper, and SQLite's failures as user errors.

As sqlite-utils does it: an explicit BEGIN IMMEDIATE for every write, a rollback on any exception
(a failed COMMIT included, which SQLite may leave open), savepoints when nested, and errors told
apart by SQLite's own error name rather than by the words of their message.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from omm_cards.errors import OmmError

BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
READ_ONLY = {"SQLITE_READONLY"}
FULL = {"SQLITE_FULL"}


def _name(error: sqlite3.Error) -> str:
    # The extended name (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED...) starts with the primary one.
    name = getattr(error, "sqlite_errorname", "") or ""
    return "_".join(name.split("_")[:2])


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's operational failures into one-line user errors that name the file."""
    try:
        yield
    except sqlite3.OperationalError as error:
        name = _name(error)
        if name in BUSY:
            raise OmmError(f"{path}: the database is busy", "another omm-cards is using it; try again") from None
        if name in READ_ONLY:
            raise OmmError(f"{path}: the database is read-only", "check the file's permissions") from None
        if name in FULL:
            raise OmmError(f"{path}: the disk is full; nothing was saved") from None
        raise OmmError(f"{path}: database error: {error}") from None
    except sqlite3.DatabaseError as error:
        raise OmmError(f"{path}: not a usable omm-cards database ({error})") from None


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE), rolled back on any exception; nested ones use savepoints."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # a failed statement may already have ended the whole transaction
                conn.execute("ROLLBACK TO nested")
                conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # Also after a failed COMMIT (a full disk, a busy reader): SQLite can leave the transaction open.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
