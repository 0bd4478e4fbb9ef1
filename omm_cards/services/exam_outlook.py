"""Predicted recall on the exam day: the mean over cards, and by category and region, under the active
scheduler's memory model, if the student keeps to the plan (see omm_cards.exam_recall)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from omm_cards.model import CardFilter
from omm_cards.scheduler import State
from omm_cards.services.planning import exam_plan
from omm_cards.services.workspace import Workspace

REGION = "region::"


class Rate(NamedTuple):
    recall: float  # the mean predicted recall
    cards: int


class ExamRecall(NamedTuple):
    exam: date
    scheduler: str
    overall: Rate
    by_category: dict[str, Rate]
    by_region: dict[str, Rate]


def exam_recall_now(ws: Workspace) -> ExamRecall | None:
    """The predicted exam-day recall; None when no exam date is set."""
    plan = exam_plan(ws)
    if plan is None:
        return None
    # Here: without an exam date, `stats` never loads FSRS and the exam planner (about 4 ms).
    from omm_cards import exam_recall
    from omm_cards.services import schedulers

    exam, settings = plan.exam, ws.settings
    fsrs_active = settings.scheduler == schedulers.FSRS
    w = schedulers.parameters(settings)
    with ws.read() as repo:
        items = [
            item for item in repo.cards(ws.student_id, CardFilter()) if not (item.progress and item.progress.suspended)
        ]
        order = [c.id for c in repo.new_cards(ws.student_id, CardFilter(), len(items), ws.today)]
        logs = repo.health.grades_by_card(ws.student_id) if fsrs_active else {}
    rank = {card_id: i for i, card_id in enumerate(order)}
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for item in items:
        card, progress = item.card, item.progress
        shown: date | None
        if progress is None or progress.state.due is None:
            if card.id not in rank:
                continue  # a buried or sibling card: it is introduced with its note
            state, shown = State(), exam_recall.introduced_on(rank[card.id], ws.today, plan.pace.per_day)
        else:
            state, shown = progress.state, progress.shown
        if fsrs_active:
            card_history = schedulers.history(logs.get(card.id, []), settings.day_starts_at)
            value = exam_recall.fsrs_recall(card_history, shown, exam, card.id, settings.retention, w)
        else:
            value = exam_recall.sm2(state, shown, exam, card.id)
        regions = [f"region:{t[len(REGION) :]}" for t in card.tags if t.startswith(REGION)]
        keys = ["", f"category:{card.category.value}", *regions]
        for key in keys:
            sums[key][0] += value
            sums[key][1] += 1

    def rate(key: str) -> Rate:
        total, n = sums[key]
        return Rate(total / n if n else 0.0, int(n))

    def group(prefix: str) -> dict[str, Rate]:
        return {k.split(":", 1)[1]: rate(k) for k in sorted(sums) if k.startswith(prefix)}

    return ExamRecall(exam, settings.scheduler, rate(""), group("category:"), group("region:"))
