"""Backups that cannot eat themselves: kinds, rotation of daily copies only, pruning, listing, restoring."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from omm_cards.services.backups import DAILY_VARIABLE

from .conftest import Run

Cli = Callable[..., Run]
KINDS = ["daily", "manual", "before-restore", "before-fix"]


def names(home: Path) -> list[str]:
    folder = home / "backups"
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


def learn(cli: Cli) -> None:
    cli("review", input="5\n4\n5\nT4 FRS R\n\n", now="2026-11-20T09:00:00")


def reviews(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def test_two_manual_backups_in_one_second_are_both_kept(cli: Cli, env: Path) -> None:
    learn(cli)
    cli("backup", now="2026-11-20T10:00:00")
    cli("backup", now="2026-11-20T10:00:00")
    manual = [n for n in names(env) if "manual" in n]
    assert len(manual) == 2, names(env)


def test_rotation_removes_only_daily_backups(cli: Cli, env: Path) -> None:
    learn(cli)
    for hour in range(10, 15):
        cli("backup", now=f"2026-11-20T{hour}:00:00")
    for day in range(21, 30):
        cli("due", now=f"2026-11-{day}T08:00:00")
    assert len([n for n in names(env) if "manual" in n]) == 5


def test_one_daily_backup_a_calendar_day_whatever_hour_the_study_day_starts(cli: Cli, env: Path) -> None:
    """Backups go by the calendar day, as their rotation does (a database holds students whose days start at
    different hours). Comparing a backup's calendar date with the student's study day (4 AM to 4 AM) made
    every command between midnight and 4 AM copy the whole database again, and rotation then deleted the
    copy before."""
    learn(cli)  # 2026-11-20 09:00, making the database: nothing to back up yet
    cli("due", now="2026-11-21T01:00:00")  # the study day is still 20 November's; the calendar's is the 21st
    first = ["omm-cards-2026-11-21T010000-daily.db"]
    assert [n for n in names(env) if "daily" in n] == first
    for clock in ("02:00", "03:59", "04:00", "23:59"):
        cli("due", now=f"2026-11-21T{clock}:00")
    assert [n for n in names(env) if "daily" in n] == first
    cli("due", now="2026-11-22T00:30:00")
    assert [n for n in names(env) if "daily" in n] == [*first, "omm-cards-2026-11-22T003000-daily.db"]


@pytest.mark.parametrize("kind", KINDS)
def test_restoring_a_backup_of_each_kind_made_the_same_day_keeps_it(cli: Cli, env: Path, kind: str) -> None:
    learn(cli)
    cli("due", now="2026-11-21T08:00:00")  # the daily backup
    if kind == "manual":
        cli("backup", now="2026-11-21T08:30:00")
    elif kind == "before-restore":
        daily = next(p for p in (env / "backups").iterdir() if "daily" in p.name)
        cli("restore", str(daily), now="2026-11-21T08:30:00")
    elif kind == "before-fix":
        conn = sqlite3.connect(env / "omm-cards.db")
        conn.execute("UPDATE card_state SET interval = 40 WHERE card_id = 'starter/hvla-down'")
        conn.commit()
        conn.close()
        cli("doctor", "--fix", now="2026-11-21T08:30:00")
    source = next(p for p in (env / "backups").iterdir() if p.name.endswith(f"-{kind}.db"))
    before = source.read_bytes()
    cli("review", input="5\n" * 3, now="2026-11-21T09:00:00")
    out = cli("restore", str(source), now="2026-11-21T09:30:00").stdout
    assert "restored" in out
    assert source.is_file() and source.read_bytes() == before
    # A second restore the same day keeps the first before-restore copy (the state before it).
    cli("restore", str(source), now="2026-11-21T09:40:00")
    assert len([n for n in names(env) if "before-restore" in n]) >= (3 if kind == "before-restore" else 2)
    assert source.is_file()


def test_backup_list_and_restore_by_number(cli: Cli, env: Path) -> None:
    learn(cli)
    cli("backup", now="2026-11-20T10:00:00")
    cli("review", input="5\n" * 3, now="2026-11-21T09:00:00")
    listing = cli("backup", "list", now="2026-11-21T10:00:00").stdout
    lines = [line for line in listing.splitlines() if line.split()[0].isdigit()]
    assert any("manual" in line and "2026-11-20 10:00:00" in line for line in lines), listing
    assert any("daily" in line for line in lines), listing
    number = next(line.split()[0] for line in lines if "manual" in line)
    saved = cli("cards", "list", "--json").json()
    cli("restore", number, now="2026-11-21T11:00:00")
    after = cli("cards", "list", "--json").json()
    assert sum(c["reviews"] for c in after) < sum(c["reviews"] for c in saved)
    bad = cli("restore", "99", check=False)
    assert bad.exit_code == 1 and "no backup number 99" in bad.stderr


def test_backup_prune_keeps_the_newest_safety_copies_and_every_manual_one(cli: Cli, env: Path) -> None:
    learn(cli)
    cli("backup", now="2026-11-20T10:00:00")
    source = next(p for p in (env / "backups").iterdir() if "manual" in p.name)
    for minute in range(12):
        cli("restore", str(source), now=f"2026-11-20T11:{minute:02d}:00")
    assert len([n for n in names(env) if "before-restore" in n]) == 12
    out = cli("backup", "prune", now="2026-11-20T12:00:00").stdout
    assert "removed 2" in out
    assert len([n for n in names(env) if "before-restore" in n]) == 10
    assert source.is_file()
    cli("backup", "prune", "--keep", "0", now="2026-11-20T12:00:00")
    assert [n for n in names(env) if "before-restore" in n] == []
    assert source.is_file()


def damage_an_index(db: Path) -> None:
    """Overwrite the head of the reviews_by_card index's root page: a page SQLite cannot parse."""
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'reviews_by_card'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page : (root - 1) * page + 12] = b"\x07" * 12
    db.write_bytes(bytes(data))


def test_the_daily_backup_never_copies_a_corrupt_database(cli: Cli, env: Path) -> None:
    learn(cli)
    cli("due", now="2026-11-21T08:00:00")
    good = names(env)
    db = env / "omm-cards.db"
    damage_an_index(db)
    result = cli("due", now="2026-11-22T08:00:00", check=False)
    assert "integrity" in result.stderr and "restore" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert names(env) == good


@pytest.mark.parametrize(
    ("name", "statements"),
    [
        (
            "evil",
            ["CREATE TRIGGER evil AFTER INSERT ON reviews BEGIN UPDATE students SET name = 'pwned';"
             " DELETE FROM reviews WHERE id != new.id; END"],
        ),
        (  # one of ours (the student totals') with another body: only ours exactly as our migrations write it pass
            "totals_state_added",
            ["DROP TRIGGER totals_state_added",
             "CREATE TRIGGER totals_state_added AFTER INSERT ON card_state BEGIN DELETE FROM reviews; END"],
        ),
    ],
    ids=["planted", "ours-rewritten"],
)  # fmt: skip
def test_restore_refuses_a_database_with_planted_triggers(
    cli: Cli, env: Path, tmp_path: Path, name: str, statements: list[str]
) -> None:
    learn(cli)
    cli("backup", now="2026-11-20T10:00:00")
    source = next(p for p in (env / "backups").iterdir() if "manual" in p.name)
    planted = tmp_path / "planted.db"
    shutil.copy(source, planted)
    conn = sqlite3.connect(planted)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    dump = sqlite3.connect(env / "omm-cards.db").iterdump()
    before = list(dump)
    result = cli("restore", str(planted), check=False)
    assert result.exit_code == 1
    assert f"trigger {name}" in result.stderr and "Traceback" not in result.stderr
    assert "totals_state_removed" not in result.stderr  # the untouched ones are ours
    assert list(sqlite3.connect(env / "omm-cards.db").iterdump()) == before
    # Opening such a file as the database is refused too.
    opened = cli("--db", str(planted), "due", check=False)
    assert opened.exit_code == 1 and f"trigger {name}" in opened.stderr


@pytest.mark.parametrize(
    ("table", "update", "field"),
    [
        ("cards", "UPDATE cards SET content = '{not json' WHERE id = 'starter/hvla-down'", "content"),
        ("cards", "UPDATE cards SET type = 'hologram' WHERE id = 'starter/hvla-down'", "type"),
        ("card_state", "UPDATE card_state SET due = '2026-13-45' WHERE card_id = 'starter/hvla-down'", "due"),
        ("reviews", "UPDATE reviews SET reviewed_at = 'yesterday' WHERE id = 1", "reviewed_at"),
        ("card_state", "UPDATE card_state SET tags = '[1, 2' WHERE card_id = 'starter/hvla-down'", "tags"),
    ],
)
def test_restore_refuses_rows_that_would_crash_later(
    cli: Cli, env: Path, tmp_path: Path, table: str, update: str, field: str
) -> None:
    learn(cli)
    cli("backup", now="2026-11-20T10:00:00")
    source = next(p for p in (env / "backups").iterdir() if "manual" in p.name)
    bad = tmp_path / "bad.db"
    shutil.copy(source, bad)
    conn = sqlite3.connect(bad)
    conn.execute(update)
    conn.commit()
    conn.close()
    result = cli("restore", str(bad), check=False)
    assert result.exit_code == 1, result.stdout
    assert f"{table}" in result.stderr and field in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_doctor_names_a_row_that_cannot_be_read(cli: Cli, env: Path) -> None:
    learn(cli)
    conn = sqlite3.connect(env / "omm-cards.db")
    conn.execute("UPDATE card_state SET shown = 'soon' WHERE card_id = 'starter/hvla-down'")
    conn.commit()
    conn.close()
    result = cli("doctor", check=False)
    assert result.exit_code == 1
    assert "integrity: database: card_state row 'starter/hvla-down': shown:" in result.stdout


def test_doctor_names_what_sqlites_quick_check_finds_in_a_damaged_file(cli: Cli, env: Path) -> None:
    """The quick check runs beside the other checks, which may meet the damage first: the quick check speaks."""
    learn(cli)
    db = env / "omm-cards.db"
    damage_an_index(db)
    result = cli("doctor", now="2026-11-21T10:00:00", check=False)
    assert result.exit_code == 1
    assert result.stdout.startswith("integrity: database: ") and "Page " in result.stdout
    assert "checked 0 cards and 0 reviews: 1 problem" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def wait_for(condition: Callable[[], bool]) -> None:
    """A background job's result: polled (this is no timing; the job may take what it takes, up to a minute)."""
    for _ in range(600):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the background daily backup never finished")


@pytest.mark.slow
def test_the_daily_backup_runs_in_the_background_and_a_failed_check_is_shown_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DAILY_VARIABLE)
    db = tmp_path / "bg.db"
    folder = tmp_path / "backups"
    env = dict(os.environ, OMM_CARDS_DB=str(db), OMM_CARDS_NOW="2026-11-20T09:00:00")
    omm = [sys.executable, "-m", "omm_cards"]
    subprocess.run([*omm, "due"], env=env, check=True, capture_output=True)  # a new database: nothing to back up
    env["OMM_CARDS_NOW"] = "2026-11-21T09:00:00"
    subprocess.run([*omm, "due"], env=env, check=True, capture_output=True)
    wait_for(lambda: (folder / "omm-cards-2026-11-21T090000-daily.db").is_file())
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'reviews_by_card'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page : (root - 1) * page + 12] = b"\x07" * 12
    db.write_bytes(bytes(data))
    env["OMM_CARDS_NOW"] = "2026-11-22T09:00:00"
    subprocess.run([*omm, "due"], env=env, capture_output=True)  # starts the job, which finds the damage
    wait_for(lambda: (folder / ".daily-check-failed").is_file())
    later = subprocess.run([*omm, "due"], env=env, capture_output=True, text=True)
    assert "integrity" in later.stderr and "restore" in later.stderr
    assert sorted(p.name for p in folder.glob("*.db")) == ["omm-cards-2026-11-21T090000-daily.db"]
