"""Which backups to keep: grandfather-father-son rotation, as a pure function of their times."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime

DAILY, WEEKLY, MONTHLY = 7, 4, 6


def keep(stamps: Iterable[datetime], daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY) -> set[datetime]:
    """The newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly` months that
    have backups; everything else may go."""
    newest_first = sorted(set(stamps), reverse=True)
    kept: set[datetime] = set()
    for count, period in (
        (daily, lambda s: s.date()),
        (weekly, lambda s: s.isocalendar()[:2]),
        (monthly, lambda s: (s.year, s.month)),
    ):
        kept |= _newest_per_period(newest_first, period, count)
    return kept


def _newest_per_period(
    newest_first: list[datetime], period: Callable[[datetime], Hashable], count: int
) -> set[datetime]:
    seen: dict[Hashable, datetime] = {}
    for stamp in newest_first:
        if len(seen) == count and period(stamp) not in seen:
            break
        seen.setdefault(period(stamp), stamp)
    return set(seen.values())
