"""Hypothesis builds decks, valid and broken: a valid one imports and renders; a broken one gets
located errors, never a traceback, and leaves the database as it was."""

from __future__ import annotations

import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from omm_cards.cli.app import app

LOCATED = re.compile(r"^.+:\d+:\d+: \S+: \S.*: .+$")
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True).filter(lambda s: not re.search(r"-c\d+$", s))
markup = st.sampled_from(["[bold]", "[/bold]", "[red]x[/red]", "[link=http://x]y[/link]", "\\[", "[", "]"])
# Printable text in any script, brackets and all; control characters belong to the broken decks.
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)
text = st.lists(st.one_of(printable, markup), min_size=1, max_size=6).map("".join).filter(lambda s: s.strip() != "")
huge = st.integers(2_000, 12_000).map(lambda n: "OMM " * (n // 4))
tags = st.lists(st.from_regex(r"[a-z0-9]{1,8}(::[a-z0-9]{1,8}){0,2}", fullmatch=True), max_size=3)
categories = st.sampled_from(["principle", "technique", "indication", "contraindication", "diagnosis", "anatomy"])


@st.composite
def cards(draw: st.DrawFn) -> dict[str, Any]:
    card: dict[str, Any] = {"id": draw(ids), "category": draw(categories), "tags": draw(tags)}
    kind = draw(st.sampled_from(["basic", "cloze", "mcq", "typed"]))
    if kind == "basic":
        card |= {"front": draw(st.one_of(text, huge)), "back": draw(text)}
    elif kind == "cloze":
        answer = draw(text).replace("}", "").replace("{", "") or "x"
        card |= {"type": "cloze", "text": draw(text) + " {{c1::" + answer + "}}"}
    elif kind == "mcq":
        options = draw(st.lists(st.fixed_dictionaries({"text": text, "why": text}), min_size=3, max_size=6))
        answer = "ABCDEF"[draw(st.integers(0, len(options) - 1))]
        card |= {"type": "mcq", "stem": draw(text), "options": options, "answer": answer}
    else:
        accept = draw(st.lists(text, max_size=3))
        card |= {"type": "typed", "front": draw(text), "answer": draw(text), "accept": accept}
    return card


@st.composite
def valid_decks(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(cards(), min_size=1, max_size=6, unique_by=lambda c: c["id"]))
    return {"id": draw(ids), "title": draw(text), "version": "1", "description": draw(text), "cards": chosen}


def break_deck(deck: dict[str, Any], how: str, draw_value: Any) -> dict[str, Any]:
    card = deck["cards"][0]
    if how == "drop":
        card.pop("category")
    elif how == "wrong type":
        card["tags"] = draw_value
    elif how == "duplicate id":
        deck["cards"].append(dict(card))
    elif how == "unknown category":
        card["category"] = "physiology"
    elif how == "control character":
        deck["title"] = "bad\x07title"
    elif how == "no cards":
        deck["cards"] = []
    return deck


def run(home: Path, *args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"OMM_CARDS_HOME": str(home), "OMM_CARDS_NOW": "2026-11-27"})


def dump(home: Path) -> list[str]:
    conn = sqlite3.connect(home / "omm-cards.db")
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def assert_refused_cleanly(home: Path, path: Path) -> None:
    before = dump(home)
    result = run(home, "decks", "import", str(path))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert lines and all(LOCATED.match(line) for line in lines), result.stderr
    assert dump(home) == before


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(deck=valid_decks())
def test_a_valid_deck_imports_and_renders(tmp_path: Path, deck: dict[str, Any]) -> None:
    home = tmp_path / f"valid-{uuid.uuid4().hex}"  # each example its own data folder: tmp_path is shared
    path = tmp_path / "deck.yaml"
    path.write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    result = run(home, "decks", "import", str(path))
    assert result.exit_code == 0, result.output
    card = deck["cards"][0]
    shown = run(home, "cards", "show", f"{deck['id']}/{card['id']}")
    assert shown.exit_code == 0, shown.output
    front = str(card.get("front", ""))
    if "[red]x[/red]" in front and len(front) < 60 and "\n" not in front:
        assert "[red]x[/red]" in shown.stdout  # markup in a card is printed, never interpreted


@FUZZ
@given(
    deck=valid_decks(),
    how=st.sampled_from(["drop", "wrong type", "duplicate id", "unknown category", "control character", "no cards"]),
    value=st.one_of(st.integers(), st.text(max_size=5).filter(lambda s: s.strip() != ""), st.booleans()),
)
def test_a_broken_deck_gets_located_errors_and_changes_nothing(
    tmp_path: Path, deck: dict[str, Any], how: str, value: Any
) -> None:
    home = tmp_path / "broken"
    run(home, "due")
    path = tmp_path / "deck.yaml"
    path.write_text(yaml.safe_dump(break_deck(deck, how, value), allow_unicode=True), encoding="utf-8")
    assert_refused_cleanly(home, path)


@FUZZ
@example(garbage="?")  # an empty key once made an error line with no field name
@given(garbage=st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_random_text_is_never_a_traceback(tmp_path: Path, garbage: str) -> None:
    home = tmp_path / "garbage"
    run(home, "due")
    path = tmp_path / "deck.yaml"
    path.write_text(garbage, encoding="utf-8", errors="surrogatepass")
    before = dump(home)
    result = run(home, "decks", "import", str(path))
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 1:
        assert all(LOCATED.match(line) for line in result.stderr.splitlines()), result.stderr
        assert dump(home) == before
