"""The deck parser's tree against PyYAML's own composer: the same values at the same places, and the items
of the `cards` list handed over one by one, in order, instead of kept."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from omm_cards.deckfile.yaml_tree import Node, compose

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)
values = st.recursive(
    texts, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4), max_leaves=12
)
documents = st.dictionaries(texts, values, min_size=1, max_size=5)


def ours(node: Node) -> Any:
    if isinstance(node.value, str):
        return ("str", node.value, node.line, node.col)
    if isinstance(node.value, list):
        return ("seq", [ours(item) for item in node.value], node.line, node.col)
    return ("map", {k: (ours(key), ours(value)) for k, (key, value) in node.value.items()}, node.line, node.col)


def theirs(node: yaml.Node | None) -> Any:
    assert node is not None
    place = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return ("str", node.value, *place)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", [theirs(item) for item in node.value], *place)
    return ("map", {key.value: (theirs(key), theirs(value)) for key, value in node.value}, *place)


def problems_of(text: str, **kwargs: Any) -> tuple[Node | None, list[tuple[int, int, str, str]]]:
    found: list[tuple[int, int, str, str]] = []
    return compose(text, lambda *problem: found.append(problem), **kwargs), found


@settings(max_examples=200, deadline=None)
@given(documents, st.sampled_from([None, False, True]))
def test_the_tree_is_pyyamls_with_every_scalar_as_text(data: dict[str, Any], flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    root, found = problems_of(text)
    assert found == []
    assert root is not None
    # PyYAML's composer resolves no types: its scalar values are the text as written, as ours must be.
    assert ours(root) == theirs(yaml.compose(text, Loader=yaml.SafeLoader))


@settings(max_examples=200, deadline=None)
@given(st.lists(values, max_size=6), documents)
def test_the_items_are_handed_over_in_order_and_not_kept(cards: list[Any], rest: dict[str, Any]) -> None:
    data = {**{k: v for k, v in rest.items() if k != "cards"}, "cards": cards}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    handed: list[Any] = []
    root, found = problems_of(text, items="cards", take=lambda item, root: handed.append(ours(item)))
    assert found == []
    assert root is not None
    whole = theirs(yaml.compose(text, Loader=yaml.SafeLoader))
    assert handed == whole[1]["cards"][1][1]
    assert ours(root)[1]["cards"][1][1] == []  # the list's node stays empty
    others = {k: v for k, v in whole[1].items() if k != "cards"}
    assert {k: v for k, v in ours(root)[1].items() if k != "cards"} == others


def test_only_the_root_list_is_handed_over_and_a_nested_cards_key_is_kept() -> None:
    text = "id: x\nmeta:\n  cards: [a, b]\ncards:\n  - id: one\n  - two\n"
    handed: list[Any] = []
    root, found = problems_of(text, items="cards", take=lambda item, root: handed.append(item.value))
    assert found == []
    assert root is not None
    assert [v.value for v in root.value["meta"][1].value["cards"][1].value] == ["a", "b"]
    assert root.value["cards"][1].value == []
    assert [h if isinstance(h, str) else sorted(h) for h in handed] == [["id"], "two"]


def test_a_second_cards_list_is_a_duplicate_key_and_is_not_handed_over() -> None:
    text = "cards:\n  - a\ncards:\n  - b\n"
    handed: list[Any] = []
    _, found = problems_of(text, items="cards", take=lambda item, root: handed.append(item.value))
    assert [(line, field, message) for line, _, field, message in found] == [(3, "cards", "duplicate key")]
    assert handed == ["a"]


def test_a_key_that_is_not_text_is_refused_where_it_is() -> None:
    _, found = problems_of("a: 1\n? [x, y]\n: 2\n")
    assert found == [(2, 3, "yaml", "mapping keys must be plain strings")]
