"""Where a command's output goes: `-o FILE` names the format by its extension, `-o -` is standard output."""

from __future__ import annotations

import sys
from pathlib import Path

from omm_cards.errors import OmmError

STDOUT = Path("-")


def choose_format(
    output: Path | None, explicit: str | None, extensions: dict[str, str], default: str, binary: tuple[str, ...] = ()
) -> str:
    """The format to write: the extension of `-o` decides, and an explicit --format must agree with it.

    Without a file (or with `-o -`) it is --format, else `default`; a binary format cannot go to a terminal
    or pipe. A file whose extension says nothing takes --format, and without one is an error naming both.
    """
    names = ", ".join(dict.fromkeys(extensions.values()))
    if output is None or output == STDOUT:
        chosen = explicit or default
        if output == STDOUT and chosen in binary:
            raise OmmError(f"-o -: {chosen} is a binary format and cannot go to standard output", "name a file")
        return chosen
    suffix = output.suffix.lower()
    implied = extensions.get(suffix)
    if implied is None:
        if explicit is not None:
            return explicit
        known = ", ".join(extensions)
        raise OmmError(
            f"{output}: cannot tell the format from the file name", f"end it in {known}, or add --format {names}"
        )
    if explicit is not None and explicit != implied:
        raise OmmError(
            f"--format {explicit} contradicts {output} (a {suffix} file is {implied})",
            f"drop --format, or name a .{explicit} file",
        )
    return implied


def to_stdout(output: Path | None) -> bool:
    return output is None or output == STDOUT


def write_stdout(content: str | bytes) -> None:
    if isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)
