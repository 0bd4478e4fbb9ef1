"""A loaded deck back in the shape of its YAML file: one entry per card as written, cloze siblings folded."""

from __future__ import annotations

from typing import Any

from omm_cards.model import LETTERS, Card, CardType, Deck


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
            mark = (entry_key(card), str(card.content["text"]))
            if mark in seen:
                continue
            seen.add(mark)
        cards.append(card)
    return cards


def entry_key(card: Card) -> str:
    """The id written in the file: a cloze sibling `ID-cN` was written as `ID`."""
    ordinal = int(card.content.get("ordinal", 1)) if card.type is CardType.CLOZE else 1
    suffix = f"-c{ordinal}"
    return card.key[: -len(suffix)] if ordinal != 1 and card.key.endswith(suffix) else card.key


def card_entry(card: Card) -> dict[str, Any]:
    c = card.content
    entry: dict[str, Any] = {"id": entry_key(card)}
    if card.type is not CardType.BASIC:
        entry["type"] = card.type.value
    entry["category"] = card.category.value
    entry["tags"] = list(card.tags)
    if card.source:
        entry["source"] = card.source
    if card.type is CardType.BASIC:
        entry.update(front=c["front"], back=c["back"])
    elif card.type is CardType.CLOZE:
        entry["text"] = c["text"]
    elif card.type is CardType.MCQ:
        entry["stem"] = c["stem"]
        entry["options"] = [{"text": o["text"], "why": o["why"]} for o in c["options"]]
        entry["answer"] = LETTERS[int(c["answer"])]
    else:
        entry.update(front=c["front"], answer=c["answer"])
        if c.get("accept"):
            entry["accept"] = list(c["accept"])
        if c.get("unordered"):
            entry["unordered"] = True
    if c.get("extra"):
        entry["extra"] = c["extra"]
    return entry
