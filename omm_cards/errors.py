"""The one exception the core raises, and the exit codes the CLI turns it into."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    USER_ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class OmmError(Exception):
    """A problem the user can fix: printed as one line, never as a traceback."""

    exit_code = ExitCode.USER_ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        text = f"error: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return [text]


class Problems(OmmError):
    """Several problems at once, each a located line of its own."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems

    def lines(self) -> list[str]:
        return list(self.problems)


class DeckError(Problems):
    """Every problem found in one or more decks, each already located."""
