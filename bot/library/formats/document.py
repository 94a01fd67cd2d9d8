"""The one shape every reader produces: a story's fields, notes and chapters, as data.

Readers know where a format keeps its title, its tags and its chapters; once a file is a
``Document``, the rest of the pipeline (sections, metadata, character detection) no longer
cares which site or tool made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class FormatError(ValueError):
    """A file that claims a format (by its name) but cannot be read as it: the load says why."""


@dataclass(slots=True)
class Chapter:
    title: str = ""  # "" when the work has one untitled chapter
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # before the chapter's text
    paragraphs: list[str] = field(default_factory=list)  # the text, author's asides and all
    end_notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    source: str  # which reader made it: "ao3", "fanficfare", "ffn", "html"
    # Header fields under metadata's keys (title, author, fandom, rating, characters, ...);
    # fields no key names are kept under their own label, lower-cased.
    fields: dict[str, str] = field(default_factory=dict)
    front_notes: list[str] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    back_notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Part:
    """One block of a file's text, with what its markup says it is.

    ``kind`` is "heading" (h1-h6), "label" (dt), "value" (dd), "quote" (inside a
    blockquote: AO3's summaries and notes), "note" (FanFicFare's chapter notes), "rule" (hr) or "text" (anything else, and every
    block of a plain-text file).
    """

    text: str
    kind: str = "text"
