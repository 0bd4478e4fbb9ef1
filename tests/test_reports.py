"""Progress figures for several students with known histories, in every format, from the database and
from exported files, with the clock fixed."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from omm_cards.reporting import weak
from omm_cards.services.stats import SCHEMA_PATH

from .conftest import Run

Cli = Callable[..., Run]
TODAY = "2026-11-27"


@pytest.fixture
def classroom(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """alice learns the starter deck on 11-20 and reviews it on 11-21, missing one card;
    bob tries one card on 11-20 and stops."""
    monkeypatch.setattr(weak, "MIN_REVIEWS", 1)  # a four-card deck never reaches the real minimum
    # One category at a time (each is one starter card), so the script does not depend on the order new
    # cards come in; counterstrain-hold's -c2 sibling is buried the day -c1 is reviewed.
    typed = {"diagnosis": "T4 FRS R\n5\n"}
    days = {
        "2026-11-20T09:00:00": {"principle": "5\n", "technique": "5\n", "contraindication": "5\n", **typed},
        "2026-11-21T09:00:00": {"principle": "2\n4\n", "technique": "4\n", "contraindication": "5\n",
                                "diagnosis": "T4 FRS R\n4\n"},
    }  # fmt: skip
    cli("students", "add", "alice")
    cli("students", "add", "bob")
    for now, sessions in days.items():
        for category, script in sessions.items():
            cli("--student", "alice", "review", "--category", category, input=script, now=now)
    cli("--student", "bob", "review", "--category", "principle", input="1\n4\n", now="2026-11-20T10:00:00")
    cli("due", now=TODAY)
    return cli


def report_json(cli: Cli, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli("report", "--format", "json", *args).stdout)
    return data


ALICE_RETENTION = {
    "retention": {"reviews": 4, "passed": 3, "rate": 0.75},
    "retention_by_category": {
        "contraindication": {"reviews": 1, "passed": 1, "rate": 1.0},
        "diagnosis": {"reviews": 1, "passed": 1, "rate": 1.0},
        "principle": {"reviews": 1, "passed": 0, "rate": 0.0},
        "technique": {"reviews": 1, "passed": 1, "rate": 1.0},
    },
    "retention_by_region": {
        "cervical": {"reviews": 1, "passed": 1, "rate": 1.0},
        "thoracic": {"reviews": 2, "passed": 1, "rate": 0.5},
    },
    "coverage_by_category": {
        "contraindication": {"new": 0, "learning": 1, "mature": 0},
        "diagnosis": {"new": 0, "learning": 1, "mature": 0},
        "principle": {"new": 0, "learning": 1, "mature": 0},
        "technique": {"new": 1, "learning": 1, "mature": 0},
    },
    "coverage_by_region": {
        "cervical": {"new": 0, "learning": 1, "mature": 0},
        "thoracic": {"new": 0, "learning": 2, "mature": 0},
    },
}


def test_student_figures_are_exact(classroom: Cli) -> None:
    data = json.loads(classroom("--student", "alice", "report", "--format", "json").stdout)
    (alice,) = data["students"]
    assert {k: alice[k] for k in ALICE_RETENTION} == ALICE_RETENTION
    assert (alice["name"], alice["reviews"], alice["cards_seen"], alice["last_review"], alice["streak"]) == (
        "alice",
        9,
        4,
        "2026-11-21",
        0,
    )
    assert alice["most_missed"] == [
        {
            "id": "starter/fryette-one",
            "question": "Fryette type I: sidebending and rotation couple to which sides?",
            "answer": "Opposite sides [group curve]",
            "misses": 1,
        }
    ]
    assert alice["leeches"] == []
    # Everything alice learned is due again by 11-27: fryette-one (11-22), the others (11-27).
    assert (alice["due_today"], alice["due_tomorrow"], len(alice["forecast"])) == (4, 4, 30)
    assert alice["activity"] == {"2026-11-20": 4, "2026-11-21": 5}


def test_since_limits_the_period(classroom: Cli) -> None:
    data = json.loads(classroom("--student", "alice", "report", "--format", "json", "--since", "2026-11-21").stdout)
    (alice,) = data["students"]
    assert (alice["reviews"], alice["cards_seen"], alice["retention"]["reviews"]) == (5, 4, 4)
    assert data["since"] == "2026-11-21"
    data = json.loads(classroom("--student", "alice", "report", "--format", "json", "--since", "2026-11-22").stdout)
    assert data["students"][0]["reviews"] == 0 and data["students"][0]["retention"]["rate"] is None


def test_all_time_counters_agree_with_the_review_log(classroom: Cli) -> None:
    """All-time figures come from counters kept beside each card; a dated period folds the log itself."""
    all_time = report_json(classroom, "--all-students")
    from_log = report_json(classroom, "--all-students", "--since", "2000-01-01")
    assert all_time["students"] == from_log["students"]
    assert all_time["weak_areas"] == from_log["weak_areas"]
    # A card withdrawn from its deck keeps its history in retention, and leaves the stages of the cards.
    conn = sqlite3.connect(Path(os.environ["OMM_CARDS_HOME"]) / "omm-cards.db")
    conn.execute("UPDATE cards SET retired = 1 WHERE id = 'starter/fryette-one'")
    conn.commit()
    conn.close()
    retired = report_json(classroom, "--all-students")
    assert retired["students"] == report_json(classroom, "--all-students", "--since", "2000-01-01")["students"]
    alice = {s["name"]: s for s in retired["students"]}["alice"]
    before = {s["name"]: s for s in all_time["students"]}["alice"]
    assert alice["retention"] == before["retention"] and alice["reviews"] == before["reviews"]
    assert alice["coverage_by_category"] != before["coverage_by_category"]
    # fryette-one (thoracic) was learning: the region has one card fewer, and no other region changes.
    assert before["coverage_by_region"]["thoracic"]["learning"] == 2
    assert alice["coverage_by_region"] == before["coverage_by_region"] | {
        "thoracic": {"new": 0, "learning": 1, "mature": 0}
    }


def test_class_weak_areas(classroom: Cli) -> None:
    data = report_json(classroom, "--all-students")
    assert [s["name"] for s in data["students"]] == ["alice", "bob"]  # the unused `default` is nobody
    weak_areas = data["weak_areas"]
    assert weak_areas["categories"][0] == {"name": "principle", "reviews": 1, "passed": 0, "rate": 0.0}
    assert weak_areas["regions"][0] == {"name": "thoracic", "reviews": 2, "passed": 1, "rate": 0.5}
    assert weak_areas["most_missed"][0]["students"] == ["alice", "bob"]
    assert weak_areas["most_missed"][0]["card"]["misses"] == 2
    assert weak_areas["inactive"] == [
        {"student": "bob", "days": 7, "last_review": "2026-11-20"},
        {"student": "alice", "days": 6, "last_review": "2026-11-21"},
    ]


def test_the_json_report_matches_its_schema(classroom: Cli) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(report_json(classroom, "--all-students"), schema)


def test_a_class_report_from_files_equals_the_database(classroom: Cli, tmp_path: Path) -> None:
    for name in ("alice", "bob"):
        classroom("--student", name, "report", "--format", "json", "-o", str(tmp_path / f"{name}.json"))
    merged = report_json(classroom, "--from", str(tmp_path / "alice.json"), "--from", str(tmp_path / "bob.json"))
    direct = report_json(classroom, "--all-students")
    direct["students"] = [s for s in direct["students"] if s["name"] != "default"]
    direct["weak_areas"]["inactive"] = [i for i in direct["weak_areas"]["inactive"] if i["student"] != "default"]
    assert merged == direct
    for fmt in ("md", "csv", "html"):
        from_files = classroom(
            "report", "--format", fmt, "--from", str(tmp_path / "alice.json"), "--from", str(tmp_path / "bob.json")
        ).stdout
        assert "alice" in from_files and "bob" in from_files


def test_a_broken_report_file_is_a_located_error(classroom: Cli, tmp_path: Path) -> None:
    path = tmp_path / "alice.json"
    classroom("--student", "alice", "report", "--format", "json", "-o", str(path))
    data = json.loads(path.read_text())
    data["students"][0]["retention"]["reviews"] = "four"
    path.write_text(json.dumps(data))
    result = classroom("report", "--from", str(path), check=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {path}: students/0/retention/reviews: 'four' is not of type 'integer'"
    path.write_text("{not json")
    result = classroom("report", "--from", str(path), check=False)
    assert result.exit_code == 1 and f"{path}:1:2: not an omm-cards JSON report" in result.stderr


def test_csv_has_a_row_per_student_and_category_and_region(classroom: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(classroom("report", "--all-students", "--format", "csv").stdout)))
    alice = {(r["by"], r["name"]): r for r in rows if r["student"] == "alice"}
    assert alice["category", "principle"] == {
        "student": "alice",
        "by": "category",
        "name": "principle",
        "reviews": "1",
        "passed": "0",
        "retention": "0.0000",
        "new": "0",
        "learning": "1",
        "mature": "0",
        **dict.fromkeys(
            ["cards_seen", "due_now", "overdue", "last_review", "streak", "leeches", "question", "answer", "misses"], ""
        ),
    }
    assert alice["region", "thoracic"]["retention"] == "0.5000"
    assert alice["category", "technique"]["new"] == "1"
    assert {r["student"] for r in rows} == {"alice", "bob"}


def test_markdown_names_the_weak_areas(classroom: Cli) -> None:
    text = classroom("report", "--all-students").stdout
    assert "| principle | 0% of 1 |" in text
    assert "| thoracic | 50% of 2 |" in text
    assert (
        "| `starter/fryette-one` | 2 | alice, bob | Fryette type I: sidebending and rotation couple to which sides? |"
        " Opposite sides [group curve] |"
    ) in text
    assert "- bob: last review 2026-11-20 (7 days ago)" in text
    assert "retention 75% of 4" in text
    assert "(1 miss)" in text and "1 misses" not in text and "(s)" not in text


def test_html_is_self_contained(classroom: Cli) -> None:
    page = classroom("report", "--all-students", "--format", "html").stdout
    assert page.startswith("<!doctype html>") and "<svg" in page and 'name="viewport"' in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "75% of 4" in page and "@media print" in page


def test_files_are_written_atomically_and_never_overwritten_silently(classroom: Cli, tmp_path: Path) -> None:
    path = tmp_path / "out" / "class.md"
    classroom("report", "--all-students", "-o", str(path))
    first = path.read_text()
    path.write_text("tutor's notes")
    result = classroom("report", "-o", str(path), check=False)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert path.read_text() == "tutor's notes"
    classroom("report", "--all-students", "-o", str(path), "--force")
    assert path.read_text() == first
    assert sorted(p.name for p in path.parent.iterdir()) == ["class.md"]


def test_stats_and_students(classroom: Cli) -> None:
    figures = classroom("--student", "alice", "stats", "--json").json()
    assert figures["retention"] == {"reviews": 4, "passed": 3, "rate": 0.75}
    screen = classroom("--student", "alice", "stats").stdout
    assert "retention 75% of 4" in " ".join(screen.split())
    students = classroom("students", "list", "--json").json()
    assert [(s["name"], s["cards_seen"], s["reviews"], s["last_review"]) for s in students] == [
        ("alice", 4, 9, "2026-11-21T09:00:00"),
        ("bob", 1, 2, "2026-11-20T10:00:00"),
        ("default", 0, 0, None),
    ]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_html_report_renders_in_a_real_browser(classroom: Cli, tmp_path: Path, width: int, height: int) -> None:
    page = tmp_path / "class.html"
    classroom("report", "--all-students", "--format", "html", "-o", str(page))
    shot = tmp_path / f"report-{width}.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={width},{height}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 10_000  # an empty page compresses to a few hundred bytes
    shots = os.environ.get("OMM_CARDS_SHOTS")  # a folder to keep the screenshots in, to look at them
    if shots:
        shutil.copy(shot, Path(shots) / shot.name)


@pytest.mark.parametrize(
    ("name", "start"), [("c.md", "# "), ("c.csv", "student,"), ("c.json", "{"), ("c.HTML", "<!doc")]
)
def test_the_output_file_extension_chooses_the_format(classroom: Cli, tmp_path: Path, name: str, start: str) -> None:
    path = tmp_path / name
    classroom("report", "--all-students", "-o", str(path))
    assert path.read_text().startswith(start)


def test_a_format_that_contradicts_the_extension_is_an_error(classroom: Cli, tmp_path: Path) -> None:
    result = classroom("report", "--format", "md", "-o", str(tmp_path / "class.html"), check=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: --format md contradicts {tmp_path / 'class.html'} (a .html file is html)"
        " (drop --format, or name a .md file)"
    )
    unknown = classroom("report", "-o", str(tmp_path / "class.txt"), check=False)
    assert unknown.exit_code == 1 and "cannot tell the format" in unknown.stderr
    classroom("report", "--format", "csv", "-o", str(tmp_path / "class.txt"))  # no extension to disagree with
    assert (tmp_path / "class.txt").read_text().startswith("student,")
    assert not list(tmp_path.glob("class.html"))


def test_dash_is_standard_output(classroom: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = classroom("report", "--all-students", "--format", "json", "-o", "-").stdout
    assert json.loads(out)["students"][0]["name"] == "alice"
    assert not (tmp_path / "-").exists()


def test_report_files_follow_the_umask_and_the_database_stays_private(
    classroom: Cli, tmp_path: Path, env: Path
) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        classroom("report", "-o", str(tmp_path / "class.md"))
        classroom("backup")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "class.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((env / "omm-cards.db").stat().st_mode) == 0o600
    assert {stat.S_IMODE(p.stat().st_mode) for p in (env / "backups").iterdir()} == {0o600}


def test_the_class_view_opens_every_format(classroom: Cli) -> None:
    text = classroom("report", "--all-students").stdout
    head = text.index("## The class")
    assert head < text.index("## Weak areas") < text.index("## alice")
    assert "| alice | 9 | 75% of 4 | 4 of 5 | 0 of 5 | 4 | 1 | 2026-11-21 | 0 days | 0 |" in text
    assert "| bob | 2 | - " not in text and "| bob | 2 | no reviews | 1 of 5 | 0 of 5 |" in text
    # The trend: 8 weeks ending with this one (2026-11-23); alice's reviews fell in the week of 11-16.
    assert "| student | trend | 10-05 | 10-12 | 10-19 | 10-26 | 11-02 | 11-09 | 11-16 | 11-23 |" in text
    assert "| alice | `▁▁▁▁▁▁█▁` | 0 | 0 | 0 | 0 | 0 | 0 | 9 · 75% | 0 |" in text
    assert "the 5 lowest with at least 1 review)" in text  # the threshold is stated (MIN_REVIEWS is 1 here)
    page = classroom("report", "--all-students", "--format", "html").stdout
    assert page.index("<h2>The class</h2>") < page.index("Weak areas") < page.index("<h2>alice</h2>")
    assert "4 of 5" in page and "week of 2026-11-16: 9 reviews, retention 75% of 4" in page
    assert "Fryette type I: sidebending and rotation couple to which sides?" in page  # missed cards' questions
    summary = [r for r in csv.DictReader(io.StringIO(classroom("report", "--all-students", "-o", "-", "--format",
                                                                "csv").stdout)) if r["by"] == "student"]  # fmt: skip
    assert [
        (r["student"], r["reviews"], r["retention"], r["due_now"], r["overdue"], r["last_review"]) for r in summary
    ] == [
        ("alice", "9", "0.7500", "4", "1", "2026-11-21"),  # principle, missed on 11-21, was due on 11-22
        ("bob", "2", "", "1", "1", "2026-11-20"),
    ]


def test_categories_under_the_threshold_are_shown_with_their_n(classroom: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weak, "MIN_REVIEWS", 2)
    text = classroom("report", "--all-students").stdout
    assert "Too few reviews to judge yet: contraindication (100% of 1), diagnosis (100% of 1)" in text


def test_from_two_files_of_one_student_keeps_the_newer(classroom: Cli, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    classroom("--student", "alice", "report", "-o", str(old), now="2026-11-20T12:00:00")
    classroom("--student", "alice", "report", "-o", str(new), now=TODAY)
    result = classroom("report", "--from", str(new), "--from", str(old), "--format", "json")
    (alice,) = result.json()["students"]
    assert alice["reviews"] == 9
    assert (
        result.stderr == f"note: alice: in {old} (made 2026-11-20) and {new} (made 2026-11-27); kept the newer, {new}\n"
    )


def test_version_1_reports_are_still_read(classroom: Cli, tmp_path: Path) -> None:
    path = tmp_path / "v1.json"
    classroom("--student", "alice", "report", "-o", str(path))
    data = json.loads(path.read_text())
    assert data["version"] == 2
    data["version"] = 1
    for student in data["students"]:
        del student["overdue"], student["weekly"]
    path.write_text(json.dumps(data))
    text = classroom("report", "--from", str(path)).stdout
    assert "| alice | 9 | 75% of 4 | 4 of 5 | 0 of 5 | 4 | - |" in text
    data["version"] = 2
    path.write_text(json.dumps(data))
    refused = classroom("report", "--from", str(path), check=False)
    assert refused.exit_code == 1 and "'overdue' is a required property" in refused.stderr


CHROMIUM = [
    "chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def four_students(classroom: Cli) -> Cli:
    """alice and bob as in `classroom`, carol who learns two categories, and dan who never reviewed."""
    for name in ("carol", "dan"):
        classroom("students", "add", name)
    for category in ("principle", "technique"):
        classroom("--student", "carol", "review", "--category", category, input="5\n", now="2026-11-25T09:00:00")
    classroom("due", now=TODAY)
    return classroom


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_a_four_student_report_prints_a_page_a_student_and_one_for_the_class(
    four_students: Cli, tmp_path: Path
) -> None:
    page = tmp_path / "class.html"
    four_students("report", "--all-students", "-o", str(page))
    pdf = tmp_path / "class.pdf"
    subprocess.run(
        [*CHROMIUM, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    shots = os.environ.get("OMM_CARDS_SHOTS")  # a folder to keep the PDF in, to look at by hand
    if shots:
        shutil.copy(pdf, Path(shots) / "class.pdf")
    assert pdf_pages(pdf.read_bytes()) <= 1 + 4


@pytest.mark.parametrize("width", [60, 80, 120])
def test_stats_reads_at_a_glance_at_every_width(classroom: Cli, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    screen = classroom("--student", "alice", "stats").stdout
    assert max(len(line) for line in screen.splitlines()) <= width, screen
    flat = " ".join(screen.split())
    assert "4 due today, 4 tomorrow" in flat and "streak 0 days" in flat and "retention 75% of 4" in flat
    assert "kept" not in flat and "learn " not in flat and "- of 0" not in flat  # plain words in the headers
    # The forecast: a count axis, Monday ticks with dates, and the total.
    assert "4 ┤" in screen and "└" in screen and "┬" in screen and "Nov30" in screen
    assert "4 in all; busiest Sat Nov 28 (4)" in flat
    # The heatmap: month names over the weeks, and a legend of the shades.
    assert "Aug" in screen and "Nov" in screen and "· none" in screen and "░ 1+" in screen


def test_stats_gives_the_error_of_the_totals_it_reads_beside_the_figures(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decks' totals are read on a thread of their own: what goes wrong there is the command's error,
    said in one line, not a traceback in a thread nor a wait that never ends."""
    from contextlib import contextmanager

    from omm_cards.errors import OmmError
    from omm_cards.services import stats

    @contextmanager
    def unreadable(path: Path) -> Any:
        raise OmmError(f"{path}: database error: disk I/O error")
        yield

    cli("due")
    monkeypatch.setattr(stats, "read_only", unreadable)
    result = cli("stats", check=False)
    assert result.exit_code == 1 and "disk I/O error" in result.stderr and "Traceback" not in result.stderr
