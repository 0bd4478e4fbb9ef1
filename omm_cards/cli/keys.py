"""Reading the student's actions: single keypresses on a terminal, one line each otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

ENTER = ""
Reader = Callable[[], str | None]


def line_reader(stream: TextIO) -> Reader:
    """One action per line; end of input returns None."""

    def read() -> str | None:
        line = stream.readline()
        return None if line == "" else line.strip()

    return read


def key_reader(stream: TextIO) -> Reader:
    """Single keypresses without Enter; Ctrl-D returns None, Ctrl-C still interrupts."""
    import termios
    import tty

    fd = stream.fileno()

    def read() -> str | None:
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            key = stream.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if key in ("", "\x04"):
            return None
        if key in ("\r", "\n", " "):
            return ENTER
        return key.lower()

    return read


def reader_for(stream: TextIO = sys.stdin) -> Reader:
    if stream.isatty():
        try:
            return key_reader(stream)
        except ImportError:  # no termios (Windows): fall back to lines
            pass
    return line_reader(stream)
