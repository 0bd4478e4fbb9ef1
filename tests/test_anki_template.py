"""Anki's template language: each construct, as Anki's own renderer (rslib template.rs, cloze.rs) shows it."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from omm_cards.interchange import anki_template
from omm_cards.interchange.anki_template import (
    TypeIn,
    card_is_empty,
    cloze_answer,
    cloze_fields,
    cloze_numbers,
    cloze_ordinals,
    field_is_empty,
    render,
    render_card,
    reveal_cloze,
    special_fields,
    strip_html,
)

NOTE = {"Front": "<b>Hold</b> time?", "Back": "90&nbsp;s", "Empty": "", "Blank": " <br> <div></div>\n", "Hint": "90"}
CLOZE = {"Text": "{{c1::Jones}} counterstrain holds {{c2::90 s::how long?}}", "Extra": "<i>Jones 1955</i>"}

RENDER = [
    # field references
    ("plain text, no tags", "Just text", NOTE, {}, "Just text"),
    ("a field, HTML kept", "{{Front}}", NOTE, {}, "<b>Hold</b> time?"),
    ("two fields", "{{Front}} / {{Back}}", NOTE, {}, "<b>Hold</b> time? / 90&nbsp;s"),
    ("spaces inside the braces", "{{ Front }}", NOTE, {}, "<b>Hold</b> time?"),
    ("a missing field renders empty", "[{{Nope}}]", NOTE, {}, "[]"),
    ("an empty field", "[{{Empty}}]", NOTE, {}, "[]"),
    ("field names are case-sensitive", "[{{front}}]", NOTE, {}, "[]"),
    ("a name with spaces", "{{Back Extra}}", {"Back Extra": "more"}, {}, "more"),
    ("triple braces leave a brace", "{{{Front}}}", NOTE, {}, "<b>Hold</b> time?}"),
    ("an unclosed tag is text", "{{Front", NOTE, {}, "{{Front"),
    ("a lone closing is text", "a }} b", NOTE, {}, "a }} b"),
    # sections
    ("section shown when non-empty", "{{#Back}}yes{{/Back}}", NOTE, {}, "yes"),
    ("section hidden when empty", "{{#Empty}}yes{{/Empty}}", NOTE, {}, ""),
    ("br and div only count as empty", "{{#Blank}}yes{{/Blank}}", NOTE, {}, ""),
    ("&nbsp; is not empty", "{{#S}}yes{{/S}}", {"S": "&nbsp;"}, {}, "yes"),
    ("inverted shown when empty", "{{^Empty}}none{{/Empty}}", NOTE, {}, "none"),
    ("inverted hidden when non-empty", "{{^Back}}none{{/Back}}", NOTE, {}, ""),
    ("inverted on a missing field", "{{^Nope}}none{{/Nope}}", NOTE, {}, "none"),
    ("nested sections", "{{#Front}}1{{#Back}}2{{^Empty}}3{{/Empty}}{{/Back}}{{/Front}}", NOTE, {}, "123"),
    ("nested, inner hidden", "{{#Front}}1{{#Empty}}2{{/Empty}}3{{/Front}}", NOTE, {}, "13"),
    ("a section shows fields", "{{#Back}}A: {{Back}}{{/Back}}", NOTE, {}, "A: 90&nbsp;s"),
    ("spaces after # and /", "{{# Back }}yes{{/ Back}}", NOTE, {}, "yes"),
    ("the card's cloze number is a section", "{{#c2}}two{{/c2}}{{#c1}}one{{/c1}}", {}, {"card_ord": 1}, "two"),
    ("unclosed section closes at the end", "{{#Back}}yes", NOTE, {}, "yes"),
    ("stray closing is ignored", "a{{/Back}}b", NOTE, {}, "ab"),
    # FrontSide
    (
        "FrontSide on the answer",
        "{{FrontSide}}<hr id=answer>{{Back}}",
        NOTE,
        {"front_side": "Q"},
        "Q<hr id=answer>90&nbsp;s",
    ),
    ("FrontSide on the question is empty", "[{{FrontSide}}]", NOTE, {}, "[]"),
    # comments
    ("a Mustache comment", "a{{! a note to self }}b", NOTE, {}, "ab"),
    ("an HTML comment is kept, unrendered", "<!-- {{Front}} -->{{Back}}", NOTE, {}, "<!-- {{Front}} -->90&nbsp;s"),
    # filters
    ("text: strips HTML and entities", "{{text:Front}}|{{text:Back}}", NOTE, {}, "Hold time?|90 s"),
    ("text: keeps a decoded < as text", "{{text:F}}", {"F": "T4 &lt; T5 <i>x</i>"}, {}, "T4 &lt; T5 x"),
    ("hint: plain text in brackets", "{{hint:Hint}}", NOTE, {}, "[90]"),
    ("hint: of HTML", "{{hint:Front}}", NOTE, {}, "[Hold time?]"),
    ("hint: of an empty field", "[{{hint:Empty}}]", NOTE, {}, "[]"),
    ("filters apply right to left", "{{hint:text:Front}}", NOTE, {}, "[Hold time?]"),
    ("unknown filter passes through", "{{myaddon:Front}}", NOTE, {}, "<b>Hold</b> time?"),
    ("tts is spoken, not shown", "[{{tts en_US:Front}}]", NOTE, {}, "[]"),
    ("a filter without a field", "[{{tts en_US:}}]", NOTE, {}, "[]"),
    ("type: is an empty box on the question", "Q {{type:Back}}", NOTE, {}, "Q "),
    ("type: shows the answer as text", "{{type:Back}}", NOTE, {"front_side": ""}, "90 s"),
    ("type:nc:", "[{{type:nc:Back}}]", NOTE, {}, "[]"),
    ("outer type drops other filters", "{{type:text:Back}}", NOTE, {"front_side": ""}, "90 s"),
    # furigana
    (
        "furigana: ruby",
        "{{furigana:J}}",
        {"J": "漢字[かんじ]"},
        {},
        "<ruby><rb>漢字</rb><rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>",
    ),
    ("kana: the reading", "{{kana:J}}", {"J": "筋肉[きんにく]を 伸[の]ばす"}, {}, "きんにくをのばす"),
    ("kanji: the base", "{{kanji:J}}", {"J": "筋肉[きんにく]を 伸[の]ばす"}, {}, "筋肉を伸ばす"),
    ("furigana keeps sounds", "{{kana:J}}", {"J": "a[sound:x.mp3]"}, {}, "a[sound:x.mp3]"),
    ("furigana reads &nbsp; as a space", "{{kana:J}}", {"J": "a&nbsp;b[c]"}, {}, "ac"),
    ("no brackets, no ruby", "{{furigana:J}}", {"J": "plain"}, {}, "plain"),
    # clozes
    ("cloze: c1 hidden on the question", "{{cloze:Text}}", CLOZE, {}, "[...] counterstrain holds 90 s"),
    ("cloze: the hint", "{{cloze:Text}}", CLOZE, {"card_ord": 1}, "Jones counterstrain holds [how long?]"),
    ("cloze: revealed on the answer", "{{cloze:Text}}", CLOZE, {"front_side": ""}, "Jones counterstrain holds 90 s"),
    ("cloze: no such deletion renders empty", "[{{cloze:Text}}]", CLOZE, {"card_ord": 2}, "[]"),
    ("cloze: the same number twice", "{{cloze:T}}", {"T": "{{c1::a}} and {{c1::b}}"}, {}, "[...] and [...]"),
    ("cloze: c1,2 on card 2", "{{cloze:T}}", {"T": "{{c1,2::a}} b"}, {"card_ord": 1}, "[...] b"),
    ("cloze: nested, outer hidden", "{{cloze:T}}", {"T": "x {{c1::a {{c2::b}}}}"}, {}, "x [...]"),
    ("cloze: nested, inner hidden", "{{cloze:T}}", {"T": "x {{c1::a {{c2::b}}::h}}"}, {"card_ord": 1}, "x a [...]"),
    ("cloze: nested, outer hint", "{{cloze:T}}", {"T": "x {{c1::a {{c2::b}}::h}}"}, {}, "x [h]"),
    ("cloze: c0 is never hidden", "{{cloze:T}}", {"T": "{{c0::a}} {{c1::b}}"}, {}, "a [...]"),
    ("cloze: an unclosed deletion is dropped", "{{cloze:T}}", {"T": "{{c1::a}} {{c2::b"}, {}, "[...] "),
    ("cloze: HTML inside is kept", "{{cloze:T}}", {"T": "{{c1::<b>a</b>}} b"}, {"front_side": ""}, "<b>a</b> b"),
    ("type:cloze: empty on the question", "[{{type:cloze:T}}]", {"T": "{{c1::a}}"}, {}, "[]"),
    (
        "type:cloze: the deletion on the answer",
        "{{type:cloze:T}}",
        {"T": "{{c1::a}} {{c1::b}}"},
        {"front_side": ""},
        "a, b",
    ),
    ("type:cloze: repeats collapse", "{{type:cloze:T}}", {"T": "{{c1::a}} {{c1::a}}"}, {"front_side": ""}, "a"),
    ("cloze-only:", "{{cloze-only:T}}", {"T": "x {{c1::a::h}} {{c1::b}}"}, {}, "h, ..."),
    # changed delimiters
    ("Anki's alternative delimiters", "{{=<% %>=}}<%Front%> {{Back}}", NOTE, {}, "<b>Hold</b> time? {{Back}}"),
    ("sections in alternative delimiters", "{{=<% %>=}}<%#Back%>[<%Back%>]<%/Back%>", NOTE, {}, "[90&nbsp;s]"),
    ("delimiters changed midway", "{{Hint}} {{=[[ ]]=}}[[Hint]] {{Hint}}", NOTE, {}, "90 90 {{Hint}}"),
    ("delimiters changed twice", "{{=<% %>=}}<%Hint%><%={{ }}=%>{{Hint}}", NOTE, {}, "9090"),
    ("filters in alternative delimiters", "{{=<% %>=}}<%text:Front%>", NOTE, {}, "Hold time?"),
    # special fields, as the caller merges them
    (
        "special fields",
        "{{Deck}}|{{Subdeck}}|{{Tags}}|{{Card}}|{{Type}}",
        special_fields(tags=["a", "b::c"], notetype="Basic", deck="OMM::Ribs", card="Card 1"),
        {},
        "OMM::Ribs|Ribs|a b::c|Card 1|Basic",
    ),
]


@pytest.mark.parametrize(
    ("template", "fields", "options", "expected"), [r[1:] for r in RENDER], ids=[r[0] for r in RENDER]
)
def test_render(template: str, fields: dict[str, str], options: dict[str, object], expected: str) -> None:
    assert render(template, fields, **options).html == expected  # type: ignore[arg-type]


REPORTS: list[tuple[str, str, dict[str, str], str, object]] = [
    ("fields shown, once each, in order", "{{Back}}{{Front}}{{Back}}", {}, "shown", ("Back", "Front")),
    ("hidden sections show nothing", "{{#Empty}}{{Front}}{{/Empty}}{{Back}}", {}, "shown", ("Back",)),
    ("a typed field is not shown", "{{Front}}{{type:Back}}", {}, "shown", ("Front",)),
    ("the typed field", "{{Front}}{{type:Back}}", {}, "typed", TypeIn("Back")),
    ("a typed cloze", "{{type:cloze:Front}}", {}, "typed", TypeIn("Front", cloze=True)),
    ("a typed answer without accents", "{{type:nc:Back}}", {}, "typed", TypeIn("Back", ignore_diacritics=True)),
    ("the first typed field counts", "{{type:Back}}{{type:Front}}", {}, "typed", TypeIn("Back")),
    ("no typed field", "{{Front}}", {}, "typed", None),
    ("hint fields", "{{hint:Hint}}{{hint:Back}}", {}, "hints", ("Hint", "Back")),
    ("missing fields", "{{Nope}}{{#Gone}}{{/Gone}}{{Nope}}", {}, "missing", ("Nope", "Gone")),
    ("missing inside a hidden section", "{{#Empty}}{{Nope}}{{/Empty}}", {}, "missing", ("Nope",)),
    ("a cloze section is not missing", "{{#c3}}x{{/c3}}", {}, "missing", ()),
    ("FrontSide is not missing", "{{FrontSide}}", {}, "missing", ()),
    ("unknown filters", "{{furigana:myaddon:Front}}{{other:Back}}", {}, "unknown_filters", ("myaddon", "other")),
    ("unclosed section", "{{#Back}}x", {}, "problems", ("{{#Back}} is never closed",)),
    ("stray closing", "{{/Back}}", {}, "problems", ("{{/Back}} closes a section that is not open",)),
    (
        "crossed sections",
        "{{#Front}}{{#Back}}{{/Front}}",
        {},
        "problems",
        ("{{#Back}} is closed by {{/Front}}",),
    ),
    ("a clean template", "{{#Front}}{{Front}}{{/Front}}", {}, "problems", ()),
]


@pytest.mark.parametrize(
    ("template", "options", "attribute", "expected"), [r[1:] for r in REPORTS], ids=[r[0] for r in REPORTS]
)
def test_reports(template: str, options: dict[str, object], attribute: str, expected: object) -> None:
    assert getattr(render(template, NOTE, **options), attribute) == expected  # type: ignore[arg-type]


# A four-template note type: one note, four different questions.
MUSCLE = {
    "Muscle": "psoas major",
    "Origin": "T12&ndash;L4 vertebral bodies",
    "Insertion": "Lesser trochanter",
    "Innervation": "L1&ndash;L3",
    "Action": "Flexes the hip",
}
HR = "{{FrontSide}}\n\n<hr id=answer>\n\n"
MUSCLE_TEMPLATES = [
    ("Where does {{Muscle}} originate?", HR + "{{Origin}}"),
    ("Where does {{Muscle}} insert?", HR + "{{Insertion}}"),
    ("What innervates {{Muscle}}?", HR + "{{Innervation}}"),
    ("{{#Action}}What does {{Muscle}} do?{{/Action}}", HR + "{{Action}}"),
]
CLOZE_TWO = ("{{cloze:Text}}<br>{{cloze:Text2}}", "{{cloze:Text}}<br>{{cloze:Text2}}<br>{{Extra}}")
CLOZE_NOTE = {"Text": "{{c1::Chapman}} reflexes", "Text2": "treat with {{c3::rotary pressure::how?}}", "Extra": "x"}

CARDS = [
    (
        "muscle origin",
        *MUSCLE_TEMPLATES[0],
        MUSCLE,
        0,
        "Where does psoas major originate?",
        "T12&ndash;L4 vertebral bodies",
    ),
    ("muscle insertion", *MUSCLE_TEMPLATES[1], MUSCLE, 1, "Where does psoas major insert?", "Lesser trochanter"),
    ("muscle innervation", *MUSCLE_TEMPLATES[2], MUSCLE, 2, "What innervates psoas major?", "L1&ndash;L3"),
    ("muscle action", *MUSCLE_TEMPLATES[3], MUSCLE, 3, "What does psoas major do?", "Flexes the hip"),
    ("stock basic", "{{Front}}", HR + "{{Back}}", NOTE, 0, "<b>Hold</b> time?", "90&nbsp;s"),
    ("basic reversed", "{{Back}}", HR + "{{Front}}", NOTE, 1, "90&nbsp;s", "<b>Hold</b> time?"),
    (
        "answer rule in quotes",
        "{{Front}}",
        '{{FrontSide}}<HR id="answer">{{Back}}',
        NOTE,
        0,
        "<b>Hold</b> time?",
        "90&nbsp;s",
    ),
    (
        "FrontSide without a rule",
        "{{Front}}",
        "{{FrontSide}}<br>{{Back}}",
        NOTE,
        0,
        "<b>Hold</b> time?",
        "<br>90&nbsp;s",
    ),
    (
        "rule without FrontSide",
        "{{Front}}",
        "{{Front}}<hr id=answer>{{Back}}",
        NOTE,
        0,
        "<b>Hold</b> time?",
        "90&nbsp;s",
    ),
    (
        "a rule in a field is not the rule",
        "{{Front}}",
        "{{F}}{{Back}}",
        {**NOTE, "F": "<hr id=answer>"},
        0,
        "<b>Hold</b> time?",
        "<hr id=answer>90&nbsp;s",
    ),
    (
        "stock typing",
        "{{Front}}\n\n{{type:Back}}",
        "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}",
        NOTE,
        0,
        "<b>Hold</b> time?\n\n",
        "90 s",
    ),
    ("two cloze fields, c1", *CLOZE_TWO, CLOZE_NOTE, 0, "[...] reflexes<br>", "Chapman reflexes<br><br>x"),
    ("two cloze fields, c3", *CLOZE_TWO, CLOZE_NOTE, 2, "<br>treat with [how?]", "<br>treat with rotary pressure<br>x"),
    (
        "typed cloze",
        "{{cloze:T}} {{type:cloze:T}}",
        "{{cloze:T}}<hr id=answer>{{type:cloze:T}}",
        {"T": "the {{c1::bottom}} rib"},
        0,
        "the [...] rib ",
        "bottom",
    ),
    (
        "alternative delimiters",
        "{{=<% %>=}}<%Front%>",
        "{{=<% %>=}}<%FrontSide%><hr id=answer><%Back%>",
        NOTE,
        0,
        "<b>Hold</b> time?",
        "90&nbsp;s",
    ),
]


@pytest.mark.parametrize(
    ("qfmt", "afmt", "fields", "card_ord", "question", "answer"), [c[1:] for c in CARDS], ids=[c[0] for c in CARDS]
)
def test_render_card(qfmt: str, afmt: str, fields: dict[str, str], card_ord: int, question: str, answer: str) -> None:
    q, a = render_card(qfmt, afmt, fields, card_ord)
    assert (q.html, a.html) == (question, answer)


def test_four_templates_make_four_questions() -> None:
    questions = {render_card(q, a, MUSCLE, i)[0].html for i, (q, a) in enumerate(MUSCLE_TEMPLATES)}
    assert len(questions) == 4


def test_the_answer_reports_only_what_follows_the_rule() -> None:
    _, answer = render_card("{{Front}}", "{{Front}}<hr id=answer>{{Back}}{{hint:Hint}}", NOTE)
    assert (answer.shown, answer.hints) == (("Back", "Hint"), ("Hint",))
    question, answer = render_card("{{Front}} {{type:Back}}", "{{Front}}<hr id=answer>{{type:Back}}", NOTE)
    assert question.typed == answer.typed == TypeIn("Back")


CLOZE_ORDINALS = [
    ("one field", {"Text": "{{c1::a}} {{c2::b}}"}, None, (1, 2)),
    (
        "union of two cloze fields",
        {"Text": "{{c1::a}} {{c2::b}}", "Text2": "{{c2::c}} {{c4::d}}"},
        CLOZE_TWO[0],
        (1, 2, 4),
    ),
    ("a field the template does not cloze", {"Text": "{{c1::a}}", "Extra": "{{c5::x}}"}, "{{cloze:Text}}", (1,)),
    ("Anki counts every field", {"Text": "{{c1::a}}", "Extra": "{{c5::x}}"}, None, (1, 5)),
    ("shared numbers", {"Text": "{{c1,3::a}}", "Text2": "{{c3::b}}"}, None, (1, 3)),
    ("nested", {"Text": "{{c1::a {{c2::b}}}}"}, None, (1, 2)),
    ("c0 makes no card", {"Text": "{{c0::a}}"}, None, ()),
    ("no clozes", {"Text": "plain"}, None, ()),
    ("an unclosed deletion makes no card", {"Text": "{{c1::a"}, None, ()),
    ("typed cloze field counts", {"Text": "{{c2::a}}"}, "{{type:cloze:Text}}", (2,)),
    ("a field missing from the note", {"Text": "{{c1::a}}"}, CLOZE_TWO[0], (1,)),
]


@pytest.mark.parametrize(
    ("fields", "template", "expected"), [c[1:] for c in CLOZE_ORDINALS], ids=[c[0] for c in CLOZE_ORDINALS]
)
def test_cloze_ordinals(fields: dict[str, str], template: str | None, expected: tuple[int, ...]) -> None:
    assert cloze_ordinals(fields, template=template) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", True),
        (" \n\t", True),
        ("<br>", True),
        ("<BR/>", True),
        ("<div> <br /> </div>", True),
        ("&nbsp;", False),
        ("<p></p>", False),
        ("x", False),
        ("<div>x</div>", False),
    ],
)
def test_field_is_empty(text: str, expected: bool) -> None:
    assert field_is_empty(text) is expected


@pytest.mark.parametrize(
    ("qfmt", "fields", "card_ord", "cloze", "expected"),
    [
        ("{{Front}}", NOTE, 0, False, False),
        ("{{Empty}}", NOTE, 0, False, True),
        ("{{#Action}}What does {{Muscle}} do?{{/Action}}", {**MUSCLE, "Action": ""}, 3, False, True),
        ("{{#Action}}What does {{Muscle}} do?{{/Action}}", MUSCLE, 3, False, False),
        ("{{^Back}}{{Front}}{{/Back}}", NOTE, 0, False, True),
        ("static text only", NOTE, 0, False, True),
        ("{{cloze:Text}}", CLOZE, 1, True, False),
        ("{{cloze:Text}}", CLOZE, 2, True, True),
    ],
)
def test_card_is_empty(qfmt: str, fields: dict[str, str], card_ord: int, cloze: bool, expected: bool) -> None:
    assert card_is_empty(qfmt, fields, card_ord=card_ord, cloze=cloze) is expected


def test_cloze_helpers() -> None:
    assert cloze_numbers("{{c2::a}} {{c1,3::b}} {{c0::c}}") == {1, 2, 3}
    assert cloze_fields("{{cloze:Text}}{{#X}}{{type:cloze:Text2}}{{/X}}{{Text}}") == ("Text", "Text2")
    assert reveal_cloze("{{c1::a::h}}", 1, question=True) == "[h]"
    assert cloze_answer("{{c1::<b>a</b>}} {{c2::b}}", 1) == "a"
    assert strip_html("<style>x</style><b>a</b>&amp;&nbsp;b<!-- c -->") == "a& b"


def test_the_renderer_is_pure() -> None:
    """No I/O and no clock: it imports only the standard library's text tools (and could import the model)."""
    tree = ast.parse(Path(anki_template.__file__).read_text(encoding="utf-8"))
    imported = {
        ((node.module or "") if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "html", "re", "collections", "dataclasses", "omm_cards"}
    assert all(name in sys.stdlib_module_names or name == "omm_cards" for name in imported - {"__future__"})
