"""Each student's all-time figures by category and by region, kept up to date by triggers (`student_totals`).

`stats` and the reports read a student's few rows here instead of making two passes over every card state
(about 60 ms a student at 100,000 cards). The triggers apply the exact change each row change makes: a
card state written or removed, a card moved to another category or withdrawn, a region tag added to or
taken from a card, a student removed. So every writer (grading, undo, imports, `doctor --fix`) keeps them
right without knowing about them. `doctor` compares them with the sums over the card states (SUMS), and
`--fix` writes them afresh from it (FILL).

A row: kind 0 is a category, kind 1 a region tag without its `region::`; live is 0 for a withdrawn card.
A region counts retention and stages only; its reviews, cards and time stay 0.
"""

from __future__ import annotations

MATURE = 21  # days: a card with an interval this long or longer is mature, a shorter one learning
COUNTERS = ("reviews", "seen", "seconds", "learned", "kept", "learning", "mature")
COLUMNS = ("student_id", "kind", "name", "live", *COUNTERS)
REGION = "t.tag >= 'region::' AND t.tag < 'region:;'"
# Every student's state of one card, found by its primary key (student, card): card_state has no index
# by card alone.
_STATES_OF = "FROM students st CROSS JOIN card_state s ON s.student_id = st.id AND s.card_id = {card}"


def _counts(s: str, region: bool) -> list[str]:
    """What the card state `s` (NEW, OLD, or a table alias) adds to each counter."""
    reviews = (
        ["0", "0", "0"]
        if region
        else [f"{s}.reviews", f"{s}.reviews > 0", f"CASE WHEN {s}.reviews > 0 THEN {s}.seconds ELSE 0 END"]
    )
    stage = f"{s}.due IS NOT NULL AND {s}.interval"
    return [*reviews, f"{s}.learned_reviews", f"{s}.kept_reviews", f"{stage} < {MATURE}", f"{stage} >= {MATURE}"]


def _row(s: str, sign: int, key: str, source: str, region: bool) -> str:
    """A SELECT of the totals rows state `s` adds (sign 1) or takes away (-1) at `key` (kind, name, live),
    over `source` (FROM ... WHERE ..., which binds the card as `c` and a region tag as `t`)."""
    counts = [count if sign > 0 else f"-({count})" for count in _counts(s, region)]
    if "GROUP BY" in source:
        counts = [f"sum({count})" for count in counts]
    return f"SELECT {s}.student_id, {key}, {', '.join(counts)} {source}"


def _category(s: str, sign: int, source: str, category: str = "c.category", live: str = "1 - c.retired") -> str:
    return _row(s, sign, f"0, {category}, {live}", source, region=False)


def _region(s: str, sign: int, source: str, tag: str = "t.tag", live: str = "1 - c.retired") -> str:
    return _row(s, sign, f"1, substr({tag}, 9), {live}", source, region=True)


def _upsert(*rows: str) -> str:
    adds = ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTERS)
    # Each SELECT ends in a WHERE, which tells SQLite's parser the ON CONFLICT is the upsert's.
    union = " UNION ALL ".join(rows)
    return f"INSERT INTO student_totals ({', '.join(COLUMNS)}) {union} ON CONFLICT DO UPDATE SET {adds};"


def _state_rows(s: str, sign: int) -> tuple[str, str]:
    """The rows a card state row NEW or OLD adds or takes away: at its card's category, at its region tags."""
    return (
        _category(s, sign, f"FROM cards c WHERE c.id = {s}.card_id"),
        _region(s, sign, f"FROM cards c JOIN card_tags t ON t.card_id = c.id WHERE c.id = {s}.card_id AND {REGION}"),
    )


def _trigger(name: str, event: str, *rows: str) -> str:
    return f"CREATE TRIGGER {name} {event} BEGIN {_upsert(*rows)} END"


_CARD_STATES = _STATES_OF.format(card="NEW.id") + " JOIN cards c ON c.id = NEW.id"
_CARD_REGIONS = f"{_CARD_STATES} JOIN card_tags t ON t.card_id = NEW.id WHERE {REGION}"
_TAG_STATES = "{states} JOIN cards c ON c.id = s.card_id WHERE true"

# Every student's states in the order of their key, each card's category read off the narrow index (not
# the card's wide row): at 300,000 states 1.0 s -> 0.25 (the planner's own choice scans an index of the
# states and looks up each row).
_EVERY_STATE = "FROM students st CROSS JOIN card_state s ON s.student_id = st.id"
_CARD = "CROSS JOIN cards c INDEXED BY cards_category_by_id ON c.id = s.card_id"
SUMS = (
    _category("s", 1, f"{_EVERY_STATE} {_CARD} WHERE true GROUP BY 1, 2, 3, 4")
    + " UNION ALL "
    + _region(
        "s",
        1,
        f"{_EVERY_STATE} CROSS JOIN card_tags t ON t.card_id = s.card_id {_CARD} WHERE {REGION} GROUP BY 1, 2, 3, 4",
    )
)

SCHEMA = (
    """CREATE TABLE student_totals (
        student_id INTEGER NOT NULL, kind INTEGER NOT NULL CHECK (kind IN (0, 1)), name TEXT NOT NULL,
        live INTEGER NOT NULL CHECK (live IN (0, 1)), reviews INTEGER NOT NULL, seen INTEGER NOT NULL,
        seconds REAL NOT NULL, learned INTEGER NOT NULL, kept INTEGER NOT NULL, learning INTEGER NOT NULL,
        mature INTEGER NOT NULL,
        PRIMARY KEY (student_id, kind, name, live)
    ) STRICT, WITHOUT ROWID""",
    _trigger("totals_state_added", "AFTER INSERT ON card_state", *_state_rows("NEW", 1)),
    _trigger("totals_state_removed", "AFTER DELETE ON card_state", *_state_rows("OLD", -1)),
    _trigger(
        "totals_state_changed",
        "AFTER UPDATE OF student_id, card_id, reviews, seconds, learned_reviews, kept_reviews, due, interval"
        " ON card_state",
        *_state_rows("OLD", -1),
        *_state_rows("NEW", 1),
    ),
    _trigger(
        "totals_card_moved",
        "AFTER UPDATE OF category, retired ON cards WHEN OLD.category IS NOT NEW.category"
        " OR OLD.retired IS NOT NEW.retired",
        _category("s", -1, f"{_CARD_STATES} WHERE true", category="OLD.category", live="1 - OLD.retired"),
        _region("s", -1, _CARD_REGIONS, live="1 - OLD.retired"),
        _category("s", 1, f"{_CARD_STATES} WHERE true"),
        _region("s", 1, _CARD_REGIONS),
    ),
    _trigger(
        "totals_region_added",
        "AFTER INSERT ON card_tags WHEN NEW.tag >= 'region::' AND NEW.tag < 'region:;'",
        _region("s", 1, _TAG_STATES.format(states=_STATES_OF.format(card="NEW.card_id")), tag="NEW.tag"),
    ),
    _trigger(
        "totals_region_removed",
        "AFTER DELETE ON card_tags WHEN OLD.tag >= 'region::' AND OLD.tag < 'region:;'",
        _region("s", -1, _TAG_STATES.format(states=_STATES_OF.format(card="OLD.card_id")), tag="OLD.tag"),
    ),
    "CREATE TRIGGER totals_student_removed AFTER DELETE ON students BEGIN"
    " DELETE FROM student_totals WHERE student_id = OLD.id; END",
)
FILL = f"INSERT INTO student_totals ({', '.join(COLUMNS)}) {SUMS}"
