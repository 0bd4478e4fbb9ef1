"""Shell completion, as a shell runs it: the script omm-cards prints, sourced in bash, asked for words."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_root_command_shows_and_installs_a_completion_script(
    cli: Cli, shell: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer._completion_shared

    monkeypatch.setattr(typer._completion_shared, "_get_shell_name", lambda: shell)  # the shell it runs under
    script = cli("--show-completion").stdout
    assert "_OMM_CARDS_COMPLETE=complete_" + shell in script and "omm-cards" in script
    monkeypatch.setenv("HOME", str(tmp_path))
    assert f"{shell} completion installed in" in cli("--install-completion").stdout
    installed = [p for p in tmp_path.rglob("*") if p.is_file() and "omm" in p.name]
    assert installed and "_OMM_CARDS_COMPLETE" in installed[0].read_text()


def test_an_unknown_shell_is_named(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer._completion_shared

    monkeypatch.setattr(typer._completion_shared, "_get_shell_name", lambda: "tcsh")
    result = cli("--show-completion", check=False)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "error: completion is for bash, zsh and fish, not this shell (tcsh) (run the option from one of them)\n"
    )


@pytest.mark.parametrize("command", [["decks"], ["cards", "list"], ["review"], ["students"], ["report"]])
def test_sub_commands_do_not_offer_completion_options(cli: Cli, command: list[str]) -> None:
    assert "completion" not in cli(*command, "--help").stdout
    result = cli(*command, "--show-completion", check=False)
    assert result.exit_code == 2 and "No such option" in result.stderr


def test_completion_names_come_from_the_database_without_changing_it(cli: Cli, env: Path) -> None:
    from omm_cards.storage.completion_queries import complete

    cli("students", "add", "alice")
    db = env / "omm-cards.db"
    backups = env / "backups"
    before = (db.read_bytes(), sorted(backups.glob("*")))
    assert complete(db, "deck", "st") == ["starter"]
    assert complete(db, "card", "starter/t") == ["starter/t4-frs"]
    assert complete(db, "tag", "region::") == ["region::cervical", "region::thoracic"]
    assert complete(db, "student", "") == ["alice", "default"]
    assert complete(db, "tag", "%") == [] and complete(env / "missing.db", "deck", "") == []
    assert (db.read_bytes(), sorted(backups.glob("*"))) == before  # no sync, no migration, no backup


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_and_names(cli: Cli, env: Path, tmp_path: Path) -> None:
    cli("students", "add", "alice")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "omm-cards"
    wrapper.write_text(f'#!/bin/sh\nexec {sys.executable} -P -m omm_cards "$@"\n')
    wrapper.chmod(0o755)
    script = tmp_path / "complete.sh"
    script.write_text(
        'eval "$(omm-cards --show-completion)"\n'
        'ask() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _omm_cards_completion omm-cards;'
        ' echo "${COMPREPLY[*]}"; }\n'
        "ask omm-cards st\n"
        "ask omm-cards --student al\n"
        "ask omm-cards review --deck sta\n"
        "ask omm-cards cards show starter/hv\n"
        "ask omm-cards cards list --tag topic::\n"
        "ask omm-cards cards list --se\n"
    )
    environment = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=str(ROOT))
    done = subprocess.run(["bash", str(script)], env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "stats students",
        "alice",
        "starter",
        "starter/hvla-down",
        "topic::counterstrain topic::fryette",
        "--search",
    ]
