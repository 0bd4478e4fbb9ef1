"""A Rich progress bar for the use cases that can take seconds on large data (import, export, a class
report, doctor, restore), drawn only when a person is watching: none when stdout is not a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from omm_cards.cli.render import console, is_terminal, safe
from omm_cards.services.workspace import Advance, no_progress


@contextmanager
def progress_bar(label: str) -> Iterator[Advance]:
    """An `Advance` for a service to call; it disappears when done (the command's own lines stay)."""
    if not is_terminal():
        yield no_progress
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console(), transient=True) as bar:
        task = bar.add_task(safe(label), total=None)

        def advance(step: str, done: int, total: int) -> None:
            bar.update(task, description=safe(f"{label}: {step}" if step else label), completed=done, total=total)

        yield advance
