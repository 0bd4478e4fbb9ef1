"""The review as a person sees it: driven in a real terminal (tmux), read back with capture-pane."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
# A tmux server of the tests' own, without the user's config: a person's running tmux (its sizes, its
# options) must not change what the tests see.
TMUX = ["tmux", "-L", f"omm-cards-tests-{os.getpid()}", "-f", "/dev/null"]
DECK = """id: zoo
title: Zoo
version: "1"
cards:
  - {id: answer-is-zebra, category: anatomy, source: "x", front: "Striped horse?", back: "zebra"}
  - {id: lion-roars, category: anatomy, source: "x", front: "Big cat?", back: "lion"}
  - id: level-typed
    type: typed
    category: diagnosis
    source: "x"
    front: "Posterior right TP at T4, worse in extension?"
    answer: "T4 FRS R"
"""


class Screen:
    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def text(self) -> str:
        return subprocess.run(
            [*TMUX, "capture-pane", "-p", "-t", self.name], check=True, capture_output=True, text=True
        ).stdout

    def wait_for(self, marker: str, seconds: float = 20) -> str:
        """The screen once `marker` is on it (a bounded wait for the program, not a timing assertion)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.text()
            if marker in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{marker!r} never appeared:\n{self.text()}")


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Screen]:
    home = tmp_path / "home"
    deck = tmp_path / "zoo.yaml"
    deck.write_text(DECK)
    env = f"OMM_CARDS_HOME={shlex.quote(str(home))} OMM_CARDS_NOW=2026-11-27T09:00:00"
    python = shlex.quote(sys.executable)
    subprocess.run(
        f"{env} {python} -m omm_cards decks import {shlex.quote(str(deck))}",
        shell=True,
        check=True,
        capture_output=True,
    )
    name = f"omm-{tmp_path.name}"
    command = f"{env} {python} -m omm_cards review --deck zoo; echo SESSION-OVER; sleep 30"
    subprocess.run([*TMUX, "new-session", "-d", "-s", name, "-x", "80", "-y", "30", command], check=True)
    try:
        yield Screen(name)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)


def test_a_terminal_review_never_shows_an_answer_early(screen: Screen) -> None:
    seen: list[str] = []
    for _ in range(3):
        front = screen.wait_for("left ·")
        seen.append(front)
        if "Striped horse?" in front:
            assert "zebra" not in front  # neither the id nor an earlier answer
            screen.send("Enter")
            assert "answer · zoo/answer-is-zebra" in screen.wait_for("answer ·")
            screen.send("5")
        elif "Big cat?" in front:
            assert "lion" not in front.replace("Big cat?", "")
            screen.send("Enter")
            screen.wait_for("answer ·")
            screen.send("5")
        else:
            screen.wait_for("your answer>")
            time.sleep(0.5)  # a person reads the prompt before typing; readline is ready by then
            screen.send("T4 FRS L", "Left", "Right", "BSpace", "R", "Enter")  # edit the side with the arrows
            answered = screen.wait_for("answer ·")
            assert "^[[" not in answered and "✓ correct: T4 FRS R" in answered
            screen.send("Enter")
        # The next card starts on a clean screen: no answer from before is visible.
        time.sleep(0.3)
    over = screen.wait_for("SESSION-OVER")
    assert "Reviewed 3 cards" in over
    for front in seen[1:]:
        assert "zebra" not in front and "answer ·" not in front


@pytest.mark.parametrize("width", [60, 80, 120])
def test_stats_and_the_cards_table_fit_the_terminal(tmp_path: Path, width: int) -> None:
    """What a person sees in a real terminal of 60, 80 and 120 columns (capture-pane), not Rich's guess."""
    home = tmp_path / "home"
    env = f"OMM_CARDS_HOME={shlex.quote(str(home))} OMM_CARDS_NOW=2026-11-27T09:00:00"
    python = shlex.quote(sys.executable)
    script = tmp_path / "answers.txt"
    script.write_text("\n5\n" * 10)
    subprocess.run(
        f"{env} {python} -P -m omm_cards review --limit 5 < {shlex.quote(str(script))}",
        shell=True, check=True, capture_output=True,
    )  # fmt: skip
    name = f"omm-{tmp_path.name}"
    command = f"{env} {python} -P -m omm_cards stats; {env} {python} -P -m omm_cards cards list; echo DONE; sleep 30"
    subprocess.run([*TMUX, "new-session", "-d", "-s", name, "-x", str(width), "-y", "200", command], check=True)
    try:
        shown = Screen(name).wait_for("DONE")
        subprocess.run([*TMUX, "capture-pane", "-p", "-S", "-", "-t", name], check=True, capture_output=True)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= width
    assert any("┤" in line for line in lines) and any("· none" in line for line in lines), shown
    assert "…" not in shown  # no id is cut in the cards table
