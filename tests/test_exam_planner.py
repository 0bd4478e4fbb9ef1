"""The FSRS exam planner: a pure daily choice of reviews under a limit, aimed at exam-day recall."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omm_cards import exam_planner
from omm_cards.exam_planner import Memory, exam_gain, plan_reviews, retrievability

# FSRS-6 default parameters (fsrs-rs 0.9.3, py-fsrs 6.3.2).
W = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip

memories = st.builds(
    Memory,
    stability=st.floats(0.01, 400),
    difficulty=st.floats(1, 10),
    elapsed=st.integers(0, 400),
)


def test_recall_is_ninety_percent_after_one_stability() -> None:
    assert retrievability(12, 12.0, W) == pytest.approx(0.9)
    assert retrievability(0, 12.0, W) == 1.0


@given(st.lists(memories, max_size=40), st.integers(0, 30), st.integers(-3, 60))
def test_never_exceeds_the_daily_limit(cards: list[Memory], limit: int, days_to_exam: int) -> None:
    chosen = plan_reviews(list(enumerate(cards)), days_to_exam, limit, W)
    assert len(chosen) <= limit
    assert len(set(chosen)) == len(chosen)


def test_prefers_the_card_whose_exam_day_recall_gains_most() -> None:
    # Both are due (recall at or below 0.9); the limit leaves room for one.
    weak = Memory(stability=2.0, difficulty=8.0, elapsed=6)
    strong = Memory(stability=20.0, difficulty=3.0, elapsed=25)
    assert exam_gain(weak, 10, W) != exam_gain(strong, 10, W)
    best = "weak" if exam_gain(weak, 10, W) > exam_gain(strong, 10, W) else "strong"
    assert plan_reviews([("strong", strong), ("weak", weak)], 10, 1, W) == [best]
    assert plan_reviews([("weak", weak), ("strong", strong)], 10, 1, W) == [best]


def test_with_no_limit_it_reviews_everything_due() -> None:
    cards = [(i, Memory(stability=1.0 + i, difficulty=5.0, elapsed=e)) for i, e in enumerate((0, 1, 3, 9, 30, 2))]
    due = [key for key, m in cards if retrievability(m.elapsed, m.stability, W) <= 0.9]
    chosen = plan_reviews(cards, 60, None, W)  # the exam is far away: no window reviews
    assert sorted(chosen) == sorted(due)
    assert due  # the example has some due cards and some not
    assert len(due) < len(cards)


def test_in_the_window_it_adds_cards_worth_reviewing_before_the_exam() -> None:
    # Recall 0.95 today: not due, but it would be lower by the exam in 5 days.
    card = Memory(stability=30.0, difficulty=5.0, elapsed=14)
    assert retrievability(card.elapsed, card.stability, W) > 0.9
    assert plan_reviews([("c", card)], 5, None, W) == ["c"]
    assert plan_reviews([("c", card)], 60, None, W) == []


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        plan_reviews([], 5, 10, W[:20])
    with pytest.raises(ValueError):
        plan_reviews([], 5, -1, W)


def test_imports_nothing_impure() -> None:
    tree = ast.parse(Path(exam_planner.__file__).read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "math", "collections", "dataclasses", "typing"}
