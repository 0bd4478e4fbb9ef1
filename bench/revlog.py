"""The shared review log, as the FSRS benchmarks read it (eval_schedulers.py, simulate_exam.py, fsrs_choice.py).

`/work/shared/data/fsrs-sample-review-log.csv`: 12,580 reviews of 1,205 cards, columns
`card_id, review_rating (1 Again .. 4 Easy), review_time (UTC), review_duration (ms)`.

Days. The log has no time zone, but it has a 9-hour hole: no review between 06:00 and 15:00 UTC. A study day is
therefore counted from 10:00 UTC to 10:00 UTC (the middle of the hole), so that no session is cut in two; this plays
the part of Anki's "next day starts at 4 am" used by the srs-benchmark. `delta_t` is whole days between study days.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

LOG = os.environ.get("OMM_FSRS_LOG", "/work/shared/data/fsrs-sample-review-log.csv")
DAY_START = timedelta(hours=10)


@dataclass(frozen=True)
class Review:
    card: int
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    time: datetime
    day: int  # study day number, see the module docstring


def study_day(moment: datetime) -> int:
    return (moment - DAY_START).date().toordinal()


def load(path: str = LOG) -> list[Review]:
    """All reviews in time order (ties keep file order)."""
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    reviews = [
        Review(int(row["card_id"]), int(row["review_rating"]), t, study_day(t))
        for row in rows
        for t in [datetime.fromisoformat(row["review_time"])]
    ]
    return sorted(reviews, key=lambda r: r.time)


def by_card(reviews: list[Review]) -> dict[int, list[Review]]:
    """Each card's reviews in time order; cards in order of their first review."""
    cards: dict[int, list[Review]] = {}
    for review in reviews:
        cards.setdefault(review.card, []).append(review)
    return cards
