"""Measures of deck quality shared by the content tests, and a report for deck authors.

Run `python -m tests.deck_checks` from the repository root to see every offender the content tests
would name: near-duplicate cards, cards sourced only by student-made decks, MCQs whose key is the longest
option, and answers too long to be one fact.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from omm_cards.model import Card, CardType, ClozeBody, McqBody

# Student-made decks, question banks' blogs and crowd-written pages: allowed only beside a real source.
STUDENT_SOURCES = (
    "brainscape",
    "quizlet",
    "knowt",
    "osmosis",
    "picmonic",
    "studentomt",
    "truelearn",
    "amboss",
    "cram.com",
    "studocu",
    "course hero",
    "coursehero",
    "quizizz",
    "memrise",
    "chegg",
    "reddit",
    "sketchy",
    "combank",
    "uworld",
    "wikipedia",
    "liquisearch",
    "youtube",
)
# Primary and secondary sources a reviewer trusts (the list); a card must name one of these.
TRUSTED_SOURCES = (
    "savarese",
    "omt review",
    "foundations",
    "glossary",
    "nicholas",
    "atlas of osteopathic",
    "digiovanna",
    "greenman",
    "chila",
    "statpearls",
    "jaoa",
    "journal of osteopathic medicine",
    "jom",
    "ecop",
    "aacom",
    "college of osteopathic medicine",
    "school of osteopathic",
    "university",
    "jones",
    "strain counterstrain",
    "magoun",
    "owens",
    "kuchera",
    "netter",
    "moore",
    "gray's",
    "bates",
    "magee",
    "hoppenfeld",
    "aafp",
    "american family physician",
    "ncbi",
    "pubmed",
    "pmc",
    "nejm",
    "jama",
    "bmj",
    "lancet",
    "radiopaedia",
    "orthobullets",
    "aaos",
    "orthoinfo",
    "acog",
    "aap",
    "cdc",
    "world health organization",
    "who benchmarks",
    "nih",
    "merck",
    "msd manual",
    "cochrane",
    "seffinger",
    "ward",
    "kimberly",
    "kappler",
    "cfr",
    "nbome",
    "comlex",
    "ottawa",
    "stiell",
    "j man manip ther",
    "journal of manual",
)

_STOPWORD_TEXT = """a an the of to in on at by for with and or is are was be it its this that which what who whom how
    why when where into from as than then does do done not no yes can may most more less one two which
    their there these those has have had will would should could each any all both either neither
    patient patients"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

DUPLICATE_THRESHOLD = 0.7  # Jaccard similarity of the cards' content words
# Pairs above the threshold that are mirror images, not copies: the same rule for the other side or
# the other phase, each worth drilling on its own. Reviewed one by one; a new pair must be merged.
MIRRORS = {
    ("ribs/exhalation-sd-asymmetry-phase", "ribs/inhalation-sd-asymmetry-phase"),
    ("sacrum-pelvis/dx-torsion-left-on-left-typed", "sacrum-pelvis/dx-torsion-right-on-right-typed"),
    ("sacrum-pelvis/dx-torsion-left-on-right-typed", "sacrum-pelvis/dx-torsion-right-on-left-typed"),
    ("spine/fryette-type2-ers-symmetry", "spine/fryette-type2-symmetry-test"),
    ("extremities/anterior-radial-head-restriction", "extremities/posterior-radial-head-restriction"),
}
LONG_ANSWER_WORDS = 25
LONGEST_KEY_SHARE = 0.30


def words(text: str) -> frozenset[str]:
    """Content words, lowercased, with a plural `s` dropped: what two near-copies share."""
    found = re.findall(r"[a-z0-9]+", text.lower())
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in found if w not in STOPWORDS)


def note_key(card: Card) -> str:
    """Cloze siblings come from one note: they are not duplicates of each other."""
    return re.sub(r"-c\d+$", "", card.id) if card.type is CardType.CLOZE else card.id


def card_text(card: Card) -> str:
    if card.type is CardType.CLOZE:
        return card.body.text if isinstance(card.body, ClozeBody) else ""
    return f"{card.front()} {card.back()}"


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    similarity: float


def near_duplicates(cards: Iterable[Card], threshold: float = DUPLICATE_THRESHOLD) -> list[Pair]:
    """Pairs of cards (not siblings) whose question and answer share most of their content words."""
    notes: dict[str, frozenset[str]] = {}
    for card in cards:
        notes.setdefault(note_key(card), words(card_text(card)))
    # Only pairs that share a rare word can be similar enough: index by each note's rarest words.
    frequency = Counter(w for ws in notes.values() for w in ws)
    by_word: dict[str, list[str]] = {}
    for key, ws in notes.items():
        for w in sorted(ws, key=lambda w: frequency[w])[:6]:
            by_word.setdefault(w, []).append(key)
    candidates = {tuple(sorted(p)) for keys in by_word.values() for p in combinations(keys, 2)}
    pairs = []
    for a, b in candidates:
        wa, wb = notes[a], notes[b]
        if not wa or not wb:
            continue
        similarity = len(wa & wb) / len(wa | wb)
        if similarity >= threshold:
            pairs.append(Pair(a, b, round(similarity, 2)))
    return sorted(pairs, key=lambda p: (-p.similarity, p.first))


def _mentions(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(n.strip()) for n in names) + r")\b")


STUDENT_RE = _mentions(STUDENT_SOURCES)
TRUSTED_RE = _mentions(TRUSTED_SOURCES)


def student_only(card: Card) -> bool:
    """The card cites a student-made source and no trusted one."""
    return bool(STUDENT_RE.search(card.source.lower())) and not trusted(card)


def trusted(card: Card) -> bool:
    return bool(TRUSTED_RE.search(card.source.lower()))


def key_is_longest(card: Card) -> bool:
    assert isinstance(card.body, McqBody)
    options = [o.text for o in card.body.options]
    key = len(options[card.body.answer])
    return all(key > len(text) for i, text in enumerate(options) if i != card.body.answer)


def answer_words(card: Card) -> int:
    if card.type is CardType.MCQ:
        return 0  # the key is one option; its explanations are not the answer to recall
    if card.type is CardType.CLOZE:
        text = card.body.text if isinstance(card.body, ClozeBody) else ""
        deletions = re.findall(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}", text)
        return max((len(d.split()) for d in deletions), default=0)
    return len(card.back().split())


def report(cards: list[Card]) -> str:
    lines = []
    pairs = near_duplicates(cards)
    pairs = [p for p in pairs if (p.first, p.second) not in MIRRORS]
    lines.append(f"{len(cards)} cards; {len(pairs)} near-duplicate pair(s) (Jaccard >= {DUPLICATE_THRESHOLD})")
    lines += [f"  dup {p.similarity:.2f} {p.first} ~ {p.second}" for p in pairs]
    weak = [c.id for c in cards if student_only(c)]
    untrusted = [c.id for c in cards if not trusted(c)]
    lines.append(f"{len(weak)} card(s) sourced only by student-made decks; {len(untrusted)} naming no trusted source")
    lines += [f"  student-only {i}" for i in weak]
    lines += [f"  untrusted {i}" for i in untrusted if i not in weak]
    mcqs = [c for c in cards if c.type is CardType.MCQ]
    longest = [c.id for c in mcqs if key_is_longest(c)]
    share = len(longest) / len(mcqs) if mcqs else 0.0
    lines.append(f"{len(mcqs)} MCQs; the key is the longest option in {len(longest)} ({share:.0%})")
    lines += [f"  longest-key {i}" for i in longest]
    letters = Counter("ABCDEF"[c.body.answer] for c in mcqs if isinstance(c.body, McqBody))
    lines.append(f"answer letters: {dict(sorted(letters.items()))}")
    long = [(c.id, answer_words(c)) for c in cards if answer_words(c) > LONG_ANSWER_WORDS]
    lines.append(f"{len(long)} answer(s) over {LONG_ANSWER_WORDS} words")
    lines += [f"  long {i} ({n} words)" for i, n in long]
    return "\n".join(lines)


def main() -> None:
    from omm_cards import deckfile
    from omm_cards.deckfile import bundled

    loaded = deckfile.load_paths(bundled.paths())
    cards = [card for item in loaded for card in item.deck.cards]
    for item in loaded:
        print(f"{item.deck.id}: {len(item.deck.cards)} cards", file=sys.stderr)
    print(report(cards))


if __name__ == "__main__":
    main()
