"""Simulated students studying to an exam under four schedulers: `python bench/simulate_exam.py [--students N]`.

Needs numpy and `fsrs-rs-python` (for the fit). Seeded and deterministic. Prints one table with 95% confidence
intervals over students, and the paired differences against the FSRS exam planner.

The students. Each simulated student's *true* memory follows FSRS-6 with the parameters fsrs-rs fits on the whole
shared log (revlog.LOG), plus per-student noise: the four initial stabilities w0-w3 are multiplied by one factor
exp(N(0, 0.3)) per student, and each card's initial difficulty is moved by N(0, 1) (clamped to 1..10). The
schedulers never see the truth: the FSRS arms predict with the shared-log fit, SM-2 with its own rules.

The term. A deck the size of the bundled one (`omm_cards.decks.load_paths(omm_cards.bundled.paths())`, its real
card ids), 90 study days (day 0 to day 89) and the exam on day 90. Each day: first the scheduled reviews, at most
200, then the new cards, 20 a day. A card's first sight is rated Again with the probability the log shows (72% of
its cards), else Good; after an Again, at first sight or in a review, the student sees the card once more the same
day and gets it (a learning step, as the app's same-day repeat and Anki's (re)learning step). Those same-day
repeats are counted in the reviews but not in the 200 limit. A review's outcome is drawn from the true recall
probability; a pass is rated Good (the log's passes are all Good but one), a miss Again. Every arm of one student
uses the same random numbers (the k-th review of a card draws the same uniform in every arm), so the arms are
compared on the same luck and the paired differences are tight.

The arms:
- SM-2: `omm_cards.scheduler`, Good as grade 4, Again as 1; due cards most overdue first.
- SM-2 + exam plan: the same, shown on `omm_cards.planner.planned_due` with new cards paced by `new_card_pace`.
- FSRS 0.9: a card is due when its predicted recall has fallen to 0.9; most overdue first.
- FSRS + exam planner: `omm_cards.exam_planner.plan_reviews` every day (desired retention 0.9, window 7 days,
  min gain 0.02). Two more rows run the same planner with a lower desired retention during the term (0.85, 0.80):
  the reviews saved there pay for the exam window. The simulator hands it only the cards it can choose (those
  due, and in the window all cards), which changes nothing: it never picks any other.
Exam-day recall is the mean over the whole deck of each card's true recall probability on day 90 (a card never
introduced counts 0): an expectation, so no extra sampling noise.

`--scale F` studies a deck F times the size with F times the daily figures, to check that a smaller run keeps the
ranking; the default is the full deck.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import eval_schedulers
import revlog

from omm_cards import bundled, decks, exam_planner, planner, scheduler

DAYS = 90
NEW_PER_DAY = 20
LIMIT = 200
SEED = 20_260_101
FIRST_AGAIN = 869 / 1205  # share of the log's cards whose first review is Again
MAX_REVIEWS_PER_CARD = 256
START = date(2027, 1, 4)  # any date: only differences of days matter
T_95 = {19: 2.093, 29: 2.045, 39: 2.023, 49: 2.010}  # Student's t, two-sided 95%


def fitted_parameters() -> list[float]:
    reviews = revlog.load()
    cards = revlog.by_card(reviews)
    items = eval_schedulers.training_items(cards, reviews[-1].time + timedelta(days=1))
    return list(FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items))


# FSRS-6 over numpy arrays; checked against omm_cards.exam_planner (itself checked against fsrs-rs) at start-up.
def v_recall(elapsed: np.ndarray, s: np.ndarray, w: np.ndarray) -> np.ndarray:
    factor = 0.9 ** (-1 / w[20]) - 1
    return np.asarray((1 + factor * np.maximum(elapsed, 0) / s) ** -w[20])


def v_next_d(d: np.ndarray, rating: np.ndarray, w: np.ndarray) -> np.ndarray:
    damped = d - w[6] * (rating - 3) * (10 - d) / 9
    easy = w[4] - math.exp(w[5] * 3) + 1
    return np.clip(w[7] * easy + (1 - w[7]) * damped, 1, 10)


def v_long_term(s: np.ndarray, d: np.ndarray, elapsed: np.ndarray, passed: np.ndarray, w: np.ndarray):
    r = v_recall(elapsed, s, w)
    grow = s * (1 + math.exp(w[8]) * (11 - d) * s ** -w[9] * (np.exp(w[10] * (1 - r)) - 1))
    forget = w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * np.exp(w[14] * (1 - r))
    forget = np.minimum(forget, s / math.exp(w[17] * w[18]))
    rating = np.where(passed, 3, 1)
    return np.clip(np.where(passed, grow, forget), 0.001, 36_500), v_next_d(d, rating, w)


def v_same_day_good(s: np.ndarray, d: np.ndarray, w: np.ndarray):
    increase = np.maximum(math.exp(w[17] * w[18]) * s ** -w[19], 1.0)
    return np.clip(s * increase, 0.001, 36_500), v_next_d(d, np.full(len(d), 3), w)


def self_check(w: list[float]) -> None:
    a = np.array(w)
    s, d, e = np.array([0.2, 3.0, 40.0]), np.array([2.0, 5.5, 9.0]), np.array([1, 4, 30])
    for passed in (True, False):
        got = v_long_term(s, d, e, np.full(3, passed), a)
        for i in range(3):
            want = exam_planner.review_long_term(exam_planner.Memory(s[i], d[i], int(e[i])), 3 if passed else 1, w)
            assert abs(got[0][i] - want[0]) < 1e-9 * want[0] and abs(got[1][i] - want[1]) < 1e-9, (got, want)
    got = v_same_day_good(s, d, a)
    for i in range(3):
        want = exam_planner.review_same_day(s[i], d[i], 3, w)
        assert abs(got[0][i] - want[0]) < 1e-9 * want[0] and abs(got[1][i] - want[1]) < 1e-9


@dataclass
class Student:
    true_w: np.ndarray
    first_d: np.ndarray  # true difficulty offset per card
    draws: np.ndarray  # [card, k]: the uniform for the card's k-th sight


def make_student(index: int, base: list[float], cards: int) -> Student:
    rng = np.random.default_rng([SEED, index])
    w = np.array(base)
    w[:4] = np.clip(w[:4] * math.exp(rng.normal(0, 0.3)), 0.001, 100)
    return Student(w, rng.normal(0, 1, cards), rng.random((cards, MAX_REVIEWS_PER_CARD)))


@dataclass
class Result:
    recall: float
    reviews: int
    repeats: int
    days_at_limit: int


Chooser = Callable[[int, "Term"], np.ndarray]


class Term:
    """One student under one arm: true memory, the arm's belief, and the counters."""

    def __init__(self, student: Student, belief: list[float], ids: list[str], limit: int, new_per_day: int) -> None:
        n = len(ids)
        self.student, self.ids, self.limit, self.new_per_day = student, ids, limit, new_per_day
        self.w_belief = np.array(belief)
        self.belief = belief
        self.s_true, self.d_true = np.zeros(n), np.zeros(n)
        self.s_b, self.d_b = np.zeros(n), np.zeros(n)
        self.last = np.full(n, -1)
        self.sights = np.zeros(n, dtype=int)
        self.introduced = 0
        self.sm2 = [scheduler.State() for _ in range(n)]
        self.sm2_due = np.full(n, 10**9)  # day index of the SM-2 (or planned) due date
        self.reviews = self.repeats = self.days_at_limit = 0
        self.overdue = np.zeros(n)  # how overdue each card is, for the arm's order when the limit binds
        self.track_sm2 = True

    def _draw(self, idx: np.ndarray) -> np.ndarray:
        u = self.student.draws[idx, np.minimum(self.sights[idx], MAX_REVIEWS_PER_CARD - 1)]
        self.sights[idx] += 1
        return u

    def review(self, day: int, idx: np.ndarray, exam_plan: bool) -> None:
        if len(idx) == 0:
            return
        w = self.student.true_w
        elapsed = day - self.last[idx]
        passed = self._draw(idx) < v_recall(elapsed, self.s_true[idx], w)
        s, d = v_long_term(self.s_true[idx], self.d_true[idx], elapsed, passed, w)
        sb, db = v_long_term(self.s_b[idx], self.d_b[idx], elapsed, passed, self.w_belief)
        missed = ~passed
        s[missed], d[missed] = v_same_day_good(s[missed], d[missed], w)
        sb[missed], db[missed] = v_same_day_good(sb[missed], db[missed], self.w_belief)
        self.s_true[idx], self.d_true[idx], self.s_b[idx], self.d_b[idx] = s, d, sb, db
        self.last[idx] = day
        self.reviews += len(idx)
        self.repeats += int(missed.sum())
        self._sm2(day, idx, passed, exam_plan)

    def _sm2(self, day: int, idx: np.ndarray, passed: np.ndarray, exam_plan: bool) -> None:
        if not self.track_sm2:
            return
        today = START + timedelta(days=day)
        exam = START + timedelta(days=DAYS)
        for i, ok in zip(idx.tolist(), passed.tolist(), strict=True):
            state = scheduler.review(self.sm2[i], 4 if ok else 1, today)
            self.sm2[i] = state
            due = planner.planned_due(state, exam, planner.spread_key(self.ids[i])) if exam_plan else state.due
            assert due is not None
            self.sm2_due[i] = (due - START).days

    def introduce(self, day: int, count: int, exam_plan: bool) -> None:
        count = min(count, len(self.ids) - self.introduced)
        if count <= 0:
            return
        idx = np.arange(self.introduced, self.introduced + count)
        self.introduced += count
        w, wb = self.student.true_w, self.w_belief
        again = self._draw(idx) < FIRST_AGAIN
        rating = np.where(again, 1, 3)
        self.s_true[idx] = w[rating - 1]
        self.d_true[idx] = np.clip(w[4] - np.exp(w[5] * (rating - 1)) + 1 + self.student.first_d[idx], 1, 10)
        self.s_b[idx] = wb[rating - 1]
        self.d_b[idx] = np.clip(wb[4] - np.exp(wb[5] * (rating - 1)) + 1, 1, 10)
        a = idx[again]
        self.s_true[a], self.d_true[a] = v_same_day_good(self.s_true[a], self.d_true[a], w)
        self.s_b[a], self.d_b[a] = v_same_day_good(self.s_b[a], self.d_b[a], wb)
        self.repeats += len(a)
        self.last[idx] = day
        self._sm2(day, idx, ~again, exam_plan)

    def exam_recall(self) -> float:
        seen = self.last >= 0
        r = v_recall(DAYS - self.last[seen], self.s_true[seen], self.student.true_w)
        return float(r.sum() / len(self.ids))


def most_overdue(due: np.ndarray, term: Term, limit: int) -> np.ndarray:
    idx = np.nonzero(due)[0]
    if len(idx) > limit:
        term.days_at_limit += 1
    return idx[:limit] if len(idx) <= limit else idx[np.argsort(-term.overdue[idx], kind="stable")[:limit]]


def run(arm: str, student: Student, belief: list[float], ids: list[str], scale: float) -> Result:
    limit, new_per_day = round(LIMIT * scale), round(NEW_PER_DAY * scale)
    term = Term(student, belief, ids, limit, new_per_day)
    term.track_sm2 = arm.startswith("SM-2")
    exam_plan = arm == "SM-2 + exam plan"
    exam = START + timedelta(days=DAYS)
    for day in range(DAYS):
        seen = np.arange(term.introduced)
        if arm.startswith("SM-2"):
            due = term.sm2_due[seen] <= day
            term.overdue[seen] = day - term.sm2_due[seen]
            chosen = most_overdue(due, term, limit)
        else:
            elapsed = day - term.last[seen]
            recall = v_recall(elapsed, term.s_b[seen], term.w_belief)
            if arm == "FSRS 0.9":
                term.overdue[seen] = elapsed / term.s_b[seen]
                chosen = most_overdue(recall <= 0.9, term, limit)
            else:
                in_window = 0 < DAYS - day <= exam_planner.WINDOW_DAYS
                retention = PLANNER_RETENTION[arm]
                offer = seen if in_window else seen[recall <= retention]
                memories = [
                    (int(i), exam_planner.Memory(float(term.s_b[i]), float(term.d_b[i]), int(day - term.last[i])))
                    for i in offer
                ]
                picked = exam_planner.plan_reviews(memories, DAYS - day, None, belief, desired_retention=retention)
                if len(picked) > limit:
                    term.days_at_limit += 1
                chosen = np.array(picked[:limit], dtype=int)
        term.review(day, chosen, exam_plan)
        if exam_plan:
            pace = planner.new_card_pace(len(ids) - term.introduced, START + timedelta(days=day), exam, new_per_day)
            term.introduce(day, pace.per_day, exam_plan)
        else:
            term.introduce(day, new_per_day, exam_plan)
    return Result(term.exam_recall(), term.reviews + term.repeats, term.repeats, term.days_at_limit)


PLANNER_RETENTION = {"FSRS + exam planner": 0.9, "planner, 0.85 in term": 0.85, "planner, 0.80 in term": 0.80}
ARMS = ("SM-2", "SM-2 + exam plan", "FSRS 0.9", *PLANNER_RETENTION)


def ci(values: list[float]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return mean, T_95.get(n - 1, 1.96) * sd / math.sqrt(n)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    started = time.perf_counter()

    base = fitted_parameters()
    self_check(base)
    all_ids = [card.id for loaded in decks.load_paths(bundled.paths()) for card in loaded.deck.cards]
    ids = all_ids[: round(len(all_ids) * args.scale)] if args.scale < 1 else all_ids
    results: dict[str, list[Result]] = {arm: [] for arm in ARMS}
    for index in range(args.students):
        student = make_student(index, base, len(ids))
        for arm in ARMS:
            results[arm].append(run(arm, student, base, ids, args.scale))

    print(
        f"{args.students} students, deck {len(ids):,} cards (bundled: {len(all_ids):,}, scale {args.scale:g}),"
        f" {DAYS} days, {round(NEW_PER_DAY * args.scale)} new and at most {round(LIMIT * args.scale)} reviews a day"
    )
    print("True memory: FSRS-6 fitted on the shared log, per-student noise; mean and 95% CI over students.\n")
    print(f"{'Arm':<22} {'Exam-day recall':>18} {'Reviews (total)':>20} {'of which repeats':>17} {'days at limit':>14}")
    for arm in ARMS:
        rec = ci([r.recall for r in results[arm]])
        rev = ci([r.reviews for r in results[arm]])
        rep = ci([r.repeats for r in results[arm]])
        lim = ci([r.days_at_limit for r in results[arm]])
        print(
            f"{arm:<22} {rec[0]:>10.4f} ±{rec[1]:.4f} {rev[0]:>12,.0f} ±{rev[1]:>6,.0f}"
            f" {rep[0]:>9,.0f} ±{rep[1]:>5,.0f} {lim[0]:>9.1f} ±{lim[1]:.1f}"
        )
    print("\nPaired differences, each planner arm minus each other arm (same students, same draws), 95% CI:")
    for mine in PLANNER_RETENTION:
        for arm in ARMS[:3]:
            pairs = list(zip(results[mine], results[arm], strict=True))
            d_rec = ci([a.recall - b.recall for a, b in pairs])
            d_rev = ci([float(a.reviews - b.reviews) for a, b in pairs])
            print(
                f"  {mine:<22} vs {arm:<17} recall {d_rec[0]:+.4f} ±{d_rec[1]:.4f}"
                f"   reviews {d_rev[0]:+7,.0f} ±{d_rev[1]:,.0f}"
            )
    print("\nTrue-memory base parameters:", ", ".join(f"{w:.4f}" for w in base))
    print(f"Ran in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
