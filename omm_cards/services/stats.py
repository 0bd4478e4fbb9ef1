"""Building progress figures for one student or a class, from the database or from exported files."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from omm_cards.errors import OmmError
from omm_cards.progress import LEECH_TAG
from omm_cards.reporting.figures import (
    TREND_WEEKS,
    CardLine,
    Coverage,
    Rate,
    Report,
    StudentFigures,
    Week,
    report_json,
    student_from_json,
)
from omm_cards.reporting.weak import weak_areas, weak_json
from omm_cards.services.startup import DEFAULT_STUDENT
from omm_cards.services.workspace import Advance, Workspace, no_progress, study_day
from omm_cards.storage import Repo, read_only
from omm_cards.storage.stats_queries import CardTotals, StudentRow

ACTIVITY_DAYS = 16 * 7
FORECAST_DAYS = 30
MOST_MISSED = 10
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "reporting" / "report.schema.json"


def students(ws: Workspace) -> list[StudentRow]:
    with ws.read() as repo:
        return repo.stats.students()


def student_figures(
    repo: Repo,
    student_id: int,
    name: str,
    now: datetime,
    since: date | None,
    cards: Callable[[], CardTotals] | None = None,
) -> StudentFigures:
    """One student's figures; days run from the student's own day-start hour, as their reviews did. `cards`:
    the decks' totals, when the caller reads them apart (a class report reads them once; `stats` beside
    this): they are asked for last."""
    hour = repo.settings(student_id).day_starts_at
    today = study_day(now, hour)
    start = datetime.combine(since, time(hour)) if since else None
    last = repo.stats.last_review(student_id)
    forecast = repo.forecast(student_id, today + timedelta(days=1), today + timedelta(days=FORECAST_DAYS))
    streak = _streak(lambda day: repo.stats.reviewed_on(student_id, datetime.combine(day, time(hour))), today)
    leeches = [CardLine(c.id, c.front(), c.back()) for c in repo.stats.tagged(student_id, LEECH_TAG)]
    activity_from = max(today - timedelta(days=ACTIVITY_DAYS - 1), since or date.min)
    activity = repo.stats.activity(student_id, datetime.combine(activity_from, time(hour)))
    due_today, overdue = repo.count_due(student_id, today), repo.count_overdue(student_id, today)
    weekly = _weekly(repo, student_id, today, hour)
    parts = repo.stats.breakdown(student_id, start, cards() if cards else repo.stats.card_totals(), MOST_MISSED)
    totals = parts.totals
    by_category = {k: Rate(*v) for k, v in parts.retention_by_category.items()}
    return StudentFigures(
        name=name,
        reviews=totals.answers,
        cards_seen=totals.cards,
        seconds=totals.seconds,
        last_review=study_day(last, hour) if last else None,
        streak=streak,
        retention=sum(by_category.values(), Rate()),
        retention_by_category=by_category,
        retention_by_region={k: Rate(*v) for k, v in parts.retention_by_region.items()},
        coverage_by_category={k: Coverage(*v) for k, v in parts.coverage_by_category.items()},
        coverage_by_region={k: Coverage(*v) for k, v in parts.coverage_by_region.items()},
        leeches=leeches,
        most_missed=[CardLine(c.id, c.front(), c.back(), n) for c, n in parts.most_missed],
        due_today=due_today,
        due_tomorrow=forecast.get(today + timedelta(days=1), 0),
        forecast=[forecast.get(today + timedelta(days=d), 0) for d in range(1, FORECAST_DAYS + 1)],
        activity=activity,
        overdue=overdue,
        weekly=weekly,
    )


def _card_totals_beside(path: Path) -> Callable[[], CardTotals]:
    """The decks' live cards by category and region, read on a connection and a thread of their own while
    this thread reads the student's figures (two index scans, 15 ms of `stats` at 100,000 cards, which
    SQLite runs on the other core); the function returned waits for them (and raises what they raised)."""
    import threading

    found: list[CardTotals] = []
    failed: list[BaseException] = []

    def read() -> None:
        try:
            with read_only(path) as repo:
                found.append(repo.stats.card_totals())
        except BaseException as error:  # given to the caller, in its thread
            failed.append(error)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()

    def result() -> CardTotals:
        thread.join()
        if failed:
            raise failed[0]
        return found[0]

    return result


def _weekly(repo: Repo, student_id: int, today: date, hour: int) -> list[Week]:
    """The last TREND_WEEKS study weeks, Monday to Sunday, oldest first; this week so far is the last."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=TREND_WEEKS - 1)
    counts = repo.stats.weekly(student_id, datetime.combine(first, time(hour)))
    weeks = [first + timedelta(weeks=n) for n in range(TREND_WEEKS)]
    return [
        Week(monday, counts.get(monday, (0, 0, 0))[0], Rate(*counts.get(monday, (0, 0, 0))[1:])) for monday in weeks
    ]


def _streak(reviewed_on: Callable[[date], bool], today: date) -> int:
    """Days in a row with a review, ending today, or yesterday when today has none yet."""
    day = today if reviewed_on(today) else today - timedelta(days=1)
    streak = 0
    while reviewed_on(day):
        streak += 1
        day -= timedelta(days=1)
    return streak


def figures(ws: Workspace, since: date | None = None) -> StudentFigures:
    """The current student's figures."""
    cards = _card_totals_beside(ws.db.path)
    with ws.read() as repo:
        found = student_figures(repo, ws.student_id, ws.student, ws.now, since, cards)
    return _with_exam_outlook(ws, ws.student_id, ws.student, found)


def _with_exam_outlook(ws: Workspace, student_id: int, name: str, found: StudentFigures) -> StudentFigures:
    """The student's predicted exam-day recall beside their figures, when they have an exam date."""
    from omm_cards.services.exam_outlook import exam_recall_now

    with ws.read() as repo:
        settings = repo.settings(student_id)
    if settings.exam is None:
        return found
    outlook = exam_recall_now(Workspace(ws.db, name, student_id, ws.now, settings))
    return found if outlook is None else replace(found, exam=outlook.exam, exam_recall=outlook.overall.recall)


def class_report(
    ws: Workspace,
    since: date | None,
    all_students: bool,
    advance: Advance = no_progress,
) -> Report:
    """Figures for the current student, or for every student in the database."""
    with ws.read() as repo:
        names = [row.name for row in repo.stats.students()] if all_students else [ws.student]
        ids = {name: repo.find_student(name) for name in names}
        # The `default` profile is made on first use, so a database that has only ever been used with
        # --student holds an empty one: it is nobody, not a student who stopped reviewing.
        if all_students:
            names = [n for n in names if n != DEFAULT_STUDENT or not repo.is_unused(ids[n] or 0)]
        cards = repo.stats.card_totals()
    students: list[tuple[str, int]] = []
    for name in names:
        student_id = ids[name]
        assert student_id is not None
        students.append((name, student_id))
    result = []
    each = _each_student(ws, students, since, cards)
    for done, ((name, student_id), found) in enumerate(zip(students, each, strict=True)):
        result.append(_with_exam_outlook(ws, student_id, name, found))
        advance(f"figures for {name}", done + 1, len(names))
    return Report(ws.today, since, result)


def _each_student(
    ws: Workspace, students: list[tuple[str, int]], since: date | None, cards: CardTotals
) -> Iterator[StudentFigures]:
    """Each student's figures, in order. Two students at a time, each on a connection of its own: their
    queries are SQLite's work, which runs on two cores while Python waits (a class of three at 100k cards
    and 1M reviews: 225 ms of SQL in a row)."""

    def one(student: tuple[str, int]) -> StudentFigures:
        name, student_id = student
        with ws.db.reader() as repo:
            return student_figures(repo, student_id, name, ws.now, since, lambda: cards)

    if len(students) < 2:
        with ws.read() as repo:
            yield from (student_figures(repo, i, name, ws.now, since, lambda: cards) for name, i in students)
        return
    from concurrent.futures import ThreadPoolExecutor  # here: `stats` starts without it (about 4 ms)

    with ThreadPoolExecutor(2) as pool:
        yield from pool.map(one, students)


def report_to_json(report: Report) -> dict[str, Any]:
    return report_json(report, weak_json(weak_areas(report)))


def merge_files(paths: list[Path], today: date, since: date | None) -> Report:
    """A class report from files students exported with `report --format json`.

    A student in two files (last week's export and this week's) is taken from the newer file, by the
    date it was made and then by the student's last review; a note says which was kept.
    """
    chosen: dict[str, tuple[tuple[date, date], Path, StudentFigures]] = {}
    notes: list[str] = []
    for path in paths:
        data = _load_report_file(path)
        made = date.fromisoformat(data["today"])
        for index, student in enumerate(data["students"]):
            try:
                figures = student_from_json(student)
            except (ValueError, TypeError, KeyError, OverflowError) as error:
                raise OmmError(f"{path}: students/{index}: {error}") from None
            key = (made, figures.last_review or date.min)
            earlier = chosen.get(figures.name)
            if earlier is None:
                chosen[figures.name] = (key, path, figures)
                continue
            kept, dropped = ((key, path, figures), earlier) if key > earlier[0] else (earlier, (key, path, figures))
            chosen[figures.name] = kept
            notes.append(
                f"{figures.name}: in {dropped[1]} (made {dropped[0][0].isoformat()}) and {kept[1]}"
                f" (made {kept[0][0].isoformat()}); kept the newer, {kept[1]}"
            )
    students = sorted((figures for _, _, figures in chosen.values()), key=lambda s: s.name)
    return Report(today, since, students, notes)


MAX_REPORT = 16 * 1024 * 1024
MAX_DIGITS = 15  # every count in a report fits; 5,000-digit integers are an attack, not a count


def _strict_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits; at most {MAX_DIGITS} are allowed")
    return int(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a report")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a report can hold")


def _load_report_file(path: Path) -> dict[str, Any]:
    import jsonschema

    from omm_cards.reading import read_limited

    raw = read_limited(path, MAX_REPORT)
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_strict_int, parse_float=_finite, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f":{error.lineno}:{error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise OmmError(f"{path}{where}: not an omm-cards JSON report ({error})") from None
    except RecursionError:
        raise OmmError(f"{path}: not an omm-cards JSON report (nested too deeply)") from None
    except ValueError as error:
        raise OmmError(f"{path}: not an omm-cards JSON report ({error})") from None
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    problem = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if problem is not None:
        field = "/".join(str(p) for p in problem.absolute_path)
        if not field:  # the top level: most likely not a report at all
            raise OmmError(f"{path}: not an omm-cards JSON report ({problem.message})")
        raise OmmError(f"{path}: {field}: {problem.message}")
    return dict(data)
