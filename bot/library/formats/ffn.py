"""Text copied from a fanfiction.net story page.

The page shows the title, "By: author", the summary, then one line of facts:
``Rated: Fiction T - English - Romance - Cloud S., Tifa L. - Words: 1,234 - ...``; the story
follows. That line is what marks such a copy.
"""

from __future__ import annotations

import re

from bot.library import metadata, voice
from bot.library.formats.document import Chapter, Document, Part

_RATED = re.compile(r"^\s*Rated\s*:\s*(?P<value>Fiction\s+\S+\s+-\s.*)$", re.IGNORECASE | re.DOTALL)
# Page furniture that a copy picks up between the byline and the facts line.
_FURNITURE = re.compile(r"^(?:\+?\s*Follow/Fav|Follow|Favorite|Review|Share)\s*$", re.IGNORECASE)
_WITHIN = 15  # the facts line sits near the top, or this is not a page copy


def read_text(parts: list[Part]) -> Document | None:
    rated = next(
        (k for k, p in enumerate(parts[:_WITHIN]) if _RATED.match(p.text.split("\n", 1)[0])),
        None,
    )
    if rated is None:
        return None
    m = _RATED.match(parts[rated].text)
    assert m is not None
    facts = metadata.ffn_rated(m.group("value"))
    if not facts:
        return None
    doc = Document("ffn")
    before = [p.text for p in parts[:rated] if not _FURNITURE.match(p.text)]
    if before and voice.looks_like_title(before[0]) and not voice.byline(before[0]):
        doc.fields["title"] = before.pop(0).strip()
    if before and (author := voice.byline(before[0])):
        doc.fields["author"] = author
        before.pop(0)
    if before:
        doc.fields["summary"] = "\n\n".join(before)
    doc.fields.update({k: v for k, v in facts.items() if k not in doc.fields})
    doc.fields["rating"] = m.group("value").split(" - ", 1)[0].strip()
    body = [p.text for p in parts[rated + 1 :]]
    if not body:
        return None
    doc.chapters.append(Chapter(paragraphs=body))
    return doc
