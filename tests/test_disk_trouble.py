"""A full disk: a clear error, nothing half-written, and the database still sound."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run
from .test_crash import deck_yaml

Cli = Callable[..., Run]


def dump(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return list(conn.iterdump())
    finally:
        conn.close()


def test_an_import_on_a_full_disk_changes_nothing(
    cli: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("review", "--limit", "1", input="5\n")
    before = dump(db_path)
    deck = tmp_path / "big.yaml"
    deck.write_text(deck_yaml(3000))
    from omm_cards.storage import database

    real = database.open_database

    def cramped(path: Path, *args: object) -> sqlite3.Connection:
        """SQLite's own way to fill a disk: the file may grow by two pages at most."""
        conn = real(path, *args)  # type: ignore[arg-type]
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + 2}")
        return conn

    monkeypatch.setattr(database, "open_database", cramped)
    result = cli("decks", "import", str(deck), check=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {db_path}: the disk is full; nothing was saved"
    monkeypatch.setattr(database, "open_database", real)
    assert dump(db_path) == before
    assert cli("doctor").stdout.strip().endswith("0 problems")
