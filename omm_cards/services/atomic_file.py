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
