"""The screens drawn without Rich: boxes, layout and styles (cli/panels), and the stats dashboard built on them."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from omm_cards.cli.panels import Ink, beside, flow, panel, paragraphs, plain, width, wrap
from omm_cards.cli.stats import dashboard
from omm_cards.reporting.figures import CardLine, Coverage, Rate, StudentFigures

BOLD_CYAN = Ink(styles=True, colours=True)


def test_a_panel_fits_its_lines_and_title_and_draws_rounded_corners() -> None:
    box = panel(["ab", BOLD_CYAN("longer line", "cyan")], "t")
    assert [plain(line) for line in box] == [
        "╭───── t ─────╮",
        "│ ab          │",
        "│ longer line │",
        "╰─────────────╯",
    ]
    assert "\x1b[36mlonger line\x1b[0m" in box[2]  # the style survives; the width ignores it
    assert {width(line) for line in box} == {15}


def test_a_panel_of_a_given_size_pads_or_cuts_each_line_and_can_put_its_title_left() -> None:
    box = panel(["x" * 30, "short"], "head", size=20, left=True)
    assert box[0] == "╭─ head ───────────╮"
    assert box[1] == "│ " + "x" * 16 + " │" and box[2] == "│ short" + " " * 11 + " │"
    assert {width(line) for line in box} == {20}
    assert width(panel(["y" * 50], "wide", most=30)[1]) == 30


def test_a_subtitle_is_centred_in_the_bottom_edge_and_a_title_too_long_is_cut_with_an_ellipsis() -> None:
    box = panel(["x"], "a title far too long for this box", size=20, left=True, subtitle="1 done")
    assert box[0] == "╭─ a title far t… ─╮" and box[-1] == "╰───── 1 done ─────╯"
    assert {width(line) for line in box} == {20}
    green = panel(["x"], "t", size=10, edge=lambda text: BOLD_CYAN(text, "green"))
    assert green[1].startswith("\x1b[32m│\x1b[0m x") and green[0] == BOLD_CYAN("╭── t ───╮", "green")


PLAIN = Ink(styles=False, colours=False)


def test_wrapping_breaks_at_spaces_keeps_an_indent_and_cuts_only_a_word_longer_than_the_line() -> None:
    assert wrap([("the quick brown fox jumps", "")], 10, PLAIN) == ["the quick", "brown fox", "jumps"]
    assert wrap([("  indented words here", "")], 12, PLAIN) == ["  indented", "words here"]
    assert wrap([("abcdefghijkl xy", "")], 5, PLAIN) == ["abcde", "fghij", "kl xy"]
    assert wrap([("", "")], 10, PLAIN) == [""]
    assert all(width(line) <= 7 for line in wrap([("日本語の文章を折り返す", "")], 7, PLAIN))


def test_wrapped_pieces_keep_their_styles_on_every_line_they_reach() -> None:
    lines = wrap([("A.", "bold"), (" one two", ""), (" three four", "green")], 9, BOLD_CYAN)
    assert [plain(line) for line in lines] == ["A. one", "two three", "four"]
    assert lines[0] == "\x1b[1mA.\x1b[0m one"
    assert lines[1] == "two\x1b[32m three\x1b[0m" and lines[2] == "\x1b[32mfour\x1b[0m"
    assert paragraphs([("a\nb", "dim"), ("c", "")]) == [[("a", "dim")], [("b", "dim"), ("c", "")]]


def test_a_compound_style_loses_only_its_colour_under_no_color() -> None:
    assert BOLD_CYAN("x", "bold red") == "\x1b[1;31mx\x1b[0m"
    assert Ink(styles=True, colours=False)("x", "bold red") == "\x1b[1mx\x1b[0m"
    assert Ink(styles=True, colours=False)("x", "green") == "x" and BOLD_CYAN("x", "") == "x"


def test_blocks_sit_side_by_side_only_when_both_fit() -> None:
    left, right = panel(["a"], "one"), panel(["b", "c"], "two")
    both = beside([left, right], room=40)
    assert len(both) == 4 and both[0] == left[0] + " " + right[0]
    assert both[3].startswith(" " * (width(left[0]) + 1)) and both[3].endswith("╯")
    assert beside([left, right], room=width(left[0]) + width(right[0])) == left + right  # no room for the gap


def test_flow_breaks_between_pieces_and_wraps_a_piece_wider_than_the_line() -> None:
    bold = BOLD_CYAN("alice", "bold")
    assert flow([bold, "4 due today", "streak 2 days"], 30) == [f"{bold} · 4 due today", "streak 2 days"]
    assert flow(["a b c d e f", "tail"], 5) == ["a b c", "d e f", "tail"]
    assert all(width(line) <= 12 for line in flow(["x" * 5] * 9, 12))


@pytest.mark.parametrize(
    ("env", "tty", "bold", "cyan"),
    [
        ({}, True, True, True),
        ({}, False, False, False),
        ({"NO_COLOR": "1"}, True, True, False),
        ({"FORCE_COLOR": "1"}, False, True, True),
        ({"TERM": "dumb"}, True, False, False),
    ],
    ids=["terminal", "pipe", "no-color", "force-color", "dumb-terminal"],
)
def test_styles_are_written_for_a_terminal_and_colours_drop_under_no_color(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, bold: bool, cyan: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    ink = Ink.for_stdout()
    assert (ink("x", "bold") == "\x1b[1mx\x1b[0m") is bold and (ink("x", "bold") == "x") is not bold
    assert (ink("x", "cyan") == "\x1b[36mx\x1b[0m") is cyan and (ink("x", "cyan") == "x") is not cyan


def figures(**changes: object) -> StudentFigures:
    base = StudentFigures(
        name="alice",
        reviews=9,
        cards_seen=4,
        seconds=600.0,
        last_review=date(2026, 11, 21),
        streak=2,
        retention=Rate(4, 3),
        retention_by_category={"contraindication": Rate(4, 3)},
        retention_by_region={"lower-extremity-and-the-whole-fibular-head": Rate(2, 1)},
        coverage_by_category={"contraindication": Coverage(10, 3, 1), "technique": Coverage(12345, 0, 0)},
        coverage_by_region={"lower-extremity-and-the-whole-fibular-head": Coverage(5, 1, 0)},
        leeches=[CardLine("tech-1", "q", "a long answer " * 8)],
        most_missed=[],
        due_today=4,
        due_tomorrow=1,
        forecast=[1] + [0] * 29,
        activity={date(2026, 11, 21): 5},
    )
    return StudentFigures(**{**base.__dict__, **changes})


@pytest.mark.parametrize("size", [40, 50, 60, 80, 120])
def test_the_dashboard_fits_the_width_and_wraps_a_long_name_instead_of_cutting_it(size: int) -> None:
    lines = dashboard(figures(), date(2026, 11, 27), BOLD_CYAN, size)
    assert max(width(line) for line in lines) <= size, "\n".join(map(plain, lines))
    assert "\x1b[1malice\x1b[0m" in lines[1]  # the name in bold
    if size < 60:
        return  # narrower than any terminal the screen is laid out for: it fits, and that is all
    text = " ".join(plain(line).replace("│", " ") for line in lines)
    words = text.split()
    for word in ("contraindication", "12345", "75%", "leeches", "tech-1:"):
        assert word in words, text
    # The long region name wraps at its hyphens: every part of it is there, none cut.
    for part in ["lower", "extremity", "and", "the", "whole", "fibular", "head"]:
        assert any(part == word.strip("-") for chunk in words for word in chunk.split("-")), (part, text)
    assert "…" not in text


def test_the_counts_are_right_aligned_under_their_headers() -> None:
    lines = [plain(line) for line in dashboard(figures(), date(2026, 11, 27), Ink(False, False), 100)]
    head = next(line for line in lines if "category" in line and "mature" in line)
    row = next(line for line in lines if "technique" in line)
    assert row.index("12345") + len("12345") == head.index("new") + len("new")
    assert row.rindex("0") == head.index("mature") + len("mature") - 1


def test_the_review_screen_wraps_to_the_width_of_the_moment_and_styles_nothing_in_a_pipe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from omm_cards.cli.screen import Screen

    monkeypatch.setenv("COLUMNS", "20")
    screen = Screen()
    screen.print("one two three four five six seven", "dim")
    monkeypatch.setenv("COLUMNS", "30")  # the window was resized
    screen.panel([("A.", "bold"), (" an option that wraps in the box", "")], "deck · anatomy", subtitle="0 done")
    with screen.alternate():
        screen.clear()  # a pipe gets neither a screen of its own nor a clear
    assert capsys.readouterr().out.splitlines() == [
        "one two three four",
        "five six seven",
        "╭─ deck · anatomy ───────────╮",
        "│ A. an option that wraps in │",
        "│ the box                    │",
        "╰────────── 0 done ──────────╯",
    ]


def test_a_long_word_of_wide_characters_is_cut_at_the_line_never_through_a_character() -> None:
    lines = wrap([("日本語" * 1000, "")], 7, PLAIN)  # 3,000 characters two columns wide
    assert len(lines) == 1000 and {width(line) for line in lines} == {6}
    assert "".join(lines) == "日本語" * 1000


def test_the_grade_keys_break_between_keys_never_inside_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from omm_cards import grading
    from omm_cards.cli.screen import Screen

    keys = grading.legend(grading.SIX).split(" · ")
    for columns in (40, 60, 80, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        Screen().items(keys)
        lines = capsys.readouterr().out.splitlines()
        assert " · ".join(lines).split(" · ") == keys  # every key whole, on one line
        assert all(len(line) <= columns and not line.startswith("·") for line in lines)
