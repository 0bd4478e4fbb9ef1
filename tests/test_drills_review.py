"""Rule drills in the review: a fresh instance each review under one SM-2 schedule per rule."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from omm_cards.cli import review as review_cli
from omm_cards.model import LETTERS, CardFilter, McqBody, TypedBody
from omm_cards.services.review import start_review
from omm_cards.services.startup import open_workspace

from .conftest import Run

Cli = Callable[..., Run]
DRILLS = Path(__file__).resolve().parent.parent / "decks" / "drills.yaml"
WHERE = CardFilter(decks=("drills",))


class Unshuffled(random.Random):
    def shuffle(self, x: list[object]) -> None:  # type: ignore[override]
        """Options in the order the generator wrote them, so a test knows the key's letter."""


def scripted_answers(env: Path, now: datetime, right: bool) -> tuple[str, dict[str, str]]:
    """The piped input that answers today's instance of every drill, rightly or wrongly, in queue order."""
    lines, kinds = [], {}
    with open_workspace(env / "omm-cards.db", "default", now) as ws:
        session = start_review(ws, WHERE)
        for card in list(session.queue):
            shown = session.shown(card)
            if isinstance(shown.body, McqBody):
                key = shown.body.answer
                pick = key if right else (key + 1) % len(shown.body.options)
                lines += [LETTERS[pick], ""]
                kinds[card.id] = "mcq"
            else:
                assert isinstance(shown.body, TypedBody)
                lines += [shown.body.answer if right else "zzz not it", ""]
                kinds[card.id] = "typed"
    return "".join(f"{line}\n" for line in lines), kinds


def states(cli: Cli) -> dict[str, dict[str, object]]:
    return {c["id"]: c for c in cli("cards", "list", "--deck", "drills", "--json").json()}


def test_every_rule_drills_in_review_and_schedules_as_sm2_says(
    cli: Cli, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_cli, "new_rng", Unshuffled)
    cli("decks", "import", str(DRILLS))
    assert len(states(cli)) == 9
    script, kinds = scripted_answers(env, datetime(2026, 11, 27, 12), right=True)
    out = cli("review", "--deck", "drills", input=script).stdout
    assert "Reviewed 9 cards" in " ".join(out.split())
    for card_id, state in states(cli).items():
        # a right typed answer, given at once, is suggested 5 (EF +0.1); a right pick is suggested 4
        expected = 2.6 if kinds[card_id] == "typed" else 2.5
        assert (state["repetitions"], state["interval"], state["easiness"], state["lapses"]) == (1, 1, expected, 0)
    # The next day brings a new instance of each rule; wrong answers are lapses, as SM-2 says.
    script, _ = scripted_answers(env, datetime(2026, 11, 28, 12), right=False)
    cli("review", "--deck", "drills", input=script + "4\n" * 20, now="2026-11-28")
    for state in states(cli).values():
        assert (state["repetitions"], state["interval"], state["lapses"]) == (0, 1, 1)


def test_an_instance_is_fixed_for_a_review_and_new_for_the_next(cli: Cli, env: Path) -> None:
    cli("decks", "import", str(DRILLS))
    now = datetime(2026, 11, 27, 12)
    with open_workspace(env / "omm-cards.db", "default", now) as ws:
        session = start_review(ws, WHERE)
        card = session.queue[0]
        first = session.shown(card).front()
        assert session.shown(card).front() == first  # the same review shows the same question
        session.grade(5)
        session.undo()
        assert session.shown(card).front() == first  # undo brings back the very same question
        session.grade(5)
        seen = {first}
        for day in range(1, 6):
            later = now + timedelta(days=day)
            with open_workspace(env / "omm-cards.db", "default", later) as next_ws:
                again = start_review(next_ws, CardFilter(decks=("drills",)), new_per_day=0)
                if again.queue and again.queue[0].id == card.id:
                    seen.add(again.shown(card).front())
                    again.grade(5)
        assert len(seen) >= 2  # reviews after the first drew new instances


def test_the_drills_deck_ships_with_the_bundled_decks() -> None:
    from omm_cards import deckfile
    from omm_cards.drills import RULES

    deck = deckfile.load_file(DRILLS).deck
    assert {card.body.rule for card in deck.cards if hasattr(card.body, "rule")} == set(RULES)
