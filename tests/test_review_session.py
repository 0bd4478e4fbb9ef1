"""ReviewSession below the CLI: grades, same-day repeats, undo, card actions and sibling burying, as tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from omm_cards.model import CardFilter
from omm_cards.services.review import Act, ReviewSession, start_review
from omm_cards.services.startup import open_workspace
from omm_cards.services.workspace import Workspace

NOW = datetime(2026, 11, 27, 9, 0)
EVERY_CARD = CardFilter()  # the starter deck: four notes, five cards


@pytest.fixture
def ws(env: Path) -> Iterator[Workspace]:
    with open_workspace(env / "omm-cards.db", "default", NOW) as workspace:
        yield workspace


def session(ws: Workspace) -> ReviewSession:
    return start_review(ws, EVERY_CARD)


def ids(s: ReviewSession) -> list[str]:
    return [card.id for card in s.queue]


def step(s: ReviewSession, move: str) -> None:
    """`5`: grade 5; `u`: undo; `m`, `s`, `b`: mark, suspend, bury."""
    if move.isdigit():
        s.grade(int(move), seconds=1.0)
    elif move == "u":
        s.undo()
    else:
        s.act({"m": Act.MARK, "s": Act.SUSPEND, "b": Act.BURY}[move])


# (moves, what the first card's state is after them: (repetitions, interval, lapses, reviews) or None if
# untouched, where the first card now stands in the queue (None: gone), and the queue's length)
TABLE = [
    ("5", (1, 1, 0, 1), None, 3),
    ("2", (0, 1, 1, 1), 3, 4),  # a miss: the card comes back at the end
    ("24", (0, 1, 1, 1), 2, 3),  # the next card scores 4 and goes; the missed one still waits
    ("25554", (0, 1, 1, 2), None, 0),  # ... until it scores 4 itself (the repeat changes no schedule)
    ("5u", None, 0, 4),
    ("2u", None, 0, 4),
    ("24uu", None, 0, 4),
    ("m", None, 0, 4),  # marking keeps the card where it is
    ("s", None, None, 3),
    ("su", None, 0, 4),
    ("b", None, None, 3),
    ("2555b", (0, 1, 1, 1), None, 0),  # burying a missed card takes its repeat away too
    ("2555bu", (0, 1, 1, 1), 0, 1),  # ... and undoing the burial brings the repeat back
    ("2555buuuuu", None, 0, 4),
]


@pytest.mark.parametrize(("moves", "state", "place", "length"), TABLE, ids=[t[0] for t in TABLE])
def test_grades_undo_and_actions(
    ws: Workspace, moves: str, state: tuple[int, int, int, int] | None, place: int | None, length: int
) -> None:
    s = session(ws)
    first = s.queue[0]
    assert len(s.queue) == 4  # one card per note: the cloze's second deletion waits
    for move in moves:
        step(s, move)
    with ws.read() as repo:
        progress = repo.progress(ws.student_id, first.id)
    got = None
    if progress is not None and progress.reviews:
        got = (progress.state.repetitions, progress.state.interval, progress.state.lapses, progress.reviews)
    assert got == state
    assert (ids(s).index(first.id) if first.id in ids(s) else None) == place
    assert len(s.queue) == length


def test_undo_restores_the_queue_and_the_log_exactly(ws: Workspace) -> None:
    s = session(ws)
    before = ids(s)
    for move in "25m4bsu":
        step(s, move)
    while s.history:
        s.undo()
    assert ids(s) == before
    with ws.read() as repo:
        assert [repo.progress(ws.student_id, i) for i in before] == [None] * len(before)
        assert repo.reviewed_since(ws.student_id, NOW.replace(hour=0)) == 0


def test_a_cloze_siblings_wait_until_tomorrow(ws: Workspace) -> None:
    s = session(ws)
    cloze = next(card for card in s.queue if card.key.startswith("counterstrain-hold"))
    while s.current is not None and s.current.id != cloze.id:
        s.grade(5)
    s.grade(5)
    again = session(ws)
    assert not any(card.key.startswith("counterstrain-hold") for card in again.queue)
