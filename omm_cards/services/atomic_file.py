"""Writing output files safely: all or nothing, and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from omm_cards.errors import OmmError


def write_atomically(path: Path, content: str | bytes, *, force: bool) -> None:
    """Write to a temporary file beside `path`, then rename it into place; text is written as UTF-8."""
    if path.exists() and not force:
        raise OmmError(f"{path}: already exists; nothing was written", "use --force to replace it")
    if path.is_dir():
        raise OmmError(f"{path}: is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            # mkstemp makes the file 0600; a report or deck is the user's file, so it gets what their umask
            # gives any new file (the database and its backups stay private: see storage.database).
            os.chmod(handle, 0o666 & ~_umask())
            with os.fdopen(handle, "wb") as stream:
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise OmmError(f"{path}: cannot write ({error.strerror}); nothing was written") from None


def _umask() -> int:
    mask = os.umask(0o077)  # the only way to read it is to set it: set it back at once
    os.umask(mask)
    return mask
