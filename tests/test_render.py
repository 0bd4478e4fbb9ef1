"""Tables drawn without Rich: columns as wide as their widest cell (wide characters count two), a total."""

from __future__ import annotations

import pytest

from omm_cards.cli.render import print_records

ASCII = """\
┏━━━━━━━━┳━━━┓
┃ A      ┃ B ┃
┡━━━━━━━━╇━━━┩
│ x      │ 0 │
│ longer │ 1 │
├────────┼───┤
│ total  │ 1 │
└────────┴───┘
"""
WIDE = """\
┏━━━━━━━┳━━━┓
┃ A     ┃ B ┃
┡━━━━━━━╇━━━┩
│ 日本  │ 0 │
│ y\\x1b │ 1 │
├───────┼───┤
│ total │ 1 │
└───────┴───┘
"""


@pytest.mark.parametrize(("cells", "expected"), [(["x", "longer"], ASCII), (["日本", "y\x1b"], WIDE)])
def test_a_table_pads_every_cell_to_its_column(
    cells: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [{"a": cell, "b": i} for i, cell in enumerate(cells)]
    print_records(records, False, [("A", lambda r: r["a"]), ("B", lambda r: r["b"])], total=["total", "1"])
    assert capsys.readouterr().out == expected


def test_tab_separated_lines_keep_one_record_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A tab or a line break inside a value becomes a space; other values are written as they are."""
    from omm_cards.cli.render import print_tsv

    rows = [("plain", "1"), ("a\ttab", "2"), ("two\nlines", "3"), ("both\t\n", "4.5")]
    print_tsv(["name", "n"], rows)
    assert capsys.readouterr().out == "name\tn\nplain\t1\na tab\t2\ntwo lines\t3\nboth  \t4.5\n"
