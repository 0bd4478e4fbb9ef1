from __future__ import annotations

import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from omm_cards.deckfile import bundled

from .conftest import DATA, TODAY, Run

Cli = Callable[..., Run]

COMMANDS = [
    [],
    ["review"],
    ["due"],
    ["limits"],
    ["settings"],
    ["scheduler"],
    ["optimize"],
    ["decks"],
    ["decks", "list"],
    ["decks", "import"],
    ["decks", "validate"],
    ["decks", "export"],
    ["cards"],
    ["cards", "list"],
    ["cards", "show"],
    ["cards", "suspend"],
    ["cards", "unsuspend"],
    ["exam"],
    ["exam", "set"],
    ["exam", "show"],
    ["exam", "clear"],
    ["stats"],
    ["students"],
    ["students", "list"],
    ["students", "add"],
    ["students", "rename"],
    ["students", "remove"],
    ["report"],
    ["backup"],
    ["backup", "list"],
    ["backup", "prune"],
    ["restore"],
    ["doctor"],
    ["drills"],
    ["drills", "list"],
    ["drills", "sample"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_every_command_has_help(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert "Usage:" in result.stdout
    assert "Example:" in result.stdout or not command or command in (["decks"], ["cards"], ["exam"], ["students"])


def test_version(cli: Cli) -> None:
    assert cli("--version").stdout.startswith("omm-cards ")


def test_usage_error_exits_2(cli: Cli) -> None:
    result = cli("review", "--limit", "zero", check=False)
    assert result.exit_code == 2


def state_of(cli: Cli, card_id: str) -> dict[str, Any]:
    cards: dict[str, dict[str, Any]] = {c["id"]: c for c in cli("cards", "list", "--json").json()}
    return cards[card_id]


def test_bundled_decks_load_on_first_use(cli: Cli) -> None:
    decks = cli("decks", "list", "--json").json()
    assert [(d["id"], d["cards"], d["new"], d["due"]) for d in decks] == [("starter", 5, 5, 0)]


def test_decks_list_counts_new_and_due_cards_per_deck(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cards, new and due per deck, with studied, suspended and retired cards in two decks."""
    import yaml

    cli("review", "--deck", "starter", "--limit", "1", input="5\n")  # one card due tomorrow
    cli("cards", "suspend", "starter/fryette-one")  # never studied, suspended: not new
    mine = yaml.safe_load((DATA / "decks" / "mine.yaml").read_text())
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(mine))
    cli("decks", "import", str(path))
    cli("review", "--deck", "mine", "--limit", "2", input="5\n5\n")
    reviewed = [c["id"] for c in cli("cards", "list", "--json", "--deck", "mine").json() if c["reviews"]]
    mine["cards"] = [c for c in mine["cards"] if f"mine/{c['id']}" != reviewed[0]]  # one studied card retired
    path.write_text(yaml.safe_dump(mine))
    cli("decks", "import", str(path), "--yes")

    def counts() -> list[tuple[str, int, int, int]]:
        return [(d["id"], d["cards"], d["new"], d["due"]) for d in cli("decks", "list", "--json").json()]

    assert counts() == [("mine", 2, 1, 0), ("starter", 5, 3, 0)]
    monkeypatch.setenv("OMM_CARDS_NOW", "2026-11-28T09:00:00")
    assert counts() == [("mine", 2, 1, 1), ("starter", 5, 3, 1)]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_decks_list_fits_the_terminal_wrapping_titles_at_words(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    import yaml

    from omm_cards.cli import render

    title = "Techniques: mechanisms, indications and contraindications of every region"
    path = tmp_path / "long.yaml"
    card = {"id": "c", "source": "s", "category": "technique", "front": "Q?", "back": "A"}
    path.write_text(yaml.safe_dump({"id": "a-deck-with-a-long-id", "title": title, "version": "1", "cards": [card]}))
    cli("decks", "import", str(path))
    monkeypatch.setattr(render, "terminal_width", lambda: width)
    lines = cli("decks", "list").stdout.splitlines()
    assert max(len(line) for line in lines) <= width, "\n".join(lines)
    assert any("│ a-deck-with-a-long-id │" in line for line in lines)  # the first column is never cut
    column = [line.split("│")[2].strip() for line in lines if line.count("│") > 2]
    wrapped = " ".join(column)
    assert title.replace(" ", "") in wrapped.replace(" ", "")  # all of it, in order
    if width >= 80:
        assert title in wrapped  # with room for its longest word, no word is split


def test_cards_list_json_has_the_contract_fields(cli: Cli) -> None:
    card = state_of(cli, "starter/fryette-one")
    assert card == {
        "id": "starter/fryette-one",
        "deck": "starter",
        "category": "principle",
        "type": "basic",
        "tags": ["region::thoracic", "topic::fryette"],
        "source": "AACOM Glossary of Osteopathic Terminology",
        "front": "Fryette type I: sidebending and rotation couple to which sides?",
        "back": "Opposite sides [group curve]",
        "extra": "",
        "suspended": False,
        "repetitions": 0,
        "interval": 0,
        "easiness": 2.5,
        "due": None,
        "sm2_due": None,
        "lapses": 0,
        "reviews": 0,
    }


def test_a_scripted_session_produces_exact_sm2_states(cli: Cli) -> None:
    card = "starter/fryette-one"
    args = ("review", "--deck", "starter", "--category", "principle", "--limit", "1")
    assert state_of(cli, card)["reviews"] == 0
    cli(*args, input="\n5\n", now="2026-11-27")
    got = state_of(cli, card)
    assert (got["repetitions"], got["interval"], got["easiness"], got["due"]) == (1, 1, 2.6, "2026-11-28")
    cli(*args, input="\n5\n", now="2026-11-28")
    got = state_of(cli, card)
    assert (got["repetitions"], got["interval"], got["easiness"], got["due"]) == (2, 6, 2.7, "2026-12-04")
    # Third success: ceil(6 x 2.7) = 17 with the EF from before the update; grade 3 lowers EF by 0.14.
    cli(*args, input="3\n4\n", now="2026-12-04")
    got = state_of(cli, card)
    assert (got["repetitions"], got["interval"], got["easiness"], got["due"]) == (3, 17, 2.56, "2026-12-21")
    assert got["reviews"] == 4  # the same-day repeat is logged too
    # A fail: back to 1 day, EF unchanged, one lapse; the repeats until a 4 change nothing.
    cli(*args, input="1\n2\n4\n", now="2026-12-21")
    got = state_of(cli, card)
    assert (got["repetitions"], got["interval"], got["easiness"], got["due"], got["lapses"]) == (
        0,
        1,
        2.56,
        "2026-12-22",
        1,
    )
    assert got["reviews"] == 7


def test_grades_below_4_come_back_in_the_same_session(cli: Cli) -> None:
    out = cli("review", "--category", "principle", "--category", "technique", input="2\n5\n3\n4\n").stdout
    shown = Counter(re.findall(r"answer · (starter/[a-z0-9-]+)", out))
    assert sorted(shown.values()) == [1, 3]  # the card graded 2, then 3, came back twice
    assert out.count("(same-day repeat)") == 2
    assert "Reviewed 2 cards in 4 answers (5: 1, 4: 1, 3: 1, 2: 1); accuracy 50%" in " ".join(out.split())


def test_undo_restores_state_and_log_exactly(cli: Cli, db_path: Path) -> None:
    cli("review", "--limit", "1", input="5\n", now=TODAY)
    before = state_of(cli, "starter/fryette-one")
    cli("review", "--limit", "2", input="2\n3\nu\nu\nq\n", now="2026-11-28")
    assert state_of(cli, "starter/fryette-one") == before
    new_card = state_of(cli, "starter/counterstrain-hold")
    assert (new_card["due"], new_card["reviews"]) == (None, 0)


def test_missed_cards_are_listed_with_answers(cli: Cli) -> None:
    out = cli("review", "--category", "principle", "--limit", "1", input="\n1\nq\n").stdout
    assert "missed starter/fryette-one: Opposite sides [group curve]" in out


def test_filters_and_new_limit(cli: Cli) -> None:
    out = cli("review", "--category", "diagnosis", input="q\n").stdout
    assert "T4 restricted in extension" in out and "Fryette type I" not in out
    out = cli("review", "--tag", "technique::counterstrain", input="\nq\n").stdout
    assert "answer · starter/counterstrain-hold" in out
    cli("review", "--new", "2", input="\n5\n\n5\n")
    assert "Nothing to review now." in cli("review", "--new", "2", input="").stdout
    assert cli("due", "--json").json()["new"] == 3


def test_cards_show_and_suspend(cli: Cli) -> None:
    out = cli("cards", "show", "starter/hvla-down").stdout
    assert "B (correct): Atlantoaxial instability." in out
    assert cli("cards", "suspend", "starter/hvla-down").stdout.strip() == "suspended 1 card"
    assert state_of(cli, "starter/hvla-down")["suspended"] is True
    assert "starter/hvla-down" not in cli("review", "--new", "50", input="q\n" * 9).stdout
    cli("cards", "unsuspend", "starter/hvla-down")
    assert state_of(cli, "starter/hvla-down")["suspended"] is False


def test_unknown_card_is_a_user_error(cli: Cli) -> None:
    result = cli("cards", "show", "starter/nope", check=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no card 'starter/nope'")
    result = cli("cards", "suspend", "starter/hvla-down", "starter/nope", check=False)
    assert result.exit_code == 1
    assert state_of(cli, "starter/hvla-down")["suspended"] is False


def test_markup_in_cards_is_printed_literally(cli: Cli) -> None:
    cli("decks", "import", str(DATA / "decks" / "mine.yaml"))
    out = cli("cards", "show", "mine/markup").stdout
    assert "[bold]not bold[/bold] and [red]" in out
    assert "L5 [ERS] L" in out


def test_import_reimport_keeps_progress_and_retires(cli: Cli, tmp_path: Path) -> None:
    deck = tmp_path / "mine.yaml"
    shutil.copy(DATA / "decks" / "mine.yaml", deck)
    out = cli("decks", "import", str(deck)).stdout
    assert "imported mine: 3 added, 0 changed, 0 retired, 0 unchanged" in out
    cli("review", "--deck", "mine", input="5\n5\n5\n")
    edited = deck.read_text().replace("back: on", "back: off (edited)").replace("  - id: sexagesimal", "  - id: gone")
    deck.write_text(edited)
    dry = cli("decks", "import", "--dry-run", str(deck)).stdout
    assert "would import mine: 1 added, 1 changed, 1 retired, 1 unchanged" in dry
    assert "  retire mine/sexagesimal" in dry
    assert state_of(cli, "mine/yes-no")["reviews"] == 1  # the dry run changed nothing
    cli("decks", "import", "--yes", str(deck))  # one of three cards retired: over a quarter
    kept = state_of(cli, "mine/yes-no")
    assert (kept["repetitions"], kept["due"]) == (1, "2026-11-28")
    assert "off (edited)" in cli("cards", "show", "mine/yes-no").stdout
    ids = {c["id"] for c in cli("cards", "list", "--json").json()}
    assert "mine/sexagesimal" not in ids and "mine/gone" in ids
    assert "retired from its deck" in cli("cards", "show", "mine/sexagesimal").stdout


def test_import_is_all_or_nothing(cli: Cli) -> None:
    result = cli(
        "decks",
        "import",
        str(DATA / "decks" / "mine.yaml"),
        str(DATA / "broken" / "missing-field.yaml"),
        check=False,
    )
    assert result.exit_code == 1
    assert "missing/a: back: missing" in result.stderr
    assert [d["id"] for d in cli("decks", "list", "--json").json()] == ["starter"]


def test_a_bad_last_card_of_a_long_deck_imports_nothing(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    # Cards are converted one by one as the file is read; none is written until all are read and checked.
    cards = "".join(f"  - id: c{i}\n    category: anatomy\n    front: Q{i}\n    back: A{i}\n" for i in range(2000))
    deck = tmp_path / "long.yaml"
    deck.write_text(
        f"id: long\ntitle: Long\nversion: '1'\ncards:\n{cards}  - id: last\n    category: anatomy\n    front: Q\n"
    )
    cli("due")
    before = dump(db_path)
    result = cli("decks", "import", str(deck), check=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{deck}:8005:5: long/last: back: missing"
    assert dump(db_path) == before


def test_a_deck_may_not_take_a_bundled_id(cli: Cli, tmp_path: Path) -> None:
    deck = tmp_path / "clash.yaml"
    deck.write_text((DATA / "decks" / "mine.yaml").read_text().replace("id: mine", "id: starter", 1))
    result = cli("decks", "import", str(deck), check=False)
    assert result.exit_code == 1
    assert "is a bundled deck" in result.stderr


def test_validate_reports_without_importing(cli: Cli) -> None:
    assert "ok, deck mine, 3 cards" in cli("decks", "validate", str(DATA / "decks" / "mine.yaml")).stdout
    result = cli("decks", "validate", str(DATA / "broken" / "duplicate-id.yaml"), check=False)
    assert result.exit_code == 1


def test_edited_bundled_deck_reloads_and_keeps_progress(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omm_cards.deckfile import bundled as bundled_module

    bundled = tmp_path / "bundled"
    shutil.copytree(DATA / "bundled", bundled)
    monkeypatch.setenv(bundled_module.FOLDER_VARIABLE, str(bundled))
    cli("review", "--category", "principle", "--limit", "1", input="5\n")
    path = bundled / "starter.yaml"
    path.write_text(path.read_text().replace("Opposite sides [group curve]", "Opposite sides"))
    shown = cli("cards", "show", "starter/fryette-one").stdout
    assert "Opposite sides" in shown and "group curve" not in shown
    assert state_of(cli, "starter/fryette-one")["repetitions"] == 1
    path.unlink()
    assert cli("decks", "list", "--json").json() == []


def test_unchanged_bundled_files_are_not_read_again(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up check compares the files' names, sizes and times with the last sync before reading any;
    a same-size edit still counts, by its modification time."""
    import os

    from omm_cards.deckfile import bundled as bundled_module

    bundled = tmp_path / "bundled"
    shutil.copytree(DATA / "bundled", bundled)
    monkeypatch.setenv(bundled_module.FOLDER_VARIABLE, str(bundled))
    cli("due")  # the first sync reads every file
    reads: list[str] = []
    real_read = bundled_module.read

    def counted(path: Path) -> bytes:
        reads.append(path.name)
        return real_read(path)

    monkeypatch.setattr(bundled_module, "read", counted)
    cli("due")
    assert reads == []
    path = bundled / "starter.yaml"
    before = path.stat()
    path.write_text(path.read_text().replace("Opposite sides", "Opposite sidez"))  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert "Opposite sidez" in cli("cards", "show", "starter/fryette-one").stdout
    assert reads == sorted(p.name for p in bundled.glob("*.yaml"))  # changed: every file read and hashed
    reads.clear()
    cli("due")
    assert reads == []


def test_students_keep_separate_schedules(cli: Cli) -> None:
    cli("students", "add", "alice")
    cli("students", "add", "bob")
    cli("--student", "alice", "review", "--limit", "1", input="5\n")
    assert cli("--student", "alice", "due", "--json").json()["new"] == 4
    assert cli("--student", "bob", "due", "--json").json()["new"] == 5


def student_names(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM students ORDER BY name")]
    finally:
        conn.close()


@pytest.mark.parametrize(
    "command", [["due"], ["stats"], ["cards", "list"], ["report"], ["exam", "show"], ["limits"], ["decks", "list"]]
)
def test_reading_under_an_unknown_name_creates_no_profile(cli: Cli, db_path: Path, command: list[str]) -> None:
    cli("students", "add", "alice")
    result = cli("--student", "alcie", *command, check=False)
    assert result.exit_code == 1, result.stdout
    assert result.stderr.strip() == (
        "error: no student 'alcie' in this database; did you mean 'alice'?"
        " (students: 'alice', 'default'; add one with `omm-cards students add alcie`)"
    )
    assert student_names(db_path) == ["alice", "default"]


def test_a_piped_first_review_under_a_new_name_needs_students_add(cli: Cli, db_path: Path) -> None:
    result = cli("--student", "carol", "review", "--limit", "1", input="5\n", check=False)
    assert result.exit_code == 1
    assert "no student 'carol'" in result.stderr and "omm-cards students add carol" in result.stderr
    assert "carol" not in student_names(db_path)
    cli("students", "add", "carol")
    assert "graded" in cli("--student", "carol", "review", "--limit", "1", input="5\n").stdout


def test_a_first_review_on_a_terminal_asks_before_adding_the_student(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omm_cards.cli import review

    cli("due")
    asked: list[str] = []

    def confirm(question: str, **_: object) -> bool:
        asked.append(question)
        return len(asked) == 2  # no the first time, yes the second

    monkeypatch.setattr(review, "interactive", lambda: True)
    monkeypatch.setattr("typer.confirm", confirm)
    assert cli("--student", "dana", "review", "--limit", "1", input="5\n", check=False).exit_code == 1
    assert "dana" not in student_names(db_path)
    assert "graded" in cli("--student", "dana", "review", "--limit", "1", input="5\n").stdout
    assert asked == ["No student 'dana' in this database yet. Add it and start reviewing?"] * 2
    assert "dana" in student_names(db_path)


def test_default_is_the_one_profile_made_on_first_use(cli: Cli, db_path: Path) -> None:
    assert cli("due", "--json").json()["new"] == 5
    assert student_names(db_path) == ["default"]


def test_students_add_rename_and_remove(cli: Cli, db_path: Path, env: Path) -> None:
    assert cli("students", "add", "alcie").stdout.startswith("added student 'alcie'")
    cli("--student", "alcie", "review", "--limit", "2", input="5\n5\n")
    again = cli("students", "add", "alcie", check=False)
    assert again.exit_code == 1 and again.stderr.startswith("error: the student 'alcie' already exists")
    cli("students", "rename", "alcie", "alice")
    assert cli("--student", "alice", "due", "--json").json()["new"] == 3  # the history moved with the name
    taken = cli("students", "rename", "alice", "default", check=False)
    assert taken.exit_code == 1 and "already exists" in taken.stderr
    missing = cli("students", "rename", "zed", "zoe", check=False)
    assert missing.exit_code == 1 and "no student 'zed'" in missing.stderr

    refused = cli("students", "remove", "alice", input="n\n", check=False)
    assert refused.exit_code == 1 and "alice" in student_names(db_path)
    removed = cli("students", "remove", "alice", input="y\n")
    assert "removed student 'alice' (2 reviews of 2 cards); backed up first to" in removed.stdout
    assert student_names(db_path) == ["default"]
    (backup,) = (env / "backups").glob("*-before-remove.db")
    assert "alice" in student_names(backup)
    conn = sqlite3.connect(db_path)
    try:
        left = conn.execute("SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM card_state)").fetchone()
    finally:
        conn.close()
    assert left == (0, 0)
    cli("students", "add", "bob")
    assert "removed student 'bob' (0 reviews of 0 cards)" in cli("students", "remove", "bob", "--yes").stdout
    gone = cli("students", "remove", "bob", "--yes", check=False)
    assert gone.exit_code == 1 and "no student 'bob'" in gone.stderr


def test_db_flag_and_env(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("--db", str(tmp_path / "flag.db"), "due")
    assert (tmp_path / "flag.db").exists()
    monkeypatch.setenv("OMM_CARDS_DB", str(tmp_path / "env.db"))
    cli("due")
    assert (tmp_path / "env.db").exists()


def test_bad_now_is_a_user_error(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMM_CARDS_NOW", "yesterday")
    result = cli("due", check=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: OMM_CARDS_NOW: not an ISO 8601 date or date-time: 'yesterday'"


def dump(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


BROKEN = sorted((DATA / "broken").glob("*.yaml"))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_a_broken_deck_changes_nothing_and_says_where(cli: Cli, db_path: Path, path: Path) -> None:
    cli("review", "--limit", "1", input="5\n")
    before = dump(db_path)
    for command in ("import", "validate"):
        result = cli("decks", command, str(path), check=False)
        assert result.exit_code == 1
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{path}:"), result.stderr
    assert dump(db_path) == before


def test_an_oversized_deck_is_refused_by_the_cli(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("due")
    before = dump(db_path)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as out:
        out.write(b"id: huge\n")
        out.truncate(bundled.MAX_BYTES + 1)  # sparse: no need to write 100 MB
    result = cli("decks", "import", str(huge), check=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{huge}: larger than 100 MB"  # a whole-file problem has no line to point at
    assert dump(db_path) == before


LONG_IDS = [
    {"id": f"fryette-type-{n}-coupling-of-sidebending-and-rotation", "source": "s",
     "category": "principle" if n == 1 else "contraindication",
     "tags": ["region::lumbar", "topic::fryette"], "front": f"Fryette law {n}?", "back": "Opposite sides",
     "extra": "neutral mechanics"}
    for n in (1, 2)
]  # fmt: skip


def import_long_ids(cli: Cli, tmp_path: Path) -> None:
    import yaml

    path = tmp_path / "spine.yaml"
    path.write_text(yaml.safe_dump({"id": "spine", "title": "Spine", "version": "1", "cards": LONG_IDS}))
    cli("decks", "import", str(path))


def test_piped_cards_list_is_tab_separated_with_whole_ids(cli: Cli, tmp_path: Path) -> None:
    import_long_ids(cli, tmp_path)
    lines = cli("cards", "list", "--deck", "spine").stdout.splitlines()
    assert lines[0] == "id\tcategory\ttype\tdue\tinterval\tEF\tlapses"
    assert lines[1].split("\t") == [
        "spine/fryette-type-1-coupling-of-sidebending-and-rotation", "principle", "basic", "new", "0", "2.50", "0"
    ]  # fmt: skip
    assert len(lines) == 3


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_cards_table_never_cuts_an_id(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    from omm_cards.cli import cards

    import_long_ids(cli, tmp_path)
    monkeypatch.setattr(cards, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("cards", "list", "--deck", "spine").stdout
    assert "spine/fryette-type-1-coupling-of-sidebending-and-rotation" in out, out
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= width
    rows = [line for line in out.splitlines() if line.startswith("│ spine/")]
    cells = {cell.strip() for row in rows for cell in row.strip("│").split("│")}
    wanted = {c["category"] for c in cli("cards", "list", "--deck", "spine", "--json").json()}
    shown = cells & wanted
    assert shown in (wanted, set()), (wanted, cells)  # the column whole, or left out
    left_out = " ".join(out.splitlines()).partition(" left out to fit")
    assert {"new"} <= cells or (left_out[1] and "due" in left_out[0].split("│")[-1]), out  # shown, or named


def listed(cli: Cli, *args: str) -> list[str]:
    return [c["id"] for c in cli("cards", "list", "--json", *args).json()]


def test_cards_list_filters(cli: Cli, tmp_path: Path) -> None:
    import_long_ids(cli, tmp_path)
    assert listed(cli, "--type", "mcq") == ["starter/hvla-down"]
    assert listed(cli, "--tag", "region::cervical") == ["starter/hvla-down"]
    assert listed(cli, "--category", "diagnosis") == ["starter/t4-frs"]
    assert listed(cli, "--deck", "starter", "--tag", "topic::fryette") == ["starter/fryette-one", "starter/t4-frs"]
    assert len(listed(cli, "--new")) == 7 and listed(cli, "--due") == []
    cli("review", "--deck", "starter", "--category", "principle", input="1\n4\n", now="2026-11-20T09:00:00")
    cli("due", now=TODAY)
    assert listed(cli, "--due") == ["starter/fryette-one"]  # due 11-21, overdue on the 27th
    assert "starter/fryette-one" not in listed(cli, "--new")
    cli("cards", "suspend", "starter/t4-frs")
    assert listed(cli, "--suspended") == ["starter/t4-frs"]
    assert listed(cli, "--leech") == [] and listed(cli, "--marked") == []
    cli("review", "--deck", "spine", "--limit", "1", input="\nm\n5\n")
    assert listed(cli, "--marked") == ["spine/fryette-type-1-coupling-of-sidebending-and-rotation"]
    bad = cli("cards", "list", "--type", "essay", check=False)
    assert bad.exit_code == 2 and "--type" in bad.stderr


def test_cards_list_searches_question_answer_and_extra(cli: Cli, tmp_path: Path) -> None:
    import_long_ids(cli, tmp_path)
    assert listed(cli, "--search", "fryet law 2") == ["spine/fryette-type-2-coupling-of-sidebending-and-rotation"]
    assert listed(cli, "--search", "OPPOSITE") == [
        "spine/fryette-type-1-coupling-of-sidebending-and-rotation",
        "spine/fryette-type-2-coupling-of-sidebending-and-rotation",
        "starter/fryette-one",
    ]
    assert len(listed(cli, "--search", "neutral")) == 2  # the extra
    assert listed(cli, "--search", "atlantoaxial") == ["starter/hvla-down"]  # an option's explanation
    assert listed(cli, "--search", "comfort") == ["starter/counterstrain-hold", "starter/counterstrain-hold-c2"]
    assert listed(cli, "--search", "FRSr") == ["starter/t4-frs"]  # an accepted answer
    assert listed(cli, "--search", 'NEAR( " AND') == []  # FTS syntax is just text
    # An edited deck is searched as it is now; a retired card is not found.
    import yaml

    path = tmp_path / "spine.yaml"
    path.write_text(
        yaml.safe_dump({"id": "spine", "title": "Spine", "version": "1", "cards": [LONG_IDS[0] | {"back": "zebra"}]})
    )
    cli("decks", "import", str(path), "--yes")
    assert listed(cli, "--search", "zebra") == ["spine/fryette-type-1-coupling-of-sidebending-and-rotation"]
    assert listed(cli, "--search", "law 2") == []


def test_search_finds_cards_by_keys_that_stay_put(cli: Cli, tmp_path: Path, env: Path) -> None:
    """The index holds each card's search key, not its id: a re-import keeps the keys, a new deck's cards get
    fresh ones, and a VACUUM (which may renumber implicit rowids) points no match at another card."""
    import sqlite3

    import yaml

    import_long_ids(cli, tmp_path)
    db = env / "omm-cards.db"

    def keys() -> dict[str, int]:
        conn = sqlite3.connect(db)
        try:
            return dict(conn.execute("SELECT id, search_key FROM cards").fetchall())
        finally:
            conn.close()

    before = keys()
    cli("decks", "import", str(tmp_path / "spine.yaml"), "--yes")
    assert keys() == before
    other = tmp_path / "other.yaml"
    card = {"id": "quokka", "source": "s", "category": "anatomy", "front": "Quokka?", "back": "A marsupial"}
    other.write_text(yaml.safe_dump({"id": "other", "title": "Other", "version": "1", "cards": [card]}))
    cli("decks", "import", str(other))
    assert keys()["other/quokka"] == max(before.values()) + 1
    conn = sqlite3.connect(db)
    conn.execute("VACUUM")
    conn.close()
    assert listed(cli, "--search", "quokka") == ["other/quokka"]
    assert listed(cli, "--search", "fryet law 2") == ["spine/fryette-type-2-coupling-of-sidebending-and-rotation"]


def test_cards_list_json_has_question_and_answer(cli: Cli) -> None:
    card = state_of(cli, "starter/hvla-down")
    assert card["front"].startswith("A patient with Down syndrome") and "B. Cervical HVLA" in card["front"]
    assert card["back"].startswith("Answer: B. Cervical HVLA") and card["source"] == "StatPearls: HVLA"


def test_tags_list_is_a_tree_with_counts(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from omm_cards.cli import tags

    assert cli("tags", "list").stdout.splitlines() == [
        "tag\tcards",
        "region\t0",
        "region::cervical\t1",
        "region::thoracic\t2",
        "technique\t0",
        "technique::counterstrain\t2",
        "technique::hvla\t1",
        "topic\t0",
        "topic::counterstrain\t2",
        "topic::fryette\t2",
    ]
    monkeypatch.setattr(tags, "is_terminal", lambda: True)
    tree = cli("tags", "list").stdout
    assert "region" in tree and "└── thoracic 2" in tree and "region::" not in tree
    cli("review", "--limit", "1", input="\nm\n5\n")
    assert {"tag": "marked", "cards": 1} in cli("tags", "list", "--json").json()


TYPE_NOISE = re.compile(r"<bool>|<list|<int|<path>|<file>|<text>|\{[A-Z]+\}|\[x?[<>]=|<=x<=")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_help_shows_no_type_metavars(cli: Cli, command: list[str]) -> None:
    out = cli(*command, "--help").stdout
    assert not TYPE_NOISE.search(out), out
    assert ("--install-completion" in out) == (not command)  # on the root command only


def test_help_paragraphs_are_not_hard_wrapped(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = " ".join(cli("review", "--help").stdout.split("│"))
    # The docstring breaks its lines after "Enter takes the" and "b buries"; the help must not.
    assert "Enter takes the suggested grade" in out and "b buries it until tomorrow" in out
    assert "--category CATEGORY" not in out and "principle, technique, indication" in out  # choices once


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "--limit", "0"], "error: --limit: expected a whole number from 1 to 100,000"),
        (["review", "--limit", "zero"], "error: --limit: expected a whole number from 1 to 100,000"),
        (["report", "--format", "pdf"], "error: --format: expected one of md, csv, json, html"),
        (["cards", "list", "--type", "essay"], "error: --type: expected one of basic, cloze, mcq, typed, rule"),
        (["stats", "--since", "soon"], "error: --since: expected a date as YYYY-MM-DD, got 'soon'"),
        (
            ["report", "--since", "2026-11-28"],
            "error: --since: 2026-11-28 is after today (2026-11-27); give a past date",
        ),
        (["cards", "show"], "error: missing ID"),
    ],
)
def test_option_errors_name_the_option_and_what_it_takes(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args, check=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        message,
        f"see `omm-cards {' '.join(args[: 2 if args[0] == 'cards' else 1])} --help`",
    ]


def test_cram_reviews_count_in_no_figure(cli: Cli) -> None:
    """Cram drills outside the schedule: every figure (reviews, last review, streak, activity) leaves it out."""
    cli("review", "--limit", "1", input="5\n", now="2026-11-20T09:00:00")
    cli("review", "--cram", "--limit", "2", input="5\n\n5\n", now="2026-11-26T09:00:00")
    stats = cli("stats", "--json", now=TODAY).json()
    assert (stats["reviews"], stats["last_review"], stats["streak"]) == (1, "2026-11-20", 0)
    assert list(stats["activity"]) == ["2026-11-20"]
    (me,) = cli("students", "list", "--json").json()
    assert (me["reviews"], me["last_review"]) == (1, "2026-11-20T09:00:00")


def test_cards_show_does_not_repeat_a_verdict_the_explanation_gives(cli: Cli, tmp_path: Path) -> None:
    import yaml

    card = {
        "id": "q", "type": "mcq", "category": "anatomy", "source": "s", "stem": "Which?", "answer": "A",
        "options": [{"text": "This", "why": "Correct: it is."}, {"text": "That", "why": "Incorrect - it is not."},
                    {"text": "Other", "why": "Too far."}],
    }  # fmt: skip
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump({"id": "d", "title": "D", "version": "1", "cards": [card]}))
    cli("decks", "import", str(path))
    shown = " ".join(cli("cards", "show", "d/q").stdout.split())
    assert "A (correct): it is." in shown and "B (wrong): it is not." in shown
    assert "Correct:" not in shown and "Incorrect" not in shown


def test_whole_file_problems_carry_no_made_up_location(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent.yaml"
    result = cli("decks", "validate", str(missing), check=False)
    assert result.exit_code == 1 and result.stderr == f"{missing}: cannot read: No such file or directory\n"
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1}')
    result = cli("report", "--from", str(bad), check=False)
    assert result.stderr == f"error: {bad}: not an omm-cards JSON report ('schema' is a required property)\n"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ['    front: "Q"', '   back: "A"'],
            "9:4: -: yaml: did not find expected '-' indicator; check the indentation",
        ),
        (['    front: "Q"', '  back: "A"'], "9:3: -: yaml: did not find expected '-' indicator; check the indentation"),
        (['    front: "Q" back: A'], "8:16: -: yaml: did not find expected key; check this line and the one above"),
        (["    front: Q: A"], "mapping values are not allowed in this context; a ':' followed by a space"),
        (['\tfront: "Q"'], "found a tab character that violates indentation; a tab; YAML indents with spaces only"),
    ],
)
def test_a_yaml_mistake_says_what_to_check(cli: Cli, tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "indent.yaml"
    head = ["id: x", "title: X", 'version: "1"', "cards:", "  - id: a", "    category: anatomy", "    source: s"]
    path.write_text("\n".join(head + lines) + "\n")
    result = cli("decks", "validate", str(path), check=False)
    assert result.exit_code == 1 and message in result.stderr, result.stderr


def test_progress_bars_only_on_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from omm_cards.cli import progress_bar as bars
    from omm_cards.services.workspace import no_progress

    with bars.progress_bar("importing") as advance:
        assert advance is no_progress  # piped: nothing drawn, nothing between the command's lines
    steps: list[tuple[str, int, int]] = []
    monkeypatch.setattr(bars, "is_terminal", lambda: True)
    with bars.progress_bar("checking") as advance:
        assert advance is not no_progress
        advance("replaying", 1, 2)
    from omm_cards.services import doctor

    real = doctor.examine

    def examine(ws: Any, advance: Callable[[str, int, int], None]) -> Any:
        def watched(step: str, done: int, total: int) -> None:
            steps.append((step, done, total))
            advance(step, done, total)

        return real(ws, watched)

    monkeypatch.setattr(doctor, "examine", examine)
    cli("review", "--limit", "1", input="5\n")
    cli("doctor")
    assert steps == [("replaying default's review log", 0, 1)]
