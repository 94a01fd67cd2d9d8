"""Story files in the shapes people really have them, each read into one ``Document``.

====================  ==============================================================
module                reads
====================  ==============================================================
``markup``            HTML/XHTML into blocks of text with their markup's hints (lxml)
``epub``              an EPUB's pages in reading order (zipfile + lxml)
``ao3``               Archive of Our Own downloads: HTML, EPUB, and as text
``fanficfare``        FanFicFare's TXT, HTML and EPUB
``ffn``               text copied from a fanfiction.net story page
``generic``           any other HTML or EPUB, read like a text file
``assemble``          a ``Document`` as the sections the pipeline reads
====================  ==============================================================

Plain text that none of the text readers recognises is not a ``Document``: it goes through
``bot.library.sections`` as it always has.
"""

from __future__ import annotations

import re

from bot.library import text
from bot.library.formats import ao3, epub, fanficfare, ffn, generic, markup
from bot.library.formats.document import Chapter, Document, FormatError, Part

__all__ = [
    "HTML_SUFFIXES",
    "MARKUP_SUFFIXES",
    "Chapter",
    "Document",
    "FormatError",
    "Part",
    "read_markup",
    "read_text",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
EPUB_SUFFIXES = frozenset({".epub"})
MARKUP_SUFFIXES = HTML_SUFFIXES | EPUB_SUFFIXES

# A text file is only worth a closer look (a second pass over its blocks) when one of these
# is near its top: AO3's banner, fanfiction.net's facts line, FanFicFare's title and byline.
_TEXT_SIGNS = ("Posted originally on the", "Rated: Fiction", "Rated:Fiction")
_FFF_TOP = re.compile(r"\A[^\n]+\n\n+by [^\n]+\n")
_SNIFF_CHARS = 4096


def read_markup(raw: bytes, suffix: str) -> Document:
    """An HTML or EPUB file as a Document. Raises FormatError when it is neither."""
    if suffix.lower() in EPUB_SUFFIXES:
        content = epub.read(raw)
        parts, title, authors = content.parts, content.title, content.authors
    else:
        root = markup.parse_html(raw)
        parts, title, authors = markup.parts(root), markup.title_of(root), []
    return (
        ao3.read(parts, markup=True, page_title=title)
        or fanficfare.read_markup(parts)
        or generic.read(parts, title=title, authors=authors)
    )


def read_text(clean: str) -> Document | None:
    """A text file in a shape we know (an AO3 or FanFicFare download, a fanfiction.net copy)
    as a Document; None for any other text, which the usual sections reading handles."""
    head = clean[:_SNIFF_CHARS]
    if not any(sign in head for sign in _TEXT_SIGNS) and not _FFF_TOP.match(head):
        return None
    parts = [Part(b.text) for b in text.blocks(clean)]
    return ao3.read(parts, markup=False) or fanficfare.read_text(parts) or ffn.read_text(parts)
