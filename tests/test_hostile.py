"""Every case of the hostile corpus is refused in one located line, quickly, in bounded memory, changing nothing.

Each runs omm-cards in a child process limited to 1 GiB of address space and 60 s (a bound, not a
timing assertion): a hang or a memory blow-up fails the test instead of the machine.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .hostile_corpus import CASES

pytestmark = pytest.mark.slow  # child processes: run by CI, skipped by `pytest -m "not slow"`

MEMORY = 1024 * 1024 * 1024
SECONDS = 60
NOW = "2026-11-27T09:00:00"
DECK = """id: mine
title: Mine
version: "1"
cards:
  - {id: a, category: anatomy, tags: [], source: "x", front: "Q1", back: "A1"}
  - {id: b, category: anatomy, tags: [], source: "x", front: "Q2", back: "A2"}
"""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(
    home: Path, args: list[str], stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OMM_CARDS_")}
    # The daily backup inline: in the background it could land after the "before" snapshot (a flaky diff).
    environment.update(OMM_CARDS_HOME=str(home), OMM_CARDS_NOW=NOW, OMM_CARDS_DAILY_BACKUP="inline")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "omm_cards", *args],
        input=stdin,
        env=environment,
        capture_output=True,
        timeout=SECONDS,
        preexec_fn=_limit,
    )


def snapshot(home: Path) -> tuple[list[str], dict[str, str]]:
    """The database's dump and every file of the data folder with its digest."""
    conn = sqlite3.connect(f"{(home / 'omm-cards.db').as_uri()}?mode=ro", uri=True)
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    files = {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }
    return dump, files


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder with the bundled decks, a deck of one's own and a few reviews, backed up today."""
    home = tmp_path_factory.mktemp("hostile-home")
    deck = home.parent / "mine.yaml"
    deck.write_text(DECK)
    assert run(home, ["decks", "import", str(deck)]).returncode == 0
    assert run(home, ["review", "--deck", "mine"], stdin=b"\n5\n\n3\n\n4\n").returncode == 0
    yield home


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_refused_cleanly(baseline: Path, tmp_path: Path, name: str) -> None:
    built = CASES[name](tmp_path)
    before = snapshot(baseline)
    result = run(baseline, built.args, built.stdin, built.env)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert result.returncode == built.exit_code, (result.returncode, stderr, result.stdout[-500:])
    lines = [line for line in stderr.splitlines() if line.strip()]
    if built.exit_code == 1:
        assert len(lines) == 1, lines
    assert built.expect in stderr, stderr
    assert snapshot(baseline) == before


def test_invalid_utf8_on_a_piped_stdin_neither_crashes_nor_grades(baseline: Path) -> None:
    before = snapshot(baseline)
    result = run(baseline, ["review", "--cram", "--deck", "mine"], stdin=b"\n\xff\xfe\x80\nq\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"No cards graded" in result.stdout
    assert snapshot(baseline)[0] == before[0]


def test_31_perfect_grades_overflow_nothing(tmp_path: Path) -> None:
    from datetime import date

    from omm_cards.scheduler import MAX_DUE_DAYS, MAX_INTERVAL, State, review

    state, day = State(), date(2026, 1, 1)
    for _ in range(31):
        state = review(state, 5, day)
    assert state.interval == MAX_INTERVAL
    assert state.due is not None and (state.due - day).days == MAX_DUE_DAYS
    home = tmp_path / "home"
    deck = tmp_path / "one.yaml"
    deck.write_text(DECK)
    assert run(home, ["decks", "import", str(deck)]).returncode == 0
    conn = sqlite3.connect(home / "omm-cards.db")
    conn.execute(
        "INSERT INTO card_state (student_id, card_id, repetitions, interval, easiness, due, lapses, reviews, shown)"
        " VALUES (1, 'mine/a', 30, ?, 550, '2026-11-27', 0, 30, '2026-11-27')",
        (MAX_INTERVAL,),
    )
    conn.commit()
    conn.close()
    graded = run(home, ["review", "--deck", "mine", "--limit", "1"], stdin=b"\n5\n")
    assert graded.returncode == 0, graded.stderr
    assert b"graded 5" in graded.stdout
