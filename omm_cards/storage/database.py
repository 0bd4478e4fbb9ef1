"""Opening the database safely, the one transaction helper, and SQLite errors as user errors."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from omm_cards.errors import OmmError, Problems
from omm_cards.model import tag_key
from omm_cards.reading import SQLITE_HEADER
from omm_cards.storage.integrity import code_objects, row_problems, schema_problems
from omm_cards.storage.migrations import APPLICATION_ID, MIGRATIONS, Migration, migrate
from omm_cards.storage.repo import Repo
from omm_cards.storage.transaction import atomic, sqlite_errors

BUSY_TIMEOUT_MS = 5000  # how long a write waits for another omm-cards before "the database is busy"
BUSY_VARIABLE = "OMM_CARDS_BUSY_TIMEOUT_MS"  # overrides it: tests use a short wait, a slow shared disk a long one


def busy_timeout_ms() -> int:
    text = os.environ.get(BUSY_VARIABLE, "")
    return int(text) if text.isdigit() else BUSY_TIMEOUT_MS


def open_database(path: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> sqlite3.Connection:
    """Open (creating or migrating) the database at `path`, refusing files that are not ours."""
    try:
        existing = path.exists() and path.stat().st_size > 0
        if existing:
            _check_header(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            _create_private(path)
    except OSError as error:
        raise OmmError(f"{path}: cannot open the database ({error.strerror})") from None
    with sqlite_errors(path):
        # Autocommit mode: every write opens its own BEGIN IMMEDIATE through atomic().
        wait = busy_timeout_ms()
        conn = sqlite3.connect(path, isolation_level=None, timeout=wait / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {wait}")
            _add_functions(conn)
            _check_identity(conn, path, len(migrations))
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if existing and 0 < version < len(migrations):
                _backup(conn, path, version)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # FULL: a commit is on disk before the next card is shown, even through a power cut; NORMAL
            # in WAL mode survives a killed process but may lose the last commits when the OS goes down.
            conn.execute("PRAGMA synchronous = FULL")
            migrate(conn, migrations, atomic)
        except BaseException:
            conn.close()
            raise
    return conn


def _add_functions(conn: sqlite3.Connection) -> None:
    # A stable number for a text, for orders seeded per student (crc32: the same on every machine).
    conn.create_function("omm_seed", 1, lambda text: zlib.crc32(str(text).encode()), deterministic=True)
    # Tags match whatever their case, in any script (SQLite's lower() knows ASCII only).
    conn.create_function(
        "omm_tag_key", 1, lambda text: None if text is None else tag_key(str(text)), deterministic=True
    )


def _create_private(path: Path) -> None:
    """A new database is readable by its owner only, whatever the umask: it holds a student's history.
    SQLite gives its -wal and -shm files the same permissions."""
    # An empty file, or another omm-cards creating it this moment: SQLite takes it from there.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


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
    planted = code_objects(conn)
    if planted:
        raise OmmError(
            f"{path}: not a database omm-cards wrote: it holds {', '.join(planted)}",
            "omm-cards databases have no views and no triggers but their own; the file was left untouched",
        )


def backups_folder(path: Path) -> Path:
    return path.parent / "backups"


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Before a migration: a copy of the database as it was, named for its schema."""
    backup_to(conn, backups_folder(path) / f"{path.stem}-schema{version}.db")


def backup_to(conn: sqlite3.Connection, target: Path, *, replace: bool = True) -> None:
    """A consistent copy of the open database at `target`, written to a temporary file then moved in.

    The temporary name is unique, so two processes backing up at the same moment cannot trip on
    each other's half-written copy. With `replace` the later rename simply wins; without it an
    existing `target` is never overwritten (FileExistsError), since a hard link cannot clobber.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        copy = sqlite3.connect(temporary)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        if replace:
            temporary.replace(target)
        else:
            os.link(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def checked_backup_to(conn: sqlite3.Connection, target: Path) -> list[str]:
    """SQLite's quick check, then a copy at `target` (never written over), in one read transaction: the copy
    is the very snapshot that passed. Returns the check's problems, and copies nothing when there are any.
    """
    conn.execute("BEGIN")
    try:
        problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            return problems
        backup_to(conn, target, replace=False)
        return []
    finally:
        conn.execute("COMMIT")


def check_copy(path: Path, known: int) -> int:
    """Check that `path` is a sound omm-cards database this version can read; returns its schema."""
    _check_header(path)
    with sqlite_errors(path):
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _check_identity(conn, path, known)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version == 0:
                raise OmmError(f"{path}: an empty database, not an omm-cards backup")
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise OmmError(f"{path}: failed its integrity check ({problems[0]})")
            found = schema_problems(conn, version) or row_problems(conn)
            if found:
                raise Problems([f"{path}: {problem}" for problem in found] + [f"{path}: refused; nothing was changed"])
            return version
        finally:
            conn.close()


def review_count(path: Path) -> int | None:
    """How many reviews a backup holds; None when it cannot be read."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


@contextmanager
def read_only(path: Path) -> Iterator[Repo]:
    """Reads of the database at `path` on a read-only connection of its own: for another thread (a
    connection serves the thread that opened it) or another process, whose queries SQLite then runs on
    another core."""
    with sqlite_errors(path):
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000)
        try:
            _add_functions(conn)
            yield Repo(conn)
        finally:
            conn.close()


class Database:
    """An open database file: reads and atomic writes, with SQLite's failures as user errors."""

    def __init__(self, path: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
        self.path = path
        try:
            self.existed = path.is_file() and path.stat().st_size > 0
        except OSError:
            self.existed = False  # open_database says why, in one line
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

    def reader(self) -> contextlib.AbstractContextManager[Repo]:
        """Reads on a read-only connection of its own, for another thread (see read_only)."""
        return read_only(self.path)

    def backup_to(self, target: Path, *, replace: bool = True) -> None:
        with sqlite_errors(self.path):
            backup_to(self.conn, target, replace=replace)

    def checked_backup_to(self, target: Path) -> list[str]:
        with sqlite_errors(self.path):
            return checked_backup_to(self.conn, target)

    def replace_with(self, source: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
        """Swap the contents of this database for those of `source`, which check_copy passed; then migrate.

        SQLite's backup API writes the copy in under the database's own lock, so another omm-cards
        that has the file open sees either the old contents or the new, never a mixture.
        """
        with sqlite_errors(self.path):
            copy = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            try:
                copy.backup(self.conn)
            finally:
                copy.close()
            self.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.conn, migrations, atomic)

    def close(self) -> None:
        self.conn.close()
