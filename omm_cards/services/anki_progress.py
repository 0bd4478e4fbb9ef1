"""A student's progress from Anki, taken into their schedule when an Anki package is imported.

Each card the package scheduled (anki_scheduling has the mapping) becomes the importing student's SM-2
state, and its review log their history, marked as imported. A card the student already has progress
on is left alone, so importing the same package again adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from omm_cards.interchange.anki_scheduling import carries_scheduling, progress
from omm_cards.interchange.drafts import Conversion
from omm_cards.progress import Progress, take_imported
from omm_cards.scheduler import State
from omm_cards.services.workspace import Workspace
from omm_cards.storage import Repo, ReviewRow


@dataclass(frozen=True)
class Kept:
    cards: int
    reviews: int


def wanted(conversion: Conversion, scheduling: bool | None) -> bool:
    """`--with-scheduling` (True), `--no-scheduling` (False), or by default: when the package carries any."""
    if conversion.anki is None or scheduling is False:
        return False
    return scheduling is True or carries_scheduling(conversion.anki)


def take(repo: Repo, workspace: Workspace, deck_id: str, conversion: Conversion) -> Kept:
    """Write the package's progress for the student; returns how many cards and reviews came along."""
    assert conversion.anki is not None
    exam = repo.settings(workspace.student_id).exam
    cards = reviews = 0
    for key, imported in progress(conversion.anki, conversion.anki_keys, workspace.today).items():
        card_id = f"{deck_id}/{key}"
        have = repo.progress(workspace.student_id, card_id)
        if have is not None and (have.reviews or have.state.due is not None):
            continue  # studied here already: ours wins
        state = Progress(suspended=have.suspended if have else False, tags=have.tags if have else ())
        before = State()
        for row in imported.reviews:
            if not row.cram:  # cram answers change no schedule and count nowhere, as ours do
                state = take_imported(state, row.after, row.grade, row.same_day_repeat, row.seconds, exam, card_id)
            repo.add_review(
                ReviewRow(
                    workspace.student_id,
                    card_id,
                    row.reviewed_at,
                    row.grade,
                    row.same_day_repeat,
                    row.seconds,
                    before,
                    row.after,
                    cram=row.cram,
                    imported=True,
                )
            )
            before = row.after if not row.cram else before
            reviews += 1
        state = replace(
            state,
            suspended=state.suspended or imported.suspended,
            buried_until=workspace.today + timedelta(days=1) if imported.buried else None,
        )
        repo.save_progress(workspace.student_id, card_id, state)
        cards += 1
    return Kept(cards, reviews)
