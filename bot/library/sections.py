"""Split a story file into its sections: header, author's notes, disclaimer, body, end notes.

The result keeps every paragraph, in file order, tagged with its section and kind, so the
sections put back together give the original paragraphs. Scene breaks stay in the body as
``BREAK`` paragraphs (or as a gap of extra blank lines, recorded on the next paragraph).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from bot.library import voice
from bot.library.metadata import HeaderFields, parse_header_block
from bot.library.text import Block


class Section(StrEnum):
    HEADER = "header"
    NOTES = "notes"
    DISCLAIMER = "disclaimer"
    BODY = "body"
    END_NOTES = "end_notes"


class Kind(StrEnum):
    TEXT = "text"  # prose: may be quoted
    BREAK = "break"  # a scene-break line (* * *, oOo, ...)
    HEADING = "heading"  # Chapter 2, Prologue, The End: structure, not prose
    NOTE = "note"  # an author's note in the middle of the body: never quoted


@dataclass(frozen=True, slots=True)
class Paragraph:
    section: Section
    kind: Kind
    text: str
    scene_start: bool = False  # first paragraph of a new scene (after a break or a wide gap)


@dataclass(frozen=True, slots=True)
class SplitStory:
    paragraphs: list[Paragraph]
    header: HeaderFields
    heading_title: str | None  # a bare title line above the notes, when the file has one
    byline: str | None = None  # the author named under that title ("by silverfeather")
    # Where each chapter a format gave begins among ``paragraphs`` (empty: none given).
    chapter_starts: tuple[int, ...] = ()

    def section(self, name: Section) -> list[str]:
        return [p.text for p in self.paragraphs if p.section is name]

    @property
    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.section is Section.BODY]

    @property
    def prose(self) -> list[Paragraph]:
        return [p for p in self.body if p.kind is Kind.TEXT]


# How far from the end an end-note label may sit: notes after the story are a few paragraphs.
_END_WINDOW = 12


def split(blocks: list[Block]) -> SplitStory:
    texts = [b.text for b in blocks]
    n = len(texts)
    tags: list[Section | None] = [None] * n
    kinds: list[Kind] = [Kind.TEXT] * n

    header, heading_title, byline, i = _header(texts)
    for k in range(i):
        tags[k] = Section.HEADER

    body_start = _front_matter(texts, tags, kinds, i, header)
    end_start = _end_matter(texts, tags, kinds, body_start)

    _body_kinds(texts, tags, kinds, body_start, end_start)

    typical_gap = _typical_gap(blocks[body_start:end_start])
    paragraphs: list[Paragraph] = []
    new_scene = True
    for k, block in enumerate(blocks):
        section = tags[k] or Section.BODY
        kind = kinds[k]
        scene_start = False
        if section is Section.BODY:
            if kind is not Kind.TEXT:
                new_scene = True
            else:
                scene_start = new_scene or (k > body_start and block.blank_before > typical_gap)
                new_scene = False
        paragraphs.append(Paragraph(section, kind, block.text, scene_start))
    return SplitStory(paragraphs, header, heading_title, byline)


def _header(texts: list[str]) -> tuple[HeaderFields, str | None, str | None, int]:
    """Everything above the notes that describes the work: ``Field: value`` blocks, AO3's
    download banner, a title with its byline. Returns fields, title, author, paragraphs used."""
    header: HeaderFields = {}
    title: str | None = None
    author: str | None = None
    i = 0
    while i < len(texts):
        fields, used = parse_header_block(texts[i:])
        if not used:
            banner = voice.ao3_banner(texts[i])
            if banner is not None:
                title = title or banner
                used = 1
        if not used and author is None:
            found_title, found_author, used = _title_block(texts[i:])
            if used:
                title = title or found_title
                author = found_author
        if not used:
            break
        for key, value in fields.items():
            header.setdefault(key, value)
        i += used
    return header, title, author, i


def _title_line(text: str) -> bool:
    return (
        voice.looks_like_title(text)
        and _front_label(text) is None
        and not voice.label_only(text)
        and not voice.author_voice(text)
        and not voice.is_heading(text)
        and not voice.is_scene_break(text)
        and not voice.is_ending_mark(text)
    )


def _title_block(texts: list[str]) -> tuple[str | None, str | None, int]:
    """A title (and byline) at the top: ``(title, author, paragraphs used)``.

    A short line is a title when a byline follows it ("by silverfeather", in the same
    paragraph or the next) or when the notes or disclaimer follow it at once.
    """
    n = len(texts)
    if n < 2:
        return None, None, 0
    lines = texts[0].split("\n")
    if len(lines) == 2 and _title_line(lines[0]) and (author := voice.byline(lines[1])):
        return _clean_title(lines[0]), author, 1
    if not _title_line(texts[0]):
        return None, None, 0
    if n > 2 and (author := voice.byline(texts[1])):
        return _clean_title(texts[0]), author, 2
    if _front_label(texts[1]) is not None:
        return _clean_title(texts[0]), None, 1
    return None, None, 0


def _clean_title(text: str) -> str:
    return text.strip(" *_~#")


def _body_kinds(
    texts: list[str], tags: list[Section | None], kinds: list[Kind], start: int, end: int
) -> None:
    """Scene breaks, headings and the author's notes in the middle of the story."""
    note_open = False  # inside a labelled note: author-voice paragraphs after it are its own
    label_pending = False  # "A/N:" alone on its line: the next paragraph is what it says
    for k in range(start, end):
        tags[k] = Section.BODY
        text = texts[k]
        if voice.is_scene_break(text):
            kinds[k] = Kind.BREAK
            note_open = label_pending = False
        elif k > start and (voice.is_note_label(text) or voice.DISCLAIMER_LABEL.match(text)):
            kinds[k] = Kind.NOTE
            note_open = True
            label_pending = voice.label_only(text)
        elif voice.is_heading(text) or voice.is_ending_mark(text):
            kinds[k] = Kind.HEADING
            note_open = label_pending = False
        elif label_pending or (note_open and voice.author_voice(text)):
            kinds[k] = Kind.NOTE
            label_pending = False
        else:
            note_open = label_pending = False
    # A multi-chapter file: unlabelled notes around a chapter heading ("Thanks for reading!
    # Chapter 2 soon" before it, "Sorry for the wait!" after it) are notes, not prose.
    for k in range(start, end):
        if kinds[k] is not Kind.HEADING or not voice.is_heading(texts[k]):
            continue
        for step in (-1, 1):
            j = k + step
            while (
                start <= j < end
                and kinds[j] is Kind.TEXT
                and voice.author_voice(texts[j], strict=True)
            ):
                kinds[j] = Kind.NOTE
                j += step


def _front_label(text: str) -> Section | None:
    if voice.is_disclaimer(text):
        return Section.DISCLAIMER
    if voice.is_note_label(text):
        return Section.NOTES
    return None


def _front_matter(  # noqa: C901 (one pass finding where the notes end; each branch is a rule of the formats)
    texts: list[str],
    tags: list[Section | None],
    kinds: list[Kind],
    start: int,
    header: HeaderFields,
) -> int:
    """Tag the notes and disclaimer before the story; return where the story begins.

    ``Pairing:``/``Rating:``/``Warning:`` lines among the notes are header fields: they go
    into ``header`` (where the header block has not already given them).
    """
    i = start
    current: Section | None = None
    n = len(texts)
    while i < n:
        text = texts[i]
        fields, used = parse_header_block(texts[i:])
        if used:
            for key, value in fields.items():
                header.setdefault(key, value)
            for k in range(i, i + used):
                tags[k] = Section.HEADER
            i += used
            continue
        label = _front_label(text)
        if label is not None:
            current = label
            tags[i] = label
            if voice.label_only(text) and i + 1 < n:
                i += 1  # "Disclaimer:" on its own line: the next paragraph is what it says
                tags[i] = label
            i += 1
            continue
        if voice.is_scene_break(text):
            if current is None:
                break  # a story that opens with a rule: the rule is the body's
            # A rule after the notes closes them; it belongs to the front matter.
            tags[i] = current
            kinds[i] = Kind.BREAK
            i += 1
            if i < n and _front_label(texts[i]) is None and not voice.author_voice(texts[i]):
                break
            continue
        if current is not None and voice.author_voice(text):
            # Notes often run on for several paragraphs in the author's voice.
            if current is Section.DISCLAIMER and not voice.is_disclaimer(text):
                current = Section.NOTES
            tags[i] = current
            i += 1
            continue
        if current is None and voice.author_voice(text, strict=True):
            current = Section.NOTES  # "Hi everyone! My first fic..." with no label
            tags[i] = current
            i += 1
            continue
        break
    return i


def _end_matter(
    texts: list[str], tags: list[Section | None], kinds: list[Kind], body_start: int
) -> int:
    """Tag the closing notes after the story; return where they begin (len if none)."""
    n = len(texts)
    if n - body_start < 2:
        return n  # a one-paragraph story has no room for closing notes
    end = n
    # A label near the end ("A/N:", "End notes", "R&R") opens closing notes that run to the end.
    window_start = max(body_start + 1, n - _END_WINDOW)
    for k in range(window_start, n):
        if _closing_label(texts[k]) and all(
            voice.author_voice(t)
            or _closing_label(t)
            or voice.is_scene_break(t)
            or voice.is_sign_off(t)
            or (k + 1 == j and voice.label_only(texts[k]))
            for j, t in enumerate(texts[k + 1 :], start=k + 1)
        ):
            end = k
            break
    # Unlabelled paragraphs that talk to readers, walking back from there.
    while end - 1 > body_start and (
        voice.author_voice(texts[end - 1]) or voice.DISCLAIMER_LABEL.match(texts[end - 1])
    ):
        end -= 1
    if end < n and end - 1 > body_start and voice.is_scene_break(texts[end - 1]):
        end -= 1  # the rule between the story and its closing notes
        kinds[end] = Kind.BREAK
    # A disclaimer put last is still the disclaimer ("Disclaimer:" alone takes the next one).
    disclaimer_next = False
    for k in range(end, n):
        text = texts[k]
        if disclaimer_next or voice.is_disclaimer(text):
            tags[k] = Section.DISCLAIMER
            disclaimer_next = bool(voice.DISCLAIMER_LABEL.match(text)) and voice.label_only(text)
        else:
            tags[k] = Section.END_NOTES
            disclaimer_next = False
    return end


def _closing_label(text: str) -> bool:
    return voice.is_end_label(text) or bool(voice.DISCLAIMER_LABEL.match(text))


def _typical_gap(blocks: list[Block]) -> int:
    gaps = Counter(b.blank_before for b in blocks[1:])
    if not gaps:
        return 1
    return gaps.most_common(1)[0][0]
