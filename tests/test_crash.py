"""A review killed with SIGKILL keeps every grade it acknowledged."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from omm_cards.scheduler import State, review
from omm_cards.storage import Database

TODAY = date(2026, 11, 27)
GRADES = [5, 3, 4, 1, 5, 2, 4, 5, 0, 3]
DRILL_DECK = "id: drill\ntitle: Drill\nversion: '1'\ncards:\n" + "".join(
    f"  - {{id: c{i}, category: anatomy, tags: [], front: 'Q{i}', back: 'A{i}'}}\n" for i in range(12)
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
    deck.write_text(DRILL_DECK)
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
    rows = conn.execute("SELECT card_id, grade, same_day_repeat FROM reviews ORDER BY id").fetchall()
    conn.close()
    assert [grade for _, grade, _ in rows] == GRADES[:acknowledged]

    # The stored states are exactly a replay of the log.
    db = Database(db_path)
    replayed: dict[str, State] = {}
    for card_id, grade, repeat in rows:
        if not repeat:
            replayed[card_id] = review(replayed.get(card_id, State()), grade, TODAY)
    with db.read() as repo:
        student = repo.find_student("default")
        assert student is not None
        for card_id, state in replayed.items():
            progress = repo.progress(student, card_id)
            assert progress is not None and progress.state == state
    db.close()
