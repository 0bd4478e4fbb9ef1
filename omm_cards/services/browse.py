"""Read-side use cases: what is due, decks and cards with their progress; suspending cards."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from omm_cards.errors import OmmError
from omm_cards.model import Card, CardFilter, CardSearch
from omm_cards.progress import Progress
from omm_cards.services.planning import ExamPlan, daily_allowance, exam_plan
from omm_cards.services.workspace import Workspace
from omm_cards.storage import ListedCard, StoredCard, StoredDeck


@dataclass(frozen=True)
class DueSummary:
    student: str
    today: date
    due: int  # shown today, before the daily review limit
    reviews_left: int  # what the daily review limit still allows
    new_today: int
    next_due: date | None
    plan: ExamPlan | None


def due_summary(ws: Workspace) -> DueSummary:
    allowance = daily_allowance(ws)
    with ws.read() as repo:
        due = repo.count_due(ws.student_id, ws.today)
        new = repo.count_new(ws.student_id, allowance.new, ws.today)
        next_due = repo.next_due(ws.student_id, ws.today)
    return DueSummary(ws.student, ws.today, due, allowance.reviews, new, next_due, exam_plan(ws))


def list_decks(ws: Workspace) -> list[StoredDeck]:
    with ws.read() as repo:
        return [d for d in repo.decks(ws.student_id, ws.today) if d.origin != "withdrawn"]


def list_cards(ws: Workspace, search: CardSearch) -> list[ListedCard]:
    """The cards a search matches, without their text: what a table of them shows."""
    with ws.read() as repo:
        return repo.listed_cards(ws.student_id, search)


def search_cards(ws: Workspace, search: CardSearch) -> list[StoredCard]:
    """The cards a search matches, read whole."""
    with ws.read() as repo:
        return repo.search_cards(ws.student_id, search)


@dataclass(frozen=True)
class TagNode:
    name: str  # the last part, e.g. `lumbar` in region::lumbar
    tag: str  # the whole tag
    cards: int  # cards with this tag exactly
    children: list[TagNode]


def tag_tree(ws: Workspace) -> list[TagNode]:
    """Every tag with its card count, nested at `::` (a parent that no card carries itself counts 0)."""
    with ws.read() as repo:
        counts = repo.tag_counts(ws.student_id)
    roots: list[TagNode] = []
    nodes: dict[str, TagNode] = {}
    for tag in sorted(counts):
        parts = tag.split("::")
        siblings = roots
        for depth in range(1, len(parts) + 1):
            path = "::".join(parts[:depth])
            node = nodes.get(path)
            if node is None:
                node = nodes[path] = TagNode(parts[depth - 1], path, counts.get(path, 0), [])
                siblings.append(node)
            siblings = node.children
    return roots


def get_card(ws: Workspace, card_id: str) -> StoredCard:
    with ws.read() as repo:
        found = repo.card(card_id, ws.student_id)
    if found is None:
        raise OmmError(f"no card {card_id!r}", "card ids look like deck/card; see `omm-cards cards list`")
    return found


def media_files(ws: Workspace, card: Card) -> list[Path]:
    """The media files a card shows placeholders for (`[image: x.png]`), that the import copied."""
    from omm_cards.interchange.media import referenced, safe_name
    from omm_cards.services.library import media_folder

    folder = media_folder(ws, card.deck)
    names = referenced("\n".join((card.front(), card.back(), card.extra())))
    paths = [folder / clean for name in names if (clean := safe_name(name))]
    return [path for path in paths if path.is_file()]


def set_suspended(ws: Workspace, card_ids: list[str], tags: list[str], suspended: bool) -> int:
    """Suspend or unsuspend cards named by id or by tag, all or nothing; returns how many changed."""
    changed = 0
    with ws.write() as repo:
        targets = list(card_ids)
        if tags:
            targets += [item.card.id for item in repo.cards(ws.student_id, CardFilter(tags=tuple(tags)))]
        for card_id in dict.fromkeys(targets):
            if repo.card(card_id, ws.student_id) is None:
                raise OmmError(f"no card {card_id!r}; nothing was changed")
            progress = repo.progress(ws.student_id, card_id) or Progress()
            if progress.suspended != suspended:
                repo.save_progress(ws.student_id, card_id, replace(progress, suspended=suspended))
                changed += 1
    return changed
