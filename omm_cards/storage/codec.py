"""The typed rows storage hands out, and their conversions from SQL values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from omm_cards.model import (
    BasicBody,
    Body,
    Card,
    CardFilter,
    CardType,
    Category,
    ClozeBody,
    McqBody,
    Option,
    RuleBody,
    TypedBody,
    tag_key,
)
from omm_cards.progress import Progress
from omm_cards.scheduler import State

# A cloze note's text is stored once, in card_notes; its cards (one per deletion) refer to it.
CARD_COLUMNS = (
    "c.deck_id, c.id, c.type, c.category, c.tags, c.source, c.content,"
    " (SELECT n.text FROM card_notes n WHERE n.id = c.note_id)"
)
CARD_WIDTH = 8  # how many values CARD_COLUMNS reads
STATE_COLUMNS = (
    "s.repetitions, s.interval, s.easiness, s.due, s.lapses, s.reviews, s.suspended, s.shown, s.tags,"
    " s.learned_reviews, s.kept_reviews, s.misses, s.seconds, s.buried_until"
)


@dataclass(frozen=True)
class StoredCard:
    card: Card
    progress: Progress | None
    retired: bool = False


class ListedCard(NamedTuple):
    """A card as a listing shows it: how it is filed and where its schedule stands; not its body, which a
    list of 10,000 cards would decode only to drop, nor the rest of its progress. The row as stored: a
    listing writes its values out at once, and turning each into an enum or a date and back was a third
    of the work of listing 10,000 cards."""

    id: str  # deck/key
    category: str  # a Category's value
    type: str  # a CardType's value
    shown: str | None  # the day it is shown, ISO (SM-2's due date unless an exam plan moved it earlier); None: new
    suspended: int  # 1 or 0
    interval: int
    easiness: int  # EF x 100
    lapses: int


@dataclass(frozen=True)
class StoredDeck:
    id: str
    title: str
    version: str
    description: str
    origin: str
    digest: str
    cards: int
    new: int
    due: int


@dataclass(frozen=True)
class ReviewRow:
    student_id: int
    card_id: str
    reviewed_at: datetime
    grade: int
    same_day_repeat: bool
    seconds: float | None
    before: State
    after: State
    cram: bool = False
    imported: bool = False  # from another program's review log (Anki): its `after` is that program's state


@dataclass(frozen=True)
class StudentSettings:
    exam: date | None
    new_per_day: int
    reviews_per_day: int
    day_starts_at: int = 4  # the hour a study day begins
    buttons: int = 6  # 6: grades 0-5; 4: Again, Hard, Good, Easy
    scheduler: str = "sm2"  # or "fsrs"
    retention: float = 0.9  # what FSRS aims at
    fsrs_fit: FsrsFit | None = None  # parameters fitted to the student's log


@dataclass(frozen=True)
class FsrsFit:
    """FSRS parameters fitted to one student's reviews, and how well they predict them."""

    version: int
    parameters: tuple[float, ...]
    fitted_on: str  # ISO date
    reviews: int  # how many of the student's reviews the fit used
    log_loss: float
    default_log_loss: float


def fit_to_json(fit: FsrsFit | None) -> str | None:
    if fit is None:
        return None
    return json.dumps(
        {
            "version": fit.version,
            "parameters": list(fit.parameters),
            "fitted_on": fit.fitted_on,
            "reviews": fit.reviews,
            "log_loss": fit.log_loss,
            "default_log_loss": fit.default_log_loss,
        }
    )


def fit_from_json(text: str | None) -> FsrsFit | None:
    if not text:
        return None
    d = json.loads(text)
    return FsrsFit(
        int(d["version"]),
        tuple(float(w) for w in d["parameters"]),
        str(d["fitted_on"]),
        int(d["reviews"]),
        float(d["log_loss"]),
        float(d["default_log_loss"]),
    )


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def to_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def state_values(state: State) -> tuple[Any, ...]:
    return (state.repetitions, state.interval, state.easiness, iso(state.due), state.lapses)


def to_state(values: Any) -> State:
    reps, interval, easiness, due, lapses = values
    return State(reps, interval, easiness, to_date(due), lapses)


@lru_cache(maxsize=4096)
def to_tags(text: str) -> tuple[str, ...]:
    """A stored JSON list of tags. Cards share few distinct lists (most a student's are `[]`), so each is
    decoded once: a listing of 10,000 cards otherwise spends a third of its time in json.loads."""
    return tuple(json.loads(text))


def to_progress(values: Any) -> Progress | None:
    if values[0] is None:
        return None
    state = to_state(values[:5])
    tags = to_tags(values[8])
    learned, kept, misses, seconds, buried = values[9:14]
    return Progress(
        state, values[5], bool(values[6]), to_date(values[7]), tags, learned, kept, misses, seconds, to_date(buried)
    )


def to_card(row: Any) -> Card:
    deck_id, card_id, card_type, category, tags, source, content, note_text = row[:CARD_WIDTH]
    return Card(
        deck_id,
        card_id.split("/", 1)[1],
        Category(category),
        to_tags(tags),
        source,
        body_from_json(CardType(card_type), stored := json.loads(content), note_text),
        str(stored.get("guid", "")),
        str(stored.get("subdeck", "")),
    )


# --- card bodies as JSON: the one place a body is read or written by its field names ---------------


def body_to_json(body: Body) -> dict[str, Any]:
    """The body as stored in `cards.content`; a cloze note's text is stored apart (see note_id)."""
    stored: dict[str, Any]
    if isinstance(body, BasicBody):
        stored = {"front": body.front, "back": body.back}
    elif isinstance(body, ClozeBody):
        stored = {"ordinal": body.ordinal}
    elif isinstance(body, McqBody):
        stored = {
            "stem": body.stem,
            "options": [{"text": o.text, "why": o.why} for o in body.options],
            "answer": body.answer,
        }
    elif isinstance(body, RuleBody):
        stored = {"rule": body.rule, "title": body.title}
    else:
        stored = {"front": body.front, "answer": body.answer, "accept": list(body.accept), "unordered": body.unordered}
    if body.extra:
        stored["extra"] = body.extra
    return stored


def card_content(card: Card) -> dict[str, Any]:
    """What `cards.content` holds: the body, and where the card came from in Anki when it did."""
    stored = body_to_json(card.body)
    if card.guid:
        stored["guid"] = card.guid
    if card.subdeck:
        stored["subdeck"] = card.subdeck
    return stored


def body_from_json(card_type: CardType, content: dict[str, Any], note_text: str | None = None) -> Body:
    extra = str(content.get("extra", ""))
    if card_type is CardType.BASIC:
        return BasicBody(str(content["front"]), str(content["back"]), extra)
    if card_type is CardType.CLOZE:
        text = note_text if note_text is not None else str(content["text"])  # schema 3 kept it inline
        return ClozeBody(text, int(content["ordinal"]), extra)
    if card_type is CardType.MCQ:
        options = tuple(Option(str(o["text"]), str(o["why"])) for o in content["options"])
        return McqBody(str(content["stem"]), options, int(content["answer"]), extra)
    if card_type is CardType.RULE:
        return RuleBody(str(content["rule"]), str(content["title"]), extra)
    accept = tuple(str(a) for a in content.get("accept", ()))
    return TypedBody(str(content["front"]), str(content["answer"]), accept, bool(content.get("unordered")), extra)


def note_id(card: Card) -> str | None:
    """The cloze note a card was made from (`deck/key`), whose text is stored once; None for other cards."""
    if not isinstance(card.body, ClozeBody):
        return None
    ordinal = card.body.ordinal
    key = card.key if ordinal == 1 else card.key[: -len(f"-c{ordinal}")]
    return f"{card.deck}/{key}"


def filter_sql(where: CardFilter) -> tuple[str, list[Any]]:
    """SQL for a filter over `cards c` (and the student's `card_state s`, which may be missing)."""
    clauses = ["1"]
    params: list[Any] = []
    if where.decks:
        # A deck id, or an Anki subdeck path (`OMM::Ribs`, any case) and the subdecks below it. Only a name
        # with `::` can be a path (a subdeck is at least `Deck::Child`; deck ids have no colons), and only
        # then is each card's content read: a deck id alone is an index lookup, not a pass over every card.
        paths = [name for name in where.decks if "::" in name]
        either = [f"c.deck_id IN ({', '.join('?' * len(where.decks))})"]
        params.extend(where.decks)
        subdeck = "omm_tag_key(json_extract(c.content, '$.subdeck'))"
        for name in map(tag_key, paths):
            either.append(f"{subdeck} = ? OR substr({subdeck}, 1, ?) = ?")
            params.extend((name, len(name) + 2, f"{name}::"))
        clauses.append(f"({' OR '.join(either)})")
    if where.categories:
        clauses.append(f"c.category IN ({', '.join('?' * len(where.categories))})")
        params.extend(c.value for c in where.categories)
    if where.tags:
        tests = " OR ".join("omm_tag_key(t.value) = ? OR substr(omm_tag_key(t.value), 1, ?) = ?" for _ in where.tags)
        clauses.append(
            f"(EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE {tests})"
            f" OR EXISTS (SELECT 1 FROM json_each(s.tags) t WHERE {tests}))"
        )
        tag_params: list[Any] = []
        for tag in map(tag_key, where.tags):
            tag_params.extend((tag, len(tag) + 2, f"{tag}::"))
        params.extend(tag_params * 2)
    return " AND ".join(clauses), params
