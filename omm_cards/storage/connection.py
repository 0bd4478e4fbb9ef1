"""Opening the database safely, the one transaction helper, and SQLite errors as user errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from omm_cards.errors import OmmError
from omm_cards.storage.migrations import APPLICATION_ID, MIGRATIONS, Migration, migrate
from omm_cards.storage.repo import Repo

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's operational failures into one-line user errors that name the file."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            raise OmmError(f"{path}: the database is busy", "another omm-cards is writing; try again") from None
        if "readonly" in text:
            raise OmmError(f"{path}: the database is read-only", "check the file's permissions") from None
        if "full" in text:
            raise OmmError(f"{path}: the disk is full; nothing was saved") from None
        raise OmmError(f"{path}: database error: {text}") from None
    except sqlite3.DatabaseError as error:
        raise OmmError(f"{path}: not a usable omm-cards database ({error})") from None


def open_database(path: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> sqlite3.Connection:
    """Open (creating or migrating) the database at `path`, refusing files that are not ours."""
    try:
        existing = path.exists() and path.stat().st_size > 0
        if existing:
            _check_header(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OmmError(f"{path}: cannot open the database ({error.strerror})") from None
    with sqlite_errors(path):
        # Autocommit mode: every write opens its own BEGIN IMMEDIATE through atomic().
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _check_identity(conn, path, len(migrations))
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if existing and 0 < version < len(migrations):
                _backup(conn, path, version)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn, migrations, atomic)
        except BaseException:
            conn.close()
            raise
    return conn


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise OmmError(f"{path}: cannot read the database ({error.strerror})") from None
    if header != SQLITE_HEADER:
        raise OmmError(f"{path}: not an omm-cards database (not an SQLite file); it was left untouched")


def _check_identity(conn: sqlite3.Connection, path: Path, known: int) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    if app_id != APPLICATION_ID and (tables or version):
        raise OmmError(f"{path}: not an omm-cards database; it was left untouched")
    if version > known:
        raise OmmError(
            f"{path}: written by a newer omm-cards (schema {version}, this one knows {known})",
            "upgrade omm-cards; the file was left untouched",
        )


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    target_path = path.with_name(f"{path.name}.schema{version}.bak")
    target = sqlite3.connect(target_path)
    try:
        conn.backup(target)
    finally:
        target.close()


class Database:
    """An open database file: reads and atomic writes, with SQLite's failures as user errors."""

    def __init__(self, path: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
        self.path = path
        self.conn = open_database(path, migrations)
        self.repo = Repo(self.conn)

    @contextmanager
    def write(self) -> Iterator[Repo]:
        with sqlite_errors(self.path), atomic(self.conn):
            yield self.repo

    @contextmanager
    def read(self) -> Iterator[Repo]:
        with sqlite_errors(self.path):
            yield self.repo

    def close(self) -> None:
        self.conn.close()


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE), rolled back on any exception; nested ones use savepoints."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
