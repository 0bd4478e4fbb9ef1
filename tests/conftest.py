from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from omm_cards.cli import review
from omm_cards.cli.app import app
from omm_cards.deckfile import bundled
from omm_cards.services.backups import DAILY_VARIABLE

DATA = Path(__file__).parent / "data"
TODAY = "2026-11-27"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, a fixed clock and the small starter deck as 'bundled'."""
    home = tmp_path / "home"
    monkeypatch.setenv("OMM_CARDS_HOME", str(home))
    monkeypatch.setenv("OMM_CARDS_NOW", TODAY)
    monkeypatch.delenv("OMM_CARDS_DB", raising=False)
    monkeypatch.delenv("OMM_CARDS_STUDENT", raising=False)
    monkeypatch.setenv(bundled.FOLDER_VARIABLE, str(DATA / "bundled"))
    monkeypatch.setenv(DAILY_VARIABLE, "inline")  # the daily backup in process: a test sees it when the command ends
    monkeypatch.setattr(review, "clock", lambda: 0.0)  # every answer takes no time: no test reads the wall clock
    return home


@pytest.fixture
def db_path(env: Path) -> Path:
    return env / "omm-cards.db"


@pytest.fixture
def cli() -> Callable[..., Run]:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, now: str | None = None, check: bool = True) -> Run:
        if now is not None:
            os.environ["OMM_CARDS_NOW"] = now
        result = runner.invoke(app, list(args), input=input)
        run = Run(result.exit_code, result.stdout, result.stderr)
        if check:
            assert result.exit_code == 0, f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
        return run

    return invoke
