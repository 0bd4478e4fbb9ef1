"""A review session: the queue, grading with commit-per-answer, same-day repeats, leeches, marking,
suspending and burying cards, and undo of any of them."""

from __future__ import annotations

import zlib
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from omm_cards import scheduler
from omm_cards.model import Card, CardFilter, McqBody, Option, RuleBody, TypedBody, note_of
from omm_cards.progress import MARKED_TAG, Progress, advance
from omm_cards.services import schedulers
from omm_cards.services.planning import daily_allowance, day_start
from omm_cards.services.workspace import Workspace
from omm_cards.storage import Repo, ReviewRow
from omm_cards.text import plural

if TYPE_CHECKING:
    from omm_cards.drills import Instance, Tables


@dataclass(frozen=True)
class Graded:
    card: Card
    grade: int
    same_day_repeat: bool
    before: Progress | None
    after: Progress
    review_id: int
    seconds: float | None
    leech: bool
    requeued: bool


class Act(StrEnum):
    """What the student can do to a card besides grading it."""

    MARK = "mark"  # toggle the student's own `marked` tag, as in Anki
    SUSPEND = "suspend"
    BURY = "bury"  # hide it until tomorrow


@dataclass(frozen=True)
class Acted:
    card: Card
    act: Act
    before: Progress | None
    after: Progress
    queue: tuple[Card, ...]  # the queue before: a suspended or buried card leaves it, repeats and all


@dataclass
class Summary:
    cram: bool
    reviewed: int
    answers: int
    passed: int
    grades: Counter[int]
    seconds: float
    missed: list[Card]
    leeches: list[Card]
    forecast: dict[date, int]  # the next 7 days, tomorrow first
    notes: list[str] = field(default_factory=list)  # what the student should know, one line each

    @property
    def accuracy(self) -> float | None:
        return self.passed / self.reviewed if self.reviewed else None


@dataclass
class ReviewSession:
    workspace: Workspace
    queue: deque[Card]
    cram: bool = False
    total: int = 0
    first_grades: dict[str, int] = field(default_factory=dict)
    history: list[Graded | Acted] = field(default_factory=list)
    deck_titles: dict[str, str] = field(default_factory=dict)
    _tables: Tables | None = None  # the rule tables, loaded when the first rule drill is shown
    unfitted: int = 0  # due cards the exam planner could not fit into today's review limit

    def __post_init__(self) -> None:
        self.total = len(self.queue)

    def title_of(self, card: Card) -> str:
        return self.deck_titles.get(card.deck, card.deck)

    def shown(self, card: Card) -> Card:
        """The card as the student sees it now: a rule drill becomes this review's generated question.

        The instance is seeded by the student, the card and how many times it was reviewed, so the
        same review (after an undo, say) shows the same question, and the next one a new question.
        """
        if not isinstance(card.body, RuleBody):
            return card
        from omm_cards import drills  # loaded with the first rule drill: most reviews show none
        from omm_cards.deckfile import rules

        ws = self.workspace
        with ws.read() as repo:
            progress = repo.progress(ws.student_id, card.id)
        reviews = progress.reviews if progress else 0
        seed = zlib.crc32(f"{ws.student_id}/{card.id}/{reviews}".encode())
        if self._tables is None:
            self._tables = rules.load()
        return drill_card(card, drills.generate(card.body.rule, self._tables, seed))

    @property
    def current(self) -> Card | None:
        return self.queue[0] if self.queue else None

    @property
    def remaining(self) -> int:
        return len(self.queue)

    def grade(self, grade: int, seconds: float | None = None) -> Graded:
        """Grade the current card, committing its state and its log row in one transaction.

        In a cram session only the log row is written: every schedule stays exactly as it was.
        """
        grade = scheduler.Grade(grade)  # checked here once; the scheduler trusts a Grade
        card = self.queue[0]
        ws = self.workspace
        repeat = card.id in self.first_grades
        with ws.write() as repo:
            before = repo.progress(ws.student_id, card.id)
            old = before or Progress()
            if self.cram:
                after, leech = old, False
            else:
                due = self._fsrs_due(repo, card.id, grade)
                after, leech = advance(old, grade, repeat, seconds, ws.today, ws.settings.exam, card.id, due)
            if not self.cram:
                repo.save_progress(ws.student_id, card.id, after)
            row = ReviewRow(ws.student_id, card.id, ws.now, grade, repeat, seconds, old.state, after.state, self.cram)
            review_id = repo.add_review(row)
        requeued = scheduler.needs_repeat(grade) and not leech
        graded = Graded(card, grade, repeat, before, after, review_id, seconds, leech, requeued)
        self.history.append(graded)
        self.first_grades.setdefault(card.id, grade)
        self.queue.popleft()
        if requeued:
            self.queue.append(card)
        return graded

    def _fsrs_due(self, repo: Repo, card_id: str, grade: int) -> date | None:
        """Under FSRS, the card's due date after this grade, from its whole log; None under SM-2."""
        settings = self.workspace.settings
        if settings.scheduler != schedulers.FSRS:
            return None
        logged = schedulers.history(repo.card_log(self.workspace.student_id, card_id), settings.day_starts_at)
        return schedulers.fsrs_due([*logged, (self.workspace.today.toordinal(), grade)], settings)

    def act(self, act: Act) -> Acted:
        """Mark, suspend or bury the current card, committed at once; undo takes it back like a grade."""
        card = self.queue[0]
        ws = self.workspace
        with ws.write() as repo:
            before = repo.progress(ws.student_id, card.id)
            old = before or Progress()
            if act is Act.MARK:
                tags = tuple(t for t in old.tags if t != MARKED_TAG)
                after = replace(old, tags=tags if MARKED_TAG in old.tags else (*old.tags, MARKED_TAG))
            elif act is Act.SUSPEND:
                after = replace(old, suspended=True)
            else:
                after = replace(old, buried_until=ws.today + timedelta(days=1))
            repo.save_progress(ws.student_id, card.id, after)
        step = Acted(card, act, before, after, tuple(self.queue))
        if act is not Act.MARK:
            self.queue = deque(c for c in self.queue if c.id != card.id)
        self.history.append(step)
        return step

    def undo(self) -> Graded | Acted | None:
        """Take back the last step: a grade's state and log row, or a mark, suspension or burial, exactly."""
        if not self.history:
            return None
        step = self.history[-1]
        ws = self.workspace
        if isinstance(step, Acted):
            with ws.write() as repo:
                repo.save_progress(ws.student_id, step.card.id, step.before)
            self.history.pop()
            self.queue = deque(step.queue)
            return step
        with ws.write() as repo:
            repo.delete_review(step.review_id)
            if not self.cram:
                repo.save_progress(ws.student_id, step.card.id, step.before)
        self.history.pop()
        if step.requeued:
            self.queue.pop()
        self.queue.appendleft(step.card)
        if not step.same_day_repeat:
            del self.first_grades[step.card.id]
        return step

    def summary(self) -> Summary:
        seen: dict[str, Card] = {}
        grades = [step for step in self.history if isinstance(step, Graded)]
        for step in grades:
            seen.setdefault(step.card.id, step.card)
        ws = self.workspace
        tomorrow = ws.today + timedelta(days=1)
        notes = []
        with ws.read() as repo:
            counts = repo.forecast(ws.student_id, tomorrow, ws.today + timedelta(days=7))
            total = repo.review_count(ws.student_id) if ws.settings.scheduler == schedulers.FSRS else 0
        if self.unfitted:
            notes.append(
                f"{plural(self.unfitted, 'due card')} did not fit today's review limit; the exam planner chose the"
                " reviews that raise your exam-day recall most (`review --reviews N` allows more)."
            )
        if schedulers.should_offer_fit(ws, total):
            notes.append(f"{total} reviews logged: `omm-cards optimize` would fit FSRS to them.")
        return Summary(
            cram=self.cram,
            reviewed=len(self.first_grades),
            answers=len(grades),
            passed=sum(g >= scheduler.PASS_GRADE for g in self.first_grades.values()),
            grades=Counter(step.grade for step in grades),
            seconds=sum(step.seconds or 0 for step in grades),
            missed=[seen[i] for i, g in self.first_grades.items() if g < scheduler.PASS_GRADE],
            leeches=[step.card for step in grades if step.leech],
            forecast={tomorrow + timedelta(days=d): counts.get(tomorrow + timedelta(days=d), 0) for d in range(7)},
            notes=notes,
        )


def drill_card(card: Card, instance: Instance) -> Card:
    """A generated question as an ordinary typed or multiple-choice card under the rule card's id."""
    extra = instance.explanation
    body: TypedBody | McqBody
    if instance.choices is not None:
        key = instance.choices.key
        right, wrong = "What the rule gives (see below).", "Not what the rule gives for these findings."
        options = tuple(Option(text, right if i == key else wrong) for i, text in enumerate(instance.choices.options))
        body = McqBody(instance.prompt, options, key, extra)
    else:
        body = TypedBody(instance.prompt, instance.answer, instance.accept, False, extra)
    return replace(card, body=body, source=instance.source or card.source)


def _bury_siblings(cards: list[Card], reviewed_today: set[str]) -> list[Card]:
    """Keep one card per cloze note, and none from a note another card of which was reviewed today."""
    busy = {note_of(card_id) for card_id in reviewed_today}
    kept, taken = [], set()
    for card in cards:
        note = note_of(card.id)
        if note in taken or (note in busy and card.id not in reviewed_today):
            continue
        taken.add(note)
        kept.append(card)
    return kept


def start_review(
    ws: Workspace,
    where: CardFilter,
    *,
    limit: int | None = None,
    new_per_day: int | None = None,
    reviews_per_day: int | None = None,
    cram: bool = False,
) -> ReviewSession:
    """Due cards first (up to today's review limit), then new ones (up to today's new-card allowance).

    `new_per_day` and `reviews_per_day` override the student's limits for this session. With an exam
    set, new cards come at least at the pace that introduces them all a week before the exam.
    A cram session takes every matching card, due or not, and changes no schedule.
    """
    unfitted = 0
    with ws.read() as repo:
        if cram:
            queue = repo.cram_cards(ws.student_id, where)
        else:
            allowance = daily_allowance(ws, new_per_day, reviews_per_day)
            if ws.settings.scheduler == schedulers.FSRS and ws.settings.exam is not None:
                queue, unfitted = schedulers.plan_for_exam(ws, repo, where, allowance.reviews)
            else:
                queue = repo.due_cards(ws.student_id, ws.today, where, allowance.reviews)
            if allowance.new:
                queue += repo.new_cards(ws.student_id, where, allowance.new, ws.today)
            queue = _bury_siblings(queue, repo.cards_reviewed_since(ws.student_id, day_start(ws)))
        titles = {d.id: d.title for d in repo.decks_by_id()}
    if limit is not None:
        queue = queue[:limit]
    return ReviewSession(ws, deque(queue), cram=cram, deck_titles=titles, unfitted=unfitted)


def why_nothing(
    ws: Workspace,
    where: CardFilter,
    *,
    new_per_day: int | None = None,
    reviews_per_day: int | None = None,
    cram: bool = False,
) -> list[str]:
    """Why a session has no card to show, with the numbers, and what to do about it."""
    with ws.read() as repo:
        m = repo.matching(ws.student_id, where, ws.today)
    filtered = bool(where.decks or where.tags or where.categories)
    if m.cards == 0:
        return ["No card matches these filters together." if filtered else "There are no cards yet: import a deck."]
    if m.suspended + m.buried == m.cards:
        return [f"All {m.cards} matching cards are suspended or buried (`omm-cards cards unsuspend`)."]
    if cram:
        return ["Nothing to cram."]
    allowance = daily_allowance(ws, new_per_day, reviews_per_day)
    lines: list[str] = []
    if m.due and not allowance.reviews:
        more = allowance.review_limit + m.due
        lines.append(
            f"Today's review limit is reached ({allowance.reviewed} of {allowance.review_limit}); {m.due} more are due."
            f" `omm-cards review --reviews {more}` allows them today."
        )
    if m.new and not allowance.new:
        more = allowance.introduced + min(m.new, max(10, allowance.new_limit))
        lines.append(
            f"Today's new-card limit is reached ({allowance.introduced} of {allowance.new_limit}); {m.new} new cards"
            f" left. `omm-cards review --new {more}` allows {more - allowance.introduced} more today"
            " (--new and --reviews count today's totals)."
        )
    if m.due or m.new:
        if not lines:  # due or new, yet none shown: every one is a sibling of a card reviewed today
            lines.append("The cards left are cloze siblings of cards reviewed today; they come back tomorrow.")
        return lines
    if m.next_due is not None:
        return [f"Nothing is due until {m.next_due.isoformat()}, and every matching card has been introduced."]
    return ["Every matching card is learned and nothing is due."]
