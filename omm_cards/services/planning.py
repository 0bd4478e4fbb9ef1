"""Exam dates and daily limits: setting them, and the plan they make."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from omm_cards import planner
from omm_cards.errors import OmmError
from omm_cards.services.workspace import Workspace

MAX_DAILY = 100_000


@dataclass(frozen=True)
class ExamPlan:
    exam: date
    days_left: int
    new_left: int  # new cards still to introduce, counting those introduced today
    pace: planner.Pace


def day_start(ws: Workspace) -> datetime:
    """When the student's study day began: today's date at their day-start hour."""
    return datetime.combine(ws.today, time(ws.settings.day_starts_at))


def set_exam(ws: Workspace, exam: date | None) -> int:
    """Set (or clear, with None) the student's exam date and re-plan every card; returns how many moved."""
    if exam is not None and exam <= ws.today:
        raise OmmError(f"the exam date {exam.isoformat()} is not after today ({ws.today.isoformat()})")
    with ws.write() as repo:
        repo.set_exam(ws.student_id, exam)
    ws.settings = replace(ws.settings, exam=exam)
    from omm_cards.services.schedulers import replan  # FSRS and the exam planner: not for every command

    return replan(ws)


def set_limits(ws: Workspace, new_per_day: int | None, reviews_per_day: int | None) -> None:
    new = ws.settings.new_per_day if new_per_day is None else new_per_day
    reviews = ws.settings.reviews_per_day if reviews_per_day is None else reviews_per_day
    if not (0 <= new <= MAX_DAILY and 0 <= reviews <= MAX_DAILY):
        raise OmmError(f"daily limits must be from 0 to {MAX_DAILY:,}")
    with ws.write() as repo:
        repo.set_limits(ws.student_id, new, reviews)
    ws.settings = replace(ws.settings, new_per_day=new, reviews_per_day=reviews)


def set_review_settings(ws: Workspace, buttons: int | None, day_starts_at: int | None) -> None:
    """The student's grade buttons (6: grades 0-5; 4: Again, Hard, Good, Easy) and day-start hour."""
    chosen_buttons = ws.settings.buttons if buttons is None else buttons
    hour = ws.settings.day_starts_at if day_starts_at is None else day_starts_at
    if chosen_buttons not in (4, 6):
        raise OmmError(f"--buttons {chosen_buttons}: choose 4 (Again, Hard, Good, Easy) or 6 (grades 0-5)")
    if not 0 <= hour <= 23:
        raise OmmError(f"--day-starts-at {hour}: an hour from 0 to 23")
    with ws.write() as repo:
        repo.set_review_settings(ws.student_id, hour, chosen_buttons)
    ws.settings = replace(ws.settings, buttons=chosen_buttons, day_starts_at=hour)


def exam_plan(ws: Workspace, new_floor: int | None = None) -> ExamPlan | None:
    """The plan to the exam, if one is set: days left and the new-card pace that finishes in time."""
    exam = ws.settings.exam
    if exam is None:
        return None
    with ws.read() as repo:
        new_left = repo.count_new(ws.student_id) + repo.introduced_since(ws.student_id, day_start(ws))
    floor = ws.settings.new_per_day if new_floor is None else new_floor
    pace = planner.new_card_pace(new_left, ws.today, exam, floor)
    return ExamPlan(exam, (exam - ws.today).days, new_left, pace)


@dataclass(frozen=True)
class Allowance:
    """What is left of today's limits, and the limits and use it comes from."""

    new: int
    reviews: int
    new_limit: int = 0
    introduced: int = 0
    review_limit: int = 0
    reviewed: int = 0


def daily_allowance(ws: Workspace, new_per_day: int | None = None, reviews_per_day: int | None = None) -> Allowance:
    """What is left of today's new cards and reviews for the student."""
    new_limit = ws.settings.new_per_day if new_per_day is None else new_per_day
    plan = exam_plan(ws, new_floor=new_limit) if new_per_day is None else None
    if plan is not None:
        new_limit = plan.pace.per_day
    review_limit = ws.settings.reviews_per_day if reviews_per_day is None else reviews_per_day
    with ws.read() as repo:
        introduced = repo.introduced_since(ws.student_id, day_start(ws))
        reviewed = repo.reviewed_since(ws.student_id, day_start(ws))
    return Allowance(
        max(0, new_limit - introduced), max(0, review_limit - reviewed), new_limit, introduced, review_limit, reviewed
    )
