"""Our ids and tags from foreign ones: deterministic, so a newer version of a source maps to the same cards."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from omm_cards.deckfile.load import ID_RE
from omm_cards.model import CLOZE_SIBLING_SUFFIX, Category, tag_key

# What our own exports put in Anki's GUID field: `omm-cards:DECK/CARD` reads back to the same ids.
GUID_PREFIX = "omm-cards:"
_NOT_ID = re.compile(r"[^a-z0-9]+")
# Anki keeps study state in these tags; they say nothing about the content.
STATE_TAGS = {"leech", "marked"}
_MAX_SLUG = 40
MAX_TAG_SEGMENT = 100
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def slug(text: str, limit: int = _MAX_SLUG) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens ('' when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("-", ascii_text.lower())[:limit].strip("-")


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def is_card_key(text: str) -> bool:
    return bool(ID_RE.fullmatch(text)) and not CLOZE_SIBLING_SUFFIX.search(text)


def split_own_guid(guid: str) -> tuple[str, str] | None:
    """`omm-cards:DECK/CARD` -> (DECK, CARD), for GUIDs our own exports wrote."""
    if not guid.startswith(GUID_PREFIX):
        return None
    deck, _, key = guid[len(GUID_PREFIX) :].partition("/")
    if ID_RE.fullmatch(deck) and is_card_key(key):
        return deck, key
    return None


def own_guid(deck_id: str, key: str) -> str:
    return f"{GUID_PREFIX}{deck_id}/{key}"


def key_from_guid(guid: str) -> str:
    """A card id from a source's note id.

    Depends on the GUID alone (never on the other notes), so adding notes to a deck never moves an id.
    Anki GUIDs are case-sensitive, so any lossy slug carries a hash of the exact GUID.
    """
    own = split_own_guid(guid)
    if own is not None:
        return own[1]
    if is_card_key(guid) and len(guid) <= 64:
        return guid
    base = slug(guid)
    key = f"{base}-{_short_hash(guid)}" if base else f"n{_short_hash(guid)}"
    # A hash such as `c0123456789` would read as a cloze sibling suffix.
    return f"{key}-g" if CLOZE_SIBLING_SUFFIX.search(key) else key


def key_from_text(text: str) -> str:
    """A card id for a row without a GUID: the start of its front, plus a hash of all of it."""
    base = slug(text, 30)
    key = f"{base}-{_short_hash(text)[:8]}" if base else f"n{_short_hash(text)[:8]}"
    return f"{key}-g" if CLOZE_SIBLING_SUFFIX.search(key) else key


def sides(card: dict[str, Any]) -> tuple[str, str]:
    """A converted card's question and answer, as plain text, for matching an edited row to its card."""
    return str(card.get("front") or card.get("text") or ""), str(card.get("back") or card.get("answer") or "")


def keep_edited_rows(cards: list[dict[str, Any]], previous: list[tuple[str, str, str]]) -> int:
    """Give a row whose id came from its text, and whose text was edited on one side only, its old id.

    `previous` holds the deck's live cards as (key, question, answer) in row order. A row keeps the
    card at its own position when its question or its answer is unchanged and that card is not
    matched by id already; a row changed on both sides is a new card. Returns how many kept an id.
    """
    new_keys = {card["id"] for card in cards}
    kept = 0
    for position, card in enumerate(cards):
        if position >= len(previous) or card["id"] in {key for key, _, _ in previous}:
            continue
        key, question, answer = previous[position]
        if key in new_keys:
            continue
        front, back = sides(card)
        if front == question or back == answer:
            new_keys.discard(card["id"])
            card["id"] = key
            new_keys.add(key)
            kept += 1
    return kept


def tag(text: str) -> str | None:
    """A foreign tag as Anki has it (`#AK_Step1_v12::#OMM::Ribs`, `日本語::語彙`), tidied only where our deck
    format could not hold it: whitespace becomes `_`, empty segments and stray colons go."""
    segments = [re.sub(r":+", ":", _SPACE.sub("_", s)).strip(":") for s in text.strip().split("::")]
    joined = "::".join(segment[:MAX_TAG_SEGMENT] for segment in segments if segment)
    return joined or None


def tags(raw: list[str]) -> list[str]:
    """Tags kept verbatim; Anki's state tags dropped, and the same tag in another case kept once (the first)."""
    found: dict[str, str] = {}
    for item in raw:
        if tag_key(item) in STATE_TAGS:
            continue
        converted = tag(item)
        if converted is not None:
            found.setdefault(tag_key(converted), converted)
    return list(found.values())


def category(tag_list: list[str], default: Category) -> tuple[Category, list[str]]:
    """The card's category: a `category::X` tag (dropped from the tags), else a tag segment naming one."""
    for item in tag_list:
        head, _, rest = tag_key(item).partition("::")
        if head == "category" and rest in Category.__members__.values():
            return Category(rest), [t for t in tag_list if t != item]
    names = {c.value: c for c in Category} | {f"{c.value}s": c for c in Category}
    for item in tag_list:
        for segment in tag_key(item).split("::"):
            if segment in names:
                return names[segment], tag_list
    return default, tag_list


def deck_id(name: str) -> str | None:
    found = slug(name.replace("::", "-"), 60)
    return found if found and ID_RE.fullmatch(found) else None
