"""Anki's field HTML as clean text: line breaks kept, entities decoded, tags dropped, media as placeholders.

What the markup means survives as text: `x<sup>2</sup>` is `x²` (`^(...)` when a character has no
superscript form; subscripts likewise with `_`), a numbered list keeps its numbers (`1. ...`), a table
row is a line with its cells separated by ` | `, ruby (furigana) is `漢字[かんじ]`, and `<br>` and block
elements break lines.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from omm_cards.interchange.media import placeholder

# Elements that start a new line when rendered; everything else is inline.
_BLOCKS = {
    "address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"script", "style", "head", "title", "rp"}  # <rp>: ruby's fallback parentheses
_SUPERSCRIPT = dict(zip("0123456789+-=()n i", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ ⁱ", strict=True))
_SUBSCRIPT = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_SCRIPTS = {"sup": (_SUPERSCRIPT, "^"), "sub": (_SUBSCRIPT, "_")}
_MEDIA = {"img", "audio", "video", "object", "embed", "source"}
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
SOUND_RE = re.compile(r"\[sound:([^\]]*)\]")
# Control characters other than tab and newline can't be written to a deck file.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


@dataclass(frozen=True)
class Text:
    text: str
    media: int  # media references dropped: images, sounds, videos


def clean(text: str) -> str:
    """Plain text tidied for a deck file: newlines normalised, control characters and trailing spaces gone."""
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text)).replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _sound(match: re.Match[str]) -> str:
    return placeholder("sound", match.group(1))


def plain_to_text(text: str) -> Text:
    media = len(SOUND_RE.findall(text))
    return Text(clean(SOUND_RE.sub(_sound, text)), media)


def html_to_text(markup: str) -> Text:
    parser = _Parser()
    parser.feed(SOUND_RE.sub(lambda match: parser.count_media(match), markup))
    parser.close()
    return Text(clean("".join(parser.parts)), parser.media)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media = 0
        self.hidden = 0
        self.pre = 0
        self.lists: list[int | None] = []  # per open list: the next number, None for bullets
        self.cells = 0  # cells so far in the open table row
        self.scripts: list[tuple[str, int]] = []  # open <sup>/<sub>: the tag and where its text starts
        self.container = "video"  # the <audio> or <video> a <source> belongs to

    def count_media(self, match: re.Match[str]) -> str:
        self.media += 1
        return html.escape(_sound(match), quote=False)

    def _break(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _MEDIA:
            self.media += tag != "source"  # a <source> belongs to the <audio> or <video> around it
            src = dict(attrs).get("src") or dict(attrs).get("data") or ""
            if tag in ("audio", "video"):
                self.container = tag
            if src and not self.hidden:
                kind = "image" if tag == "img" else ("sound" if self.container == "audio" else "video")
                self.parts.append(placeholder(kind, src))
        elif tag in _BLOCKS:
            self._break()
            if tag == "ol":
                start = dict(attrs).get("start") or "1"
                self.lists.append(int(start) if start.isdigit() else 1)
            elif tag == "ul":
                self.lists.append(None)
            elif tag == "tr":
                self.cells = 0
            elif tag == "li":
                number = self.lists[-1] if self.lists else None
                if number is None:
                    self.parts.append("- ")
                else:
                    self.parts.append(f"{number}. ")
                    self.lists[-1] = number + 1
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        elif tag in _SCRIPTS:
            self.scripts.append((tag, len(self.parts)))
        elif tag == "rt":
            self.parts.append("[")
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._break()
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()
        elif tag in _SCRIPTS and self.scripts and self.scripts[-1][0] == tag:
            _, start = self.scripts.pop()
            self.parts[start:] = [_script("".join(self.parts[start:]), tag)]
        elif tag == "rt":
            self.parts.append("]")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.pre:
            # HTML collapses runs of whitespace, newlines included; only tags break lines.
            data = _WHITESPACE.sub(" ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        if data:
            self.parts.append(data)


def _script(text: str, tag: str) -> str:
    """A superscript or subscript as Unicode when every character has a form (`²`), else `^2` or `^(iπ)`."""
    table, mark = _SCRIPTS[tag]
    if not text.strip():
        return text
    if all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def to_html(text: str) -> str:
    """Plain text as Anki field HTML: escaped, line breaks as <br>, runs of spaces kept."""
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return re.sub(r" (?= )", "&nbsp;", escaped)
