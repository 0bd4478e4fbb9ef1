"""The daily backup, in a process of its own: `python -m omm_cards.services.daily_job DB NOW`.

Started by the first command of the day (see backups.daily_backup), which does not wait for it. One at
a time: a second one finds the lock taken and leaves it to the first.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from omm_cards.services.backups import take_daily
from omm_cards.storage import Database, backups_folder


def main(argv: list[str]) -> int:
    path, now = Path(argv[1]), datetime.fromisoformat(argv[2])
    folder = backups_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".daily.lock").open("a") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass  # no flock (Windows): two jobs at once still make one file, as backups are never overwritten
        except OSError:
            return 0  # another job is taking it
        db = Database(path)
        try:
            take_daily(db, now)
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
