"""What a command loads before its first output: start-up is most of a short command's time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from omm_cards.cli.app import main
watched = sys.argv[1].split(",")
sys.argv = ["omm-cards", *sys.argv[2:]]
try:
    main()
except SystemExit as end:
    print("exit", end.code, file=sys.stderr)
print("loaded", *sorted(name for name in watched if name in sys.modules), file=sys.stderr)
"""


def loaded(modules: list[str], args: list[str], stdin: str = "") -> list[str]:
    """The `modules` that running omm-cards with `args` loaded (in a fresh interpreter); the command must
    succeed."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(modules), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    *_, last = run.stderr.splitlines()
    assert run.stderr.splitlines()[-2:-1] in ([], ["exit 0"]), run.stderr
    return last.split()[1:]


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["stats"],
        ["decks", "list"],
        ["cards", "list", "--deck", "starter", "--tag", "topic::fryette"],
        ["report", "--format", "html", "--output", "{out}", "--force"],
    ],
)
def test_common_commands_start_without_pydantic(args: list[str], tmp_path: Path) -> None:
    """pydantic is 90 ms of a start (Typer converts option values with it): the commands people run most
    never load it."""
    args = [a.replace("{out}", str(tmp_path / "r.html")) for a in args]
    assert loaded(["pydantic"], args) == []


def test_the_first_card_is_shown_before_the_answer_checker_and_drills_load() -> None:
    """The typed-answer checker (with its notation parsers) and the rule drills load when first needed."""
    lazy = ["omm_cards.answers", "omm_cards.notation", "omm_cards.drills", "pydantic"]
    assert loaded(lazy, ["review"], stdin="q\n") == []
    assert loaded(lazy, ["due"]) == []


def test_a_review_draws_its_cards_without_rich_and_loads_media_only_for_a_card_opened() -> None:
    """The review screen is drawn by cli/panels: importing Rich was about 30 ms before the first card (of 40
    above `due`), and the media finder is for the `o` key."""
    watched = ["rich", "omm_cards.services.browse"]
    assert loaded(watched, ["review"], stdin="\n5\n\nq\n") == []


def test_stats_draws_its_screen_without_rich_or_a_thread_pool(tmp_path: Path) -> None:
    """`stats` is drawn by cli/panels: Rich (about 30 ms to import, 75 to lay out its tables) and the class
    report's thread pool (about 4 ms) stay unloaded."""
    assert loaded(["rich", "concurrent.futures"], ["stats"]) == []
    assert loaded(["rich"], ["stats", "--json"]) == []


@pytest.mark.parametrize(
    ("args", "unneeded"),
    [
        (["decks", "list"], ["omm_cards.services.library", "omm_cards.interchange", "omm_cards.services.export"]),
        (["cards", "list", "--deck", "starter"], ["omm_cards.services.review", "omm_cards.fsrs"]),
        (["stats"], ["omm_cards.fsrs", "omm_cards.exam_planner", "omm_cards.exam_recall"]),
    ],
    ids=["decks-list", "cards-list", "stats-without-an-exam"],
)
def test_listing_commands_leave_what_they_do_not_use_unloaded(args: list[str], unneeded: list[str]) -> None:
    """`decks list` without the importers and exporters (35 ms), `cards list` without the review session,
    `stats` without FSRS and the exam planner while no exam date is set. (The first command of all imports
    the bundled decks, so it runs first.)"""
    loaded([], ["due"])
    assert loaded(unneeded, args) == []
