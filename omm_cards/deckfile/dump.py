"""Writing a deck mapping as YAML that people can read and edit, and that the loader reads back exactly.

Keys keep their order, tag lists stay on one line, multi-line text is a literal block, and anything
YAML would read as another type (`no`, `1:30`, `012`) is quoted, although our loader reads every
scalar as text anyway. No line folding: a long line is read back exactly as written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from omm_cards.deckfile.document import deck_document
from omm_cards.errors import OmmError
from omm_cards.model import Deck

# A hierarchical tag (`region::lumbar`) is safe unquoted inside `[...]`, although PyYAML would quote it.
_TAG = re.compile(r"[a-z0-9][a-z0-9-]*(::[a-z0-9][a-z0-9-]*)*")
_STR = "tag:yaml.org,2002:str"


class _FlowList(list[str]):
    """A list written on one line: `[region::lumbar, topic::fryette]`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the bundled decks are written.
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        value = str(getattr(self.event, "value", ""))
        resolve: Any = self.resolve
        if self.flow_level and _TAG.fullmatch(value) and resolve(yaml.ScalarNode, value, (True, False)) == _STR:
            return ""
        return str(super().choose_scalar_style())


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR, value, style=style)


def _flow(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_FlowList, _flow)


def emit_deck(document: dict[str, Any]) -> str:
    """YAML for a deck mapping: `tags` values become one-line lists; everything else keeps its order."""
    return str(
        yaml.dump(
            _shape(document),
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=1_000_000,
        )
    )


def _shape(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _shape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in ("tags", "accept"):
            return _FlowList(value)
        return [_shape(item) for item in value]
    return value


def to_yaml(deck: Deck) -> str:
    """The deck file; checked by reading it back, so an export never silently changes a card."""
    from omm_cards.deckfile.load import parse_deck

    text = emit_deck(deck_document(deck))
    again = parse_deck(text, f"{deck.id}.yaml")
    if again != deck:
        raise OmmError(f"{deck.id}: the YAML export did not read back to the same deck; nothing was written")
    return text
