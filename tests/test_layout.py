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
