"""The package's shape: no import circle anywhere (function-level imports included), every module in a
layer of the import-linter contract, and the card body read by string key only in the codec."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
GRAPH = grimp.build_graph("omm_cards", include_external_packages=False)


def test_no_module_imports_itself_through_others() -> None:
    circles = []
    for module in sorted(GRAPH.modules):
        for imported in GRAPH.find_modules_directly_imported_by(module):
            if GRAPH.chain_exists(importer=imported, imported=module):
                circles.append(GRAPH.find_shortest_chain(importer=imported, imported=module))
    assert circles == []


def test_every_module_is_in_a_layer() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layers = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    top = {"omm_cards", "omm_cards.__main__"}
    inside = {m for m in GRAPH.modules for layer in layers if m == layer or m.startswith(f"{layer}.")}
    assert sorted(set(GRAPH.modules) - inside - top) == []


def test_card_bodies_are_read_by_key_only_in_the_codec() -> None:
    offenders = []
    for path in (ROOT / "omm_cards").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() == "omm_cards/storage/codec.py":
            continue  # the one codec between a card body and its stored JSON
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\bcontent\[", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_public_api_is_the_domain() -> None:
    from datetime import date

    import omm_cards

    assert set(omm_cards.__all__) == {
        "BasicBody", "Card", "ClozeBody", "Deck", "Grade", "McqBody", "State", "TypedBody", "load_deck", "review",
    }  # fmt: skip
    state = omm_cards.review(omm_cards.State(), omm_cards.Grade(5), date(2026, 1, 1))
    assert (state.interval, state.easiness) == (1, 260)
    deck = omm_cards.load_deck(ROOT / "tests" / "data" / "bundled" / "starter.yaml").deck
    assert isinstance(deck, omm_cards.Deck) and all(isinstance(c, omm_cards.Card) for c in deck.cards)
    assert (ROOT / "omm_cards" / "py.typed").is_file()


def test_the_readme_synopsis_is_the_command_tree() -> None:
    from omm_cards.cli.synopsis import synopsis

    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- synopsis:", 1)[1].split("```\n", 2)[1]
    assert block.rstrip("\n") == synopsis(), "run `python -m omm_cards.cli.synopsis` and paste it into the README"
