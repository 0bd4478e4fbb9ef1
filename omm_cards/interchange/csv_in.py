"""CSV and TSV files: plain front/back rows, or Anki's text export with its `#key:value` header lines.

The header is read as Anki reads it (docs.ankiweb.net, "Importing text files"): `#separator:`,
`#html:`, `#tags:`, `#columns:`, `#notetype:`, `#deck:` and the 1-based `#guid column:`,
`#notetype column:`, `#deck column:` and `#tags column:`. Lines starting with `#` where a row would
start are comments, as in Anki. Every row must have as many fields as the first (or as `#columns:`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from omm_cards.errors import DeckError
from omm_cards.interchange.drafts import Draft, Skipped
from omm_cards.interchange.html_text import Text, html_to_text, plain_to_text, to_html
from omm_cards.interchange.own_notetypes import OWN, own_card
from omm_cards.interchange.text_notes import BACK_LABELS, FRONT_LABELS, TEXT_LABELS, keep_rows
from omm_cards.model import CLOZE_RE, CardType

SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
META_COLUMNS = ("guid", "notetype", "deck", "tags")
MAX_PROBLEMS = 20
LABELS = {"front", "back", "question", "answer", "text", "extra", "back extra", "source", "sources", "add reverse"}
LABELS |= set(META_COLUMNS)


@dataclass
class Header:
    separator: str | None = None
    html: bool | None = None
    tags: list[str] = field(default_factory=list)
    labels: list[str] | None = None
    notetype: str = ""
    deck: str = ""
    columns: dict[str, int] = field(default_factory=dict)  # guid/notetype/deck/tags -> 0-based column
    lines: int = 0  # how many lines it took
    columns_line: int = 1  # where `#columns:` stood


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a BOM) or UTF-16 with a BOM; anything else is refused with its place."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DeckError([f"{name}:1:1: -: file: damaged UTF-16 text"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = "not UTF-8 text (unknown encoding); save the file as UTF-8"
        raise DeckError([f"{name}:{line}:{col}: -: file: {message}"]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DeckError([f"{name}:{line}:1: -: file: unknown encoding (UTF-16 without a byte order mark?)"])
    return text


def read_csv(
    data: bytes, name: str, default_separator: str, *, skip_bad: bool = False
) -> tuple[list[Draft], list[Skipped], int, dict[str, Any] | None]:
    """The file's rows as drafts, the rows skipped and why, the media references dropped, and the Anki
    notes its rows were (text_notes' sidecar), when rows name a GUID in an Anki note type.

    A row with the wrong number of fields refuses the file, or with `skip_bad` is skipped and listed.
    """
    lines = io.StringIO(decode(data, name), newline="").readlines()
    header = _header(lines, name)
    body = lines[header.lines :]
    separator = header.separator or _sniff(body, default_separator)
    if header.labels:
        try:
            header.labels = next(csv.reader(header.labels, delimiter=separator), [])
        except csv.Error as error:
            raise DeckError([f"{name}:{header.columns_line}:1: -: columns: {error}"]) from None
    records = list(_records(body, separator, header.lines, name))
    if header.labels is None and records and _is_label_row(records[0][1]):
        header.labels = records.pop(0)[1]
    for i, label in enumerate(header.labels or []):
        # A column named like Anki's own (`Tags`, `GUID`, `Deck`, `Notetype`) is that column.
        key = label.strip().lower()
        if key in META_COLUMNS:
            header.columns.setdefault(key, i)
    if not records:
        raise DeckError([f"{name}:{header.lines + 1}:1: -: file: no rows to import"])
    width = len(header.labels) if header.labels else len(records[0][1])
    skipped = _check(header, records, width, name, skip_bad)
    if skipped:
        bad = {s.where for s in skipped}
        records = [(line, row) for line, row in records if f"{name}:{line}" not in bad]
    html = header.html if header.html is not None else any(_LOOKS_LIKE_HTML.search(v) for _, r in records for v in r)
    drafts: list[Draft] = []
    kept: list[tuple[str, str, list[str], tuple[str, ...]]] = []
    media = 0
    meta = set(header.columns.values())
    names = [(header.labels[i] if header.labels else "").strip() for i in range(width) if i not in meta]
    for line, row in records:
        where = f"{name}:{line}"
        texts = [(html_to_text if html else plain_to_text)(v) for i, v in enumerate(row) if i not in meta]
        media += sum(t.media for t in texts)
        made = list(_row_drafts(where, row, header, dict(zip(range(len(texts)), texts, strict=True)), names))
        if not made:
            skipped.append(Skipped(where, "an image occlusion note needs its images"))
        drafts.extend(made)
        notetype = _column(header, row, "notetype", header.notetype)
        fields = [v if html else to_html(v) for i, v in enumerate(row) if i not in meta]
        if made and made[0].guid and notetype and notetype not in OWN and fields:
            kept.append((made[0].guid, notetype, fields, made[0].tags))
    return drafts, skipped, media, keep_rows(names, kept) if kept else None


def _header(lines: list[str], name: str) -> Header:
    header = Header()
    problems: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if number == 1 and line.startswith("tags:"):
            header.tags = line[5:].split()
        elif not line.startswith("#"):
            break
        elif ":" in line:
            key, _, value = line[1:].partition(":")
            problem = _meta(header, key.strip().lower(), value)
            if key.strip().lower() == "columns":
                header.columns_line = number
            if problem:
                problems.append(f"{name}:{number}:1: -: {key.strip()}: {problem}")
        header.lines = number
    if problems:
        raise DeckError(problems)
    return header


def _meta(header: Header, key: str, value: str) -> str | None:
    if key == "separator":
        found = SEPARATORS.get(value.strip().lower(), value if len(value) == 1 else None)
        if found is None or found in '"\r\n':
            return f"unknown separator {value!r}; use one of {', '.join(SEPARATORS)} or a single character"
        header.separator = found
    elif key == "html":
        if value.strip().lower() not in ("true", "false"):
            return f"expected true or false, not {value!r}"
        header.html = value.strip().lower() == "true"
    elif key == "tags":
        header.tags = value.split()
    elif key == "columns":
        header.labels = [value.rstrip("\r\n")]  # split once the separator is known
    elif key in ("notetype", "deck"):
        setattr(header, key, value.strip())
    elif key.endswith(" column") and key[: -len(" column")] in META_COLUMNS:
        if not value.strip().isdigit() or int(value) < 1:
            return f"expected a column number from 1, not {value!r}"
        header.columns[key[: -len(" column")]] = int(value) - 1
    return None  # other keys (such as `if matches`) only steer Anki's own importer


def _is_label_row(row: list[str]) -> bool:
    """A first row such as `front,back` names the columns of a plain file (Anki would need `#columns:`)."""
    labels = {cell.strip().lower() for cell in row}
    return labels <= LABELS and bool(labels & {"front", "question", "text"})


def _sniff(body: list[str], default: str) -> str:
    first = next((line for line in body if line.strip() and not line.startswith("#")), "")
    return next((s for s in ("\t", ";", ",") if s in first), default)


def _records(body: list[str], separator: str, offset: int, name: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on; a `#` where a row would start is a comment line, as in Anki."""
    state = {"line": offset, "first": 0, "start": 1}

    def feed() -> Iterator[str]:
        for raw in body:
            state["line"] += 1
            if state["start"]:
                if raw.startswith("#"):
                    continue
                state["start"], state["first"] = 0, state["line"]
            yield raw

    # csv.reader pulls lines only as it needs them, so `start` marks where each row begins.
    reader = csv.reader(feed(), delimiter=separator, quotechar='"', doublequote=True)
    while True:
        state["start"] = 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DeckError([f"{name}:{state['first']}:1: -: row: {error}"]) from None
        if any(cell.strip() for cell in row):
            yield state["first"], row


def _check(
    header: Header, records: list[tuple[int, list[str]]], width: int, name: str, skip_bad: bool
) -> list[Skipped]:
    problems = []
    for key, column in header.columns.items():
        if column >= width:
            problems.append(f"{name}:1:1: -: {key} column: column {column + 1} is past the last ({width})")
    ragged = [(line, len(row)) for line, row in records if len(row) != width]
    if skip_bad and not problems:
        if len(ragged) == len(records):
            problems.append(f"{name}:{ragged[0][0]}:1: -: row: no row has the fields the first has")
        else:
            why = "has {} fields; expected {} like the first row"
            return [Skipped(f"{name}:{line}", why.format(count, width)) for line, count in ragged]
    for line, count in ragged[:MAX_PROBLEMS]:
        problems.append(f"{name}:{line}:1: -: row: has {count} fields; expected {width} like the first row")
    if len(ragged) > MAX_PROBLEMS:
        problems.append(f"{name}:{ragged[MAX_PROBLEMS][0]}:1: -: row: and {len(ragged) - MAX_PROBLEMS} more such rows")
    if ragged and not skip_bad:
        problems.append(f"{name}:{ragged[0][0]}:1: -: file: nothing imported; --skip-bad imports the other rows")
    if problems:
        raise DeckError(problems)
    return []


def _column(header: Header, row: list[str], key: str, default: str) -> str:
    """A meta column's value in a row (guid, notetype, deck, tags), or the header's default."""
    index = header.columns.get(key)
    return row[index].strip() if index is not None else default


def _row_drafts(
    where: str, row: list[str], header: Header, texts: dict[int, Text], names: list[str]
) -> Iterator[Draft]:
    guid = _column(header, row, "guid", "") or None
    deck = _column(header, row, "deck", header.deck)
    tags = tuple(header.tags + _column(header, row, "tags", "").split())
    own = OWN.get(_column(header, row, "notetype", header.notetype))
    if own is not None:
        # Our own export (csv_out): the note's fields in its note type's order, read back field by field.
        text = {name: texts[i].text if i in texts else "" for i, name in enumerate(own.fields)}
        source = text.pop("Source")
        card_type, content = own_card(own, text)
        yield Draft(where, guid, 0, card_type, content, tags, deck, source)
        return
    notetype = _column(header, row, "notetype", header.notetype).lower()
    values = {i: texts[i].text for i in texts}
    by_name = {label.lower(): i for i, label in enumerate(names) if label}
    source_at = next((by_name[n] for n in ("source", "sources") if n in by_name), None)
    source = values.get(source_at, "") if source_at is not None else ""

    def pick(labels: tuple[str, ...], position: int) -> int | None:
        found = next((by_name[label] for label in labels if label in by_name), None)
        return found if found is not None else (position if position in values else None)

    if "occlusion" in notetype:
        return
    cloze = "cloze" in notetype or (not notetype and bool(CLOZE_RE.search(values.get(0, ""))))
    if cloze:
        text_at = pick(TEXT_LABELS, 0)
        rest = [i for i in values if i not in (text_at, source_at)]
        content = {"text": values.get(text_at, "") if text_at is not None else "", "extra": _extra(rest, values)}
        yield Draft(where, guid, 0, CardType.CLOZE, content, tags, deck, source)
        return
    front_at, back_at = pick(FRONT_LABELS, 0), pick(BACK_LABELS, 1)
    reverse_at = pick(("add reverse",), 2) if "optional" in notetype else None
    used = {front_at, back_at, source_at, reverse_at}
    extra = _extra([i for i in values if i not in used], values)
    front = values.get(front_at, "") if front_at is not None else ""
    back = values.get(back_at, "") if back_at is not None else ""
    if "type" in notetype and "answer" in notetype:
        typed = {"front": front, "answer": back, "extra": extra}
        yield Draft(where, guid, 0, CardType.TYPED, typed, tags, deck, source)
        return
    yield Draft(where, guid, 0, CardType.BASIC, {"front": front, "back": back, "extra": extra}, tags, deck, source)
    reverse = "reverse" in notetype and (reverse_at is None or bool(values.get(reverse_at)))
    if reverse:
        swapped = {"front": back, "back": front, "extra": extra}
        yield Draft(where, guid, 1, CardType.BASIC, swapped, tags, deck, source)


def _extra(columns: list[int], values: dict[int, str]) -> str:
    return "\n\n".join(values[i] for i in columns if values.get(i))
