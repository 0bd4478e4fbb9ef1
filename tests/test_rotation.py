from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from omm_cards.rotation import keep


def test_a_year_of_daily_backups_keeps_7_daily_4_weekly_6_monthly() -> None:
    last = datetime(2026, 11, 27, 8, 0)
    stamps = [last - timedelta(days=d) for d in range(365)]
    kept = keep(stamps)
    days = {s.date() for s in kept}
    assert {last.date() - timedelta(days=d) for d in range(7)} <= days
    weeks = {s.isocalendar()[:2] for s in kept}
    assert len(weeks) >= 4
    months = sorted({(s.year, s.month) for s in kept}, reverse=True)
    assert months[:6] == [(2026, 11), (2026, 10), (2026, 9), (2026, 8), (2026, 7), (2026, 6)]
    assert len(kept) <= 7 + 4 + 6
    # The newest of each kept month is the one kept for it.
    assert datetime(2026, 10, 31, 8, 0) in kept and datetime(2026, 10, 30, 8, 0) not in kept


def test_several_backups_on_one_day_keep_the_newest() -> None:
    day = datetime(2026, 11, 27)
    stamps = [day + timedelta(hours=h) for h in (1, 5, 9)]
    assert keep(stamps) == {day + timedelta(hours=9)}


@given(st.lists(st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)), max_size=80))
def test_the_newest_is_always_kept_and_never_more_than_17(stamps: list[datetime]) -> None:
    kept = keep(stamps)
    assert kept <= set(stamps)
    assert len(kept) <= 17
    if stamps:
        assert max(stamps) in kept
