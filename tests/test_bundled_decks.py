"""The bundled decks are product: every card sourced, well formed, and the syllabus covered."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from omm_cards import bundled, decks
from omm_cards.model import LETTERS, Card, CardType, Category

# Checked against the real bundled folder, not the small stand-in the other tests use.
BUNDLED = bundled.paths()
LOADED = decks.load_paths(BUNDLED)
CARDS = [card for item in LOADED for card in item.deck.cards]

# One or more topic tags per section of omm-syllabus.md; each must be taught by several cards.
SYLLABUS_TOPICS = {
    "1 principles": [
        "tenets",
        "models",
        "definitions",
        "tart",
        "barriers",
        "facilitation",
        "general-contraindications",
    ],
    "2 spinal mechanics": [
        "fryette",
        "cervical-mechanics",
        "thoracic-mechanics",
        "lumbar-mechanics",
        "psoas",
        "scoliosis",
        "short-leg",
        "zink",
    ],
    "3 ribs": ["rib-motion", "rib-anatomy", "rib-dysfunction", "rib-met"],
    "4 sacrum and pelvis": [
        "sacral-axes",
        "sacral-torsion",
        "sacral-tests",
        "sacral-unilateral",
        "innominate",
    ],
    "5 extremities": ["radial-head", "carpal-tunnel", "spencer", "fibular-head"],
    "6 cranial": ["prm", "cranial-rhythm", "sbs-strains", "cv4", "infant-cranial", "otitis-media"],
    "7 autonomics": ["autonomic-outflow", "splanchnics", "viscerosomatic", "chapman"],
    "8 techniques": ["tender-points"],
}
TECHNIQUES = [
    "met",
    "counterstrain",
    "fpr",
    "still",
    "hvla",
    "mfr",
    "soft-tissue",
    "articulatory",
    "blt",
    "lymphatic",
    "rib-raising",
    "cranial",
]
MINIMUMS = {
    Category.PRINCIPLE: 60,
    Category.TECHNIQUE: 60,
    Category.INDICATION: 60,
    Category.CONTRAINDICATION: 60,
}


def test_there_are_decks_for_every_area() -> None:
    assert {item.deck.id for item in LOADED} >= {
        "principles",
        "spine",
        "ribs",
        "sacrum-pelvis",
        "extremities",
        "cranial",
        "autonomics",
        "counterstrain",
        "techniques",
    }


def test_at_least_600_cards_and_the_category_minimums() -> None:
    counts = Counter(card.category for card in CARDS)
    assert len(CARDS) >= 600
    for category, minimum in MINIMUMS.items():
        assert counts[category] >= minimum, (category, counts[category])


def test_card_types_used() -> None:
    counts = Counter(card.type for card in CARDS)
    assert counts[CardType.MCQ] >= 80
    assert counts[CardType.TYPED] >= 1 and counts[CardType.CLOZE] >= 1


def test_every_card_has_a_source_and_a_topic() -> None:
    unsourced = [card.id for card in CARDS if len(card.source) < 8]
    assert not unsourced
    untagged = [card.id for card in CARDS if not any(t.startswith(("topic::", "technique::")) for t in card.tags)]
    assert not untagged


def test_ids_are_unique_across_decks() -> None:
    ids = Counter(card.id for card in CARDS)
    assert [i for i, n in ids.items() if n > 1] == []


def normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def question(card: Card) -> str:
    return normalise(card.front())


def test_no_two_cards_ask_the_same_question() -> None:
    fronts = Counter(question(card) for card in CARDS)
    assert [f for f, n in fronts.items() if n > 1] == []


def test_no_empty_answers() -> None:
    for card in CARDS:
        assert card.back().strip(), card.id
        if card.type is CardType.CLOZE:
            assert "[...]" in card.front() or re.search(r"\[[^\]]+\]", card.front()), card.id


@pytest.mark.parametrize("card", [c for c in CARDS if c.type is CardType.MCQ], ids=lambda c: c.id)
def test_each_mcq_has_one_answer_and_an_explanation_per_option(card: Card) -> None:
    options = card.content["options"]
    assert 3 <= len(options) <= 6
    assert 0 <= card.content["answer"] < len(options)
    assert LETTERS[card.content["answer"]] in LETTERS[: len(options)]
    assert all(len(o["why"]) > 5 and o["text"] for o in options)
    assert len({normalise(o["text"]) for o in options}) == len(options)


def test_the_correct_letter_is_spread_out() -> None:
    letters = Counter(card.content["answer"] for card in CARDS if card.type is CardType.MCQ)
    assert max(letters.values()) < 0.5 * sum(letters.values())


@pytest.mark.parametrize("section", list(SYLLABUS_TOPICS))
def test_every_syllabus_section_is_covered(section: str) -> None:
    tags = Counter(tag for card in CARDS for tag in card.tags)
    thin = [t for t in SYLLABUS_TOPICS[section] if tags[f"topic::{t}"] < 2]
    assert thin == []


def test_every_technique_is_covered() -> None:
    tags = Counter(tag for card in CARDS for tag in card.tags)
    assert [t for t in TECHNIQUES if tags[f"technique::{t}"] < 3] == []
