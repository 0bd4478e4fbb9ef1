from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from omm_cards.errors import OmmError
from omm_cards.model import CardFilter
from omm_cards.storage import Database, StudentSettings, atomic
from omm_cards.storage.migrations import APPLICATION_ID, MIGRATIONS

from .conftest import Run

Cli = Callable[..., Run]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(cli: Cli, path: Path, message: str) -> None:
    before = digest(path)
    result = cli("--db", str(path), "due", check=False)
    assert result.exit_code == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert message in result.stderr
    assert digest(path) == before
    assert not path.with_name(path.name + "-wal").exists()


def test_a_file_that_is_not_sqlite_is_left_untouched(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my exam notes\n" * 50)
    assert_refused(cli, path, "not an omm-cards database (not an SQLite file)")


def test_another_programs_sqlite_file_is_left_untouched(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert_refused(cli, path, "not an omm-cards database; it was left untouched")


def test_a_newer_schema_is_left_untouched(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    cli("--db", str(path), "due")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    assert_refused(cli, path, "written by a newer omm-cards")


def run_as_user(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run omm-cards unprivileged when we are root, since root writes through file permissions."""
    command = [sys.executable, "-m", "omm_cards", *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        probe = subprocess.run([*command[: -len(args)], "--version"], capture_output=True, env=env)
        if probe.returncode != 0:
            pytest.skip("the unprivileged user cannot import omm-cards from this checkout")
    return subprocess.run(command, env=env, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's tmp_path sits under a private one)."""
    folder = Path(tempfile.mkdtemp(prefix="omm-cards-test-"))
    folder.chmod(0o755)
    yield folder
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def test_a_read_only_database_gives_a_clear_error(shared_dir: Path) -> None:
    folder = shared_dir / "ro"
    folder.mkdir()
    path = folder / "ro.db"
    env = dict(os.environ, OMM_CARDS_DB=str(path), OMM_CARDS_HOME=str(folder))
    subprocess.run([sys.executable, "-m", "omm_cards", "due"], env=env, check=True, capture_output=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = digest(path)
    path.chmod(0o444)
    folder.chmod(0o555)
    result = run_as_user(["review"], env, "5\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "the database is read-only" in result.stderr
    assert digest(path) == before


def test_a_database_nobody_may_open_gives_a_clear_error(shared_dir: Path) -> None:
    folder = shared_dir / "private"
    folder.mkdir()
    folder.chmod(0o700)
    env = dict(os.environ, OMM_CARDS_DB=str(folder / "x.db"))
    result = run_as_user(["due"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot open the database (Permission denied)" in result.stderr


def test_an_old_schema_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Database(path, MIGRATIONS).close()
    newer = (*MIGRATIONS, ("CREATE TABLE extra (x INTEGER) STRICT",))
    db = Database(path, newer)
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == len(newer)
    db.close()
    backup = sqlite3.connect(tmp_path / "backups" / f"old-schema{len(MIGRATIONS)}.db")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert backup.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    backup.close()


def test_a_failed_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Database(path, MIGRATIONS).close()
    broken = (*MIGRATIONS, ("CREATE TABLE fine (x INTEGER) STRICT", "CREATE TABLE oops (x NOPE) STRICT"))
    with pytest.raises(OmmError):
        Database(path, broken)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'fine'").fetchone()[0] == 0
    conn.close()


def test_atomic_rolls_back_on_any_exception(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.db")
    with pytest.raises(RuntimeError), atomic(db.conn):
        db.conn.execute("INSERT INTO students (name, created_at) VALUES ('x', 'now')")
        with pytest.raises(KeyError), atomic(db.conn):
            db.conn.execute("INSERT INTO students (name, created_at) VALUES ('y', 'now')")
            raise KeyError
        assert db.conn.execute("SELECT name FROM students").fetchall() == [("x",)]
        raise RuntimeError
    assert db.conn.execute("SELECT count(*) FROM students").fetchone()[0] == 0
    db.close()


def test_the_schema_is_strict_with_foreign_keys(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.db")
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(
            "INSERT INTO card_state (student_id, card_id, repetitions, interval, easiness, lapses, reviews)"
            " VALUES (1, 'no/card', 0, 0, 250, 0, 0)"
        )
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("INSERT INTO students (name, created_at) VALUES (X'00', 'now')")
    db.close()


def test_schema_1_data_survives_the_move_to_schema_2(tmp_path: Path) -> None:
    from omm_cards.storage.migrations import SCHEMA_1

    path = tmp_path / "v1.db"
    Database(path, (SCHEMA_1,)).close()
    conn = sqlite3.connect(path)
    conn.executescript(
        """INSERT INTO students (name, created_at) VALUES ('alice', '2026-01-01');
           INSERT INTO decks VALUES ('d', 'D', '1', '', '/x.yaml', 'abc', '2026-01-01');
           INSERT INTO cards VALUES ('d/a', 'd', 0, 'basic', 'anatomy', '[]', '', '{"front":"Q","back":"A"}', 0);
           INSERT INTO card_state VALUES (1, 'd/a', 1, 1, 260, '2026-01-02', 0, 1, 0);
           INSERT INTO reviews VALUES (NULL, 1, 'd/a', '2026-01-01T10:00:00', 5, 0, 3.0,
                                       0, 0, 250, NULL, 0, 1, 1, 260, '2026-01-02', 0);"""
    )
    conn.close()
    db = Database(path)
    with db.read() as repo:
        progress = repo.progress(1, "d/a")
        assert progress is not None
        assert (progress.state.due, progress.shown, progress.tags) == (date(2026, 1, 2), date(2026, 1, 2), ())
        assert [step[0] for step in repo.health.log_steps(1)] == ["d/a"]  # a cram row would be left out
        assert repo.settings(1) == StudentSettings(None, 20, 200)
    db.close()
    assert (tmp_path / "backups" / "v1-schema1.db").exists()


def cloze_deck(deletions: int, words: int) -> str:
    body = " ".join(f"{{{{c{i}::w{i}}}}} " + "x" * words for i in range(1, deletions + 1))
    head = "id: big\ntitle: Big\nversion: '1'\ncards:\n  - id: n\n    type: cloze\n    category: anatomy\n"
    return f"{head}    text: '{body}'\n"


def test_a_cloze_note_is_stored_once_not_once_per_deletion(cli: Cli, tmp_path: Path) -> None:
    deck = tmp_path / "big.yaml"
    deck.write_text(cloze_deck(100, 500))  # 50 KB of text, 100 cards
    cli("decks", "import", str(deck))
    db = sqlite3.connect(tmp_path / "home" / "omm-cards.db")
    stored = db.execute("SELECT sum(length(content)) FROM cards WHERE deck_id = 'big'").fetchone()[0]
    notes = db.execute("SELECT count(*), sum(length(text)) FROM card_notes WHERE id = 'big/n'").fetchone()
    db.close()
    assert notes[0] == 1 and notes[1] >= 50_000
    assert stored < 100 * 200  # each card holds its ordinal, not the text
    shown = cli("cards", "show", "big/n-c57").stdout
    assert "w57" in shown and "[...]" in shown


def test_a_card_that_changes_type_changes_its_note(cli: Cli, tmp_path: Path) -> None:
    # The note is written apart from the rest of a stored card (save_cards): it must still follow the type.
    deck = tmp_path / "turn.yaml"
    head = "id: turn\ntitle: Turn\nversion: '1'\ncards:\n  - id: k\n    category: anatomy\n"
    basic, cloze = f"{head}    front: Q\n    back: A\n", f"{head}    type: cloze\n    text: '{{{{c1::top}}}} rib'\n"
    notes = []
    for text in (basic, cloze, basic):
        deck.write_text(text)
        cli("decks", "import", str(deck))
        db = sqlite3.connect(tmp_path / "home" / "omm-cards.db")
        notes.append(db.execute("SELECT note_id FROM cards WHERE id = 'turn/k'").fetchone()[0])
        db.close()
    assert notes == [None, "turn/k", None]
    assert "[...] rib" not in cli("cards", "show", "turn/k").stdout


def test_a_note_with_more_deletions_than_the_cap_is_a_located_error(cli: Cli, tmp_path: Path) -> None:
    deck = tmp_path / "many.yaml"
    deck.write_text(cloze_deck(4000, 1))
    for command in ("validate", "import"):
        result = cli("decks", command, str(deck), check=False)
        assert result.exit_code == 1
        assert f"{deck}:8:11: big/n: text: 4000 deletions; a note holds at most 100" in result.stderr


def test_cloze_text_moves_into_notes_in_schema_4(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    Database(path, MIGRATIONS[:3]).close()
    conn = sqlite3.connect(path)
    text = "The key rib is the {{c1::top}} one of an {{c2::exhaled}} group."
    for key, ordinal in (("d/k", 1), ("d/k-c2", 2)):
        content = json.dumps({"text": text, "ordinal": ordinal})
        conn.execute("INSERT OR IGNORE INTO decks VALUES ('d', 'D', '1', '', '/x.yaml', 'abc', '2026-01-01')")
        conn.execute(
            "INSERT INTO cards VALUES (?, 'd', ?, 'cloze', 'anatomy', '[]', '', ?, 0)", (key, ordinal, content)
        )
    conn.commit()
    conn.close()
    db = Database(path)
    with db.read() as repo:
        cards = {c.card.id: c.card for c in repo.cards(1, CardFilter())}
    rows = db.conn.execute("SELECT id, note_id, content FROM cards ORDER BY id").fetchall()
    db.close()
    assert [(r[0], r[1], json.loads(r[2])) for r in rows] == [
        ("d/k", "d/k", {"ordinal": 1}),
        ("d/k-c2", "d/k", {"ordinal": 2}),
    ]
    assert cards["d/k-c2"].front() == "The key rib is the top one of an [...] group."


def drop_student_totals(conn: sqlite3.Connection) -> None:
    """Take a database back to before SCHEMA_STUDENT_TOTALS: its table and triggers gone."""
    for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE student_totals")


def test_an_older_database_gains_student_totals_equal_to_its_figures(cli: Cli, env: Path) -> None:
    from omm_cards.storage.migrations import SCHEMA_STUDENT_TOTALS

    cli("due")
    script = "\n5\n" * 3 + "\n2\n"  # three cards kept, one missed
    cli("review", "--limit", "4", input=script, now="2026-11-20T09:00:00")
    cli("review", input="\n4\n" * 10, now="2026-11-21T09:00:00")
    figures = cli("stats", "--json", now="2026-11-21T10:00:00").stdout
    path = env / "omm-cards.db"
    conn = sqlite3.connect(path)
    drop_student_totals(conn)
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(SCHEMA_STUDENT_TOTALS)}")
    conn.commit()
    conn.close()
    assert cli("stats", "--json").stdout == figures
    assert '"retention": {' in figures and '"reviews": 0' not in figures.split('"retention"')[1][:40]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM student_totals WHERE reviews > 0").fetchone()[0] > 0
    conn.close()


@pytest.mark.parametrize("back_to", ["no index", "index by card id"])
def test_an_older_database_gains_a_search_index_of_its_cards(cli: Cli, env: Path, back_to: str) -> None:
    from omm_cards.storage.migrations import SCHEMA_CARD_SEARCH, SCHEMA_SEARCH_KEYS

    path = env / "omm-cards.db"
    cli("due")  # the bundled decks load; then the file is taken back to the schema before the index
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM card_text")
    conn.execute("DROP TABLE card_text")
    conn.execute("DROP INDEX cards_by_search_key")
    conn.execute("ALTER TABLE cards DROP COLUMN search_key")
    conn.execute("DROP TABLE meta")  # the migrations after it
    drop_student_totals(conn)
    if back_to == "no index":
        conn.execute("ALTER TABLE reviews DROP COLUMN imported")  # the migration after it, undone too
        conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(SCHEMA_CARD_SEARCH)}")
    else:  # the first index, as its own migration built it: rows found by a stored card id
        for statement in SCHEMA_CARD_SEARCH:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(SCHEMA_SEARCH_KEYS)}")
    conn.commit()
    conn.close()
    found = [c["id"] for c in cli("cards", "list", "--json", "--search", "atlantoaxial").json()]
    assert found == ["starter/hvla-down"]
    assert [c["id"] for c in cli("cards", "list", "--json", "--search", "comfort").json()] == [
        "starter/counterstrain-hold",
        "starter/counterstrain-hold-c2",
    ]
    conn = sqlite3.connect(path)
    keys = [row[0] for row in conn.execute("SELECT search_key FROM cards")]
    conn.close()
    assert len(set(keys)) == len(keys) and min(keys) > 0


@pytest.mark.parametrize(
    ("reviewed_at", "due_after", "problem"),
    [
        ("2026-11-20T09:00:00", "2026-11-26", None),
        ("2026-11-20T09:00:00.250000", "2026-11-26", None),  # Python reads it; SQLite's quick pass does not
        ("2026-11-20 09:00", None, None),
        ("2026-02-30T09:00:00", "2026-11-26", "reviewed_at: day is out of range for month"),
        ("0000-01-01T00:00:00", "2026-11-26", "reviewed_at: year 0 is out of range"),
        ("yesterday", "2026-11-26", "reviewed_at: Invalid isoformat string: 'yesterday'"),
        ("2026-11-20T09:00:00", "2026-13-01", "due_after: month must be in 1..12"),
    ],
)
def test_every_review_date_the_code_cannot_read_is_found(
    tmp_path: Path, reviewed_at: str, due_after: str | None, problem: str | None
) -> None:
    from omm_cards.storage.integrity import row_problems

    db = Database(tmp_path / "dates.db")
    db.conn.executescript(
        f"""INSERT INTO students (id, name, created_at) VALUES (1, 'a', '2026-01-01T00:00:00');
           INSERT INTO decks VALUES ('d', 'D', '1', '', '/x.yaml', 'abc', '2026-01-01');
           INSERT INTO cards (id, deck_id, position, type, category, tags, source, content, search_key)
             VALUES ('d/a', 'd', 0, 'basic', 'anatomy', '[]', '', '{{"front":"Q","back":"A"}}', 1);
           INSERT INTO reviews (student_id, card_id, reviewed_at, grade, same_day_repeat, repetitions_before,
             interval_before, easiness_before, lapses_before, repetitions_after, interval_after, easiness_after,
             due_after, lapses_after) VALUES (1, 'd/a', '{reviewed_at}', 5, 0, 0, 0, 250, 0, 1, 1, 260,
             {"NULL" if due_after is None else repr(due_after)}, 0);"""
    )
    found = row_problems(db.conn)
    db.close()
    assert found == ([] if problem is None else [f"reviews row 1: {problem}"])


EDGES = st.sampled_from((0, 1, 2, 4, 12, 13, 23, 24, 28, 29, 30, 31, 32, 59, 60)) | st.integers(0, 61)
NEAR_DATES = st.builds(  # every field in range or one past it: February 30, 24:00, 12:60
    "{:04d}-{:02d}-{:02d}".format, st.sampled_from((0, 1, 1900, 2024, 2026, 9999)) | st.integers(0, 9999), EDGES, EDGES
)
NEAR_TIMES = st.builds("{}T{:02d}:{:02d}:{:02d}".format, NEAR_DATES, EDGES, EDGES, EDGES)
DATE_LIKE = st.one_of(
    NEAR_DATES,
    NEAR_TIMES,
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?\Z"),
    st.text(max_size=20),
)


def readable(text: str, read: Callable[[str], object]) -> bool:
    try:
        read(text)
    except ValueError:
        return False
    return True


@given(DATE_LIKE)
@example("2026-02-30")
@example("2026-04-31T09:00:00")
@example("2026-11-20T24:00:00")
@example("0000-01-01T00:00:00")
@example("2026-11-20 09:00:00")
@example("2026-11-20T09:00:00.5")
def test_sqlite_passes_as_plainly_well_formed_only_what_python_reads(text: str) -> None:
    """The log's and the card states' rows SQLite passes are never checked one by one: each must read."""
    from omm_cards.storage.integrity import SUSPECT

    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE reviews (reviewed_at, due_before, due_after); CREATE TABLE card_state (due, shown, tags)"
    )
    moment, day = "2026-11-20T09:00:00", "2026-11-26"
    cases: list[tuple[str, tuple[str | None, ...], Callable[[str], object]]] = [
        ("reviews", (text, None, None), datetime.fromisoformat),
        ("reviews", (moment, text, day), date.fromisoformat),
        ("reviews", (moment, day, text), date.fromisoformat),
        ("card_state", (text, None, "[]"), date.fromisoformat),
        ("card_state", (None, text, "[]"), date.fromisoformat),
    ]
    for table, values, read in cases:
        conn.execute(f"DELETE FROM {table}")
        conn.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", values)
        passed = conn.execute(f"SELECT count(*) FROM {table} WHERE NOT ({SUSPECT[table]})").fetchone()[0]
        assert not passed or readable(text, read), (table, values)
    conn.execute("DELETE FROM reviews")
    conn.execute("DELETE FROM card_state")
    conn.execute("INSERT INTO reviews VALUES (?, NULL, ?), (?, ?, ?)", (moment, day, moment, day, day))
    conn.execute("INSERT INTO card_state VALUES (NULL, NULL, '[]'), (?, ?, '[]')", (day, day))
    for table in ("reviews", "card_state"):  # what our code writes passes: the check is not one by one
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE {SUSPECT[table]}").fetchone()[0] == 0
    conn.close()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)
CONTENT_KEYS = st.sampled_from(("front", "back", "answer", "accept", "extra", "guid", "unordered", "stem", "x"))
CONTENTS = st.one_of(
    st.dictionaries(CONTENT_KEYS, JSON_VALUES, max_size=6).map(json.dumps),
    st.tuples(st.dictionaries(CONTENT_KEYS, JSON_VALUES, max_size=4).map(json.dumps), st.text(max_size=3)).map("".join),
    st.integers(0, 1400).map(lambda depth: '{"front": ' + "[" * depth + "]" * depth + ', "back": ""}'),
    st.text(max_size=30),
)


@given(st.sampled_from(("basic", "typed", "mcq", "cloze")), st.sampled_from(("d/a", "da", "d/")), CONTENTS)
@example("basic", "d/a", '{"front": "Q", "back": "A"}\x00')
@example("basic", "d/a", '{"front": ' + "[" * 1000 + "]" * 1000 + ', "back": ""}')
@example("typed", "d/a", '{"front": "Q", "answer": "A", "accept": null}')
@example("typed", "d/a", '{"front": "Q", "answer": "A", "accept": 3}')
def test_a_card_sqlite_passes_as_plainly_readable_always_decodes(card_type: str, card_id: str, content: str) -> None:
    """The doctor decodes one by one only the cards SQLite does not pass (integrity.PLAIN_CARD): every card
    it passes must decode, or a card the code cannot read would go unreported."""
    from omm_cards.storage.codec import to_card
    from omm_cards.storage.integrity import PLAIN_CARD

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE cards (id, type, content)")
    conn.execute("INSERT INTO cards VALUES (?, ?, ?)", (card_id, card_type, content))
    plain = conn.execute(f"SELECT {PLAIN_CARD} FROM cards").fetchone()[0]
    conn.close()
    if plain:
        # At the interpreter's own recursion limit, as the doctor runs (Hypothesis raises it for a test).
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(1000)
        try:
            card = to_card(("d", card_id, card_type, "anatomy", "[]", "", content, None))
            card.front(), card.back(), card.extra()
        finally:
            sys.setrecursionlimit(limit)


TAG_LISTS = st.one_of(
    st.lists(JSON_VALUES, max_size=3).map(json.dumps),
    JSON_VALUES.map(json.dumps),
    st.lists(st.text(max_size=4), max_size=3).map(json.dumps).map(lambda t: t + "\x00]"),
    st.text(max_size=12),
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
)


@settings(max_examples=300, deadline=None)
@given(
    card_type=st.sampled_from(["basic", "typed", "mcq", "Basic", "hologram", ""]),
    category=st.sampled_from(["anatomy", "technique", "Anatomy", "nothing", ""]),
    tags=TAG_LISTS,
)
@example(card_type="basic", category="anatomy", tags='["a"]\x00 not json')
@example(card_type="basic", category="anatomy", tags='[["nested"]]')
def test_a_card_row_sqlite_passes_has_a_known_type_and_category_and_a_list_of_text_for_tags(
    card_type: str, category: str, tags: object
) -> None:
    """The doctor fetches only the cards SQLite does not pass (integrity.SUSPECT): a row it passes must pass
    every check the code makes of a card's fields."""
    from omm_cards.storage.integrity import SUSPECT, TABLES

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE cards (id, deck_id, type, category, tags, source, content)")
    content = json.dumps({"front": "q", "back": "a", "answer": "a"})
    conn.execute("INSERT INTO cards VALUES ('d/k', 'd', ?, ?, ?, '', ?)", (card_type, category, tags, content))
    passed = conn.execute(f"SELECT count(*) FROM cards WHERE NOT ({SUSPECT['cards']})").fetchone()[0]
    conn.close()
    if passed:
        row = ("d/k", "d", "d/k", card_type, category, tags, "", content, None, 1)
        for _field, check in TABLES["cards"][1]:
            check(row)  # raises if the code could not read what SQLite passed


def test_the_cards_our_code_writes_are_passed_as_plainly_readable(tmp_path: Path) -> None:
    """Basic and typed cards as the importer stores them are not decoded one by one (the point of PLAIN_CARD)."""
    from omm_cards.services.startup import open_workspace
    from omm_cards.storage.integrity import PLAIN_CARD, SUSPECT

    with open_workspace(tmp_path / "plain.db", "ann", datetime(2026, 11, 27, 9), create=True) as ws:
        rows = ws.db.conn.execute(f"SELECT type, {PLAIN_CARD} FROM cards").fetchall()
        fetched = {row[0] for row in ws.db.conn.execute(f"SELECT type FROM cards WHERE {SUSPECT['cards']}")}
    assert fetched and fetched.isdisjoint({"basic", "typed"})  # the doctor fetches only what it must decode
    by_type: dict[str, set[int]] = {}
    for card_type, plain in rows:
        by_type.setdefault(card_type, set()).add(plain)
    assert by_type["basic"] == {1} and by_type["typed"] == {1} and by_type["mcq"] == {0}


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "INSERT INTO reviews {review} VALUES (1, 'gone/card', '2026-11-20T09:00:00', {after})",
        "INSERT INTO reviews {review} VALUES (9, 'd/a', '2026-11-20T09:00:00', {after})",
        "INSERT INTO reviews {review} VALUES (9, 'gone/card', '2026-11-20T09:00:00', {after})",
        "INSERT INTO card_state (student_id, card_id, repetitions, interval, easiness, lapses, reviews)"
        " VALUES (1, 'gone/card', 0, 0, 250, 0, 0)",
        "INSERT INTO card_tags VALUES ('gone/card', 't')",
        "INSERT INTO cards (id, deck_id, position, type, category, tags, source, content, search_key)"
        " VALUES ('gone/b', 'gone', 1, 'basic', 'anatomy', '[]', '', '{\"front\":\"Q\",\"back\":\"A\"}', 2)",
    ],
)
def test_orphans_are_what_sqlites_own_foreign_key_check_finds(tmp_path: Path, damage: str) -> None:
    """The log is checked row by row only when one of its distinct keys has no parent: nothing is missed."""
    db = Database(tmp_path / "orphans.db")
    review = (
        "(student_id, card_id, reviewed_at, grade, same_day_repeat, repetitions_before, interval_before,"
        " easiness_before, lapses_before, repetitions_after, interval_after, easiness_after, lapses_after)"
    )
    db.conn.executescript(
        f"""INSERT INTO students (id, name, created_at) VALUES (1, 'a', '2026-01-01T00:00:00');
           INSERT INTO decks VALUES ('d', 'D', '1', '', '/x.yaml', 'abc', '2026-01-01');
           INSERT INTO cards (id, deck_id, position, type, category, tags, source, content, search_key)
             VALUES ('d/a', 'd', 0, 'basic', 'anatomy', '[]', '', '{{"front":"Q","back":"A"}}', 1);
           INSERT INTO reviews {review} VALUES (1, 'd/a', '2026-11-19T09:00:00', 5, 0, 0, 0, 250, 0, 1, 1, 260, 0);
           PRAGMA foreign_keys = OFF;
           {damage.replace("{review}", review).replace("{after}", "5, 0, 0, 0, 250, 0, 1, 1, 260, 0")};
           PRAGMA foreign_keys = ON;"""
    )
    everything = sorted(tuple(row[:3]) for row in db.conn.execute("PRAGMA foreign_key_check"))
    with db.read() as repo:
        found = sorted((o.table, o.rowid, o.parent) for o in repo.health.orphans())
        missing = repo.health.missing_cards()
    db.close()
    assert found == everything
    assert bool(everything) == bool(damage)
    assert missing == ({"gone/card"} if damage.startswith("INSERT INTO reviews") and "gone/card" in damage else set())


def test_the_work_done_beside_the_checks_is_given_only_when_they_pass(tmp_path: Path) -> None:
    """The doctor replays beside SQLite's quick check: the replay is kept only if every check passes, and
    an error in it (as a damaged file can cause) is left for the caller to meet again."""
    db = Database(tmp_path / "beside.db")
    try:
        checked, early = db.repo.health.integrity(meanwhile=lambda: "replayed")
        assert checked.quick_check == ["ok"] and early == "replayed"
        checked, early = db.repo.health.integrity(meanwhile=lambda: str(1 // 0))
        assert checked.quick_check == ["ok"] and not checked.damaged and early is None
        db.conn.execute("CREATE TABLE planted (x)")
        checked, early = db.repo.health.integrity(meanwhile=lambda: "replayed")
        assert checked.damaged == ["schema: table planted: not ours"] and early is None
    finally:
        db.close()


def test_released_migrations_never_change() -> None:
    """A database keeps what its migrations made; one whose migration text changed would be refused as not
    ours (its schema, or one of its triggers, differs). SCHEMA_STUDENT_TOTALS is generated by code, so this
    pins every migration's statements: a change to the schema is a new migration, appended here."""
    ledger = Path(__file__).parent / "data" / "migrations.sha256"
    recorded = [line.split() for line in ledger.read_text().splitlines() if line and not line.startswith("#")]
    actual = [[str(n + 1), hashlib.sha256("\n".join(m).encode()).hexdigest()] for n, m in enumerate(MIGRATIONS)]
    assert actual[: len(recorded)] == recorded, "a released migration changed: undo it, and append a new one"
    assert len(actual) == len(recorded), f"record the new migration in {ledger.name}: {actual[len(recorded) :]}"
