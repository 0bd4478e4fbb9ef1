from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omm_cards import deckfile
from omm_cards.deckfile import bundled
from omm_cards.deckfile.stream import DeckStream
from omm_cards.errors import DeckError
from omm_cards.model import CardType

from .conftest import DATA

BROKEN = DATA / "broken"

# file -> (line, what the one-line message must say)
CORPUS = {
    "syntax-error.yaml": (8, "yaml: found unexpected end of stream"),
    "duplicate-key.yaml": (9, "front: duplicate key"),
    "duplicate-id.yaml": (10, "dupid/a: id: duplicate card id (first at line 5)"),
    "missing-field.yaml": (5, "missing/a: back: missing"),
    "mistyped-field.yaml": (7, "mistyped/a: tags: expected a list of text"),
    "unknown-category.yaml": (6, "unknowncat/a: category: unknown category 'physiology'"),
    "python-object.yaml": (8, "yaml: tag !!python/object/apply:os.system is not allowed"),
    "alias-bomb.yaml": (1, "yaml: anchors and aliases are not allowed"),
    "non-utf8.yaml": (8, "file: not UTF-8 text"),
}


def test_the_corpus_is_complete() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_broken_deck_gets_one_located_problem(name: str) -> None:
    line, message = CORPUS[name]
    with pytest.raises(DeckError) as caught:
        deckfile.load_file(BROKEN / name)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.startswith(f"{BROKEN / name}:{line}:")
    assert message in problem


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:
        out.write(b"id: huge\n")
        out.truncate(bundled.MAX_BYTES + 1)  # sparse: no need to write 100 MB
    with pytest.raises(DeckError, match="larger than 100 MB"):
        deckfile.load_file(path)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        'id: Bad_Id\ntitle: ""\nversion: "1"\ncards:\n'
        "  - id: a\n    category: nope\n    tags: [Bad Tag]\n    front: A\n    back: B\n"
        "  - id: b\n    type: mcq\n    category: anatomy\n    tags: []\n    stem: S\n"
        "    options:\n      - {text: x, why: y}\n      - {text: z, why: w}\n      - {text: q}\n"
        "    answer: E\n"
        "  - id: c\n    type: cloze\n    category: anatomy\n    tags: []\n    text: no deletion\n"
        "    colour: red\n"
    )
    with pytest.raises(DeckError) as caught:
        deckfile.load_file(path)
    text = "\n".join(caught.value.problems)
    for expected in (
        ":1:5: Bad_Id: id: use lowercase",
        ":2:8: Bad_Id: title: must not be empty",
        ":6:15: Bad_Id/a: category: unknown category 'nope'",
        ":7:11: Bad_Id/a: tags: bad tag 'Bad Tag'",
        ":18:9: Bad_Id/b: options[2].why: missing",
        ":19:13: Bad_Id/b: answer: expected a letter A-C",
        ":24:11: Bad_Id/c: text: needs a deletion",
        ":25:5: Bad_Id/c: colour: unknown field",
    ):
        assert expected in text
    assert len(caught.value.problems) == 8


def test_yaml_1_1_traps_stay_text() -> None:
    deck = deckfile.load_file(DATA / "decks" / "mine.yaml").deck
    cards = {c.key: c for c in deck.cards}
    assert cards["yes-no"].front() == "no"
    assert cards["yes-no"].back() == "on"
    assert cards["sexagesimal"].front() == "1:30"
    assert cards["sexagesimal"].back() == "012"
    assert deck.version == "3"
    assert deck.description == "YAML 1.1 traps stay text: no, on, 1:30, 012"


def test_card_types_render_both_sides() -> None:
    deck = deckfile.load_file(DATA / "bundled" / "starter.yaml").deck
    cards = {c.key: c for c in deck.cards}
    assert [c.key for c in deck.cards] == [
        "fryette-one",
        "counterstrain-hold",
        "counterstrain-hold-c2",
        "hvla-down",
        "t4-frs",
    ]
    first, second = cards["counterstrain-hold"], cards["counterstrain-hold-c2"]
    assert first.type is CardType.CLOZE
    lead = "Counterstrain holds the position of comfort for"
    assert first.front() == f"{lead} [...] (120 seconds for ribs)."
    assert first.back() == f"{lead} [90 seconds] (120 seconds for ribs)."
    assert second.front() == f"{lead} 90 seconds ([...] for ribs)."
    mcq = cards["hvla-down"]
    assert mcq.front().endswith("A. Counterstrain\nB. Cervical HVLA\nC. Soft tissue")
    assert mcq.back().splitlines()[0] == "Answer: B. Cervical HVLA"
    assert "B (correct): Atlantoaxial instability." in mcq.back()
    assert cards["t4-frs"].back() == "T4 FRS R"


def test_the_same_deck_id_twice_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes((DATA / "decks" / "mine.yaml").read_bytes())
    with pytest.raises(DeckError, match="deck id also used by"):
        deckfile.load_paths([DATA / "decks" / "mine.yaml", copy])


def test_a_deck_whose_id_follows_its_cards_reads_the_same(tmp_path: Path) -> None:
    # Cards are converted as they are read; `yaml.safe_dump` sorts keys, so `cards` can come before `id`.
    cards = "cards:\n  - id: a\n    category: anatomy\n    tags: [t]\n    front: A\n    back: B\n"
    head = 'id: late\ntitle: Late\nversion: "1"\n'
    first, after = tmp_path / "first.yaml", tmp_path / "after.yaml"
    first.write_text(head + cards)
    after.write_text(cards + head)
    assert deckfile.load_file(after).deck == deckfile.load_file(first).deck
    after.write_text(cards.replace("    back: B\n", "") + head)
    with pytest.raises(DeckError) as caught:
        deckfile.load_file(after)
    assert caught.value.problems == [f"{after}:2:5: late/a: back: missing"]


BAD_BYTES = st.sampled_from([b"\xff", b"\x80", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\n"])


@given(parts=st.lists(st.one_of(st.text(max_size=4).map(str.encode), BAD_BYTES), max_size=12), size=st.integers(1, 7))
def test_a_deck_read_in_parts_is_checked_as_if_read_whole(parts: list[bytes], size: int) -> None:
    # The parser reads a deck a few KiB at a time: its bad byte is found at the same place, and its digest
    # is the same, as when the file was read whole.
    data = b"".join(parts)
    try:
        data.decode("utf-8")
        expected = None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        expected = [f"f.yaml:{line}:{col}: -: file: not UTF-8 text"]
    stream = DeckStream(io.BytesIO(data), "f.yaml", 1024)
    try:
        while stream.read(size):
            pass
        assert stream.finish() == bundled.fingerprint(data)
        found = None
    except DeckError as error:
        found = error.problems
    assert found == expected


def test_a_deck_that_grows_past_the_limit_as_it_is_read_is_refused() -> None:
    stream = DeckStream(io.BytesIO(b"# filler\n" * 200), "f.yaml", 1024)
    with pytest.raises(DeckError) as caught:
        stream.finish()
    assert caught.value.problems == ["f.yaml: larger than 1 KB"]


def test_a_bad_byte_after_a_yaml_mistake_is_still_the_one_problem(tmp_path: Path) -> None:
    # The parser stops at the mistake on line 2, long before it reads the byte: the file is read to its end.
    path = tmp_path / "late.yaml"
    path.write_bytes(b"id: late\ntitle: a: b\n" + b"# filler\n" * 20_000 + b"description: caf\xe9\n")
    with pytest.raises(DeckError) as caught:
        deckfile.load_file(path)
    assert caught.value.problems == [f"{path}:20003:17: -: file: not UTF-8 text"]
