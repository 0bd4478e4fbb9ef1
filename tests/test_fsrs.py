"""FSRS as a per-student scheduler beside exact SM-2: switching, fitting, exam-day recall and the planner."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from omm_cards import fsrs
from omm_cards.exam_planner import Memory, review_long_term, review_same_day

from .conftest import Run

Cli = Callable[..., Run]


def cards(cli: Cli) -> dict[str, dict[str, object]]:
    return {c["id"]: c for c in cli("cards", "list", "--json").json()}


def learn(cli: Cli) -> None:
    for day in ("2026-11-20", "2026-11-21", "2026-11-23"):
        cli("review", input="\n4\n" * 6 + "q\n", now=f"{day}T09:00:00")


def test_fsrs_memory_matches_its_own_update_rules() -> None:
    w = fsrs.DEFAULT_PARAMETERS
    first = fsrs.memory([(10, 4)], w)
    assert first is not None and first.stability == pytest.approx(w[2]) and first.last_day == 10
    same = fsrs.memory([(10, 4), (10, 5)], w)
    assert same is not None and same.stability == pytest.approx(
        review_same_day(first.stability, first.difficulty, 4, w)[0]
    )
    later = fsrs.memory([(10, 4), (13, 3)], w)
    expect, _ = review_long_term(Memory(first.stability, first.difficulty, 3), 2, w)
    assert later is not None and later.stability == pytest.approx(expect)
    assert fsrs.interval(later.stability, 0.9, w) == round(later.stability)  # R = 0.9 at t = S, by definition
    assert [fsrs.rating(g) for g in range(6)] == [1, 1, 1, 2, 3, 4]


def test_switching_scheduler_and_back_loses_nothing_and_doctor_stays_clean(cli: Cli) -> None:
    learn(cli)
    sm2 = cards(cli)
    out = cli("scheduler", "fsrs", now="2026-11-23T10:00:00").stdout
    assert "FSRS-6 schedules your reviews at 0.90 retention (default parameters)" in out
    under_fsrs = cards(cli)
    assert any(under_fsrs[i]["due"] != sm2[i]["due"] for i in sm2 if sm2[i]["reviews"])
    assert all(under_fsrs[i]["sm2_due"] == sm2[i]["sm2_due"] for i in sm2)  # SM-2's own state untouched
    assert cli("doctor", now="2026-11-23T10:00:00").stdout.strip().endswith(" 0 problems")
    cli("review", input="\n4\n" * 4 + "q\n", now="2026-11-30T09:00:00")  # graded under FSRS
    assert cli("doctor", now="2026-11-30T10:00:00").stdout.strip().endswith(" 0 problems")
    cli("scheduler", "sm2", now="2026-11-30T10:00:00")
    back = cards(cli)
    assert all(c["due"] == c["sm2_due"] for c in back.values())
    assert cli("doctor", now="2026-11-30T10:00:00").stdout.strip().endswith(" 0 problems")


@pytest.mark.parametrize(("args", "message"), [
    (["scheduler", "fsrs", "--retention", "0.99"], "choose a desired retention from 0.7 to 0.97"),
    (["scheduler", "fsrs", "--retention", "nan"], "choose a desired retention"),
    (["scheduler", "anki"], "no scheduler 'anki'"),
    (["optimize"], "fitting FSRS needs at least 400"),
])  # fmt: skip
def test_bad_scheduler_input_is_a_clear_error_and_changes_nothing(
    cli: Cli, db_path: Path, args: list[str], message: str
) -> None:
    learn(cli)
    before = list(sqlite3.connect(db_path).iterdump())
    result = cli(*args, check=False)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert list(sqlite3.connect(db_path).iterdump()) == before


def plant_log(cli: Cli, tmp_path: Path, db_path: Path, reviews: int) -> None:
    """A student's history drawn from FSRS's own model, on a deck of its own: enough later-day reviews to fit."""
    deck = tmp_path / "fit.yaml"
    count = reviews // 8 + 1
    deck.write_text(
        "id: fit\ntitle: Fit\nversion: '1'\ncards:\n"
        + "".join(f"  - {{id: c{i}, category: anatomy, front: 'Fit {i}?', back: 'A{i}'}}\n" for i in range(count))
    )
    cli("decks", "import", str(deck))
    rng = random.Random(7)
    w = fsrs.DEFAULT_PARAMETERS
    conn = sqlite3.connect(db_path)
    card_ids = [row[0] for row in conn.execute("SELECT id FROM cards WHERE deck_id = 'fit'")]
    start = datetime(2026, 1, 1, 9)
    made = 0
    for n, card_id in enumerate(card_ids):
        day, history = 0, list[tuple[int, int]]()
        for _ in range(8):
            state = fsrs.memory(history, w)
            if state is None:
                grade = 4
            else:
                day += fsrs.interval(state.stability, 0.9, w) + rng.randint(-1, 2)
                grade = 4 if rng.random() < fsrs.recall(state, day, w) else 1
            history.append((day, grade))
            when = (start + timedelta(days=day, minutes=n)).isoformat()
            conn.execute(
                """INSERT INTO reviews (student_id, card_id, reviewed_at, grade, same_day_repeat, repetitions_before,
                     interval_before, easiness_before, lapses_before, repetitions_after, interval_after,
                     easiness_after, lapses_after) VALUES (1, ?, ?, ?, 0, 0, 0, 250, 0, 0, 0, 250, 0)""",
                (card_id, when, grade),
            )
            made += 1
    conn.commit()
    conn.close()


def test_optimize_fits_the_students_own_log_and_says_how_well(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("due")
    plant_log(cli, tmp_path, db_path, 900)
    out = " ".join(cli("optimize", now="2026-11-27T10:00:00").stdout.split())
    assert "Fitted FSRS-6 to" in out and "log loss" in out and "default parameters" in out
    stored = sqlite3.connect(db_path).execute("SELECT fsrs_fit FROM students WHERE id = 1").fetchone()[0]
    assert '"version": 6' in stored and '"fitted_on": "2026-11-27"' in stored
    assert "parameters fitted on 2026-11-27" in cli("scheduler", "fsrs").stdout


def test_a_fit_from_a_newer_fsrs_is_refused(cli: Cli, db_path: Path) -> None:
    learn(cli)
    conn = sqlite3.connect(db_path)
    fit = '{"version": 7, "parameters": [1.0], "fitted_on": "2026-11-01", "reviews": 1, "log_loss": 0.3,'
    fit += ' "default_log_loss": 0.4}'
    conn.execute("UPDATE students SET fsrs_fit = ?, scheduler = 'fsrs' WHERE id = 1", (fit,))
    conn.commit()
    conn.close()
    result = cli("review", input="\n4\n", check=False, now="2026-11-24T09:00:00")
    assert result.exit_code == 1 and "for FSRS-7; this omm-cards uses FSRS-6" in result.stderr


def test_exam_day_recall_is_predicted_by_category_and_region(cli: Cli) -> None:
    learn(cli)
    cli("exam", "set", "2027-01-15")
    shown = " ".join(cli("exam", "show").stdout.split())
    assert "Predicted recall on 2027-01-15 if you keep to the plan (SM-2):" in shown
    assert "by category:" in shown and "by region:" in shown
    data = cli("stats", "--json").json()["exam_recall"]
    assert data["scheduler"] == "sm2" and 0 < data["recall"] <= 1 and data["cards"] == 5
    cli("scheduler", "fsrs")
    fsrs_data = cli("stats", "--json").json()["exam_recall"]
    assert fsrs_data["scheduler"] == "fsrs" and 0 < fsrs_data["recall"] <= 1
    assert set(fsrs_data["by_category"]) == set(data["by_category"])


def test_under_fsrs_the_exam_planner_fills_the_review_limit_and_says_what_did_not_fit(cli: Cli, tmp_path: Path) -> None:
    deck = tmp_path / "many.yaml"
    deck.write_text(
        "id: many\ntitle: Many\nversion: '1'\ncards:\n"
        + "".join(f"  - {{id: c{i}, category: anatomy, front: 'Q{i}?', back: 'A{i}'}}\n" for i in range(30))
    )
    cli("decks", "import", str(deck))
    cli("review", "--deck", "many", "--new", "30", input="\n4\n" * 30, now="2026-11-20T09:00:00")
    cli("scheduler", "fsrs", now="2026-11-27T08:00:00")
    cli("exam", "set", "2026-12-05", now="2026-11-27T08:00:00")
    out = " ".join(
        cli("review", "--deck", "many", "--reviews", "5", input="\n4\n" * 5, now="2026-11-27T09:00:00").stdout.split()
    )
    assert "Reviewed 5 cards" in out
    assert "due cards did not fit today's review limit" in out


def test_reports_show_each_students_exam_day_recall(cli: Cli, tmp_path: Path) -> None:
    learn(cli)
    cli("exam", "set", "2027-01-15")
    data = cli("report", "--format", "json").json()
    student = data["students"][0]
    assert student["exam"] == "2027-01-15" and 0 < student["exam_recall"] <= 1
    assert "Exam 2027-01-15: predicted recall" in cli("report").stdout
    assert "predicted recall" in cli("report", "--format", "html").stdout
    exported = tmp_path / "me.json"
    cli("report", "--format", "json", "-o", str(exported))
    merged = cli("report", "--from", str(exported), "--format", "json").json()  # reads back, schema and all
    assert merged["students"][0]["exam_recall"] == student["exam_recall"]
