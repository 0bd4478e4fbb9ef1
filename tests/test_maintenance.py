"""Backups (daily, on demand, rotated), restore, and the doctor finding and fixing damage."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run

Cli = Callable[..., Run]


def backups(home: Path) -> list[str]:
    folder = home / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def learn(cli: Cli) -> None:
    cli("review", input="5\n4\n5\nT4 FRS R\n\n", now="2026-11-20T09:00:00")
    cli("review", input="1\n4\n5\nT4 FRS R\n\n4\n", now="2026-11-21T09:00:00")


def test_a_backup_once_a_day_on_first_use_and_on_demand(cli: Cli, env: Path) -> None:
    cli("due", now="2026-11-20T08:00:00")
    assert backups(env) == []  # a brand-new database has nothing to save
    cli("due", now="2026-11-20T09:00:00")
    cli("due", now="2026-11-20T10:00:00")
    assert backups(env) == ["omm-cards-2026-11-20T090000-daily.db"]
    assert cli("backup", now="2026-11-20T11:00:00").stdout.startswith("backed up to ")
    assert backups(env)[-1] == "omm-cards-2026-11-20T110000-manual.db"


def test_rotation_keeps_7_daily_4_weekly_6_monthly_and_never_touches_other_kinds(tmp_path: Path) -> None:
    from omm_cards.services.backups import rotate
    from omm_cards.storage import Database

    db = Database(tmp_path / "omm-cards.db")
    folder = tmp_path / "backups"
    folder.mkdir()
    first = date(2026, 1, 1)
    for day in range(330):
        (folder / f"omm-cards-{(first + timedelta(days=day)).isoformat()}T070000-daily.db").touch()
    others = ["omm-cards-2026-01-02T090000-manual.db", "omm-cards-2026-01-03T090000-before-restore.db"]
    for name in others:
        (folder / name).touch()
    gone = rotate(db)
    db.close()
    kept = backups(tmp_path)
    assert len(gone) == 330 - (len(kept) - len(others))
    assert set(others) <= set(kept)
    days = [name[10:20] for name in kept if name.endswith("-daily.db")]
    last = first + timedelta(days=329)
    assert all((last - timedelta(days=d)).isoformat() in days for d in range(7))
    assert len({d[:7] for d in days}) >= 6 and len(days) <= 17


def test_restore_checks_the_file_and_keeps_the_current_database(cli: Cli, env: Path, tmp_path: Path) -> None:
    learn(cli)
    cli("backup", now="2026-11-21T10:00:00")
    saved = env / "backups" / "omm-cards-2026-11-21T100000-manual.db"
    before = cli("cards", "list", "--json").json()
    cli("review", input="5\n" * 5, now="2026-11-22T09:00:00")
    assert cli("cards", "list", "--json").json() != before
    out = cli("restore", str(saved), now="2026-11-22T10:00:00").stdout
    assert "restored" in out and "before-restore" in out
    assert cli("cards", "list", "--json").json() == before
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    result = cli("restore", str(junk), check=False)
    assert result.exit_code == 1 and "not an omm-cards database" in result.stderr
    assert cli("cards", "list", "--json").json() == before


def test_doctor_finds_and_fixes_a_state_that_disagrees_with_the_log(cli: Cli, db_path: Path) -> None:
    learn(cli)
    assert cli("doctor").stdout.strip().endswith("0 problems")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE card_state SET interval = 40, lapses = 3 WHERE card_id = 'starter/hvla-down'")
    conn.execute("UPDATE card_state SET kept_reviews = 9 WHERE card_id = 'starter/t4-frs'")
    conn.commit()
    conn.close()
    result = cli("doctor", check=False)
    assert result.exit_code == 1
    assert "replay: default: starter/hvla-down: interval 40 (log says 6); lapses 3 (log says 0)" in result.stdout
    assert "replay: default: starter/t4-frs: kept_reviews 9 (log says 1)" in result.stdout
    fixed = cli("doctor", "--fix")
    assert "repaired 2 problems" in fixed.stdout and "before-fix" in fixed.stdout
    assert cli("doctor").stdout.strip().endswith("0 problems")
    card = {c["id"]: c for c in cli("cards", "list", "--json").json()}["starter/hvla-down"]
    assert (card["interval"], card["lapses"]) == (6, 0)


def test_doctor_checks_the_day_an_exam_plan_shows_a_card_against_the_log(cli: Cli, db_path: Path) -> None:
    learn(cli)  # starter/hvla-down: interval 6 from 21 November, so SM-2 shows it on the 27th
    cli("exam", "set", "2026-11-25", now="2026-11-21T10:00:00")  # the plan moves it before the exam
    assert cli("doctor", now="2026-11-21T11:00:00").stdout.strip().endswith("0 problems")
    conn = sqlite3.connect(db_path)
    planned = conn.execute("SELECT shown, due FROM card_state WHERE card_id = 'starter/hvla-down'").fetchone()
    assert planned[1] == "2026-11-27" and "2026-11-22" <= planned[0] <= "2026-11-24"
    conn.execute("UPDATE card_state SET shown = due WHERE card_id = 'starter/hvla-down'")
    conn.commit()
    conn.close()
    result = cli("doctor", check=False, now="2026-11-21T11:00:00")
    assert f"starter/hvla-down: shown 2026-11-27 (log says {planned[0]})" in result.stdout
    cli("doctor", "--fix", now="2026-11-21T11:00:00")
    assert cli("doctor", now="2026-11-21T11:00:00").stdout.strip().endswith("0 problems")


def test_doctor_finds_and_rebuilds_student_totals_that_differ_from_the_card_states(cli: Cli, db_path: Path) -> None:
    learn(cli)
    figures = cli("stats", "--json").stdout
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE student_totals SET kept = kept + 5 WHERE kind = 0 AND name = 'technique'")
    conn.execute("DELETE FROM student_totals WHERE kind = 1 AND name = 'thoracic'")
    conn.execute("INSERT INTO student_totals VALUES (1, 1, 'nowhere', 1, 0, 0, 0, 2, 1, 1, 0)")
    conn.commit()
    conn.close()
    assert cli("stats", "--json").stdout != figures  # what stats shows comes from the totals
    result = cli("doctor", check=False)
    assert result.exit_code == 1
    found = [line for line in result.stdout.splitlines() if line.startswith("totals:")]
    assert found == [
        "totals: default's figures: category technique differs from the card states",
        "totals: default's figures: region nowhere differs from the card states",
        "totals: default's figures: region thoracic differs from the card states",
    ]
    fixed = cli("doctor", "--fix")
    assert "repaired 3 problems" in fixed.stdout
    assert cli("doctor").stdout.strip().endswith("0 problems")
    assert cli("stats", "--json").stdout == figures


def test_doctor_fix_with_nothing_it_can_repair_says_so_and_takes_no_backup(cli: Cli, db_path: Path) -> None:
    learn(cli)
    conn = sqlite3.connect(db_path)
    conn.execute("DROP INDEX card_tags_by_tag")  # damage the log cannot repair
    conn.commit()
    conn.close()
    before = sorted(p.name for p in (db_path.parent / "backups").iterdir())
    result = cli("doctor", "--fix", check=False)
    assert result.exit_code == 1
    assert "integrity: database: schema: index card_tags_by_tag: missing" in result.stdout
    assert "None" not in result.stdout and "repaired 0" not in result.stdout
    assert "nothing here can be repaired from the review log" in result.stdout
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == before


def test_doctor_finds_orphans_and_a_schedule_without_a_log(cli: Cli, db_path: Path) -> None:
    learn(cli)
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO reviews (student_id, card_id, reviewed_at, grade, same_day_repeat, repetitions_before,"
        " interval_before, easiness_before, lapses_before, repetitions_after, interval_after, easiness_after,"
        " lapses_after) VALUES (1, 'gone/card', '2026-11-21T09:00:00', 5, 0, 0, 0, 250, 0, 1, 1, 260, 0)"
    )
    conn.execute("DELETE FROM reviews WHERE card_id = 'starter/fryette-one'")
    conn.commit()
    conn.close()
    out = cli("doctor", check=False).stdout
    assert "orphan: reviews: row" in out and "missing cards row" in out
    assert "replay: default: starter/fryette-one: has a schedule but no reviews" in out
    cli("doctor", "--fix")
    assert cli("doctor").stdout.strip().endswith("0 problems")
    card = {c["id"]: c for c in cli("cards", "list", "--json").json()}["starter/fryette-one"]
    assert (card["due"], card["reviews"]) == (None, 0)


def test_doctor_rebuilds_a_missing_state_row_from_the_log(cli: Cli, db_path: Path) -> None:
    learn(cli)
    before = {c["id"]: c for c in cli("cards", "list", "--json").json()}["starter/hvla-down"]
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM card_state WHERE card_id = 'starter/hvla-down'")
    conn.commit()
    conn.close()
    out = cli("doctor", check=False).stdout
    assert "replay: default: starter/hvla-down: repetitions 0 (log says " in out
    assert out.strip().endswith("1 can be repaired from the review log: run omm-cards doctor --fix")
    assert "repaired 1 problem" in cli("doctor", "--fix").stdout
    assert cli("doctor").stdout.strip().endswith("0 problems")
    assert {c["id"]: c for c in cli("cards", "list", "--json").json()}["starter/hvla-down"] == before


@pytest.fixture
def class_of_four(cli: Cli, db_path: Path) -> Path:
    """Four students with logs, every card state of theirs damaged: each student has findings."""
    learn(cli)
    for name in ("ann", "ben", "cat"):
        cli("students", "add", name)
        cli("--student", name, "review", input="5\n4\n5\nT4 FRS R\n\n", now="2026-11-20T09:00:00")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE card_state SET interval = interval + 7, lapses = 2")
    conn.commit()
    conn.close()
    return db_path


def findings(apart_reviews: int) -> tuple[list[tuple[str, str, str]], int, int]:
    """The doctor's findings and counts, with a second process replaying the last students from
    `apart_reviews` reviews on."""
    from datetime import datetime

    from omm_cards.services import doctor
    from omm_cards.services.startup import open_workspace

    threshold = doctor.APART_REVIEWS
    doctor.APART_REVIEWS = apart_reviews

    with open_workspace(
        Path(os.environ["OMM_CARDS_HOME"]) / "omm-cards.db", "default", datetime(2026, 11, 27, 12)
    ) as ws:
        try:
            found = doctor.examine(ws)
            listed = [(f.kind, f.where, f.detail) for f in found]
        finally:
            doctor.APART_REVIEWS = threshold
        return listed, found.cards, found.reviews


def replayed_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The students this process replays (the others were replayed by the second one)."""
    from omm_cards.services import doctor, student_check

    here: list[int] = []
    student = student_check.student_findings

    def spy(*args: Any) -> Any:
        here.append(args[2])
        return student(*args)

    monkeypatch.setattr(doctor, "student_findings", spy)
    return here


def test_students_replayed_in_another_process_give_the_same_findings_in_the_same_order(
    class_of_four: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long log has its last students replayed by a second Python (APART_REVIEWS: from how many reviews);
    the findings, their order and the counts are those of one process."""
    alone = findings(apart_reviews=10**9)
    assert {where.split(":")[0] for _, where, _ in alone[0]} == {"ann", "ben", "cat", "default"}
    here = replayed_here(monkeypatch)
    assert findings(apart_reviews=0) == alone
    assert 1 <= len(here) < 4  # the last students came from the other process


def test_a_log_naming_a_missing_card_is_replayed_here_whatever_its_length(class_of_four: Path) -> None:
    """The helper replays as if no card were missing; when the log names one, this process does it all."""
    conn = sqlite3.connect(class_of_four)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO reviews (student_id, card_id, reviewed_at, grade, same_day_repeat, repetitions_before,"
        " interval_before, easiness_before, lapses_before, repetitions_after, interval_after, easiness_after,"
        " lapses_after) SELECT id, 'gone/card', '2026-11-21T09:00:00', 5, 0, 0, 0, 250, 0, 1, 1, 260, 0 FROM students"
    )
    conn.commit()
    conn.close()
    alone = findings(apart_reviews=10**9)
    assert sum(kind == "orphan" for kind, _, _ in alone[0]) == 4
    assert findings(apart_reviews=0) == alone


def test_when_the_other_process_fails_this_one_replays_its_students(
    class_of_four: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No second Python to start, or one that ends at once, or one that ends after its first message:
    the same findings, from this process."""
    import sys

    alone = findings(apart_reviews=10**9)
    python = sys.executable
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    assert findings(apart_reviews=0) == alone
    monkeypatch.setattr(sys, "executable", "/bin/false")
    assert findings(apart_reviews=0) == alone
    # A second Python that sends its first message, then dies: the rest come from this process.
    here = replayed_here(monkeypatch)
    monkeypatch.setattr(sys, "executable", python)
    monkeypatch.setenv("OMM_DOCTOR_TEST_DIE_AFTER", "1")
    early_exit = tmp_path / "sitecustomize.py"
    early_exit.write_text(
        "import os, pickle, sys\n"
        "if os.environ.get('OMM_DOCTOR_TEST_DIE_AFTER'):\n"
        "    real = pickle.dump\n"
        "    def dump(obj, file, *a, **k):\n"
        "        real(obj, file, *a, **k)\n"
        "        file.flush()\n"
        "        os._exit(3)\n"
        "    pickle.dump = dump\n"
    )
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    assert findings(apart_reviews=0) == alone
    assert len(here) == 4  # it replayed the other process's students too
