"""The README's command synopsis, written from the command tree itself, so the docs cannot drift.

`python -m omm_cards.cli.synopsis` prints it; a test checks that the README holds exactly this.
"""

from __future__ import annotations

from typing import Any

import typer

from omm_cards.cli.app import COMMANDS, app
from omm_cards.cli.help import metavar


def _param(param: Any) -> str:
    # Typer ships its own copy of click: parameters are told apart by kind, not by class.
    if param.param_type_name == "argument":
        name = (param.metavar or param.name or "").upper()
        return (
            f"[{name}]..." if param.nargs == -1 and not param.required else f"{name}..." if param.nargs == -1 else name
        )
    flag = max(param.opts, key=len)
    text = flag if param.is_flag else f"{flag} {metavar(param)}"
    text = text if param.required else f"[{text}]"
    return text + ("..." if param.multiple else "")


HIDDEN = {"help", "install_completion", "show_completion"}


def _usage(command: Any) -> str:
    shown = [p for p in command.params if not getattr(p, "hidden", False) and p.name not in HIDDEN]
    return " ".join(_param(p) for p in shown)


def synopsis() -> str:
    root = typer.main.get_command(app)
    context = typer.Context(root)
    lines = [f"omm-cards {_usage(root)} COMMAND"]
    for name in COMMANDS:
        command: Any = root.get_command(context, name)  # type: ignore[attr-defined]
        if hasattr(command, "list_commands"):
            head = f"{name} {_usage(command)}".rstrip()
            if command.invoke_without_command:
                lines.append(f"  {head}")
            for sub in command.list_commands(context):
                lines.append(f"  {name} {sub} {_usage(command.get_command(context, sub))}".rstrip())
        else:
            lines.append(f"  {name} {_usage(command)}".rstrip())
    return "\n".join(lines)


if __name__ == "__main__":
    print(synopsis())
