"""How well each scheduler predicts recall on reviews no one here made: `python bench/eval_schedulers.py`.

Needs `fsrs-rs-python` and numpy (see bench/FSRS-CHOICE.md). Deterministic: no random numbers, and the fsrs-rs
optimizer is seeded (its TrainingConfig seed, 2023). Prints one table, then the srs-benchmark's published rows.

Data: `revlog.LOG`, 12,580 reviews of 1,205 cards by one person (March-October 2024). Days: see revlog.py.

Split (no leakage): the reviews are put in time order and cut at the first review at or after 70% of them. FSRS is
fitted only on the reviews before the cut; every scheduler is scored only on the reviews from the cut on. A scored
review's *prediction* uses the card's whole history before it (that history is known when the card is shown), but
never its own outcome or anything later.

What is scored, as the srs-benchmark does: a review is scored when it is not the card's first and falls on a later
study day than the card's previous review (same-day reviews are excluded from scoring; FSRS-6 still uses them as
history through its short-term stability, SM-2 treats them as the app does, as repeats that change no schedule).
The outcome is 1 unless the rating is Again.

- SM-2: `omm_cards.scheduler` replayed on the first review of each study day, ratings mapped to SM-2 grades
  Again 1, Hard 3, Good 4, Easy 5 (Again fails: grade < 3; Hard passes with the lowest passing grade, as in Anki's
  reading of SM-2; Good 4 and Easy 5 are the two grades that need no same-day repeat). The probability of recall is
  `0.9 ** (elapsed / interval)`, the srs-benchmark's convention for SM-2, with `interval` the SM-2 interval set by
  the previous study day's review and `elapsed` the days since then.
- FSRS-6 default: fsrs-rs with its default parameters; R = (1 + factor * t / S) ** -w20, factor = 0.9 ** (-1 / w20) - 1.
- FSRS-6 fitted: fsrs-rs `compute_parameters` on the training reviews (items whose last review is before the cut
  and on a later day than the one before it, as fsrs-rs's own example builds them).
- AVG: a constant, the training reviews' recall rate; a baseline any real model must beat.

Metrics are the srs-benchmark's: log loss; RMSE (bins), the root of the review-weighted mean squared gap between
mean prediction and mean outcome in bins of (elapsed days, review number, lapses), binned on the benchmark's
log scales; AUC (ties counted half).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import revlog

from omm_cards import scheduler

TRAIN_FRACTION = 0.7
SM2_GRADE = {1: 1, 2: 3, 3: 4, 4: 5}  # log rating -> SM-2 grade

# srs-benchmark README, "Result" -> "Unweighted" table (means over 9,999 collections, with 99% CIs):
# open-spaced-repetition/srs-benchmark, README.md at commit 00c9de57257c205e315aff1ec0b22349e3bca342.
PUBLISHED = (
    ("FSRS-rs", "0.3437±0.0042", "0.0628±0.0010", "0.7080±0.0022"),
    ("FSRS-6", "0.3456±0.0042", "0.0653±0.0011", "0.7051±0.0023"),
    ("FSRS-6 default param.", "0.3661±0.0043", "0.0927±0.0014", "0.6956±0.0023"),
    ("AVG", "0.3945±0.0051", "0.1034±0.0016", "0.4997±0.0026"),
    ("SM-2", "0.722±0.017", "0.2031±0.0031", "0.6026±0.0025"),
)


@dataclass(frozen=True)
class Scored:
    """One scored review: its features for the bins and its outcome."""

    card: int
    index: int  # position in the card's full history
    elapsed: int  # days since the card's previous study day
    review_number: int  # long-term reviews so far, this one included (the first review is 1)
    lapses: int  # earlier long-term reviews rated Again (the first review never counts)
    recalled: int


def scored_reviews(
    cards: dict[int, list[revlog.Review]], start: datetime | None = None, stop: datetime | None = None
) -> list[Scored]:
    """Reviews scored by the benchmark's rule, made at or after `start` and before `stop` (None: no bound)."""
    out: list[Scored] = []
    for card, history in cards.items():
        long_term = 1
        lapses = 0
        for index in range(1, len(history)):
            elapsed = history[index].day - history[index - 1].day
            if elapsed <= 0:
                continue
            long_term += 1
            moment = history[index].time
            if (start is None or moment >= start) and (stop is None or moment < stop):
                out.append(Scored(card, index, elapsed, long_term, lapses, int(history[index].rating > 1)))
            lapses += history[index].rating == 1
    return out


def sm2_predictions(cards: dict[int, list[revlog.Review]], scored: Sequence[Scored]) -> np.ndarray:
    """0.9 ** (elapsed / interval) with SM-2 replayed through omm_cards.scheduler."""
    wanted = {(s.card, s.index) for s in scored}
    found: dict[tuple[int, int], float] = {}
    for card, history in cards.items():
        state = scheduler.State()
        last_day: int | None = None
        for index, review in enumerate(history):
            if last_day is not None and review.day == last_day:
                continue  # a same-day repeat changes no schedule (omm_cards.services.progress.advance)
            if (card, index) in wanted and last_day is not None:
                found[(card, index)] = 0.9 ** ((review.day - last_day) / state.interval)
            state = scheduler.review(state, SM2_GRADE[review.rating], date.fromordinal(review.day))
            last_day = review.day
    return np.array([found[(s.card, s.index)] for s in scored])


def fsrs_items(history: Sequence[revlog.Review], upto: int) -> list[FSRSReview]:
    return [FSRSReview(r.rating, 0 if i == 0 else r.day - history[i - 1].day) for i, r in enumerate(history[:upto])]


def training_items(cards: dict[int, list[revlog.Review]], cut: datetime) -> list[FSRSItem]:
    """One item per long-term review before the cut, in time order, as fsrs-rs's example builds them."""
    dated: list[tuple[datetime, FSRSItem]] = []
    for history in cards.values():
        for index in range(1, len(history)):
            review = history[index]
            if review.time >= cut or review.day == history[index - 1].day:
                continue
            item = FSRSItem(fsrs_items(history, index + 1))
            if item.long_term_review_cnt() > 0:
                dated.append((review.time, item))
    dated.sort(key=lambda pair: pair[0])
    return [item for _, item in dated]


def fsrs_predictions(
    parameters: Sequence[float], cards: dict[int, list[revlog.Review]], scored: Sequence[Scored]
) -> np.ndarray:
    """R at each scored review from the memory state after the card's earlier reviews (fsrs-rs)."""
    model = FSRS(list(parameters))
    order = list(cards)
    states = model.historical_memory_state_batch([FSRSItem(fsrs_items(cards[c], len(cards[c]))) for c in order])
    by_card = dict(zip(order, states, strict=True))
    decay = parameters[20]
    factor = 0.9 ** (-1 / decay) - 1
    stability = np.array([by_card[s.card][s.index - 1].stability for s in scored])
    elapsed = np.array([s.elapsed for s in scored], dtype=float)
    return np.asarray((1 + factor * elapsed / stability) ** -decay)


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    q = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))


def _log_bin(x: np.ndarray, base: float, scale: float, digits: int) -> np.ndarray:
    return np.round(scale * base ** np.floor(np.log(x) / math.log(base)), digits)


def rmse_bins(scored: Sequence[Scored], y: np.ndarray, p: np.ndarray) -> float:
    """The srs-benchmark's RMSE (bins): bins of elapsed days, review number and lapses on its log scales."""
    elapsed = _log_bin(np.array([s.elapsed for s in scored], dtype=float), 3.62, 2.48, 2)
    number = _log_bin(np.array([s.review_number for s in scored], dtype=float), 1.89, 1.99, 0)
    raw_lapses = np.array([s.lapses for s in scored], dtype=float)
    with np.errstate(divide="ignore"):
        lapses = np.where(raw_lapses == 0, 0.0, _log_bin(np.maximum(raw_lapses, 1), 1.73, 1.65, 0))
    keys = np.stack([elapsed, number, lapses], axis=1)
    _, group = np.unique(keys, axis=0, return_inverse=True)
    group = group.ravel()
    count = np.bincount(group)
    gap = np.bincount(group, weights=y) / count - np.bincount(group, weights=p) / count
    return float(math.sqrt(np.sum(count * gap**2) / np.sum(count)))


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """Mann-Whitney AUC with average ranks for ties."""
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    sorted_p = p[order]
    start = 0
    while start < len(p):
        end = start
        while end + 1 < len(p) and sorted_p[end + 1] == sorted_p[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    positives = int(y.sum())
    negatives = len(y) - positives
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def main() -> None:
    started = time.perf_counter()
    reviews = revlog.load()
    cards = revlog.by_card(reviews)
    cut = reviews[math.ceil(TRAIN_FRACTION * len(reviews))].time
    train = [r for r in reviews if r.time < cut]
    test = scored_reviews(cards, start=cut)
    y = np.array([s.recalled for s in test], dtype=float)

    items = training_items(cards, cut)
    fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
    train_recall = float(np.mean([s.recalled for s in scored_reviews(cards, stop=cut)]))
    rows = (
        ("SM-2 (omm_cards.scheduler)", sm2_predictions(cards, test)),
        ("FSRS-6 default param. (fsrs-rs)", fsrs_predictions(DEFAULT_PARAMETERS, cards, test)),
        ("FSRS-6 fitted on first 70% (fsrs-rs)", fsrs_predictions(fitted, cards, test)),
        ("AVG (training recall rate)", np.full(len(test), train_recall)),
    )

    span = f"{reviews[0].time:%Y-%m-%d} to {reviews[-1].time:%Y-%m-%d}"
    print(f"Log: {len(reviews):,} reviews of {len(cards):,} cards, {span}")
    print(
        f"Split at {cut:%Y-%m-%d %H:%M} UTC: FSRS fitted on {len(train):,} reviews ({len(items):,} training items);"
        f" scored on {len(test):,} later long-term reviews (recall rate {y.mean():.3f})"
    )
    print()
    print(f"{'Scheduler (this log, held-out 30%)':<40} {'n':>6} {'Log loss':>9} {'RMSE(bins)':>11} {'AUC':>7}")
    for name, p in rows:
        print(f"{name:<40} {len(test):>6} {log_loss(y, p):>9.4f} {rmse_bins(test, y, p):>11.4f} {auc(y, p):>7.4f}")
    print()
    print("Published, srs-benchmark README (commit 00c9de5), unweighted means over 9,999 Anki collections, 99% CI,")
    print("5-way TimeSeriesSplit; our figures are one collection and one 70/30 split, so read them as a single draw:")
    print(f"{'Algorithm':<40} {'':>6} {'Log loss':>14} {'RMSE(bins)':>14} {'AUC':>14}")
    for name, loss, rmse, area in PUBLISHED:
        print(f"{name:<40} {'':>6} {loss:>14} {rmse:>14} {area:>14}")
    print()
    print("Fitted parameters:", ", ".join(f"{w:.4f}" for w in fitted))
    print(f"Ran in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
