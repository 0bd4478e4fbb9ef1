"""Reading the student's actions: single keypresses on a terminal, one line each otherwise."""

from __future__ import annotations

import os
import sys
from typing import TextIO

ENTER = ""
IGNORED = "\x00"  # a key that means nothing here (an arrow, a function key): dropped quietly


class Keys:
    """One action per line: the protocol scripts use when standard input is not a terminal."""

    terminal = False

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
    """Single keypresses without Enter; Ctrl-D ends the session and Ctrl-C still interrupts.

    A typed answer is read with line editing (arrows, Home/End, the session's history) through
    readline; whatever a paste left after its first line is discarded, so it cannot grade a card.
    """

    terminal = True

    def line(self, prompt: str = "") -> str | None:
        import readline  # noqa: F401  (importing it gives input() line editing and history)
        import termios

        try:
            text = input(prompt)
        except EOFError:
            return None
        termios.tcflush(self.stream.fileno(), termios.TCIFLUSH)
        return text.strip()

    def key(self) -> str | None:
        import termios
        import tty

        fd = self.stream.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            key = os.read(fd, 1).decode("utf-8", "replace")
            if key == "\x1b":
                _drain(fd)  # the rest of an escape sequence: an arrow or function key
                return IGNORED
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if key in ("", "\x04"):
            return None
        if key in ("\r", "\n", " "):
            return ENTER
        if not key.isprintable():
            return IGNORED
        return key.lower()


def _drain(fd: int) -> None:
    """Read the rest of one escape sequence (an arrow is ESC [ A, F1 is ESC O P), and nothing after it.

    A lone ESC is followed by nothing within a moment; a CSI sequence ends at its final byte (@ to ~).
    """
    first = _next_byte(fd)
    if first == b"[":
        while (byte := _next_byte(fd)) and not 0x40 <= byte[0] <= 0x7E:
            pass
    elif first == b"O":
        _next_byte(fd)


def _next_byte(fd: int) -> bytes:
    import select

    if not select.select([fd], [], [], 0.05)[0]:
        return b""
    return os.read(fd, 1)


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
