"""The review screen tells the truth: no answer before the reveal, notation understood on the bundled
cards, filters that name real things, sessions that explain themselves, mixed new cards, and the
mark, suspend and bury keys, four buttons and the day-start hour."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from omm_cards import deckfile
from omm_cards.deckfile import bundled
from omm_cards.model import TypedBody

from .conftest import Run

Cli = Callable[..., Run]
REAL = {card.id: card for item in deckfile.load_paths(bundled.paths()) for card in item.deck.cards}


def flat(text: str) -> str:
    return " ".join(text.split())


def write_deck(path: Path, deck_id: str, cards: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"id": deck_id, "title": f"Deck {deck_id}", "version": "1", "cards": cards}))
    return path


def test_no_answer_word_shows_before_the_reveal(cli: Cli, tmp_path: Path) -> None:
    deck = write_deck(
        tmp_path / "z.yaml",
        "zoo",
        [{"id": "answer-is-zebra", "category": "anatomy", "source": "x", "front": "Striped horse?", "back": "zebra"}],
    )
    cli("decks", "import", str(deck))
    before = cli("review", "--deck", "zoo", input="q\n").stdout
    assert "zebra" not in before.lower() and "Striped horse?" in before
    assert "Deck zoo · anatomy" in before  # the deck's title and the category instead
    after = cli("review", "--deck", "zoo", input="\nq\n").stdout
    assert "answer · zoo/answer-is-zebra" in after and "source: x" in after


TYPED_FORMS = {
    "spine/notation-t4-frs-typed": ["T4 flexed, rotated and sidebent right", "T4 FRS (R)", "T4: FRS R", "T4 FRSr"],
    "spine/notation-l5-ers-left-from-restriction-typed": ["L5 ERlSl", "L5 E RL SL"],
    "spine/notation-type1-group-typed": ["T7-11 N SL RR", "neutral, sidebent left, rotated right", "T7-T11 NRRSL"],
    "counterstrain/cs-hold-90": ["1.5 minutes", "ninety seconds", "90 sec"],
}


def as_yaml(card_id: str) -> dict[str, Any]:
    card = REAL[card_id]
    body = card.body
    assert isinstance(body, TypedBody)
    fields = {"front": body.front, "answer": body.answer, "accept": list(body.accept), "extra": body.extra}
    return {"id": card.key, "type": "typed", "category": card.category.value, "source": card.source, **fields}


@pytest.mark.parametrize("card_id", list(TYPED_FORMS))
def test_standard_notation_passes_on_the_bundled_typed_cards(cli: Cli, tmp_path: Path, card_id: str) -> None:
    deck = write_deck(tmp_path / "real.yaml", "real", [as_yaml(card_id)])
    cli("decks", "import", str(deck))
    for number, answer in enumerate(TYPED_FORMS[card_id]):
        student = f"s{number}"
        cli("students", "add", student)
        out = cli("--student", student, "review", "--deck", "real", input=f"{answer}\n\n").stdout
        assert "✓ correct" in out, (answer, out)
        state = next(c for c in cli("--student", student, "cards", "list", "--json").json() if c["deck"] == "real")
        assert (state["lapses"], state["repetitions"], state["reviews"]) == (0, 1, 1), answer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "--deck", "startr"], "no deck 'startr'; did you mean 'starter'?"),
        (["review", "--tag", "regoin::thoracic"], "no tag 'regoin::thoracic'; did you mean 'region::thoracic'"),
        (["review", "--category", "diagnosys"], "no category 'diagnosys'; did you mean 'diagnosis'?"),
        (["cards", "list", "--deck", "nosuch"], "no deck 'nosuch'"),
        (["cards", "suspend", "--tag", "nosuch"], "no tag 'nosuch'"),
        (["cards", "unsuspend", "--tag", "nosuch"], "no tag 'nosuch'"),
    ],
)
def test_filters_that_match_nothing_are_errors(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args, check=False, input="q\n")
    assert result.exit_code == 1, result.stdout
    assert message in result.stderr


def test_a_parent_tag_and_a_leech_tag_are_real_filters(cli: Cli) -> None:
    assert cli("review", "--tag", "region", input="q\n").exit_code == 0
    assert cli("cards", "unsuspend", "--tag", "topic::fryette").exit_code == 0


def test_an_empty_session_says_why_with_numbers(cli: Cli) -> None:
    cli("review", "--new", "2", input="\n5\n\n5\n")
    out = flat(cli("review", "--new", "2", input="").stdout)
    assert "Nothing to review now." in out
    assert "Today's new-card limit is reached (2 of 2); 3 new cards left." in out  # the cloze has a sibling
    assert "`omm-cards review --new 5` allows 3 more today" in out
    cli("review", "--deck", "starter", "--category", "principle", "--new", "5", input="\n5\n")
    out = flat(cli("review", "--category", "principle", input="").stdout)
    assert "Nothing is due until 2026-11-28" in out


def test_filters_that_exclude_each_other_say_so(cli: Cli) -> None:
    out = flat(cli("review", "--category", "principle", "--tag", "technique::hvla", input="").stdout)
    assert "No card matches these filters together." in out


def test_new_cards_take_turns_by_type_in_a_fixed_order(cli: Cli, tmp_path: Path) -> None:
    cards: list[dict[str, Any]] = [
        {"id": f"b{i}", "category": "anatomy", "source": "x", "front": f"Basic {i}?", "back": f"B{i}"} for i in range(8)
    ]
    cards += [
        {
            "id": f"m{i}",
            "type": "mcq",
            "category": "diagnosis",
            "source": "x",
            "stem": f"Vignette {i}?",
            "options": [{"text": "Yes", "why": "Right, yes"}, {"text": "No", "why": "Wrong, no"},
                        {"text": "Maybe", "why": "Wrong, maybe"}],
            "answer": "A",
        }
        for i in range(8)
    ]  # fmt: skip
    cards += [
        {"id": f"t{i}", "type": "typed", "category": "anatomy", "source": "x", "front": f"Type {i}?", "answer": "T4"}
        for i in range(8)
    ]
    cli("decks", "import", str(write_deck(tmp_path / "mix.yaml", "mix", cards)))
    first = cli("review", "--deck", "mix", "--new", "6", input="q\n").stdout
    again = cli("review", "--deck", "mix", "--new", "6", input="q\n").stdout
    assert first == again  # the same first card each time
    order = [c["id"] for c in cli("cards", "list", "--deck", "mix", "--json").json()]
    assert order[:3] == ["mix/b0", "mix/b1", "mix/b2"]  # file order in the list
    # The session's first six cards: two of each type, whatever order the types take.
    seen = re.findall(r"answer · mix/([bmt])\d", cli("review", "--deck", "mix", "--new", "6", input="\n3\n" * 6).stdout)
    assert sorted(seen) == ["b", "b", "m", "m", "t", "t"], seen


def test_mark_suspend_and_bury_are_each_undone_by_u(cli: Cli, db_path: Path) -> None:
    out = cli("review", "--category", "principle", input="m\nq\n").stdout
    assert "marked starter/fryette-one" in out
    assert "marked" in cli("cards", "show", "starter/fryette-one").stdout
    cli("review", "--category", "principle", input="m\nu\nq\n")
    tags = next(c for c in cli("cards", "list", "--json").json() if c["id"] == "starter/fryette-one")["tags"]
    assert "marked" in tags  # the first session's mark stays; the second one's mark was undone
    out = cli("review", "--category", "principle", input="s\n").stdout
    assert "suspended starter/fryette-one" in out
    assert next(c for c in cli("cards", "list", "--json").json() if c["id"] == "starter/fryette-one")["suspended"]
    cli("cards", "unsuspend", "starter/fryette-one")
    out = cli("review", "--category", "principle", input="b\n").stdout
    assert "buried starter/fryette-one until 2026-11-28" in out
    assert "Fryette type I" not in cli("review", "--category", "principle", input="q\n").stdout
    assert "Fryette type I" in cli("review", "--category", "principle", input="q\n", now="2026-11-28").stdout
    out = cli("review", "--category", "principle", input="b\nu\n\n5\n", now="2026-11-28").stdout
    assert "undid starter/fryette-one" in out and "graded 5" in out
    conn = sqlite3.connect(db_path)
    buried = conn.execute("SELECT buried_until FROM card_state WHERE card_id = 'starter/fryette-one'").fetchone()
    conn.close()
    assert buried == (None,)


def test_four_buttons_grade_again_hard_good_easy(cli: Cli) -> None:
    assert "4 buttons" in cli("settings", "--buttons", "4").stdout
    out = cli("review", "--category", "principle", input="\n1\n\n3\n").stdout
    assert "1 Again · 2 Hard · 3 Good · 4 Easy" in out
    assert "graded Again" in out and "graded Good (same-day repeat)" in out
    assert "Again: 1" in flat(out) and "Good: 1" in flat(out)
    state = next(c for c in cli("cards", "list", "--json").json() if c["id"] == "starter/fryette-one")
    assert (state["lapses"], state["interval"]) == (1, 1)  # Again is SM-2's 1: a lapse
    out = cli("review", "--category", "principle", input="\n4\n", now="2026-11-28").stdout
    state = next(c for c in cli("cards", "list", "--json").json() if c["id"] == "starter/fryette-one")
    assert "graded Easy" in out and state["easiness"] == 2.6  # Easy is SM-2's 5: +0.10
    out = cli("review", "--category", "diagnosis", input="T4 FRS R\n5\n\n").stdout
    assert "Enter = Easy" in out  # a quick correct answer suggests 5, named as its button
    bad = cli("settings", "--buttons", "5", check=False)
    assert bad.exit_code == 1 and "choose 4" in bad.stderr


def test_a_review_at_1_am_counts_for_the_day_before(cli: Cli) -> None:
    cli("review", "--category", "principle", input="\n5\n", now="2026-11-28T01:00:00")
    state = next(c for c in cli("cards", "list", "--json").json() if c["id"] == "starter/fryette-one")
    assert state["due"] == "2026-11-28"  # reviewed on the study day 11-27: due one day later
    assert cli("due", "--json", now="2026-11-28T03:59:00").json()["today"] == "2026-11-27"
    assert cli("due", "--json", now="2026-11-28T04:00:00").json()["due"] == 1
    cli("settings", "--day-starts-at", "0")
    assert cli("due", "--json", now="2026-11-28T01:00:00").json()["today"] == "2026-11-28"
    assert cli("doctor", now="2026-11-28T05:00:00").stdout.strip().endswith("0 problems")


def test_stray_keys_in_piped_mode_hint_once_per_card(cli: Cli) -> None:
    out = cli("review", "--category", "principle", input="x\ny\nz\nq\n").stdout
    assert out.count("keys: Enter shows the answer") == 1
