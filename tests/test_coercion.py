"""Option values converted without pydantic come out exactly as Typer's own conversion makes them."""

from __future__ import annotations

import enum
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import Context
from typer._coercion import build_runtime_param

from omm_cards.cli.coercion import defer


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def _options(
    flag: Annotated[bool, typer.Option("--flag")] = False,
    text: Annotated[str | None, typer.Option("--text")] = None,
    count: Annotated[int, typer.Option("--count", min=1, max=10)] = 3,
    clamped: Annotated[int, typer.Option("--clamped", min=1, max=10, clamp=True)] = 3,
    ratio: Annotated[float, typer.Option("--ratio")] = 0.5,
    colour: Annotated[Colour, typer.Option("--colour")] = Colour.RED,
    file: Annotated[Path | None, typer.Option("--file", dir_okay=False)] = None,
    present: Annotated[Path | None, typer.Option("--present", exists=True)] = None,
    tags: Annotated[list[str] | None, typer.Option("--tag")] = None,
    paths: Annotated[list[Path] | None, typer.Option("--path")] = None,
    when: Annotated[datetime | None, typer.Option("--when")] = None,
) -> None:
    """Every kind of option the commands declare, and some they don't."""


def _params() -> tuple[Any, dict[str, Any]]:
    holder = typer.Typer(add_completion=False)
    holder.command()(_options)
    command = typer.main.get_command(holder)
    return command, {p.name: p for p in command.params if p.name != "help"}


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as error:  # the error is part of the behaviour compared
        return type(error).__name__, str(error)
    return type(result).__name__, result


def _values(tmp_path: Path) -> dict[str, list[Any]]:
    folder, file = tmp_path / "a-folder", tmp_path / "a-file.txt"
    folder.mkdir()
    file.write_text("x")
    return {
        "flag": [None, False, True, "true", "0"],
        "text": [None, "", "gen0", "naïve words"],
        "count": [None, 3, 1, 10, 0, 11, -4, "5", "x", True],
        "clamped": [None, 3, 0, 99, "7"],
        "ratio": [None, 0.5, "0.25", "x"],
        "colour": [None, Colour.BLUE, "red", "blue", "RED", "green", ""],
        "file": [None, str(file), str(folder), str(tmp_path / "missing"), "-", "", file],
        "present": [None, str(file), str(tmp_path / "missing")],
        "tags": [None, (), [], ("a", "b"), ["x"], "a"],
        "paths": [None, (), (str(file), str(folder)), [str(tmp_path / "missing")]],
        "when": [None, "2026-11-27", "not a date"],
    }


def test_every_value_converts_as_typer_converts_it(tmp_path: Path) -> None:
    command, params = _params()
    ctx = Context(command)
    values = _values(tmp_path)
    assert set(values) == set(params)
    for name, param in params.items():
        typer_own = build_runtime_param(param.type_descriptor)
        defer(param)
        ours = param.get_runtime_param()
        assert ours is not typer_own
        for value in values[name]:
            expected = _outcome(typer_own, value, param, ctx)
            assert _outcome(ours, value, param, ctx) == expected, (name, value)
