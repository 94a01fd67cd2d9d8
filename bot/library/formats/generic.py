"""Any other HTML or EPUB: its paragraphs, read like a text file's.

A page saved from a site this project does not know, or an EPUB from any tool: the blocks of
its markup are the paragraphs, and the usual reading of a story file (header fields, a title
and byline, notes, disclaimers) applies to them. The page title or the EPUB's own title and
creator fill in what the text does not say.
"""

from __future__ import annotations

from bot.library.formats.document import Chapter, Document, Part


def read(parts: list[Part], *, title: str = "", authors: list[str] | None = None) -> Document:
    doc = Document("html")
    if title:
        doc.fields["title"] = title
    if authors:
        doc.fields["author"] = ", ".join(authors)
    doc.chapters.append(Chapter(paragraphs=[p.text for p in parts]))
    return doc
