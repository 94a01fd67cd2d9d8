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

    header, i = parse_header_block(texts)
    for k in range(i):
        tags[k] = Section.HEADER

    heading_title: str | None = None
    if i < n - 1 and voice.looks_like_title(texts[i]) and _front_label(texts[i + 1]) is not None:
        heading_title = texts[i].strip(" *_~#")
        tags[i] = Section.HEADER
        i += 1

    body_start = _front_matter(texts, tags, kinds, i)
    end_start = _end_matter(texts, tags, kinds, body_start)

    for k in range(body_start, end_start):
        tags[k] = Section.BODY
        text = texts[k]
        if voice.is_scene_break(text):
            kinds[k] = Kind.BREAK
        elif voice.is_heading(text) or voice.is_ending_mark(text):
            kinds[k] = Kind.HEADING
        elif voice.is_note_label(text) and k > body_start:
            kinds[k] = Kind.NOTE

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
    return SplitStory(paragraphs, header, heading_title)


def _front_label(text: str) -> Section | None:
    if voice.is_disclaimer(text):
        return Section.DISCLAIMER
    if voice.is_note_label(text):
        return Section.NOTES
    return None


def _front_matter(
    texts: list[str], tags: list[Section | None], kinds: list[Kind], start: int
) -> int:
    """Tag the notes and disclaimer before the story; return where the story begins."""
    i = start
    current: Section | None = None
    n = len(texts)
    while i < n:
        text = texts[i]
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
        if voice.is_end_label(texts[k]) and all(
            voice.author_voice(t)
            or voice.is_end_label(t)
            or voice.is_scene_break(t)
            or len(t) < 200
            for t in texts[k + 1 :]
        ):
            end = k
            break
    # Unlabelled paragraphs that talk to readers, walking back from there.
    while end - 1 > body_start and voice.author_voice(texts[end - 1]):
        end -= 1
    if end < n and end - 1 > body_start and voice.is_scene_break(texts[end - 1]):
        end -= 1  # the rule between the story and its closing notes
        kinds[end] = Kind.BREAK
    for k in range(end, n):
        tags[k] = Section.END_NOTES
    return end


def _typical_gap(blocks: list[Block]) -> int:
    gaps = Counter(b.blank_before for b in blocks[1:])
    if not gaps:
        return 1
    return gaps.most_common(1)[0][0]
