"""Which scheduler plans a student's cards, SM-2 (the default) or FSRS, and fitting FSRS to the student.

SM-2's state is always kept beside the log; FSRS's memory is computed from the log whenever it is
needed, so switching back and forth loses nothing. Only the day a card is shown (`shown`) follows the
active scheduler; switching re-plans every card from its log.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from omm_cards import fsrs
from omm_cards.errors import OmmError
from omm_cards.exam_planner import Memory, plan_reviews, retrievability
from omm_cards.model import Card, CardFilter
from omm_cards.progress import shown_on
from omm_cards.services.workspace import Workspace, study_day
from omm_cards.storage import Repo, StudentSettings
from omm_cards.storage.codec import FsrsFit
from omm_cards.text import plural

SM2, FSRS = "sm2", "fsrs"
MIN_REVIEWS = 400  # fewer later-day reviews than this, and a fit says more about chance than about you
OFFER_EVERY = 1_000  # new reviews after which the session summary suggests fitting again


def parameters(settings: StudentSettings) -> tuple[float, ...]:
    """The student's fitted parameters, or FSRS's defaults; a fit from a newer FSRS is refused, not guessed at."""
    fit = settings.fsrs_fit
    if fit is None:
        return fsrs.DEFAULT_PARAMETERS
    if fit.version != fsrs.VERSION:
        raise OmmError(
            f"the stored FSRS parameters are for FSRS-{fit.version}; this omm-cards uses FSRS-{fsrs.VERSION}",
            "upgrade omm-cards, or run `omm-cards optimize` to fit them again",
        )
    try:
        return fsrs.check_parameters(fit.parameters)
    except ValueError as error:
        raise OmmError(f"the stored FSRS parameters are unusable: {error}", "run `omm-cards optimize` again") from None


def history(rows: Iterable[tuple[datetime, int]], hour: int) -> list[tuple[int, int]]:
    """A card's log as FSRS reads it: (study day as an ordinal, grade), oldest first."""
    return [(study_day(when, hour).toordinal(), grade) for when, grade in rows]


def fsrs_due(card_history: list[tuple[int, int]], settings: StudentSettings) -> date | None:
    """FSRS's due date for a card after these reviews, at the student's desired retention."""
    w = parameters(settings)
    memory = fsrs.memory(card_history, w)
    if memory is None:
        return None
    return date.fromordinal(memory.last_day) + timedelta(days=fsrs.interval(memory.stability, settings.retention, w))


def set_scheduler(ws: Workspace, name: str, retention: float | None) -> int:
    """Choose the student's scheduler (and FSRS's desired retention); re-plans every card, returns how many moved."""
    if name not in (SM2, FSRS):
        raise OmmError(f"no scheduler {name!r}", "choose sm2 or fsrs")
    chosen = ws.settings.retention if retention is None else retention
    low, high = fsrs.RETENTION
    if not (math.isfinite(chosen) and low <= chosen <= high):
        raise OmmError(f"--retention {chosen}: choose a desired retention from {low} to {high}")
    with ws.write() as repo:
        repo.set_scheduler(ws.student_id, name, chosen)
    ws.settings = replace(ws.settings, scheduler=name, retention=chosen)
    return replan(ws)


def replan(ws: Workspace) -> int:
    """Set every scheduled card's shown day by the active scheduler and the exam plan; returns how many moved."""
    moved = 0
    settings, hour = ws.settings, ws.settings.day_starts_at
    with ws.write() as repo:
        states = dict(repo.scheduled_states(ws.student_id))
        before = repo.shown_days(ws.student_id)
        logs = repo.health.grades_by_card(ws.student_id) if settings.scheduler == FSRS else {}
        shown = []
        for card_id, state in states.items():
            due = None
            if settings.scheduler == FSRS and card_id in logs:
                card_history = history(logs[card_id], hour)
                due = fsrs_due(card_history, settings)
                today = date.fromordinal(card_history[-1][0])
            else:
                today = ws.today
            day = shown_on(state, today, settings.exam, card_id, due)
            moved += day != before.get(card_id)
            shown.append((card_id, day))
        repo.set_shown(ws.student_id, shown)
    return moved


def optimize(ws: Workspace) -> FsrsFit:
    """Fit FSRS to the student's own log (fsrs-rs, as Anki does), store the parameters and how well they fit."""
    with ws.read() as repo:
        cards = [
            history(rows, ws.settings.day_starts_at) for rows in repo.health.grades_by_card(ws.student_id).values()
        ]
    later_day = sum(sum(1 for i in range(1, len(c)) if c[i][0] != c[i - 1][0]) for c in cards)
    if later_day < MIN_REVIEWS:
        raise OmmError(
            f"{plural(later_day, 'review')} on a later day than the card's last;"
            f" fitting FSRS needs at least {MIN_REVIEWS}",
            "keep reviewing with the default parameters; they are a good start",
        )
    from fsrs_rs_python import FSRS as Model
    from fsrs_rs_python import FSRSItem, FSRSReview

    items = []
    for card in cards:
        for end in range(2, len(card) + 1):
            if card[end - 1][0] == card[end - 2][0]:
                continue  # train on each later-day review, as fsrs-rs's own examples do
            # A clock set back can make a later review look earlier: never a negative gap.
            reviews = [
                FSRSReview(fsrs.rating(g), 0 if i == 0 else max(0, d - card[i - 1][0]))
                for i, (d, g) in enumerate(card[:end])
            ]
            items.append(FSRSItem(reviews))
    fitted = fsrs.check_parameters(Model(list(fsrs.DEFAULT_PARAMETERS)).compute_parameters(items))
    loss, _ = fsrs.log_loss(cards, fitted)
    default_loss, _ = fsrs.log_loss(cards, fsrs.DEFAULT_PARAMETERS)
    total = sum(len(c) for c in cards)
    fit = FsrsFit(fsrs.VERSION, fitted, ws.today.isoformat(), total, loss, default_loss)
    with ws.write() as repo:
        repo.set_fsrs_fit(ws.student_id, fit)
    ws.settings = replace(ws.settings, fsrs_fit=fit)
    if ws.settings.scheduler == FSRS:
        replan(ws)
    return fit


def should_offer_fit(ws: Workspace, reviews: int) -> bool:
    """After every OFFER_EVERY reviews since the last fit (or since the start), suggest `omm-cards optimize`."""
    fitted = ws.settings.fsrs_fit.reviews if ws.settings.fsrs_fit else 0
    return ws.settings.scheduler == FSRS and reviews - fitted >= OFFER_EVERY


def plan_for_exam(ws: Workspace, repo: Repo, where: CardFilter, limit: int) -> tuple[list[Card], int]:
    """Under FSRS with an exam date: today's reviews chosen to raise predicted exam-day recall the most.

    Returns the cards, largest gain first, and how many due cards could not be fitted into `limit`: they
    are not dropped silently; the session summary says how many.
    """
    settings = ws.settings
    assert settings.exam is not None
    w = parameters(settings)
    cards = repo.introduced_cards(ws.student_id, where, ws.today)
    logs = repo.health.grades_by_card(ws.student_id)
    today = ws.today.toordinal()
    memories: list[tuple[str, Memory]] = []
    for card in cards:
        state = fsrs.memory(history(logs.get(card.id, []), settings.day_starts_at), w)
        if state is not None:
            memories.append((card.id, Memory(state.stability, state.difficulty, today - state.last_day)))
    days = (settings.exam - ws.today).days
    chosen = plan_reviews(memories, days, None, w, settings.retention)
    by_id = {card.id: card for card in cards}
    due = sum(1 for _, m in memories if retrievability(m.elapsed, m.stability, w) <= settings.retention)
    kept = chosen[:limit]
    return [by_id[card_id] for card_id in kept], max(0, due - len(kept))
