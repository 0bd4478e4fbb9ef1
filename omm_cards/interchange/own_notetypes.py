"""Our own Anki note types: what `.apkg` export writes our cards as, and what the importer reads back.

Each card type has one, so a card goes to Anki and back unchanged: basic cards (Front, Back), cloze
cards (Text), typed cards (Front, Answer, with the other accepted answers one per line, and Unordered
set for a list in any order) whose template has `{{type:Answer}}` so Anki checks the typed answer, and
multiple-choice cards (Stem, up to six options with why each is right or wrong, Answer the right
letter) whose template asks for the letter with `{{type:Answer}}`. Ids are fixed: Anki matches note
types by id, so every export lands in the same note types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from omm_cards.model import LETTERS, Card, CardType, ClozeBody, McqBody, TypedBody


@dataclass(frozen=True)
class OwnNotetype:
    id: int
    name: str
    fields: tuple[str, ...]
    question: str
    answer: str
    cloze: bool = False


_EXTRA = "{{#Extra}}<br><br>{{Extra}}{{/Extra}}"
_SOURCE = "{{#Source}}<br><br><small>{{Source}}</small>{{/Source}}"
_OPTIONS = "".join(f"{{{{#{x}}}}}<br>{x}. {{{{{x}}}}}{{{{/{x}}}}}" for x in LETTERS)
_WHYS = "".join(f"{{{{#Why {x}}}}}<br>{x}: {{{{Why {x}}}}}{{{{/Why {x}}}}}" for x in LETTERS)

BASIC = OwnNotetype(
    1_607_392_311,
    "omm-cards Basic",
    ("Front", "Back", "Extra", "Source"),
    "{{Front}}",
    "{{FrontSide}}<hr id=answer>{{Back}}" + _EXTRA + _SOURCE,
)
CLOZE = OwnNotetype(
    1_607_392_312,
    "omm-cards Cloze",
    ("Text", "Back Extra", "Source"),
    "{{cloze:Text}}",
    "{{cloze:Text}}{{#Back Extra}}<br><br>{{Back Extra}}{{/Back Extra}}" + _SOURCE,
    cloze=True,
)
TYPED = OwnNotetype(
    1_607_392_313,
    "omm-cards Typed",
    ("Front", "Answer", "Accept", "Unordered", "Extra", "Source"),
    "{{Front}}<br><br>{{type:Answer}}",
    "{{Front}}<hr id=answer>{{type:Answer}}{{#Accept}}<br><small>Also accepted:<br>{{Accept}}</small>{{/Accept}}"
    + _EXTRA
    + _SOURCE,
)
MCQ = OwnNotetype(
    1_607_392_314,
    "omm-cards Multiple choice",
    ("Stem", *LETTERS, *(f"Why {x}" for x in LETTERS), "Answer", "Extra", "Source"),
    "{{Stem}}<br>" + _OPTIONS + "<br><br>Your letter: {{type:Answer}}",
    "{{Stem}}<br>" + _OPTIONS + "<hr id=answer>{{type:Answer}}<br>" + _WHYS + _EXTRA + _SOURCE,
)
OWN = {nt.name: nt for nt in (BASIC, CLOZE, TYPED, MCQ)}


def own_notetype(name: str, fields: tuple[str, ...]) -> OwnNotetype | None:
    """Ours when the name and the fields are ours (a user may have renamed or changed it in Anki)."""
    found = OWN.get(name)
    return found if found is not None and found.fields == fields else None


def own_fields(card: Card) -> tuple[str, list[str]]:
    """The card as a note of our own note type for its card type: (note type name, fields as text)."""
    b, tail = card.body, [card.extra(), card.source]
    if isinstance(b, ClozeBody):
        return CLOZE.name, [b.text, *tail]
    if isinstance(b, TypedBody):
        return TYPED.name, [b.front, b.answer, "\n".join(b.accept), "yes" if b.unordered else "", *tail]
    if isinstance(b, McqBody):
        texts = [o.text for o in b.options] + [""] * (len(LETTERS) - len(b.options))
        whys = [o.why for o in b.options] + [""] * (len(LETTERS) - len(b.options))
        return MCQ.name, [b.stem, *texts, *whys, LETTERS[b.answer], *tail]
    return BASIC.name, [card.front(), card.back(), *tail]


def own_card(own: OwnNotetype, text: dict[str, str]) -> tuple[CardType, dict[str, Any]]:
    """A note of our own note type (its fields as text, by name) as the card it was: own_fields read back."""
    if own is TYPED:
        typed: dict[str, Any] = {"front": text["Front"], "answer": text["Answer"], "extra": text["Extra"]}
        accept = [line.strip() for line in text["Accept"].split("\n") if line.strip()]
        if accept:
            typed["accept"] = accept
        if text["Unordered"].strip():
            typed["unordered"] = True
        return CardType.TYPED, typed
    if own is MCQ:
        options = [{"text": text[x], "why": text[f"Why {x}"]} for x in LETTERS if text[x]]
        mcq = {
            "stem": text["Stem"],
            "options": options,
            "answer": text["Answer"].strip().upper(),
            "extra": text["Extra"],
        }
        return CardType.MCQ, mcq
    if own is CLOZE:
        return CardType.CLOZE, {"text": text["Text"], "extra": text["Back Extra"]}
    return CardType.BASIC, {"front": text["Front"], "back": text["Back"], "extra": text["Extra"]}
