"""Reading the student's actions: single keypresses on a terminal, one line each otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

ENTER = ""


class Keys:
    """One action per line: the protocol scripts use when standard input is not a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def key(self) -> str | None:
        """The next action; None at end of input."""
        return self.line()

    def line(self, prompt: str = "") -> str | None:
        """A whole line, e.g. a typed answer; None at end of input. The prompt shows on terminals only."""
        text = self.stream.readline()
        return None if text == "" else text.strip()


class TerminalKeys(Keys):
    """Single keypresses without Enter; Ctrl-D ends the session and Ctrl-C still interrupts."""

    def line(self, prompt: str = "") -> str | None:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        return super().line()

    def key(self) -> str | None:
        import termios
        import tty

        fd = self.stream.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            key = self.stream.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if key in ("", "\x04"):
            return None
        if key in ("\r", "\n", " "):
            return ENTER
        return key.lower()


def keys_for(stream: TextIO = sys.stdin) -> Keys:
    # Bytes that are not valid text become U+FFFD, never a crash: such a line can only be an unknown
    # key or a (wrong) typed answer, so it can never record a grade by accident.
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")
    if stream.isatty():
        try:
            import termios  # noqa: F401  (absent on Windows: fall back to lines)

            return TerminalKeys(stream)
        except ImportError:
            pass
    return Keys(stream)
