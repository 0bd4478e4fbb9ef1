"""Anki's field HTML as clean text: line breaks kept, entities decoded, tags and media dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that start a new line when rendered; everything else is inline.
_BLOCKS = {
    "address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"script", "style", "head", "title"}
_MEDIA = {"img", "audio", "video", "object", "embed", "source"}
SOUND_RE = re.compile(r"\[sound:[^\]]*\]")
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


def plain_to_text(text: str) -> Text:
    media = len(SOUND_RE.findall(text))
    return Text(clean(SOUND_RE.sub("", text)), media)


def html_to_text(markup: str) -> Text:
    parser = _Parser()
    parser.feed(SOUND_RE.sub(lambda _: parser.count_media(), markup))
    parser.close()
    return Text(clean("".join(parser.parts)), parser.media)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media = 0
        self.hidden = 0
        self.pre = 0

    def count_media(self) -> str:
        self.media += 1
        return ""

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
        elif tag in _BLOCKS:
            self._break()
            if tag == "li":
                self.parts.append("- ")
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
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.pre:
            # HTML collapses runs of whitespace, newlines included; only tags break lines.
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        if data:
            self.parts.append(data)
