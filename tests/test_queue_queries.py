"""The review queue's queries keep their order and limits: the fast SQL against the plain one it replaced.

The plain queries (every due card sorted and decoded, then cut; every new card numbered and sorted) are
the definition; the fast ones push the limits into SQL and read the new-card order from an index.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from omm_cards.model import CardFilter, Category
from omm_cards.services.library import import_decks
from omm_cards.services.startup import open_workspace
from omm_cards.services.workspace import Workspace
from omm_cards.storage.codec import CARD_COLUMNS, filter_sql, to_card

NOW = datetime(2026, 11, 27, 9, 0)
TODAY = NOW.date()

PLAIN_DUE = f"""SELECT {CARD_COLUMNS} FROM card_state s JOIN cards c ON c.id = s.card_id
    WHERE s.student_id = ? AND s.shown <= ? AND s.suspended = 0 AND c.retired = 0
      AND (s.buried_until IS NULL OR s.buried_until <= ?) AND {{clause}}
    ORDER BY s.shown, c.position, c.deck_id"""
PLAIN_NEW = f"""SELECT {CARD_COLUMNS}, row_number() OVER (PARTITION BY c.deck_id, c.type ORDER BY c.position) AS turn
    FROM cards c LEFT JOIN card_state s ON s.card_id = c.id AND s.student_id = ?
    WHERE c.retired = 0 AND s.due IS NULL AND coalesce(s.suspended, 0) = 0
      AND (s.buried_until IS NULL OR s.buried_until <= ?) AND {{clause}}
    ORDER BY turn, omm_seed(? || '/' || c.deck_id || '/' || c.type), c.position LIMIT ?"""


def card(deck: str, i: int, rng: random.Random) -> dict[str, object]:
    kind = rng.choice(("basic", "basic", "cloze", "mcq", "typed"))
    base: dict[str, object] = {
        "id": f"{deck}-{i}",
        "category": rng.choice(("anatomy", "technique", "diagnosis")),
        "tags": [f"region::r{i % 3}", f"topic::t{i % 5}"],
        "source": "test",
    }
    if kind == "basic":
        return {**base, "front": f"Q {i}?", "back": f"A {i}"}
    if kind == "cloze":
        return {**base, "type": "cloze", "text": f"{{{{c1::one}}}} and {{{{c2::two {i}}}}}"}
    if kind == "mcq":
        options = [{"text": t, "why": "w"} for t in ("a", "b", "c")]
        return {**base, "type": "mcq", "stem": f"Stem {i}?", "options": options, "answer": "A"}
    return {**base, "type": "typed", "front": f"T {i}?", "answer": f"ans {i}"}


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    rng = random.Random(16)
    paths = []
    for deck in ("alpha", "beta", "gamma"):
        path = tmp_path / f"{deck}.yaml"
        cards = [card(deck, i, rng) for i in range(60)]
        path.write_text(yaml.safe_dump({"id": deck, "title": deck, "version": "1", "cards": cards}))
        paths.append(path)
    db = tmp_path / "queue.db"
    with open_workspace(db, "ann", NOW, create=True) as workspace:
        import_decks(workspace, paths)
        conn = workspace.db.conn
        ids = [row[0] for row in conn.execute("SELECT id FROM cards ORDER BY id")]
        conn.execute("UPDATE cards SET retired = 1 WHERE id IN (?, ?)", (ids[3], ids[70]))
        for card_id in rng.sample(ids, 90):  # seen, some suspended or buried, due over several days
            shown = (TODAY + timedelta(days=rng.randint(-5, 5))).isoformat()
            buried = rng.choice((None, None, TODAY.isoformat(), (TODAY + timedelta(days=1)).isoformat()))
            due = None if rng.random() < 0.1 else shown  # a state row with no due date is still new
            conn.execute(
                """INSERT INTO card_state (student_id, card_id, repetitions, interval, easiness, due, lapses,
                   reviews, suspended, shown, buried_until) VALUES (?, ?, 1, 1, 250, ?, 0, 1, ?, ?, ?)""",
                (workspace.student_id, card_id, due, int(rng.random() < 0.1), shown, buried),
            )
        yield workspace


FILTERS = [
    CardFilter(),
    CardFilter(decks=("beta",)),
    CardFilter(decks=("alpha", "gamma")),
    CardFilter(categories=(Category("technique"),)),
    CardFilter(tags=("region::r1",)),
    CardFilter(decks=("beta",), tags=("topic",)),
]


@pytest.mark.parametrize("where", FILTERS)
@pytest.mark.parametrize("limit", [0, 1, 7, 20, 1000])
def test_new_cards_come_in_the_same_order_as_the_plain_query(ws: Workspace, where: CardFilter, limit: int) -> None:
    clause, params = filter_sql(where)
    for day in (TODAY, TODAY + timedelta(days=1)):
        rows = ws.db.conn.execute(
            PLAIN_NEW.format(clause=clause), (ws.student_id, day.isoformat(), *params, ws.student_id, limit)
        ).fetchall()
        expected = [to_card(row).id for row in rows]
        assert [c.id for c in ws.db.repo.new_cards(ws.student_id, where, limit, day)] == expected


@pytest.mark.parametrize("where", FILTERS)
@pytest.mark.parametrize("limit", [0, 1, 5, 30, -1])
def test_due_cards_are_the_plain_query_cut_at_the_limit(ws: Workspace, where: CardFilter, limit: int) -> None:
    clause, params = filter_sql(where)
    for day in (TODAY - timedelta(days=2), TODAY, date(2027, 1, 1)):
        rows = ws.db.conn.execute(PLAIN_DUE.format(clause=clause), (ws.student_id, day, day, *params)).fetchall()
        expected = [to_card(row).id for row in rows]
        if limit >= 0:
            expected = expected[:limit]
        assert [c.id for c in ws.db.repo.due_cards(ws.student_id, day, where, limit)] == expected


PLAIN_COUNT = """SELECT count(*) FROM card_state s JOIN cards c ON c.id = s.card_id
    WHERE s.student_id = ? AND s.shown {before} ? AND s.suspended = 0 AND c.retired = 0
      AND (s.buried_until IS NULL OR s.buried_until <= ?)"""


def test_due_and_overdue_counts_are_the_plain_counts(ws: Workspace) -> None:
    """Both count off the covering index and take the buried cards off after: the same as counting the rows."""
    conn, repo = ws.db.conn, ws.db.repo
    for day in (TODAY - timedelta(days=6), TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)):
        due = conn.execute(PLAIN_COUNT.format(before="<="), (ws.student_id, day, day)).fetchone()[0]
        overdue = conn.execute(PLAIN_COUNT.format(before="<"), (ws.student_id, day, day)).fetchone()[0]
        assert (repo.count_due(ws.student_id, day), repo.count_overdue(ws.student_id, day)) == (due, overdue)
    assert 0 < repo.count_overdue(ws.student_id, TODAY) < repo.count_due(ws.student_id, TODAY)
