"""Help and option errors that read well: one metavar per option in our words, unwrapped paragraphs.

Typer shows a flag as `<bool>`, a repeatable option as `<list[str]>`, a range as `[1<=x<=100000]`, and
reports a bad value in pydantic's words ("Input should be greater than or equal to 1"). Every command is
tidied here once, when the command tree loads it, so each command module declares its options plainly.
"""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Any

from omm_cards.cli.coercion import defer


def metavar(param: Any) -> str:
    """What an option takes, in the synopsis and the help: N, PATH, DATE, a|b|c, or its name."""
    if param.metavar:
        return str(param.metavar)
    annotation = param.type_descriptor.annotation
    inner = getattr(annotation, "__args__", (annotation,))[0]
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return "|".join(str(member.value) for member in inner)
    if inner is int:
        return "N"
    if inner is Path:
        return "PATH"
    return (param.name or "").upper()


def allowed(param: Any) -> str | None:
    """What a value must be, in words, for an error message; None when the parser's message is better."""
    annotation = param.type_descriptor.annotation
    inner = getattr(annotation, "__args__", (annotation,))[0]
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return "one of " + ", ".join(str(member.value) for member in inner)
    if inner is int:
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        if low is not None and high is not None:
            return f"a whole number from {low:,} to {high:,}"
        if low is not None:
            return f"a whole number, at least {low:,}"
        return "a whole number"
    if inner is float:
        return "a number"
    return None


def unwrap(text: str | None) -> str | None:
    """Docstring paragraphs as single lines, so the terminal wraps them at its own width."""
    if not text:
        return text
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(re.sub(r"\s*\n\s*", " ", p.strip()) for p in paragraphs)


def _range_in_words(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f"; {low:,} to {high:,}"
    if low is not None:
        return f"; at least {low:,}"
    return ""


def tidy(command: Any) -> None:
    """Tidy one command's help and options, and those of its sub-commands."""
    command.help = unwrap(command.help)
    if getattr(command, "short_help", None):
        command.short_help = unwrap(command.short_help)
    for param in command.params:
        defer(param)
        if param.param_type_name == "option" and param.is_flag:
            param.metavar = ""  # a flag takes no value: nothing to show
        elif param.param_type_name == "option":
            param.metavar = metavar(param)
        else:
            _tidy_argument(param)
        if param.param_type_name == "option" and not param.is_flag and _range_in_words(param):
            param.help = (param.help or "").rstrip(".") + _range_in_words(param) + "."
            param._get_number_range_help_str = lambda: None  # said in words in the help instead
    if not getattr(command, "_tidy_help", False):
        command._tidy_help = True
        make_help_option = command.get_help_option

        def help_option(ctx: Any) -> Any:
            option = make_help_option(ctx)
            if option is not None:
                option.metavar = ""
                defer(option)
            return option

        command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)


def _tidy_argument(param: Any) -> None:
    """`PATH...` for a required argument and `[ID]...` for an optional one (Typer writes `{PATH}...`), and no
    type beside the name (Typer adds `<list[Path]>`): the help says what it is."""
    name = str(param.metavar or param.name or "").upper()
    param.metavar = name
    many = "..." if param.nargs != 1 else ""
    usage = f"{name}{many}" if param.required else f"[{name}]{many}"
    param._usage_display_name = lambda: usage
    param._rich_display_name = lambda: name + many
    param.display_type_rich = lambda ctx: None


def usage_message(error: Any) -> str:
    """A bad option value, as one line naming the option and what it takes."""
    param = getattr(error, "param", None)
    message = str(getattr(error, "message", error))
    if param is None:
        return message
    name = max(param.opts, key=len) if param.param_type_name == "option" else param.metavar or param.name
    if type(error).__name__ == "MissingParameter":
        return f"missing {name}"
    words = allowed(param)
    return f"{name}: expected {words}" if words else f"{name}: {message}"
