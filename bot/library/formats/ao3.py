"""Archive of Our Own downloads: the HTML and EPUB files, and the same work as text.

AO3 builds every download from one template (its ``downloads`` views): a preface with the
title and a "Posted originally on the Archive of Our Own at URL." banner, the tags as a
``dl`` of ``Label:`` / values, the title again with its byline, "Summary" and "Notes" each
followed by a blockquote; then the chapters, each with an optional "Chapter N: title" heading,
"Chapter Summary", "Chapter Notes", the text and "Chapter End Notes"; then an "Afterword" with
"End Notes" and a footer asking readers to comment. Its EPUB is a conversion of that HTML,
and a browser's "save as text" or a calibre text conversion keeps the same words in the same
order, with the markup gone. So this reader goes by the template's own words, and by the
markup's hints (a blockquote is a note) where there is markup.
"""

from __future__ import annotations

import re

from bot.library import metadata, voice
from bot.library.formats.document import Chapter, Document, Part

_BANNER = re.compile(
    r"^(?P<title>.*?)\s*Posted originally on the (?P<site>.+?) at (?P<url>\S+?)\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_TAG_LABEL = re.compile(
    r"^(?P<label>Ratings?|Archive Warnings?|Categor(?:y|ies)|Fandoms?|Relationships?"
    r"|Characters?|Additional Tags?|Language|Series|Collections?|Stats)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_STATS = re.compile(
    r"^(?:Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits)\s*:",
    re.IGNORECASE,
)
# In the stats: "Chapters: 3/?" (posted/planned) and "Completed: <date>" say whether the work
# is finished (``bot.library.completion`` reads them).
_STAT_CHAPTERS = re.compile(r"\bChapters\s*:\s*(\d+\s*/\s*(?:\d+|\?))", re.IGNORECASE)
_STAT_COMPLETED = re.compile(r"\bCompleted\s*:\s*(\S+)", re.IGNORECASE)
_CHAPTER = re.compile(r"^Chapter\s+(?P<n>\d+)(?:\s*:\s*(?P<title>.+))?$", re.IGNORECASE)
_CHAPTER_BY = re.compile(r"^Chapter by\s", re.IGNORECASE)
_SEE_END = re.compile(
    r"^\(?\s*See the end of the (?:work|chapter) for (?:more )?(?:notes|other works inspired by"
    r" this one)\.?\s*\)?$",
    re.IGNORECASE,
)
_FOOTER = re.compile(r"^Please drop by the .+ and comment to let the creator", re.IGNORECASE)
_INSPIRED = re.compile(r"^Works inspired by this one", re.IGNORECASE)
_BYLINE = re.compile(r"^by\s+(?P<author>.+)$", re.IGNORECASE | re.DOTALL)

# The template's own labels: never story text.
_SUMMARY, _NOTES, _CH_SUMMARY, _CH_NOTES, _CH_END, _AFTERWORD, _END_NOTES, _PREFACE = (
    "summary",
    "notes",
    "chapter summary",
    "chapter notes",
    "chapter end notes",
    "afterword",
    "end notes",
    "preface",
)
_LABELS = frozenset(
    {_SUMMARY, _NOTES, _CH_SUMMARY, _CH_NOTES, _CH_END, _AFTERWORD, _END_NOTES, _PREFACE}
)


def looks_like(parts: list[Part]) -> bool:
    return any(_BANNER.match(p.text) for p in parts[:12])


def _label(text: str) -> str | None:
    key = text.strip().rstrip(":").strip().lower()
    return key if key in _LABELS else None


class _Reader:
    def __init__(self, parts: list[Part], markup: bool) -> None:
        self.parts = parts
        self.markup = markup  # blockquotes are marked: notes end exactly where they end
        self.i = 0
        self.doc = Document("ao3")
        self.chapter: Chapter | None = None
        self.next_number = 1

    def _structural(self, part: Part) -> bool:
        text = part.text
        return bool(
            _label(text)
            or self._chapter_heading(part)
            or _FOOTER.match(text)
            or _SEE_END.match(text)
            or (self.title and text == self.title and part.kind in ("heading", "text"))
        )

    @property
    def title(self) -> str:
        return self.doc.fields.get("title", "")

    def _chapter_heading(self, part: Part) -> re.Match[str] | None:
        if self.markup and part.kind != "heading":
            return None
        m = _CHAPTER.match(part.text)
        if m is None or int(m.group("n")) != self.next_number:
            return None
        return m

    def _collect(self, *, notes_then_text: bool) -> list[str]:
        """The paragraphs under a label: its blockquote, or (in text) up to the next label."""
        out: list[str] = []
        while self.i < len(self.parts):
            part = self.parts[self.i]
            if self._structural(part):
                break
            if self.markup and part.kind != "quote":
                break
            if not self.markup and notes_then_text and out and not voice.author_voice(part.text):
                break  # text with no markup: a chapter's notes give way to its story
            out.append(part.text)
            self.i += 1
        return out

    def run(self) -> Document:  # noqa: C901 (a walk over AO3's preface blocks, one branch per label AO3 prints)
        fields = self.doc.fields
        in_afterword = False
        while self.i < len(self.parts):
            part = self.parts[self.i]
            text = part.text
            self.i += 1
            label = _label(text)
            banner = _BANNER.match(text) if "title" not in fields else None
            if banner:
                title = banner.group("title").strip()
                if not title and self.i >= 2 and _label(self.parts[self.i - 2].text) is None:
                    title = self.parts[self.i - 2].text
                if title:
                    fields["title"] = title
                continue
            if label == _PREFACE or _SEE_END.match(text) or _CHAPTER_BY.match(text):
                continue
            if _FOOTER.match(text) or _INSPIRED.match(text):
                in_afterword = True
                continue
            tag = _TAG_LABEL.match(text) if self.chapter is None and not in_afterword else None
            if tag and (part.kind in ("label", "text")):
                value = tag.group("value").strip()
                if not value and self.i < len(self.parts):
                    value = self.parts[self.i].text
                    self.i += 1
                self._field(tag.group("label"), value)
                continue
            if self.chapter is None and not in_afterword:
                if _STATS.match(text) or part.kind == "value":
                    self._stats(text)
                    continue
                by = _BYLINE.match(text)
                if by and "author" not in fields:
                    fields["author"] = " ".join(by.group("author").split())
                    continue
                if "\n" in text and text.split("\n", 1)[0] == self.title:
                    # "Title\nby Author" in one block (a text conversion)
                    by = _BYLINE.match(text.split("\n", 1)[1])
                    if by:
                        fields.setdefault("author", " ".join(by.group("author").split()))
                        continue
            if label == _SUMMARY and self.chapter is None:
                fields["summary"] = "\n\n".join(self._collect(notes_then_text=False))
                continue
            if label == _NOTES and self.chapter is None:
                self.doc.front_notes.extend(self._collect(notes_then_text=False))
                continue
            if label == _AFTERWORD:
                in_afterword = True
                continue
            if label == _END_NOTES and in_afterword:
                self.doc.back_notes.extend(self._collect(notes_then_text=False))
                continue
            if in_afterword:
                continue  # the afterword's lists and links: never story text
            heading = self._chapter_heading(part)
            if heading:
                self.next_number += 1
                self.chapter = Chapter(title=(heading.group("title") or "").strip())
                self.doc.chapters.append(self.chapter)
                continue
            if self.chapter is None and text == self.title and "author" in fields:
                # The single-chapter work's text opens under the title, repeated.
                self.chapter = Chapter()
                self.doc.chapters.append(self.chapter)
                continue
            if label in (_CH_SUMMARY, _CH_NOTES, _CH_END) and self.chapter is not None:
                collected = self._collect(notes_then_text=label != _CH_END)
                if label == _CH_SUMMARY:
                    self.chapter.summary.extend(collected)
                elif label == _CH_NOTES:
                    self.chapter.notes.extend(collected)
                else:
                    self.chapter.end_notes.extend(collected)
                continue
            if self.chapter is None:
                if text == self.title or (self.markup and part.kind != "text"):
                    continue  # the title again (h1), or the preface's own markup
                if "author" not in fields and "summary" not in fields and not self.doc.chapters:
                    continue  # still in the preface: anything before the byline is its own
                self.chapter = Chapter()
                self.doc.chapters.append(self.chapter)
            self.chapter.paragraphs.append(text)
        return self.doc

    def _stats(self, text: str) -> None:
        chapters = _STAT_CHAPTERS.search(text)
        if chapters:
            self.doc.fields.setdefault("chapters", "".join(chapters.group(1).split()))
        completed = _STAT_COMPLETED.search(text)
        if completed:
            self.doc.fields.setdefault("completed", completed.group(1))

    def _field(self, label: str, value: str) -> None:
        if label.lower() == "stats":
            self._stats(value)
            return
        key = metadata.field_key(label) or label.lower()
        if key == "ignored":
            return
        self.doc.fields.setdefault(key, " ".join(value.split()))


def read(parts: list[Part], *, markup: bool, page_title: str = "") -> Document | None:
    """A Document when ``parts`` are an AO3 download; None when they are not."""
    if not looks_like(parts):
        return None
    doc = _Reader(parts, markup).run()
    if "author" not in doc.fields and page_title.count(" - ") >= 2:
        # <title>Title - Author - Fandom</title>
        doc.fields["author"] = page_title.split(" - ")[-2].strip()
    if not any(ch.paragraphs for ch in doc.chapters):
        return None
    return doc
