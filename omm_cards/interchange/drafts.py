"""From cards as a foreign source describes them (drafts) to one deck in our YAML shape.

Every source (a CSV row, an Anki note) becomes drafts; this module settles ids, tags and categories,
drops what our deck format cannot hold (saying why), and returns the deck as the mapping that
`yamlwrite` writes and the deck loader reads back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omm_cards.interchange import ids
from omm_cards.interchange.anki_collection import AnkiCollection
from omm_cards.interchange.html_text import clean
from omm_cards.model import CLOZE_RE, CardType, Category

REQUIRED = {
    CardType.BASIC: ("front", "back"),
    CardType.TYPED: ("front", "answer"),
    CardType.MCQ: ("stem", "options", "answer"),
}
MAX_ANSWER = 500  # a typed answer longer than this is a paragraph, not something to type


@dataclass(frozen=True)
class Draft:
    """One card of one source note, with its text already cleaned."""

    where: str  # `FILE:LINE` or `FILE: note ID`, for the import report
    guid: str | None  # the source's own note id, when it has one
    ordinal: int  # which card of its note: 0 first; Anki's template order after that
    type: CardType
    fields: dict[str, Any]  # in our deck format: front/back, text, front/answer(/accept), stem/options; extra
    tags: tuple[str, ...]  # the source's tags, unconverted
    deck: str = ""  # the source's deck name (`Parent::Child`), if any
    source: str = ""
    note: int = 0  # the Anki note id, when it is one: its cards' progress is found by (note, card ord)


@dataclass(frozen=True)
class Skipped:
    where: str
    reason: str


@dataclass
class Conversion:
    """A foreign file read as one deck, with what was left out."""

    path: str
    document: dict[str, Any]
    skipped: list[Skipped] = field(default_factory=list)
    media: int = 0
    ids_from_text: bool = False  # no source GUIDs: an edited row is matched to its card by position
    originals: dict[str, Any] | None = None  # the Anki notes the cards came from (anki_originals), JSON-ready
    media_files: dict[str, bytes] = field(default_factory=dict)  # the media the cards show, by file name
    anki: AnkiCollection | None = None  # the Anki collection read, for its scheduling (anki_scheduling)
    anki_keys: dict[tuple[int, int], str] = field(default_factory=dict)  # (note id, card ord) -> card key

    @property
    def deck_id(self) -> str:
        return str(self.document["id"])


@dataclass(frozen=True)
class DeckInfo:
    """What names the deck: an id given by the user wins, then ids our own exports left in the GUIDs."""

    path: str
    stem: str
    version: str  # a digest of the source: changes when the source does
    deck_id: str | None
    category: Category


def assemble(info: DeckInfo, drafts: list[Draft], skipped: list[Skipped], media: int) -> Conversion:
    skipped = list(skipped)
    decks = sorted({d.deck for d in drafts if d.deck})
    cards: list[dict[str, Any]] = []
    anki_keys: dict[tuple[int, int], str] = {}
    seen: dict[str, str] = {}
    from_text: dict[str, int] = {}
    for draft in drafts:
        problem = _problem(draft)
        if problem:
            skipped.append(Skipped(draft.where, problem))
            continue
        key = _key(draft, from_text)
        if key in seen:
            skipped.append(Skipped(draft.where, f"card id {key} is already used by {seen[key]}"))
            continue
        seen[key] = draft.where
        cards.append(_card(key, draft, len(decks) > 1, info.category))
        if draft.note and draft.type is CardType.CLOZE:
            for n in {int(m.group(1)) for m in CLOZE_RE.finditer(draft.fields["text"])}:
                anki_keys[draft.note, n - 1] = key if n == 1 else f"{key}-c{n}"
        elif draft.note:
            anki_keys[draft.note, draft.ordinal] = key
    document = {
        "id": _deck_id(info, drafts, decks),
        "title": _title(info, decks),
        "version": info.version[:12],
        "description": f"Imported from {Path(info.path).name}.",
        "cards": cards,
    }
    conversion = Conversion(info.path, document, skipped, media, ids_from_text=not any(d.guid for d in drafts))
    conversion.anki_keys = anki_keys
    return conversion


def _problem(draft: Draft) -> str | None:
    f = draft.fields
    if draft.type is CardType.CLOZE:
        text = f.get("text", "")
        numbers = [int(m.group(1)) for m in CLOZE_RE.finditer(text)]
        if not numbers or 0 in numbers:
            return "no cloze deletion such as {{c1::answer}} left in its text"
        if any("{{c" in m.group(2) for m in CLOZE_RE.finditer(text)):
            return "nested cloze deletions are not supported"
        return None
    for name in REQUIRED[draft.type]:
        if not f.get(name):
            side = "question" if name in ("front", "stem") else "answer"
            return f"its {side} is empty once HTML is dropped"
    if draft.type is CardType.TYPED and len(f["answer"]) > MAX_ANSWER:
        return f"its typed answer is longer than {MAX_ANSWER} characters"
    return None


def _key(draft: Draft, from_text: dict[str, int]) -> str:
    if draft.guid:
        base = ids.key_from_guid(draft.guid)
    else:
        first = draft.fields.get("text") or draft.fields.get("front", "")
        base = ids.key_from_text(first)
        # Identical fronts get -2, -3 ... in file order.
        count = from_text[base] = from_text.get(base, 0) + 1
        base = base if count == 1 else f"{base}-{count}"
    return base if draft.ordinal == 0 else f"{base}-t{draft.ordinal + 1}"


def _card(key: str, draft: Draft, subdecks: bool, default: Category) -> dict[str, Any]:
    category, tag_list = ids.category(ids.tags(list(draft.tags)), default)
    card: dict[str, Any] = {"id": key}
    if draft.type is not CardType.BASIC:
        card["type"] = draft.type.value
    card["category"] = category.value
    card["tags"] = tag_list
    if draft.source:
        card["source"] = draft.source
    if draft.guid and ids.split_own_guid(draft.guid) is None:
        card["guid"] = draft.guid  # export writes it back, so Anki updates its note
    if subdecks and draft.deck:
        card["subdeck"] = draft.deck  # the deck tree, when the notes come from more than one deck
    for name in ("front", "back", "text", "stem", "options", "answer", "accept", "unordered", "extra"):
        if draft.fields.get(name):
            card[name] = draft.fields[name]
    return card


def _deck_id(info: DeckInfo, drafts: list[Draft], decks: list[str]) -> str:
    if info.deck_id:
        return info.deck_id
    # A file our own export wrote names its deck in every GUID: read it back under the same id.
    owners = {pair[0] if pair else None for pair in (ids.split_own_guid(d.guid or "") for d in drafts)}
    if len(owners) == 1 and None not in owners:
        return str(owners.pop())
    root = _common_deck(decks)
    return (root and ids.deck_id(root)) or ids.deck_id(info.stem) or "imported"


def _title(info: DeckInfo, decks: list[str]) -> str:
    root = _common_deck(decks)
    return clean(root or info.stem) or "Imported deck"


def _common_deck(decks: list[str]) -> str:
    """The deepest deck holding every card (`OMM` for `OMM::HVLA` and `OMM::Counterstrain`); `Default` is no name."""
    if not decks:
        return ""
    paths = [name.split("::") for name in decks]
    common: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    name = "::".join(common)
    return "" if name == "Default" else name


def deck_yaml(conversion: Conversion) -> str:
    """The converted deck as the YAML file written into the data folder."""
    from omm_cards.deckfile.dump import emit_deck

    return emit_deck(conversion.document)
