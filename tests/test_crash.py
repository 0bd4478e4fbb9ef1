"""A review killed with SIGKILL keeps every grade it acknowledged, and the database stays sound."""

from __future__ import annotations

import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # child processes: run by CI, skipped by `pytest -m "not slow"`

TODAY = date(2026, 11, 27)
GRADES = [5, 3, 4, 1, 5, 2, 4, 5, 0, 3]


def deck_yaml(cards: int) -> str:
    return "id: drill\ntitle: Drill\nversion: '1'\ncards:\n" + "".join(
        f"  - {{id: c{i}, category: anatomy, tags: [], front: 'Q{i}', back: 'A{i}'}}\n" for i in range(cards)
    )


def read_until(proc: subprocess.Popen[bytes], marker: bytes, count: int, seen: bytearray) -> None:
    deadline = time.monotonic() + 30
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    while seen.count(marker) < count:
        left = deadline - time.monotonic()
        assert left > 0, f"no acknowledgement in time:\n{seen.decode(errors='replace')}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            assert chunk, f"review ended early:\n{seen.decode(errors='replace')}"
            seen.extend(chunk)


@pytest.mark.parametrize("acknowledged", [1, 4, 10])
def test_sigkill_after_n_acknowledged_grades_keeps_all_n(tmp_path: Path, acknowledged: int) -> None:
    db_path = tmp_path / "crash.db"
    env = dict(os.environ, OMM_CARDS_DB=str(db_path), OMM_CARDS_NOW="2026-11-27T09:00:00")
    deck = tmp_path / "drill.yaml"
    deck.write_text(deck_yaml(12))
    omm_cards = [sys.executable, "-m", "omm_cards"]
    subprocess.run([*omm_cards, "decks", "import", str(deck)], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [*omm_cards, "review", "--deck", "drill", "--new", "50"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdin is not None
    seen = bytearray()
    for number, grade in enumerate(GRADES[:acknowledged], start=1):
        proc.stdin.write(f"{grade}\n".encode())
        proc.stdin.flush()
        read_until(proc, b"graded ", number, seen)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    grades = [row[0] for row in conn.execute("SELECT grade FROM reviews ORDER BY id")]
    conn.close()
    assert grades == GRADES[:acknowledged]
    assert_matches_replay(env)


def assert_matches_replay(env: dict[str, str]) -> None:
    """`omm-cards doctor` replays the whole review log and compares every stored card state."""
    doctor = subprocess.run([sys.executable, "-m", "omm_cards", "doctor"], env=env, capture_output=True, text=True)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert doctor.stdout.strip().endswith(" 0 problems")


KILLS = 100


def test_a_hundred_sigkills_at_random_moments_lose_no_acknowledged_grade(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    db_path = tmp_path / "crash.db"
    deck = tmp_path / "drill.yaml"
    deck.write_text(deck_yaml(400))
    env = dict(os.environ, OMM_CARDS_DB=str(db_path), OMM_CARDS_NOW="2026-11-01T09:00:00")
    omm_cards = [sys.executable, "-m", "omm_cards"]
    subprocess.run([*omm_cards, "decks", "import", str(deck)], env=env, check=True, capture_output=True)
    kills_mid_session = 0
    for attempt in range(KILLS):
        env["OMM_CARDS_NOW"] = f"2026-11-{1 + attempt % 28:02d}T{9 + attempt // 28:02d}:00:00"
        before = count_reviews(db_path)
        proc = subprocess.Popen(
            [*omm_cards, "review", "--deck", "drill", "--new", "1000", "--reviews", "1000"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("".join(f"{rng.choice('0123455')}\n" for _ in range(60)).encode())
        proc.stdin.flush()
        time.sleep(rng.uniform(0.0, 0.8))
        proc.kill()
        proc.wait(timeout=30)
        # One line per acknowledged grade; the summary's "graded 3 or more" is not one.
        acknowledged = len(re.findall(rb"^graded \d", proc.stdout.read(), re.MULTILINE))
        kills_mid_session += 0 < acknowledged < 60
        after = count_reviews(db_path)
        assert after >= before + acknowledged, f"attempt {attempt}: lost {before + acknowledged - after} grade(s)"
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    assert kills_mid_session >= KILLS // 3  # the kills did land in the middle of sessions
    assert_matches_replay(env)


def count_reviews(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()
