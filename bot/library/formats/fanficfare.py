"""FanFicFare's downloads: its TXT, HTML and EPUB writers.

Each opens with the title and "by Author" (one heading in HTML and EPUB, two lines in TXT),
then one ``Label: value`` line per field (Category, Genre, Language, Characters,
Relationships, Status, Published, Updated, Packaged, Rating, Warnings, Chapters, Words,
Publisher, Story URL, Author URL, Summary); then, for several chapters, a table of contents;
then each chapter under its title (an indented line in TXT, a heading in HTML and EPUB); the
TXT ends with "End file.". TXT wraps long values at 78 columns, continuing them on lines
with no label.
"""

from __future__ import annotations

import re

from bot.library import metadata
from bot.library.formats.document import Chapter, Document, Part

_LABEL_LINE = re.compile(r"^(?P<label>[A-Z][A-Za-z' ]{1,30}):\s*(?P<value>.*)$")
# Labels only FanFicFare writes together: two of them (with a byline) identify its output.
_SIGNATURE = frozenset({"packaged", "publisher", "story url", "author url", "status"})
_TOC = re.compile(r"^table of contents$", re.IGNORECASE)
_END_FILE = re.compile(r"^End file\.?$", re.IGNORECASE)
_TITLE_BY = re.compile(r"^(?P<title>.+) by (?P<author>[^\n]+)$", re.DOTALL)
_BY = re.compile(r"^by (?P<author>.+)$", re.IGNORECASE)
# FanFicFare's names for fields, where they differ from AO3's.
_KEYS = {
    "category": "fandom",
    "genre": "genre",
    "pairings": "relationships",
    "ships": "relationships",
}
_NOTE_LABELS = re.compile(
    r"^(?:Author's Note|Summary for the Chapter|Notes for the Chapter|Notes for the End of the"
    r" Chapter)\s*:\s*",
    re.IGNORECASE,
)


def _fields(lines: list[str]) -> dict[str, str] | None:
    """``Label: value`` lines (continuations joined); None unless FanFicFare wrote them."""
    fields: dict[str, str] = {}
    last: str | None = None
    for line in lines:
        m = _LABEL_LINE.match(line.strip())
        if m:
            last = m.group("label").strip().lower()
            fields[last] = m.group("value").strip()
        elif last is not None and line.strip():
            fields[last] = (fields[last] + " " + line.strip()).strip()
    if len(_SIGNATURE & fields.keys()) < 2:
        return None
    return fields


def _document(title: str, author: str, raw_fields: dict[str, str]) -> Document:
    doc = Document("fanficfare")
    doc.fields["title"] = title.strip()
    doc.fields["author"] = author.strip()
    for label, value in raw_fields.items():
        key = _KEYS.get(label) or metadata.field_key(label) or label
        if key != "ignored" and value:
            doc.fields.setdefault(key, value)
    return doc


def read_text(parts: list[Part]) -> Document | None:
    """FanFicFare's TXT: ``parts`` are the file's blocks, leading spaces kept."""
    if len(parts) < 4 or not _BY.match(parts[1].text.strip()):
        return None
    title, author = parts[0].text.strip(), _BY.match(parts[1].text.strip())
    assert author is not None
    i = 2
    lines: list[str] = []
    while i < len(parts) and not _heading(parts[i].text) and not _TOC.match(parts[i].text):
        lines.extend(parts[i].text.split("\n"))
        i += 1
    raw_fields = _fields(lines)
    if raw_fields is None:
        return None
    doc = _document(title, author.group("author"), raw_fields)
    if i < len(parts) and _TOC.match(parts[i].text):
        i += 1
        while i < len(parts) and not _heading(parts[i].text):
            i += 1  # the chapter titles, listed
    chapter: Chapter | None = None
    for part in parts[i:]:
        if _heading(part.text):
            chapter = Chapter(title=part.text.strip())
            doc.chapters.append(chapter)
        elif _END_FILE.match(part.text.strip()):
            continue
        elif chapter is not None:
            chapter.paragraphs.append(part.text.strip())
    return doc if any(ch.paragraphs for ch in doc.chapters) else None


def _heading(text: str) -> bool:
    """A chapter title: one line, indented (a tab, or the spaces FanFicFare writes for it)."""
    return "\n" not in text and text[:1] in ("\t", " ") and bool(text.strip())


def read_markup(parts: list[Part]) -> Document | None:
    """FanFicFare's HTML and EPUB: a "Title by Author" heading, then labelled lines."""
    if not parts or parts[0].kind != "heading":
        return None
    m = _TITLE_BY.match(parts[0].text)
    if m is None:
        return None
    i = 1
    lines: list[str] = []
    while i < len(parts) and parts[i].kind != "heading":
        lines.extend(parts[i].text.split("\n"))
        i += 1
    raw_fields = _fields(lines)
    if raw_fields is None:
        return None
    doc = _document(m.group("title"), m.group("author"), raw_fields)
    chapter: Chapter | None = None
    in_toc = False
    for part in parts[i:]:
        if part.kind == "heading":
            in_toc = bool(_TOC.match(part.text))
            if not in_toc:
                chapter = Chapter(title=part.text)
                doc.chapters.append(chapter)
            continue
        if in_toc or chapter is None:
            continue
        if part.kind == "note":
            note = _NOTE_LABELS.match(part.text)
            said = part.text[note.end() :].strip() if note else part.text
            (chapter.end_notes if chapter.paragraphs else chapter.notes).append(said)
        else:
            chapter.paragraphs.append(part.text)
    return doc if any(ch.paragraphs for ch in doc.chapters) else None
