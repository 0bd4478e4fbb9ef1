"""Option values converted without loading pydantic, where Typer's own conversion needs none of it.

Typer 0.29 converts every option's value through a pydantic TypeAdapter, and builds that adapter
even when the value is None or already of the right type: the first option of every command imports
pydantic, about 90 ms of a 150 ms start on the 2-core benchmark machine. Here the common values are
converted as Typer's adapter would convert them, by Typer's own pydantic-free helpers where it has
them: an absent option, a flag, text, a default number inside its range, a choice, a path, and lists
of these. Any other value (a number typed on the command line, a date, a value Typer would reject)
goes through Typer's adapter, so its result and its error message are Typer's own.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, get_args, get_origin

_UNKNOWN = object()  # the value needs Typer's adapter


def _leaf(value: Any, annotation: Any, param: Any, ctx: Any) -> Any:
    """One value as Typer's adapter would return it, or _UNKNOWN."""
    info = param.type_descriptor.parameter_info
    if annotation is bool and isinstance(value, bool):
        return value
    if annotation is str and isinstance(value, str):
        return value
    if annotation is int and type(value) is int and not info.clamp:
        inside = (info.min is None or value >= info.min) and (info.max is None or value <= info.max)
        return value if inside else _UNKNOWN
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum) and isinstance(value, (str, enum.Enum)):
        from typer._param_types import coerce_cli_choice

        try:
            return coerce_cli_choice(value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return _UNKNOWN
    if annotation is Path and info.path_type is None and isinstance(value, (str, Path)) and value:
        from typer._param_types import coerce_cli_path

        # Typer's adapter makes the Path (with pydantic), then checks it with this same helper.
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    return _UNKNOWN


def _known(value: Any, param: Any, ctx: Any) -> Any:
    descriptor = param.type_descriptor
    if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return _UNKNOWN
    annotation = descriptor.annotation
    if param.multiple or param.nargs == -1:
        if get_origin(annotation) is not list or not isinstance(value, (list, tuple)):
            return _UNKNOWN
        (inner,) = get_args(annotation)
        items = [_leaf(item, inner, param, ctx) for item in value]
        return _UNKNOWN if any(item is _UNKNOWN for item in items) else items
    return _leaf(value, annotation, param, ctx)


class _Deferred:
    """A parameter's conversion that builds Typer's own only for a value that needs it."""

    def __init__(self) -> None:
        self.built: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        known = _known(value, param, ctx)
        if known is not _UNKNOWN:
            return known
        if self.built is None:
            from typer._coercion import build_runtime_param

            self.built = build_runtime_param(param.type_descriptor)
        return self.built.coerce(value, param=param, ctx=ctx)


def defer(param: Any) -> None:
    """Give one Typer parameter the deferred conversion (a parameter of another kind is left alone)."""
    if hasattr(param, "get_runtime_param") and hasattr(param, "type_descriptor"):
        deferred = _Deferred()
        param.get_runtime_param = lambda: deferred
