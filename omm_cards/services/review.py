"""A review session: the queue, grading with commit-per-answer, same-day repeats and undo."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from omm_cards import scheduler
from omm_cards.model import Card, CardFilter
from omm_cards.services.workspace import Workspace
from omm_cards.storage import Progress, ReviewRow

DEFAULT_NEW_PER_DAY = 20


@dataclass(frozen=True)
class Graded:
    card: Card
    grade: int
    same_day_repeat: bool
    before: Progress | None
    after: Progress
    review_id: int


@dataclass
class Summary:
    reviewed: int
    answers: int
    passed: int
    missed: list[Card]
    due_tomorrow: int

    @property
    def accuracy(self) -> float | None:
        return self.passed / self.reviewed if self.reviewed else None


@dataclass(frozen=True)
class _Step:
    """What one grade did to the session, so that undo can take exactly that back in O(1)."""

    graded: Graded
    requeued: bool


@dataclass
class ReviewSession:
    workspace: Workspace
    queue: deque[Card]
    first_grades: dict[str, int] = field(default_factory=dict)
    history: list[_Step] = field(default_factory=list)
    answers: int = 0

    @property
    def current(self) -> Card | None:
        return self.queue[0] if self.queue else None

    @property
    def remaining(self) -> int:
        return len(self.queue)

    def grade(self, grade: int, seconds: float | None = None) -> Graded:
        """Grade the current card and commit the state and its log row in one transaction."""
        scheduler.check_grade(grade)
        card = self.queue[0]
        ws = self.workspace
        repeat = card.id in self.first_grades
        with ws.write() as repo:
            before = repo.progress(ws.student_id, card.id)
            old = before or Progress()
            state = old.state if repeat else scheduler.review(old.state, grade, ws.today)
            after = replace(old, state=state, reviews=old.reviews + 1)
            repo.save_progress(ws.student_id, card.id, after)
            review_id = repo.add_review(
                ReviewRow(ws.student_id, card.id, ws.now, grade, repeat, seconds, old.state, state)
            )
        graded = Graded(card, grade, repeat, before, after, review_id)
        requeued = scheduler.needs_repeat(grade)
        self.history.append(_Step(graded, requeued))
        self.answers += 1
        self.first_grades.setdefault(card.id, grade)
        self.queue.popleft()
        if requeued:
            self.queue.append(card)
        return graded

    def undo(self) -> Graded | None:
        """Take back the last grade: the card's state and its log row are restored exactly."""
        if not self.history:
            return None
        step = self.history[-1]
        ws = self.workspace
        with ws.write() as repo:
            repo.delete_review(step.graded.review_id)
            repo.save_progress(ws.student_id, step.graded.card.id, step.graded.before)
        self.history.pop()
        if step.requeued:
            self.queue.pop()
        self.queue.appendleft(step.graded.card)
        if not step.graded.same_day_repeat:
            del self.first_grades[step.graded.card.id]
        self.answers -= 1
        return step.graded

    def summary(self) -> Summary:
        missed_ids = {i for i, g in self.first_grades.items() if g < scheduler.PASS_GRADE}
        seen: dict[str, Card] = {}
        for step in self.history:
            seen.setdefault(step.graded.card.id, step.graded.card)
        with self.workspace.read() as repo:
            due_tomorrow = repo.count_due(self.workspace.student_id, self.workspace.today + timedelta(days=1))
        return Summary(
            reviewed=len(self.first_grades),
            answers=self.answers,
            passed=sum(g >= scheduler.PASS_GRADE for g in self.first_grades.values()),
            missed=[seen[i] for i in seen if i in missed_ids],
            due_tomorrow=due_tomorrow,
        )


def start_review(
    workspace: Workspace,
    where: CardFilter,
    *,
    limit: int | None = None,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
) -> ReviewSession:
    """Due cards first, then new cards up to what is left of today's allowance."""
    ws = workspace
    day_start = datetime.combine(ws.today, time.min)
    with ws.read() as repo:
        queue = repo.due_cards(ws.student_id, ws.today, where)
        allowance = max(0, new_per_day - repo.introduced_since(ws.student_id, day_start))
        if allowance:
            queue += repo.new_cards(ws.student_id, where, allowance)
    if limit is not None:
        queue = queue[:limit]
    return ReviewSession(ws, deque(queue))
