"""Anki's card template language, rendered the way Anki renders it, as a pure function of the note's fields.

The rules follow Anki's own renderer (rslib/src/template.rs, template_filters.rs and cloze.rs): `{{Field}}`,
sections `{{#F}}...{{/F}}` and `{{^F}}...{{/F}}` (a field counts as empty when it holds only whitespace,
`<br>` and `<div>` tags), `{{FrontSide}}`, filters applied right to left (`{{text:hint:F}}` applies `hint`
first), cloze deletions, furigana, `<!-- comments -->` left unrendered, and the alternative delimiters
`{{=<% %>=}}`. Fields come in and HTML goes out, as in Anki; turning it into text is the caller's job.

Where Anki would show an error card instead of the card, this renderer is lenient and says so in the
result: a field missing from the note renders empty, an unbalanced section is closed or ignored, and
Mustache's own `{{! comments }}` and delimiter changes anywhere in a template are understood.
Typed answers, hints and clozes render as the text a reader sees, not as Anki's interactive HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

FRONT_SIDE = "FrontSide"
# Anki's own comment syntax: passed through to the HTML, and field references inside are not rendered.
_COMMENT_START, _COMMENT_END = "<!--", "-->"
_DELIMITERS = re.compile(r"=\s*(\S+)\s+(\S+)\s*=", re.DOTALL)
# rslib field_is_empty: only ASCII whitespace and empty <br>/<div> tags.
_EMPTY_FIELD = re.compile(r"(?:[ \t\n\x0b\f\r]|</?(?:br|div) ?/?>)*", re.IGNORECASE)
# rslib strip_html: comments, style and script blocks with their content, then any tag.
_HTML = re.compile(r"<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>", re.DOTALL | re.IGNORECASE)
_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")
_ANSWER_RULE = re.compile(r"<hr\s+id\s*=\s*[\"']?answer[\"']?\s*/?>", re.IGNORECASE)
_CLOZE_OPEN = re.compile(r"\{\{c([\d,]*)::")
_CLOZE_MARKER = re.compile(r"\{\{c|\}\}")
_CLOZE_CONDITIONAL = re.compile(r"c\d+")
MAX_CLOZE_NESTING = 10  # Anki ignores deletions opened deeper than this
MAX_CARD_ORD = 499  # Anki caps a cloze card's ordinal: {{c900::x}} makes card 500
_U16 = 65535  # cloze numbers are u16 in Anki: a larger one is not a number


@dataclass(frozen=True)
class TypeIn:
    """A typed-answer box: `{{type:F}}`, `{{type:cloze:F}}` (the card's deletions) or `{{type:nc:F}}`."""

    field: str
    cloze: bool = False
    ignore_diacritics: bool = False  # `nc:` ("no combining"): accents are not compared


@dataclass(frozen=True)
class Rendered:
    html: str
    shown: tuple[str, ...] = ()  # note fields shown, once each, in order (typed ones and FrontSide excluded)
    typed: TypeIn | None = None  # Anki compares one typed answer per card: the first
    hints: tuple[str, ...] = ()  # fields shown through `hint:`
    missing: tuple[str, ...] = ()  # fields the template names that the note lacks: Anki shows an error card
    unknown_filters: tuple[str, ...] = ()  # add-on filters: Anki passes the text through when none is installed
    problems: tuple[str, ...] = ()  # syntax Anki refuses (unbalanced sections): rendered leniently here


# --- Parsing --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    text: str


@dataclass(frozen=True)
class _Replacement:
    key: str
    filters: tuple[str, ...]  # in the order they apply: the one nearest the field first


@dataclass(frozen=True)
class _Section:
    key: str
    inverted: bool
    children: tuple[_Node, ...]


_Node = _Text | _Replacement | _Section


@dataclass(frozen=True)
class _Parsed:
    nodes: tuple[_Node, ...]
    problems: tuple[str, ...]


def _tokens(template: str) -> Iterator[tuple[str, str]]:
    """('text', s), ('comment', s) or ('tag', inner) tokens; a `{{=L R=}}` tag changes the delimiters after it."""
    start, end = "{{", "}}"
    pos = 0
    while pos < len(template):
        tag_at = template.find(start, pos)
        tag_end = template.find(end, tag_at + len(start)) if tag_at >= 0 else -1
        comment_at = template.find(_COMMENT_START, pos)
        comment_end = template.find(_COMMENT_END, comment_at + len(_COMMENT_START)) if comment_at >= 0 else -1
        # An opening without its closing is text, as is everything after it if nothing else opens.
        candidates = []
        if tag_end >= 0:
            candidates.append((tag_at, "tag"))
        if comment_end >= 0:
            candidates.append((comment_at, "comment"))
        if not candidates:
            yield "text", template[pos:]
            return
        at, kind = min(candidates)
        if at > pos:
            yield "text", template[pos:at]
        if kind == "comment":
            yield "comment", template[at : comment_end + len(_COMMENT_END)]
            pos = comment_end + len(_COMMENT_END)
            continue
        inner = template[at + len(start) : tag_end]
        pos = tag_end + len(end)
        change = _DELIMITERS.fullmatch(inner.strip())
        if change:
            start, end = change.group(1), change.group(2)
            continue
        yield "tag", inner


def _parse(template: str) -> _Parsed:
    problems: list[str] = []
    # A stack of open sections: (key, inverted, children so far); the bottom one is the template itself.
    stack: list[tuple[str, bool, list[_Node]]] = [("", False, [])]

    def close() -> None:
        key, inverted, children = stack.pop()
        stack[-1][2].append(_Section(key, inverted, tuple(children)))

    for kind, value in _tokens(template):
        if kind != "tag":
            stack[-1][2].append(_Text(value))
            continue
        inner = value.lstrip("{").strip()  # `{{{F}}}` is `{{F}}` then a `}`, as in Anki
        if len(inner) >= 2 and inner[0] == "!":
            continue  # a Mustache comment
        if len(inner) >= 2 and inner[0] in "#^":
            stack.append((inner[1:].lstrip(), inner[0] == "^", []))
        elif len(inner) >= 2 and inner[0] == "/":
            key = inner[1:].lstrip()
            open_keys = [k for k, _, _ in stack[1:]]
            if key not in open_keys:
                problems.append(f"{{{{/{key}}}}} closes a section that is not open")
                continue
            while stack[-1][0] != key:
                problems.append(f"{{{{#{stack[-1][0]}}}}} is closed by {{{{/{key}}}}}")
                close()
            close()
        else:
            *filters, key = inner.split(":")
            stack[-1][2].append(_Replacement(key, tuple(reversed(filters))))
    while len(stack) > 1:
        problems.append(f"{{{{#{stack[-1][0]}}}}} is never closed")
        close()
    return _Parsed(tuple(stack[0][2]), tuple(problems))


# --- Rendering ------------------------------------------------------------------------------------------


class _FrontSideMark:
    """Where `{{FrontSide}}` goes: resolved after rendering, so field text can never fake it."""


class _AnswerRuleMark:
    """Where the template's own `<hr id=answer>` is: the answer proper starts after it."""


_Piece = str | _FrontSideMark | _AnswerRuleMark


@dataclass
class _Context:
    fields: Mapping[str, str]
    card_ord: int
    answer_side: bool
    mark_rule: bool
    # What the side shows, each with the number of pieces rendered before it: render_card drops what
    # comes before the answer rule.
    shown: list[tuple[int, str]] = field(default_factory=list)
    typed: list[tuple[int, TypeIn]] = field(default_factory=list)
    hints: list[tuple[int, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def lookup(self, key: str) -> str | None:
        if key in self.fields:
            return self.fields[key]
        if key == f"c{self.card_ord + 1}":
            return "1"  # Anki adds the card's own cloze number as a field, for `{{#c2}}...{{/c2}}`
        return None

    def hidden(self) -> _Context:
        """A context for a hidden section: it reports missing fields, but nothing it holds is shown."""
        return _Context(self.fields, self.card_ord, self.answer_side, False, missing=self.missing, unknown=self.unknown)


def field_is_empty(text: str) -> bool:
    """Anki's rule for sections and card generation: whitespace and empty `<br>`/`<div>` tags are empty."""
    return _EMPTY_FIELD.fullmatch(text) is not None


def strip_html(text: str) -> str:
    """Anki's `text:` filter: tags (with style and script blocks) removed, entities decoded."""
    return html.unescape(_HTML.sub("", text)).replace("\xa0", " ")


def _plain(text: str) -> str:
    # Anki inserts the decoded text back into HTML, where a decoded `<` would start a tag; escaping keeps
    # the text a reader saw in the field.
    return html.escape(strip_html(text), quote=False)


def _render_nodes(nodes: Iterable[_Node], ctx: _Context, out: list[_Piece]) -> None:
    for node in nodes:
        if isinstance(node, _Text):
            if ctx.mark_rule:
                parts = _ANSWER_RULE.split(node.text)
                rules = _ANSWER_RULE.findall(node.text)
                for i, part in enumerate(parts):
                    out.append(part)
                    if i < len(rules):
                        out.extend([_AnswerRuleMark(), rules[i]])
            else:
                out.append(node.text)
        elif isinstance(node, _Section):
            value = ctx.lookup(node.key)
            if value is None and not _CLOZE_CONDITIONAL.fullmatch(node.key):
                _once(ctx.missing, node.key)
            shown = value is not None and not field_is_empty(value)
            if shown != node.inverted:
                _render_nodes(node.children, ctx, out)
            else:
                # Anki still checks what it hides; here that finds missing fields to report.
                _render_nodes(node.children, ctx.hidden(), [])
        elif node.key == FRONT_SIDE:
            out.append(_FrontSideMark())
        elif node.key == "" and node.filters:
            continue  # `{{tts en_US:}}` and the like: a filter that makes its own text, nothing here
        else:
            value = ctx.lookup(node.key)
            if value is None:
                _once(ctx.missing, node.key)
                continue
            out.append(_apply_filters(value, node, ctx, len(out)))


def _once(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)


def _apply_filters(text: str, node: _Replacement, ctx: _Context, at: int) -> str:
    filters = node.filters
    # Anki: when `type` is outermost, every other filter is dropped except `type:cloze:` and `type:nc:`.
    if filters == ("cloze", "type"):
        filters = ("type-cloze",)
    elif filters == ("nc", "type"):
        filters = ("type-nc",)
    elif filters and filters[-1] == "type":
        filters = ("type",)
    if not any(f in ("type", "type-cloze", "type-nc") for f in filters):
        ctx.shown.append((at, node.key))
    for name in filters:
        text = _apply_filter(name, text, node.key, ctx, at)
    return text


def _apply_filter(name: str, text: str, key: str, ctx: _Context, at: int) -> str:
    if name == "text":
        return _plain(text)
    if name == "hint":
        ctx.hints.append((at, key))
        # Anki shows a link that reveals the text; read as plain text, a hint is bracketed.
        return text if not text.strip() else f"[{_plain(text).strip()}]"
    if name in ("furigana", "kana", "kanji"):
        return _furigana(text, name)
    if name in ("type", "type-cloze", "type-nc"):
        typed = TypeIn(key, cloze=name == "type-cloze", ignore_diacritics=name == "type-nc")
        ctx.typed.append((at, typed))
        if not ctx.answer_side:
            return ""  # the question shows an empty answer box
        # The answer shows the expected answer (Anki compares it with what was typed, as plain text).
        return html.escape(cloze_answer(text, ctx.card_ord + 1), quote=False) if typed.cloze else _plain(text)
    if name == "cloze":
        return reveal_cloze(text, ctx.card_ord + 1, question=not ctx.answer_side)
    if name == "cloze-only":
        return ", ".join(_cloze_texts(_parse_clozes(text), ctx.card_ord + 1, question=not ctx.answer_side))
    if name == "":
        return text
    if name.startswith("tts "):
        return ""  # Anki speaks the text (a play button), it does not show it
    _once(ctx.unknown, name)
    return text


def _furigana(text: str, mode: str) -> str:
    def replace(match: re.Match[str]) -> str:
        base, reading = match.group(1), match.group(2)
        if reading.startswith("sound:"):
            return match.group(0)  # `[sound:x.mp3]` is media, not a reading
        if mode == "kana":
            return reading
        if mode == "kanji":
            return base
        # Anki writes <ruby><rb>..</rb><rt>..</rt></ruby>; the <rp> parentheses look the same in a browser
        # and leave `漢字(かんじ)` when the tags are dropped.
        return f"<ruby><rb>{base}</rb><rp>(</rp><rt>{reading}</rt><rp>)</rp></ruby>"

    return _FURIGANA.sub(replace, text.replace("&nbsp;", " "))


def _finish(pieces: list[_Piece], front_side: str | None) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, _FrontSideMark):
            out.append(front_side or "")
    return "".join(out)


def _render(
    template: str, fields: Mapping[str, str], card_ord: int, answer_side: bool, mark_rule: bool
) -> tuple[list[_Piece], _Context, _Parsed]:
    parsed = _parse(template)
    ctx = _Context(fields, card_ord, answer_side, mark_rule)
    pieces: list[_Piece] = []
    _render_nodes(parsed.nodes, ctx, pieces)
    return pieces, ctx, parsed


def _result(html_text: str, ctx: _Context, parsed: _Parsed, start: int = 0) -> Rendered:
    """The rendered side, reporting what it shows from piece `start` on."""
    typed = [t for at, t in ctx.typed if at >= start]
    return Rendered(
        html_text,
        tuple(dict.fromkeys(k for at, k in ctx.shown if at >= start)),
        typed[0] if typed else None,
        tuple(dict.fromkeys(k for at, k in ctx.hints if at >= start)),
        tuple(ctx.missing),
        tuple(ctx.unknown),
        parsed.problems,
    )


def render(template: str, fields: Mapping[str, str], *, card_ord: int = 0, front_side: str | None = None) -> Rendered:
    """One side of a card. `fields` hold Anki's HTML; a `front_side` (the question's HTML) makes it the answer side.

    `card_ord` is the card's 0-based ordinal: the template's index, or a cloze card's number minus one.
    """
    pieces, ctx, parsed = _render(template, fields, card_ord, front_side is not None, mark_rule=False)
    return _result(_finish(pieces, front_side), ctx, parsed)


def render_card(qfmt: str, afmt: str, fields: Mapping[str, str], card_ord: int = 0) -> tuple[Rendered, Rendered]:
    """A card's question and its answer proper: what the answer shows after the repeated front.

    The answer starts after the template's `<hr id=answer>` when it has one; otherwise it is the whole
    answer side with `{{FrontSide}}` left out (a cloze answer repeats the text with the deletion shown).
    """
    question = render(qfmt, fields, card_ord=card_ord)
    pieces, ctx, parsed = _render(afmt, fields, card_ord, answer_side=True, mark_rule=True)
    rule = next((i for i, p in enumerate(pieces) if isinstance(p, _AnswerRuleMark)), None)
    start = 0 if rule is None else rule + 2  # after the mark and the rule's own text
    return question, _result(_finish(pieces[start:], None).strip(), ctx, parsed, start)


def card_is_empty(qfmt: str, fields: Mapping[str, str], *, card_ord: int = 0, cloze: bool = False) -> bool:
    """Anki's test for a blank front: it makes no such card (and shows a warning if one exists).

    A cloze card is blank when no field holds its deletion; any other card when its question names no
    non-empty field outside sections that are hidden.
    """
    if cloze:
        return card_ord + 1 not in {min(n, MAX_CARD_ORD + 1) for n in cloze_ordinals(fields)}
    nonempty = {name for name, value in fields.items() if not field_is_empty(value)}
    return _is_empty(_parse(qfmt).nodes, nonempty)


def _is_empty(nodes: Iterable[_Node], nonempty: set[str]) -> bool:
    for node in nodes:
        if isinstance(node, _Replacement):
            if node.key in nonempty:
                return False
        elif (
            isinstance(node, _Section)
            and (node.key in nonempty) != node.inverted
            and not _is_empty(node.children, nonempty)
        ):
            return False
    return True


def special_fields(*, tags: Iterable[str], notetype: str, deck: str, card: str, flag: int = 0) -> dict[str, str]:
    """The fields Anki adds to every note when it renders: merge the note's own over them, as Anki does."""
    return {
        "Tags": " ".join(tags),
        "Type": notetype,
        "Deck": deck,
        "Subdeck": deck.rsplit("::", 1)[-1],
        "Card": card,
        "CardFlag": f"flag{flag}",
    }


# --- Clozes ---------------------------------------------------------------------------------------------


@dataclass
class _Cloze:
    numbers: tuple[int, ...]
    nodes: list[str | _Cloze] = field(default_factory=list)
    hint: str | None = None

    def text(self) -> str:
        return "".join(n if isinstance(n, str) else n.text() for n in self.nodes)


def _cloze_open(text: str, pos: int) -> tuple[tuple[int, ...], int] | None:
    match = _CLOZE_OPEN.match(text, pos)
    if not match:
        return None
    numbers = sorted({int(n) for n in match.group(1).split(",") if n and int(n) <= _U16})
    return (tuple(numbers), match.end()) if numbers else None


def _next_marker(text: str, pos: int) -> int:
    """Where the next `}}` or valid `{{cN::` starts, or the end of the text."""
    for match in _CLOZE_MARKER.finditer(text, pos):
        if match.group() == "}}" or _cloze_open(text, match.start()):
            return match.start()
    return len(text)


def _parse_clozes(text: str) -> list[str | _Cloze]:
    """Anki's cloze tree: deletions nest; an unclosed one is dropped with its text, a stray `}}` is text."""
    output: list[str | _Cloze] = []
    open_clozes: list[_Cloze] = []
    pos = 0
    while pos < len(text):
        opened = _cloze_open(text, pos)
        if opened:
            if len(open_clozes) < MAX_CLOZE_NESTING:
                open_clozes.append(_Cloze(opened[0]))
            pos = opened[1]
        elif text.startswith("}}", pos):
            if open_clozes:
                cloze = open_clozes.pop()
                (open_clozes[-1].nodes if open_clozes else output).append(cloze)
            else:
                output.append("}}")
            pos += 2
        else:
            end = _next_marker(text, pos + 1)
            run = text[pos:end]
            pos = end
            if open_clozes:
                if "::" in run and not run.startswith("image-occlusion:"):
                    run, open_clozes[-1].hint = run.split("::", 1)
                open_clozes[-1].nodes.append(run)
            else:
                output.append(run)
    return output


def _reveal(cloze: _Cloze, number: int, question: bool, found: list[bool]) -> str:
    active = number in cloze.numbers
    found[0] |= active
    if question and active:
        # What the deletion hides, nested deletions included, is not rendered: only its hint.
        for node in cloze.nodes:
            if isinstance(node, _Cloze):
                _reveal(node, number, question, found)
        return f"[{cloze.hint if cloze.hint is not None else '...'}]"
    return "".join(n if isinstance(n, str) else _reveal(n, number, question, found) for n in cloze.nodes)


def reveal_cloze(text: str, number: int, *, question: bool) -> str:
    """Anki's `cloze:` filter for cloze `number` (c1 is 1), without its spans.

    The question hides deletion `number` as `[...]` or `[hint]` and shows the others; the answer shows
    them all. A field with no deletion `number` renders empty, as in Anki.
    """
    found = [False]
    out = "".join(n if isinstance(n, str) else _reveal(n, number, question, found) for n in _parse_clozes(text))
    return out if found[0] else ""


def _cloze_texts(nodes: Iterable[str | _Cloze], number: int, *, question: bool) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, _Cloze):
            if number in node.numbers:
                yield (node.hint if node.hint is not None else "...") if question else node.text()
            yield from _cloze_texts(node.nodes, number, question=question)


def cloze_answer(text: str, number: int) -> str:
    """What a typed cloze expects: deletion `number`'s texts, joined by `, ` unless they are all the same."""
    texts = [strip_html(t) for t in _cloze_texts(_parse_clozes(text), number, question=False)]
    return texts[0] if texts and len(set(texts)) == 1 else ", ".join(texts)


def cloze_numbers(text: str) -> frozenset[int]:
    """The cloze numbers one field's text holds (`{{c1::a}} {{c2,3::b}}` -> 1, 2, 3); c0 makes no card."""
    found: set[int] = set()

    def walk(nodes: Iterable[str | _Cloze]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze):
                found.update(n for n in node.numbers if n)
                walk(node.nodes)

    walk(_parse_clozes(text))
    return frozenset(found)


def cloze_fields(template: str) -> tuple[str, ...]:
    """The fields a template shows through `cloze:` (`{{cloze:Text}}`, `{{type:cloze:Text}}`), in order."""
    names: list[str] = []

    def walk(nodes: Iterable[_Node]) -> None:
        for node in nodes:
            if isinstance(node, _Replacement) and "cloze" in node.filters:
                _once(names, node.key)
            elif isinstance(node, _Section):
                walk(node.children)

    walk(_parse(template).nodes)
    return tuple(names)


def cloze_ordinals(fields: Mapping[str, str], *, template: str | None = None) -> tuple[int, ...]:
    """The cloze numbers a cloze note makes cards for, ascending: the union over its fields.

    Anki (checked with 26.09) makes a card for every number found in ANY field of the note, even one the
    template never shows (that card's question is then blank). Given the note type's `template`, only the
    fields it shows through `cloze:` count: the cards that show a deletion. Card ordinal = number - 1,
    capped at 499.
    """
    names = cloze_fields(template) if template is not None else tuple(fields)
    found: set[int] = set()
    for name in names:
        found |= cloze_numbers(fields.get(name, ""))
    return tuple(sorted(found))


def flatten_clozes(text: str) -> str:
    """A field's deletions as our deck format holds them: one number each, none nested.

    `{{c3::caliper {{c2::(pincer)}}}}` becomes `{{c3::caliper (pincer)}}` (the outer deletion hides the
    whole phrase, as Anki's card 3 does; the inner one no longer makes its own blank) and `{{c1,2::x}}`
    becomes `{{c1::x}}`. Hints are kept; an unclosed deletion is dropped with its text, as Anki drops it.
    """
    out = []
    for node in _parse_clozes(text):
        if isinstance(node, str):
            out.append(node)
        else:
            hint = f"::{node.hint}" if node.hint is not None else ""
            number = next((n for n in node.numbers if n), 0)
            out.append(f"{{{{c{number}::{_cloze_plain(node)}{hint}}}}}")
    return "".join(out)


def _cloze_plain(cloze: _Cloze) -> str:
    return "".join(n if isinstance(n, str) else _cloze_plain(n) for n in cloze.nodes)
