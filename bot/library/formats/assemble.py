"""A ``Document`` as the sections the rest of the pipeline reads (a ``SplitStory``).

The reader has already said where the notes, summaries and chapters are; only the text of each
chapter is left to read the usual way, because authors put their asides inside it ("A/N: ...",
"Disclaimer: ...", "Please review!") and FanFicFare passes them through as text. Notes before
any chapter text are the story's notes; notes after the last chapter's text are its end notes;
notes in between are ``NOTE`` paragraphs of the body, never quoted.
"""

from __future__ import annotations

from bot.library.formats.document import Document
from bot.library.sections import Kind, Paragraph, Section, SplitStory, split
from bot.library.text import Block


def to_split(doc: Document) -> SplitStory:  # noqa: C901 (maps each part of a Document to its section, one branch per part)
    header = dict(doc.fields)
    out: list[Paragraph] = [Paragraph(Section.NOTES, Kind.TEXT, t) for t in doc.front_notes]
    heading_title: str | None = None
    byline: str | None = None
    body_started = False  # once the body has begun, notes are the body's NOTE paragraphs
    last = len(doc.chapters) - 1
    tail: list[Paragraph] = []  # the last chapter's closing notes, then the afterword's
    starts: list[int] = []  # where in ``out`` each chapter begins

    def note(text: str) -> None:
        if body_started:
            out.append(Paragraph(Section.BODY, Kind.NOTE, text))
        else:
            out.append(Paragraph(Section.NOTES, Kind.TEXT, text))

    for index, chapter in enumerate(doc.chapters):
        starts.append(len(out))
        if chapter.title:
            out.append(Paragraph(Section.BODY, Kind.HEADING, chapter.title))
            body_started = True
        for text in [*chapter.summary, *chapter.notes]:
            note(text)
        inner = split([Block(t, 1) for t in chapter.paragraphs]) if chapter.paragraphs else None
        if inner is not None:
            for key, value in inner.header.items():
                if doc.source == "html":
                    header[key] = value  # the text's own fields beat a page's <title>
                else:
                    header.setdefault(key, value)
            if index == 0:
                heading_title, byline = inner.heading_title, inner.byline
            for p in inner.paragraphs:
                if p.section is Section.BODY:
                    out.append(p)
                    body_started = True
                elif p.section in (Section.END_NOTES, Section.DISCLAIMER) and body_started:
                    if index == last:
                        tail.append(Paragraph(p.section, Kind.TEXT, p.text))
                    else:
                        out.append(Paragraph(Section.BODY, Kind.NOTE, p.text))
                elif p.section in (Section.HEADER, Section.DISCLAIMER) and not body_started:
                    out.append(p)
                else:
                    note(p.text)
        for text in chapter.end_notes:
            if index == last:
                tail.append(Paragraph(Section.END_NOTES, Kind.TEXT, text))
            else:
                out.append(Paragraph(Section.BODY, Kind.NOTE, text))
    tail.extend(Paragraph(Section.END_NOTES, Kind.TEXT, t) for t in doc.back_notes)
    paragraphs = _scene_starts([*_headers_first(out), *tail])
    if doc.source == "html":
        header.setdefault("title", heading_title or "")
        header.setdefault("author", byline or "")
        header = {k: v for k, v in header.items() if v}
    return SplitStory(
        paragraphs,
        header,
        header.get("title") or heading_title,
        header.get("author") or byline,
        chapter_starts=_moved(out, starts),
    )


def _moved(paragraphs: list[Paragraph], starts: list[int]) -> tuple[int, ...]:
    """Where the chapters begin once ``_headers_first`` has put the header first: after every
    header paragraph and every other paragraph that was before them."""
    headers = sum(1 for p in paragraphs if p.section is Section.HEADER)
    before = [0]
    for p in paragraphs:
        before.append(before[-1] + (p.section is not Section.HEADER))
    return tuple(headers + before[k] for k in starts)


def _headers_first(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Header paragraphs found inside the first chapter's text go before its notes."""
    lead = [p for p in paragraphs if p.section is Section.HEADER]
    return [*lead, *(p for p in paragraphs if p.section is not Section.HEADER)]


def _scene_starts(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A scene starts at the body's first text and after every break, heading or note."""
    out: list[Paragraph] = []
    new_scene = True
    for p in paragraphs:
        if p.section is Section.BODY:
            if p.kind is not Kind.TEXT:
                new_scene = True
            else:
                p = Paragraph(p.section, p.kind, p.text, new_scene or p.scene_start)
                new_scene = False
        out.append(p)
    return out
