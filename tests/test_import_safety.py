"""Imports never lose progress or replace a deck silently: edited CSV rows keep their cards, another
file's deck needs --replace, and retiring much of a deck needs --yes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import Run

Cli = Callable[..., Run]
ROWS = [(f"Question {i} about the rule of threes?", f"Answer {i}") for i in range(1, 9)]


def write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("front,back\n" + "".join(f'"{q}","{a}"\n' for q, a in rows))
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


def progress(cli: Cli, deck: str) -> dict[str, int]:
    return {c["id"]: c["reviews"] for c in cli("cards", "list", "--json").json() if c["deck"] == deck}


def test_a_csv_row_edited_on_one_side_keeps_its_card(cli: Cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "notes.csv", ROWS)
    cli("decks", "import", str(path))
    cli("review", "--deck", "notes", input="5\n" * 8)
    before = progress(cli, "notes")
    assert all(n == 1 for n in before.values())
    edited = list(ROWS)
    edited[2] = (ROWS[2][0], "Answer 3, corrected")  # same front
    edited[5] = ("Question 6, reworded about the rule of threes?", ROWS[5][1])  # same back
    edited[7] = ("A new question entirely?", "A new answer")  # both sides changed: a new card
    write_csv(path, edited)
    dry = flat(cli("decks", "import", "--dry-run", str(path)).stdout)
    assert "1 added, 2 changed, 1 retired" in dry, dry
    out = flat(cli("decks", "import", str(path)).stdout)
    assert "1 added, 2 changed, 1 retired" in out, out
    after = progress(cli, "notes")
    assert sum(1 for i in before if after.get(i) == 1) == 7  # every card but the replaced one kept its history


def test_a_csv_with_a_guid_column_keeps_cards_whatever_changes(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "guids.csv"
    path.write_text("#separator:comma\n#guid column:1\ng1,Q one,A one\ng2,Q two,A two\n")
    cli("decks", "import", str(path))
    path.write_text("#separator:comma\n#guid column:1\ng1,Q one changed,A one changed\ng2,Q two,A two\n")
    out = flat(cli("decks", "import", str(path)).stdout)
    assert "0 added, 1 changed, 0 retired" in out


def test_another_files_deck_of_the_same_id_is_refused_without_replace(cli: Cli, tmp_path: Path, env: Path) -> None:
    (tmp_path / "a").mkdir()
    first = write_csv(tmp_path / "a" / "omm.csv", ROWS)
    cli("decks", "import", str(first))
    cli("review", "--deck", "omm", input="5\n" * 3)
    (tmp_path / "b").mkdir()
    other = write_csv(tmp_path / "b" / "omm.csv", [("Something else?", "Entirely")])
    result = cli("decks", "import", str(other), check=False)
    assert result.exit_code == 1
    assert "omm: id: deck 'omm' was imported from" in result.stderr and "--replace" in result.stderr
    assert len(progress(cli, "omm")) == 8
    replaced = flat(cli("decks", "import", "--replace", "--yes", str(other)).stdout)
    assert "8 retired" in replaced
    assert any("before-replace" in p.name for p in (env / "backups").iterdir())


def test_retiring_more_than_a_quarter_of_a_deck_needs_yes(cli: Cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "notes.csv", ROWS)
    cli("decks", "import", str(path))
    write_csv(path, ROWS[:5])
    result = cli("decks", "import", str(path), check=False)
    assert result.exit_code == 1
    assert "would retire 3 of 8 cards" in flat(result.stderr) and "--yes" in result.stderr
    assert len([i for i in progress(cli, "notes")]) == 8
    assert "3 retired" in flat(cli("decks", "import", "--yes", str(path)).stdout)
    write_csv(path, ROWS[:4])  # one of five: under a quarter
    assert "1 retired" in flat(cli("decks", "import", str(path)).stdout)


def test_the_written_copy_of_a_csv_deck_can_still_be_edited_and_imported(cli: Cli, tmp_path: Path, env: Path) -> None:
    path = write_csv(tmp_path / "notes.csv", ROWS)
    cli("decks", "import", str(path))
    copy = env / "decks" / "notes.yaml"
    copy.write_text(copy.read_text().replace("Answer 1", "Answer one"))
    assert "1 changed" in flat(cli("decks", "import", str(copy)).stdout)
    assert "1 changed" in flat(cli("decks", "import", str(path)).stdout)  # the CSV again: its own deck, not refused
