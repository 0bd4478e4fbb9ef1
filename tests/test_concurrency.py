"""Two reviews and an import on one database at the same moment; and contention past the timeout."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run
from .test_crash import assert_matches_replay, count_reviews, deck_yaml

pytestmark = pytest.mark.slow  # child processes: run by CI, skipped by `pytest -m "not slow"`

Cli = Callable[..., Run]


def test_two_reviews_and_an_import_at_once_lose_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.db"
    env = dict(os.environ, OMM_CARDS_DB=str(db_path), OMM_CARDS_NOW="2026-11-27T09:00:00")
    omm_cards = [sys.executable, "-m", "omm_cards"]
    first, second = tmp_path / "drill.yaml", tmp_path / "more.yaml"
    first.write_text(deck_yaml(80))
    second.write_text(deck_yaml(3000).replace("id: drill", "id: more"))
    subprocess.run([*omm_cards, "decks", "import", str(first)], env=env, check=True, capture_output=True)
    for name in ("alice", "bob"):
        subprocess.run([*omm_cards, "students", "add", name], env=env, check=True, capture_output=True)
    runs = [
        subprocess.Popen(
            [*omm_cards, "--student", name, "review", "--deck", "drill", "--new", "80"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for name in ("alice", "bob")
    ]
    importing = subprocess.Popen(
        [*omm_cards, "decks", "import", str(second)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    outputs = [proc.communicate(input=b"5\n" * 80, timeout=120) for proc in runs]
    imported = importing.communicate(timeout=120)
    for proc, (_, err) in [*zip(runs, outputs, strict=True), (importing, imported)]:
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
    # A grade is acknowledged by a line of its own; the summary's "graded 3 or more" is not one.
    acknowledged = sum(line.startswith(b"graded ") for out, _ in outputs for line in out.splitlines())
    assert acknowledged == 160
    assert count_reviews(db_path) == 160
    assert b"imported more: 3000 added" in imported[0]
    assert_matches_replay(env)


def test_contention_past_the_busy_timeout_is_a_clear_error(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omm_cards.storage import database

    cli("review", "--limit", "1", input="5\n")
    monkeypatch.setenv(database.BUSY_VARIABLE, "150")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("review", input="5\n", now="2026-11-28", check=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {db_path}: the database is busy (another omm-cards is using it; try again)"
    assert cli("doctor").stdout.strip().endswith("0 problems")


def test_several_first_uses_of_the_day_back_up_at_once_without_tripping(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.db"
    env = dict(os.environ, OMM_CARDS_DB=str(db_path), OMM_CARDS_NOW="2026-11-27T09:00:00")
    omm_cards = [sys.executable, "-m", "omm_cards"]
    subprocess.run([*omm_cards, "due"], env=env, check=True, capture_output=True)
    env["OMM_CARDS_NOW"] = "2026-11-28T09:00:00"
    runs = [subprocess.Popen([*omm_cards, "due"], stderr=subprocess.PIPE, env=env) for _ in range(4)]
    for proc in runs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    assert [p.name for p in (tmp_path / "backups").iterdir()] == ["omm-cards-2026-11-28T090000-daily.db"]
