"""Board-style questions, typed answers, siblings, undo chains, leeches, cram, limits and exam plans,
each driven through the piped review protocol with the clock fixed."""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run

Cli = Callable[..., Run]


def deck_file(tmp_path: Path, cards: int, deck_id: str = "drill") -> Path:
    path = tmp_path / f"{deck_id}.yaml"
    body = "".join(
        f"  - {{id: c{i:03d}, category: anatomy, tags: [topic::t{i % 3}], front: 'Q{i}', back: 'A{i}'}}\n"
        for i in range(cards)
    )
    path.write_text(f"id: {deck_id}\ntitle: Drill\nversion: '1'\ncards:\n{body}")
    return path


def cards(cli: Cli) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in cli("cards", "list", "--json").json()}


def table(db_path: Path, name: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def letter_of(output: str, text: str) -> str:
    match = re.search(rf"([A-F])\. {re.escape(text)}", output)
    assert match, output
    return match.group(1).lower()


@pytest.fixture
def same_shuffle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every session shuffles options the same way, so a test can read the order, then answer."""
    from omm_cards.cli import review

    monkeypatch.setattr(review, "new_rng", lambda: random.Random(7))


@pytest.mark.usefixtures("same_shuffle")
def test_multiple_choice_suggests_the_grade_from_the_pick(cli: Cli) -> None:
    args = ("review", "--category", "contraindication")
    shown = cli(*args, input="q\n").stdout
    right = letter_of(shown, "Cervical HVLA")
    out = cli(*args, input=f"{right}\n\n").stdout
    assert "Enter = 4" in out and "graded 4" in out
    assert "✓ " in out and "Atlantoaxial instability." in out and "Indirect and gentle." in out
    card = cards(cli)["starter/hvla-down"]
    assert (card["repetitions"], card["easiness"]) == (1, 2.5)


@pytest.mark.usefixtures("same_shuffle")
def test_multiple_choice_wrong_pick_and_an_override(cli: Cli) -> None:
    args = ("review", "--category", "contraindication")
    wrong = letter_of(cli(*args, input="q\n").stdout, "Soft tissue")
    out = cli(*args, input=f"{wrong}\n5\n").stdout
    assert "You chose" in out and "Enter = 1" in out and "graded 5" in out


def test_options_are_shuffled_afresh(cli: Cli) -> None:
    orders = set()
    for _ in range(12):
        out = cli("review", "--category", "contraindication", input="q\n").stdout
        orders.add(tuple(re.findall(r"[A-C]\. (Counterstrain|Cervical HVLA|Soft tissue)", out)))
    assert len(orders) > 1


def test_typed_answers_are_checked_with_omm_notation(cli: Cli) -> None:
    args = ("review", "--category", "diagnosis")
    out = cli(*args, input="t4 frs right\n\n").stdout
    assert "✓ correct" in out and "graded 5" in out  # typed at once (the tests' clock): the suggestion is 5
    out = cli(*args, "--cram", input="T4 flexed, rotated and sidebent right\n\n").stdout
    assert "✓ correct" in out
    out = cli(*args, "--cram", input="T4 ERS R\n\n").stdout
    assert "✗ wrong" in out and "motion: you wrote extended, answer flexed" in out and "graded 1" in out
    out = cli(*args, "--cram", input="FRS R\n\n").stdout
    assert "~ almost" in out and "level: missing (answer T4)" in out and "graded 2" in out


def test_a_slow_correct_answer_suggests_4(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from omm_cards.cli import review

    ticks = iter(range(0, 10_000, 30))  # every reading of the clock is 30 s after the last
    monkeypatch.setattr(review, "clock", lambda: float(next(ticks)))
    out = cli("review", "--category", "diagnosis", input="T4: FRS (R)\n\n").stdout
    assert "✓ correct" in out and "graded 4" in out


def test_cloze_siblings_are_buried_until_tomorrow(cli: Cli) -> None:
    out = cli("review", "--tag", "technique::counterstrain", input="5\n").stdout
    assert "starter/counterstrain-hold " in out and "counterstrain-hold-c2" not in out
    assert "Nothing to review now." in cli("review", "--tag", "technique::counterstrain", input="").stdout
    out = cli("review", "--tag", "technique::counterstrain", input="5\n", now="2026-11-28").stdout
    assert "starter/counterstrain-hold " in out and "counterstrain-hold-c2" not in out
    out = cli("review", "--tag", "technique::counterstrain", input="5\n", now="2026-11-29").stdout
    assert "starter/counterstrain-hold-c2" in out and "starter/counterstrain-hold " not in out


def test_an_undo_chain_restores_every_state_and_log_row(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("decks", "import", str(deck_file(tmp_path, 14)))
    cli("review", "--deck", "drill", "--limit", "14", input="5\n" * 14)
    before_state, before_log = table(db_path, "card_state"), table(db_path, "reviews")
    grades = "4\n2\n5\n3\n1\n4\n5\n0\n4\n5\n4\n4\n"
    out = cli("review", "--deck", "drill", input=grades + "u\n" * 12 + "q\n", now="2026-11-28").stdout
    assert out.count("undid drill/") == 12
    assert table(db_path, "card_state") == before_state
    assert table(db_path, "reviews") == before_log


def test_a_card_reaching_8_lapses_becomes_a_suspended_leech(cli: Cli) -> None:
    day = date(2026, 11, 27)
    args = ("review", "--deck", "starter", "--tag", "topic::fryette", "--category", "principle")
    for lapse in range(8):
        out = cli(*args, input="1\n5\n", now=(day + timedelta(days=lapse)).isoformat()).stdout
    card = cards(cli)["starter/fryette-one"]
    assert card["lapses"] == 8 and card["suspended"] is True and "leech" in card["tags"]
    assert "leech starter/fryette-one" in out
    assert "starter/fryette-one" not in cli(*args, input="q\n", now="2026-12-10").stdout
    cli("cards", "unsuspend", "--tag", "leech")
    assert cards(cli)["starter/fryette-one"]["suspended"] is False


def test_cram_leaves_every_schedule_byte_for_byte(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("decks", "import", str(deck_file(tmp_path, 6)))
    cli("review", "--deck", "drill", input="5\n3\n4\n5\n4\n5\n4\n4\n")
    before = table(db_path, "card_state")
    logged = len(table(db_path, "reviews"))
    crammed = "1\n2\n5\n5\n5\n5\n5\nu\n4\n4\n"  # two misses come back; one grade is undone
    out = cli("review", "--deck", "drill", "--cram", input=crammed, now="2026-11-29").stdout
    assert "Cram session: no schedule was changed." in out
    assert table(db_path, "card_state") == before
    rows = table(db_path, "reviews")[logged:]
    assert [row[4] for row in rows] == [1, 2, 5, 5, 5, 5, 4, 4]
    assert all(row[-2] == 1 and row[-1] == 0 for row in rows)  # cram, and not imported


def test_daily_limits_are_configurable_and_overridable(cli: Cli, tmp_path: Path) -> None:
    cli("decks", "import", str(deck_file(tmp_path, 30)))
    assert cli("limits").stdout.strip() == "20 new cards and 200 reviews a day."
    cli("limits", "--new", "3", "--reviews", "2")
    assert cli("due", "--json").json()["new"] == 3
    cli("review", input="5\n" * 3)
    assert cli("due", "--json").json()["new"] == 0
    cli("review", "--new", "5", input="5\n" * 2)
    out = cli("review", input="5\n" * 9, now="2026-11-28").stdout
    assert out.count("graded 5") == 2 + 3  # two reviews (the limit), then three new cards
    assert cli("due", now="2026-11-28").stdout.startswith("0 due (+3 over today's review limit)")


def test_exam_plan_moves_dates_before_the_exam_and_paces_new_cards(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("decks", "import", str(deck_file(tmp_path, 60)))
    today, exam = date(2026, 11, 27), date(2026, 12, 27)
    assert cli("exam", "set", "2026-11-27", check=False).exit_code == 1
    out = cli("exam", "set", exam.isoformat()).stdout
    # 65 new cards (60 + the starter's 5) over the 24 days to 2026-12-20: ceil(65/24) = 3 < 20 a day.
    assert "20 new/day finishes on 2026-11-30 (deadline 2026-12-20)" in out
    cli("limits", "--new", "0")
    plan = cli("due", "--json").json()["exam"]
    assert (plan["new_per_day"], plan["deadline"], plan["finish"]) == (3, "2026-12-20", "2026-12-18")
    day = today
    while day < exam:
        cli("review", input="5\n" * 200, now=day.isoformat())
        day += timedelta(days=1)
        late = {i: c["due"] for i, c in cards(cli).items() if c["due"] and date.fromisoformat(c["due"]) > exam}
        assert late == {}, day
    introduced = [row for row in table(db_path, "reviews") if row[10] is None]  # due_before
    assert len(introduced) == 65
    assert max(date.fromisoformat(row[3][:10]) for row in introduced) <= exam - timedelta(days=7)
    # SM-2's own dates are untouched: clearing the exam brings them back.
    conn = sqlite3.connect(db_path)
    sm2 = dict(conn.execute("SELECT card_id, due FROM card_state").fetchall())
    conn.close()
    cli("exam", "clear")
    assert {c["id"]: c["due"] for c in cards(cli).values() if c["due"]} == sm2
    assert cli("exam", "show").stdout.strip() == "No exam date set."


def test_a_passed_exam_is_cleared(cli: Cli) -> None:
    cli("exam", "set", "2026-12-01")
    assert "Exam 2026-12-01 in 4 days" in cli("exam", "show").stdout
    assert cli("exam", "show", now="2026-12-02").stdout.strip() == "No exam date set."


def test_the_summary_counts_grades_time_and_the_week_ahead(cli: Cli) -> None:
    out = cli("review", "--limit", "3", input="5\n2\n5\n4\n", now="2026-11-27T08:00:00").stdout
    text = " ".join(out.split())
    assert "Reviewed 3 cards in 4 answers (5: 2, 4: 1, 2: 1); accuracy 67%" in text
    assert re.search(r"time \dm \d\ds", text)
    assert "Due tomorrow: 3. Next 7 days: Sat 3, Sun 0, Mon 0" in text


@pytest.mark.parametrize("width", [60, 120])
def test_review_renders_at_narrow_and_wide_widths(cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("review", "--category", "contraindication", input="a\n\n").stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert "[bold]" not in out and "[/" not in out.replace("[/bold]", "")
