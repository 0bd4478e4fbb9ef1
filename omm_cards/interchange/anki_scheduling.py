"""Anki's scheduling and review log as SM-2 progress: what a student studied in Anki comes along.

The mapping (decks/README.md, "Progress from Anki"):
- a review card's interval is ours; its ease (factor in permille) is SM-2's EF (factor / 1000, floored at
  1.3); its due day is the collection's first day plus `due` days; its lapses are ours; repetitions are
  the passing answers since its last lapse (at least 1);
- a learning or relearning card is due on the day of the import;
- a suspended card (queue -1) stays suspended, a buried one (queue -2, -3) is buried until tomorrow;
- each review log row becomes an imported review: Anki's buttons Again, Hard, Good, Easy are SM-2 grades
  1, 3, 4, 5; a row on a day the card was already answered is a same-day repeat; filtered-deck rows
  count as cram; manual reschedules (types 4 and 5) are not reviews and are left out. Each row carries
  the state it left the card in, the last one the card's state above, so the log replays to it;
- a card scheduled in Anki but with no log rows gets one imported row (a Good on the day its interval
  started), so that its history starts somewhere;
- new cards stay new.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from omm_cards.interchange.anki_collection import AnkiCard, AnkiCollection, AnkiReview
from omm_cards.scheduler import MAX_DUE_DAYS, MIN_EASINESS, START_EASINESS, State

GRADES = {1: 1, 2: 3, 3: 4, 4: 5}  # Anki's buttons -> SM-2 grades (as `settings --buttons 4` maps them)
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
SUSPENDED = -1
BURIED = (-2, -3)
FILTERED, MANUAL, RESCHEDULED = 3, 4, 5
_DAY_STARTS = timedelta(hours=4)  # Anki's default: a review at 1 AM counts for the day before


@dataclass(frozen=True)
class ImportedReview:
    reviewed_at: datetime
    grade: int
    same_day_repeat: bool
    seconds: float | None
    after: State
    cram: bool


@dataclass(frozen=True)
class ImportedCard:
    """One card's progress from Anki."""

    state: State
    suspended: bool
    buried: bool
    reviews: tuple[ImportedReview, ...]


def carries_scheduling(collection: AnkiCollection) -> bool:
    """Whether the package holds any progress: a card that is not new, or a review log."""
    return bool(collection.reviews) or any(card.type != NEW for card in collection.cards)


def progress(collection: AnkiCollection, keys: Mapping[tuple[int, int], str], today: date) -> dict[str, ImportedCard]:
    """Each converted card's progress, by its key in our deck; `keys` maps (Anki note id, card ord) to it.

    `today` is the importing student's study day: learning cards are due then.
    """
    logs: dict[int, list[AnkiReview]] = {}
    for row in collection.reviews:
        logs.setdefault(row.card_id, []).append(row)
    first_day = datetime.fromtimestamp(collection.created, UTC).date() if collection.created else date(1970, 1, 1)
    found = {}
    for card in collection.cards:
        key = keys.get((card.note_id, card.ord))
        if key is None or (card.type == NEW and card.id not in logs):
            continue
        found[key] = _card(card, logs.get(card.id, []), first_day, today)
    return found


def _card(card: AnkiCard, log: list[AnkiReview], first_day: date, today: date) -> ImportedCard:
    easiness = max(MIN_EASINESS, round(card.factor / 10)) if card.factor else START_EASINESS
    rows = list(_rows(log))
    passes = 0
    for row in reversed(rows):
        if row.grade < 3 or row.cram:
            break
        passes += not row.same_day_repeat
    if card.type == REVIEW:
        days = min(max(card.due, 0), MAX_DUE_DAYS)
        state = State(max(1, passes), max(card.interval, 1), easiness, first_day + timedelta(days=days), card.lapses)
    elif card.type == NEW:
        state = State()  # reset to new in Anki after it was studied
    else:
        # Learning or relearning: due the day of the import.
        state = State(0, max(card.interval, 0) if card.type == RELEARNING else 0, easiness, today, card.lapses)
    scheduled = [r for r in rows if not r.cram]
    if not scheduled and card.type == REVIEW:
        # Scheduled with no log: one Good on the day its interval started.
        assert state.due is not None
        started = state.due - timedelta(days=state.interval)
        moment = datetime(started.year, started.month, started.day, 12, tzinfo=UTC)
        rows.append(ImportedReview(moment, 4, False, None, state, False))
    elif scheduled and card.type != NEW:
        last = rows.index(scheduled[-1])
        rows[last] = replace(rows[last], after=state)  # the log replays to the card's state
    return ImportedCard(state, card.queue == SUSPENDED, card.queue in BURIED, tuple(rows))


def _rows(log: list[AnkiReview]) -> list[ImportedReview]:
    """The log as our reviews, each with the state it left the card in."""
    out: list[ImportedReview] = []
    days: set[date] = set()
    state = State()
    for row in log:
        if row.type in (MANUAL, RESCHEDULED) or row.ease not in GRADES:
            continue
        moment = datetime.fromtimestamp(row.id / 1000, UTC)
        day = (moment - _DAY_STARTS).date()
        repeat = day in days
        days.add(day)
        grade = GRADES[row.ease]
        cram = row.type == FILTERED
        if not cram and not repeat:
            interval = max(row.interval, 0)
            easiness = max(MIN_EASINESS, round(row.factor / 10)) if row.factor else state.easiness
            lapses = state.lapses + (grade < 3 and state.repetitions >= 1)
            repetitions = 0 if grade < 3 else (state.repetitions + 1 if interval else state.repetitions)
            due = day + timedelta(days=min(interval, MAX_DUE_DAYS))
            state = State(repetitions, interval, easiness, due, lapses)
        out.append(ImportedReview(moment, grade, repeat, row.ms / 1000 if row.ms > 0 else None, state, cram))
    return out
