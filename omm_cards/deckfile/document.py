"""A loaded deck back in the shape of its YAML file: one entry per card as written, cloze siblings folded."""

from __future__ import annotations

from typing import Any

from omm_cards.model import LETTERS, BasicBody, Card, CardType, ClozeBody, Deck, McqBody, RuleBody


def deck_document(deck: Deck) -> dict[str, Any]:
    return {
        "id": deck.id,
        "title": deck.title,
        "version": deck.version,
        "description": deck.description,
        "cards": [card_entry(card) for card in written_cards(deck)],
    }


def written_cards(deck: Deck) -> list[Card]:
    """The cards as the file lists them: a cloze's siblings (`ID-c2`...) come from its one entry."""
    seen: set[tuple[str, str]] = set()
    cards = []
    for card in deck.cards:
        if card.type is CardType.CLOZE:
            mark = (entry_key(card), card.body.text if isinstance(card.body, ClozeBody) else "")
            if mark in seen:
                continue
            seen.add(mark)
        cards.append(card)
    return cards


def entry_key(card: Card) -> str:
    """The id written in the file: a cloze sibling `ID-cN` was written as `ID`."""
    ordinal = card.body.ordinal if isinstance(card.body, ClozeBody) else 1
    suffix = f"-c{ordinal}"
    return card.key[: -len(suffix)] if ordinal != 1 and card.key.endswith(suffix) else card.key


def card_entry(card: Card) -> dict[str, Any]:
    """The card as its deck file writes it: the one card-to-YAML mapping (export and conversion use it)."""
    b = card.body
    entry: dict[str, Any] = {"id": entry_key(card)}
    if card.type is not CardType.BASIC:
        entry["type"] = card.type.value
    entry["category"] = card.category.value
    entry["tags"] = list(card.tags)
    if card.source:
        entry["source"] = card.source
    if card.guid:
        entry["guid"] = card.guid
    if card.subdeck:
        entry["subdeck"] = card.subdeck
    if isinstance(b, BasicBody):
        entry.update(front=b.front, back=b.back)
    elif isinstance(b, ClozeBody):
        entry["text"] = b.text
    elif isinstance(b, McqBody):
        entry["stem"] = b.stem
        entry["options"] = [{"text": o.text, "why": o.why} for o in b.options]
        entry["answer"] = LETTERS[b.answer]
    elif isinstance(b, RuleBody):
        entry.update(rule=b.rule, title=b.title)
    else:
        entry.update(front=b.front, answer=b.answer)
        if b.accept:
            entry["accept"] = list(b.accept)
        if b.unordered:
            entry["unordered"] = True
    if b.extra:
        entry["extra"] = b.extra
    return entry
