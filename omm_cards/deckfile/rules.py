"""The rule-drill tables: read `decks/rules/*.yaml` and validate every row, reporting each problem as
`FILE:LINE:COL: table: field: message`.

The tables sit beside the bundled decks but are not decks (the bundled-deck glob is `decks/*.yaml`).
YAML is read through `yamltree.compose`, as the deck loader reads it: every scalar a string, no anchors,
aliases or tags. What each table may hold is in `omm_cards.drills.schema`; the generators receive the
loaded `Tables` and do no I/O.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from omm_cards.deckfile.bundled import MAX_BYTES
from omm_cards.drills.core import Row, Table, Tables
from omm_cards.drills.schema import SCHEMAS, Schema
from omm_cards.errors import Problems
from omm_cards.reading import read_limited

if TYPE_CHECKING:
    from omm_cards.deckfile.yaml_tree import Node

TOP = {"table", "title", "source", "rows"}


class TableError(Problems):
    """Every problem found in one or more rule tables, each located."""


def folder() -> Path:
    """`rules/` inside the packaged decks, or beside the source checkout's `omm_cards/`."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "decks" / "rules"
    return packaged if packaged.is_dir() else package.parent / "decks" / "rules"


def load(where: Path | None = None) -> Tables:
    """Every table in the folder; one TableError listing every problem, or a missing table."""
    where = where or folder()
    problems: list[str] = []
    tables: dict[str, Table] = {}
    for path in sorted(where.glob("*.yaml")):
        try:
            table = load_file(path)
        except TableError as error:
            problems.extend(error.problems)
            continue
        if table.id in tables:
            problems.append(f"{path}:1:1: {table.id}: table: also defined in {tables[table.id].path}")
        tables.setdefault(table.id, table)
    problems.extend(f"{where}:1:1: {name}: table: missing" for name in SCHEMAS if name not in tables and not problems)
    if problems:
        raise TableError(problems)
    return Tables(tables)


def load_file(path: Path) -> Table:
    data = read_limited(path, MAX_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise TableError([f"{path}:1:1: -: file: not UTF-8 text"]) from None
    return parse(text, str(path))


class _Problems:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.where = "-"
        self.items: list[str] = []

    def add(self, line: int, col: int, field: str, message: str) -> None:
        self.items.append(f"{self.filename}:{line}:{col}: {self.where}: {field}: {message}")

    def at(self, node: Node, field: str, message: str) -> None:
        self.add(node.line, node.col, field, message)


def parse(text: str, filename: str) -> Table:
    from omm_cards.deckfile.yaml_tree import compose

    problems = _Problems(filename)
    root = compose(text, problems.add)
    if problems.items:
        raise TableError(problems.items)
    if root is None or not isinstance(root.value, dict):
        problems.add(
            root.line if root else 1,
            root.col if root else 1,
            "file",
            "expected a mapping with table, title, source and rows",
        )
        raise TableError(problems.items)
    fields: dict[str, tuple[Node, Node]] = root.value
    table_id = _text(fields, "table", root, problems)
    schema = SCHEMAS.get(table_id or "")
    if table_id is not None:
        problems.where = table_id
        if schema is None:
            problems.at(fields["table"][1], "table", f"unknown table; expected one of {', '.join(SCHEMAS)}")
    for name, (key, _value) in fields.items():
        if name not in TOP:
            problems.at(key, name, f"unknown field; expected one of {', '.join(sorted(TOP))}")
    title = _text(fields, "title", root, problems)
    source = _text(fields, "source", root, problems)
    rows: list[Row] = []
    nodes: list[Node] = []
    if "rows" not in fields:
        problems.at(root, "rows", "missing")
    elif not isinstance(fields["rows"][1].value, list) or not fields["rows"][1].value:
        problems.at(fields["rows"][1], "rows", "expected a non-empty list of rows")
    elif schema is not None:
        for index, node in enumerate(fields["rows"][1].value):
            row = _row(node, index, schema, problems)
            if row is not None:
                rows.append(row)
                nodes.append(node)
    if schema is not None and not problems.items:
        for at, field, message in schema.across(rows):
            if at is None:
                problems.at(fields["rows"][1], field, message)
                continue
            node = nodes[at]
            problems.at(node.value[field][1] if field in node.value else node, f"rows[{at}].{field}", message)
    if problems.items or table_id is None or title is None or source is None:
        raise TableError(problems.items)
    return Table(table_id, title, source, tuple(rows), filename)


def _row(node: Node, index: int, schema: Schema, problems: _Problems) -> Row | None:
    label = f"rows[{index}]"
    if not isinstance(node.value, dict):
        problems.at(node, label, "expected a mapping")
        return None
    before = len(problems.items)
    fields: dict[str, tuple[Node, Node]] = node.value
    values: dict[str, str | tuple[str, ...]] = {}
    for name, (key, _value) in fields.items():
        if name not in schema.fields:
            problems.at(key, f"{label}.{name}", f"unknown field; expected one of {', '.join(schema.fields)}")
    for name, spec in schema.fields.items():
        if name not in fields:
            if spec.required:
                problems.at(node, f"{label}.{name}", "missing")
            continue
        value = fields[name][1]
        items = value.value if spec.many else [value]
        if spec.many and not isinstance(items, list):
            problems.at(value, f"{label}.{name}", "expected a list of text")
            continue
        texts: list[str] = []
        for item in items:
            if not isinstance(item.value, str) or not item.value.strip():
                problems.at(item, f"{label}.{name}", "expected text")
                continue
            message = spec.check(item.value.strip())
            if message:
                problems.at(item, f"{label}.{name}", f"{item.value.strip()!r}: {message}")
            texts.append(item.value.strip())
        values[name] = tuple(texts) if spec.many else (texts[0] if texts else "")
    if len(problems.items) > before:
        return None
    source = values.get("source", "")
    assert isinstance(source, str)
    return Row(values, source, node.line)


def _text(fields: dict[str, tuple[Node, Node]], name: str, owner: Node, problems: _Problems) -> str | None:
    if name not in fields:
        problems.at(owner, name, "missing")
        return None
    node = fields[name][1]
    if not isinstance(node.value, str) or not node.value.strip():
        problems.at(node, name, "expected text")
        return None
    return node.value.strip()
