"""The command tree, loaded lazily, and its single error boundary."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import BadParameter
from typer.core import TyperGroup

from omm_cards import __version__
from omm_cards.cli import completion
from omm_cards.cli.context import resolve
from omm_cards.cli.help import tidy, usage_message
from omm_cards.errors import ExitCode, OmmError
from omm_cards.text import visible

# name -> (module, attribute): a Typer sub-app (a command group) or a command function. A command's
# module is imported only when that command runs (or --help lists them all): `omm-cards due` is run
# from shell prompts and scripts, and should not pay for the review screen or the report writers.
COMMANDS = {
    "review": ("omm_cards.cli.review", "review"),
    "due": ("omm_cards.cli.due", "due"),
    "decks": ("omm_cards.cli.decks", "app"),
    "cards": ("omm_cards.cli.cards", "app"),
    "tags": ("omm_cards.cli.tags", "app"),
    "exam": ("omm_cards.cli.exam", "exam_app"),
    "limits": ("omm_cards.cli.limits", "limits"),
    "settings": ("omm_cards.cli.settings", "settings"),
    "scheduler": ("omm_cards.cli.scheduler", "scheduler"),
    "optimize": ("omm_cards.cli.scheduler", "optimize"),
    "stats": ("omm_cards.cli.stats", "stats"),
    "students": ("omm_cards.cli.students", "students_app"),
    "report": ("omm_cards.cli.report", "report"),
    "backup": ("omm_cards.cli.backup", "backup_app"),
    "restore": ("omm_cards.cli.backup", "restore"),
    "doctor": ("omm_cards.cli.doctor", "doctor"),
    "drills": ("omm_cards.cli.drills", "app"),
}


COMPLETION_OPTIONS = ("install_completion", "show_completion")


class _CommandTree(TyperGroup):
    """Loads each command on first use, and is the one error boundary: a user error is printed as its
    own lines on stderr and exits with its code; never a traceback."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        target = getattr(importlib.import_module(module), attribute)
        if not isinstance(target, typer.Typer):
            target = _single(target, cmd_name)
        command = typer.main.get_command(target)
        command.name = cmd_name
        # Typer gives a sub-app --install-completion, which installs a script that cannot work.
        command.params = [p for p in command.params if p.name not in COMPLETION_OPTIONS]
        tidy(command)
        return command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tidy(self)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BadParameter as error:  # a sub-command's option: said in our words, on one line
            typer.echo(f"error: {visible(usage_message(error))}", err=True)
            if error.ctx is not None:
                typer.echo(f"see `{error.ctx.command_path} --help`", err=True)
            raise typer.Exit(ExitCode.USAGE) from None
        except OmmError as error:
            for line in error.lines():
                typer.echo(visible(line), err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None


def _single(function: Any, name: str) -> typer.Typer:
    """A one-command Typer app, which Typer turns into that command itself."""
    holder = typer.Typer()
    holder.command(name=name)(function)
    return holder


app = typer.Typer(
    cls=_CommandTree,
    name="omm-cards",
    help="Drill sourced COMLEX OMM flashcards in the terminal with exact SM-2 scheduling.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,  # our own --install-completion/--show-completion, on the root only (below)
)
COMPLETE_VAR = "_OMM_CARDS_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def _shell() -> str:
    """The shell omm-cards runs under (as Typer finds it), else the login shell in $SHELL."""
    import os

    from typer._completion_shared import _get_shell_name

    shell = _get_shell_name() or os.path.basename(os.environ.get("SHELL", ""))
    if shell not in SHELLS:
        found = f"this shell ({shell})" if shell else "this shell"
        raise OmmError(f"completion is for bash, zsh and fish, not {found}", "run the option from one of them")
    return shell


def _show_completion(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer._completion_shared import get_completion_script

    try:
        typer.echo(get_completion_script(prog_name="omm-cards", complete_var=COMPLETE_VAR, shell=_shell()))
    except OmmError as error:
        typer.echo(error.lines()[0], err=True)
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit()


def _install_completion(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer._completion_shared import install

    try:
        shell, path = install(shell=_shell(), prog_name="omm-cards", complete_var=COMPLETE_VAR)
    except OmmError as error:
        typer.echo(error.lines()[0], err=True)
        raise typer.Exit(error.exit_code) from None
    typer.echo(f"{shell} completion installed in {visible(str(path))}; it works in new terminals")
    raise typer.Exit()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"omm-cards {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None, typer.Option("--db", help="The database file (env OMM_CARDS_DB).", dir_okay=False)
    ] = None,
    student: Annotated[
        str | None,
        typer.Option(
            "--student",
            metavar="NAME",
            help="The student profile (env OMM_CARDS_STUDENT).",
            autocompletion=completion.students,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            expose_value=False,
            is_eager=True,
            help="Install Tab completion for the shell you run it from: bash, zsh or fish.",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            expose_value=False,
            is_eager=True,
            help="Print the completion script for the shell you run it from, to install it yourself.",
        ),
    ] = False,
) -> None:
    """Drill sourced COMLEX OMM flashcards in the terminal with exact SM-2 scheduling."""
    ctx.obj = resolve(db, student)


def main() -> None:
    import os

    if COMPLETE_VAR in os.environ:  # the shell asks for completions: Typer's shell classes answer
        from typer._completion_classes import completion_init

        completion_init()
    app(prog_name="omm-cards")
