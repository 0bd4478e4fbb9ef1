"""How a card looks in a review: its question, its answer, and the session's summary."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from omm_cards import grading
from omm_cards.cli.exam import plan_line
from omm_cards.model import LETTERS, Card, CardType, McqBody, TypedBody, accepted_line
from omm_cards.progress import LEECH_LAPSES
from omm_cards.services.planning import ExamPlan
from omm_cards.services.review import Summary
from omm_cards.text import plural, visible

if TYPE_CHECKING:
    from omm_cards.answers import Verdict
    from omm_cards.cli.panels import Span
    from omm_cards.cli.screen import Screen


class CardView:
    """One showing of a card; multiple-choice options are shuffled afresh each time. Its sides are styled
    pieces of text (cli/panels.Span), every piece from the deck made visible first."""

    def __init__(self, card: Card, rng: random.Random) -> None:
        self.card = card
        self.order = list(range(len(card.body.options) if isinstance(card.body, McqBody) else 0))
        rng.shuffle(self.order)

    def letter_of(self, option: int) -> str:
        return LETTERS[self.order.index(option)]

    def option_for(self, letter: str) -> int | None:
        index = LETTERS.find(letter.upper())
        return self.order[index] if 0 <= index < len(self.order) else None

    def front(self) -> list[Span]:
        body = self.card.body
        if not isinstance(body, McqBody):
            return [(visible(self.card.front()), "")]
        spans: list[Span] = [(visible(body.stem) + "\n", "")]
        for i, o in enumerate(self.order):
            spans += [("\n", ""), (f"{LETTERS[i]}.", "bold"), (f" {visible(body.options[o].text)}", "")]
        return spans

    def back(self, chosen: int | None = None) -> list[Span]:
        card, body = self.card, self.card.body
        spans: list[Span]
        if not isinstance(body, McqBody):
            spans = [(visible(card.back()), "")]
            if isinstance(body, TypedBody) and body.accept:
                spans += [("\n", ""), (visible(accepted_line(body)), "dim")]
        else:
            right = body.answer
            spans = []
            if chosen is not None and chosen != right:
                spans += [(f"You chose {self.letter_of(chosen)}.", "bold red"), (" Answer: ", "")]
            spans.append((f"{self.letter_of(right)}. {visible(body.options[right].text)}", "bold green"))
            for i, o in enumerate(self.order):
                mark = ("✓", "green") if o == right else ("✗", "red")
                spans += [("\n", ""), mark, (f" {LETTERS[i]}: {visible(body.options[o].why)}", "")]
        if card.extra():
            spans += [("\n\n", ""), (visible(card.extra()), "italic")]
        if card.source:
            spans += [("\n", ""), (f"source: {visible(card.source)}", "dim")]
        return spans

    def hint(self) -> str:
        if self.card.type is CardType.MCQ:
            return f"pick A-{LETTERS[len(self.order) - 1]} · Enter: answer"
        if self.card.type is CardType.TYPED:
            return "type your answer, then Enter (empty: show the answer)"
        return "Enter: answer"


def verdict_text(given: str, verdict: Verdict) -> list[Span]:
    """The verdict in words: every mark and difference is spelled out, so it reads the same without colour."""
    if verdict.correct:
        return [("✓ correct:", "green"), (f" {visible(given)}", "")]
    from omm_cards.answers import Outcome  # with the first typed answer: a review of flip cards needs none

    head = ("~ almost:", "yellow") if verdict.outcome is Outcome.ALMOST else ("✗ wrong:", "red")
    if verdict.differences:
        spans: list[Span] = [head, (f" {visible(given)}", "")]
        spans += [(f"\n  {visible(str(difference))}", "") for difference in verdict.differences]
        return spans
    return [head, (" ", ""), *_word_diff(given, verdict.closest)]


def _word_diff(given: str, expected: str) -> list[Span]:
    """`T5 FRS R` against `T4 FRS R` reads `[you wrote T5, answer T4] FRS R`."""
    from omm_cards.answers import diff

    runs = diff(given, expected)
    parts: list[Span] = []
    at = 0
    while at < len(runs):
        kind, text = runs[at]
        if kind == "extra" and at + 1 < len(runs) and runs[at + 1][0] == "missing":
            wrote, answer = visible(text), visible(runs[at + 1][1])
            parts.append((f"[you wrote {wrote}, answer {answer}]", "red"))
            at += 2
            continue
        if kind == "extra":
            parts.append((f"[extra: {visible(text)}]", "red"))
        elif kind == "missing":
            parts.append((f"[missing: {visible(text)}]", "green"))
        else:
            parts.append((visible(text), ""))
        at += 1
    return [piece for n, part in enumerate(parts) for piece in ((" ", ""), part)[n == 0 :]]


def print_summary(summary: Summary, plan: ExamPlan | None, out: Screen, buttons: int = grading.SIX) -> None:
    if summary.accuracy is None:
        out.print("No cards graded.")
    else:
        grades = ", ".join(
            f"{grading.label(buttons, g)}: {summary.grades[g]}" for g in range(5, -1, -1) if summary.grades[g]
        )
        minutes, seconds = divmod(round(summary.seconds), 60)
        kind = "Crammed" if summary.cram else "Reviewed"
        out.print(
            f"{kind} {plural(summary.reviewed, 'card')} in {plural(summary.answers, 'answer')} ({grades}); "
            f"accuracy {summary.accuracy:.0%} (first answers graded 3 or more); time {minutes}m {seconds:02d}s."
        )
    if summary.cram:
        out.print("Cram session: no schedule was changed.")
    for card in summary.missed:
        out.print(f"  missed {visible(card.id)}: {visible(card.back())}")
    for card in summary.leeches:
        out.print(
            f"  leech {visible(card.id)}: {LEECH_LAPSES} lapses; tagged leech and suspended"
            " (cards unsuspend to restore)"
        )
    days = list(summary.forecast.items())
    out.print(f"Due tomorrow: {days[0][1]}. Next 7 days: " + ", ".join(f"{d:%a} {n}" for d, n in days) + ".")
    if plan is not None:
        out.print(plan_line(plan))
    for note in summary.notes:
        out.print(visible(note))
