"""Nothing from data reaches a terminal raw, and nothing reaches a spreadsheet as a formula."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

Cli = Callable[..., Run]
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # writes `rm -rf ~` into the clipboard
EVIL = f"mallory{OSC52}\x1b[2J\x9b31m"


def plant_student(db_path: Path, name: str) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO students (name, created_at) VALUES (?, '2026-11-20T09:00:00')", (name,))
    conn.commit()
    conn.close()


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


def test_a_student_name_with_control_characters_is_refused(cli: Cli) -> None:
    result = cli("--student", EVIL, "due", check=False)
    assert result.exit_code == 1
    assert "control characters" in result.stderr and "\\x1b" in result.stderr
    assert raw_controls(result.stderr) == []
    long = cli("--student", "x" * 65, "due", check=False)
    assert long.exit_code == 1 and "at most 64" in long.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["students", "list"],
        ["students", "list", "--json"],
        ["report", "--all-students"],
        ["report", "--all-students", "--format", "json"],
        ["report", "--all-students", "--format", "csv"],
    ],
)
def test_names_already_in_a_database_are_printed_visibly(cli: Cli, db_path: Path, command: list[str]) -> None:
    cli("due")
    plant_student(db_path, EVIL)
    out = cli(*command).stdout
    assert raw_controls(out) == [], repr(out)
    assert "mallory" in out


def test_a_classmates_report_cannot_write_to_the_terminal(cli: Cli, tmp_path: Path) -> None:
    cli("review", input="5\n")
    exported = tmp_path / "me.json"
    cli("report", "--format", "json", "-o", str(exported))
    data = json.loads(exported.read_text())
    data["students"][0]["name"] = EVIL
    exported.write_text(json.dumps(data))
    for fmt in ("md", "csv", "html", "json"):
        out = cli("report", "--from", str(exported), "--format", fmt).stdout
        assert raw_controls(out) == [], (fmt, repr(out[:300]))
    json.loads(cli("report", "--from", str(exported), "--format", "json").stdout)  # still valid JSON


def test_report_csv_cells_never_start_a_formula(cli: Cli, tmp_path: Path) -> None:
    cli("review", input="5\n")
    exported = tmp_path / "me.json"
    cli("report", "--format", "json", "-o", str(exported))
    data = json.loads(exported.read_text())
    data["students"][0]["name"] = '=HYPERLINK("http://evil.example","click")'
    data["students"][0]["retention_by_region"] = {"+cmd|' /C calc'!A0": {"reviews": 1, "passed": 1, "rate": 1.0}}
    exported.write_text(json.dumps(data))
    rows = list(csv.reader(io.StringIO(cli("report", "--from", str(exported), "--format", "csv").stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert any(cell.startswith("'+cmd") for cell in cells)
    assert not any(cell and cell[0] in "=+-@" for cell in cells)


def test_deck_csv_export_keeps_card_text_verbatim_for_anki(cli: Cli, tmp_path: Path) -> None:
    deck = tmp_path / "f.yaml"
    deck.write_text(
        'id: f\ntitle: F\nversion: "1"\ncards:\n  - {id: a, category: anatomy, front: "=1+1", back: "-5 degrees"}\n'
    )
    cli("decks", "import", str(deck))
    out = tmp_path / "f.csv"
    cli("decks", "export", "f", "--format", "csv", "-o", str(out))
    text = out.read_text()
    assert "=1+1" in text and "'=1+1" not in text and "-5 degrees" in text
