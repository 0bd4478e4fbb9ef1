"""Where the data lives, who is studying and what time it is: read once, at the edge."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import typer

from omm_cards.errors import OmmError
from omm_cards.services.startup import open_workspace
from omm_cards.services.workspace import Workspace
from omm_cards.text import visible

APP_NAME = "omm-cards"
MAX_COUNT = 100_000  # the bound of every count option: more cards than any deck, less than SQLite's integers
YEARS = (1900, 9000)  # dates outside these are typos, and near year 9999 date arithmetic overflows
DB_NAME = "omm-cards.db"


@dataclass(frozen=True)
class Settings:
    db: Path
    student: str
    now: datetime


def data_home() -> Path:
    home = os.environ.get("OMM_CARDS_HOME")
    if home:
        return Path(home)
    import platformdirs  # only when no folder is given: scripts that set one start faster

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def parse_now(text: str) -> datetime:
    """An ISO 8601 date or date-time; a time zone is converted to local time."""
    try:
        if len(text) == 10:  # a date alone is noon: inside that study day whatever hour the day starts
            moment = datetime.combine(date.fromisoformat(text), time(12))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise OmmError(f"OMM_CARDS_NOW: not an ISO 8601 date or date-time: {text!r}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise OmmError(f"OMM_CARDS_NOW: {text!r} is outside the years {YEARS[0]} to {YEARS[1]}")
    return moment.replace(microsecond=0)


def resolve(db: Path | None, student: str | None) -> Settings:
    db = db or (Path(os.environ["OMM_CARDS_DB"]) if os.environ.get("OMM_CARDS_DB") else None)
    now_text = os.environ.get("OMM_CARDS_NOW")
    now = parse_now(now_text) if now_text else datetime.now().replace(microsecond=0)
    name = (student or os.environ.get("OMM_CARDS_STUDENT") or "default").strip()
    if not name:
        raise OmmError("the student name must not be empty")
    return Settings(db or data_home() / DB_NAME, name, now)


def settings_of(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.find_root().obj
    return settings


@contextmanager
def workspace(ctx: typer.Context, *, create: bool = False, student: str | None = None) -> Iterator[Workspace]:
    """The open workspace; its notices (such as a daily backup that was not taken) go to stderr first.

    `student` overrides --student (the `students` commands work on the database, not as a student);
    `create` makes the profile if it does not exist yet.
    """
    settings = settings_of(ctx)
    with open_workspace(settings.db, student or settings.student, settings.now, create=create) as ws:
        for notice in ws.notices:
            typer.echo(visible(notice), err=True)
        yield ws
