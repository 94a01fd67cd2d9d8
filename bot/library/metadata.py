"""Story metadata: AO3-style header blocks, sidecar TOML files, and derived values.

A header block is the run of ``Field: value`` lines at the top of a file, in AO3's field
names. A sidecar ``<stem>.toml`` beside the file holds the same fields and wins over the
header. Whatever neither says is derived from the story itself and marked as derived.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# AO3's field names (and the common variants people type), mapped to one key each.
_FIELD_NAMES: dict[str, str] = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "writer": "author",
    "fandom": "fandom",
    "fandoms": "fandom",
    "rating": "rating",
    "rated": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "warning": "warnings",
    "warnings": "warnings",
    "category": "category",
    "categories": "category",
    "relationship": "relationships",
    "relationships": "relationships",
    "pairing": "relationships",
    "pairings": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tags": "tags",
    "tags": "tags",
    "freeform": "tags",
    "summary": "summary",
    "language": "language",
    "series": "series",
    "words": "ignored",
    "chapters": "ignored",
    "published": "ignored",
    "updated": "ignored",
    "completed": "ignored",
    "status": "ignored",
    "stats": "ignored",
}
LIST_FIELDS = frozenset({"warnings", "category", "relationships", "characters", "tags"})
_FIELD_LINE = re.compile(
    r"^\s*[*_]{0,2}("
    + "|".join(sorted((re.escape(k) for k in _FIELD_NAMES), key=len, reverse=True))
    + r")[*_]{0,2}\s*:[*_]{0,2}\s*(.*)$",
    re.IGNORECASE,
)

_BARE_SUMMARY = re.compile(r"^\s*[*_]{0,2}summary[*_]{0,2}\s*:?[*_]{0,2}\s*$", re.IGNORECASE)

HeaderFields = dict[str, str]


def parse_header_block(paragraphs: list[str]) -> tuple[HeaderFields, int]:
    """Read ``Field: value`` lines from the top; return the fields and paragraphs consumed."""
    fields: HeaderFields = {}
    i = 0
    last: str | None = None
    while i < len(paragraphs):
        lines = paragraphs[i].split("\n")
        first = _FIELD_LINE.match(lines[0])
        if first is None:
            if _BARE_SUMMARY.match(paragraphs[i]):
                # AO3's downloads: "Summary" alone, its text in the next paragraph.
                fields.setdefault("summary", "")
                last = "summary"
                i += 1
                continue
            # "Summary:" with its text in the next paragraph.
            if last == "summary" and not fields.get("summary") and i > 0:
                fields["summary"] = "\n".join(line.strip() for line in lines)
                i += 1
                last = None
                continue
            break
        for line in lines:
            m = _FIELD_LINE.match(line)
            if m:
                last = _FIELD_NAMES[m.group(1).lower()]
                if last != "ignored":
                    fields[last] = m.group(2).strip()
            elif last and last != "ignored":
                fields[last] = (fields[last] + "\n" + line.strip()).strip()
        i += 1
    return fields, i


def split_list(value: str | list[Any]) -> list[str]:
    """AO3 separates tags with commas; some people use semicolons or new lines."""
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,;\n]", value)
    return [item.strip() for item in items if item.strip()]


class SidecarError(ValueError):
    """A sidecar file that is not valid TOML."""


def read_sidecar(path: Path) -> HeaderFields:
    """Fields from ``<stem>.toml``; keys are matched like header field names."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SidecarError(f"{path.name}: {exc}") from exc
    fields: HeaderFields = {}
    for key, value in data.items():
        name = _FIELD_NAMES.get(key.lower().replace("_", " "))
        if name is None or name == "ignored":
            continue
        fields[name] = ", ".join(split_list(value)) if isinstance(value, list) else str(value)
    return fields


# AO3's ratings, with fanfiction.net's and film ratings mapped onto them.
RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")
_RATING_ALIASES: dict[str, str] = {
    "general audiences": "General Audiences",
    "general": "General Audiences",
    "g": "General Audiences",
    "k": "General Audiences",
    "k+": "General Audiences",
    "pg": "General Audiences",
    "teen and up audiences": "Teen And Up Audiences",
    "teen and up": "Teen And Up Audiences",
    "teen": "Teen And Up Audiences",
    "t": "Teen And Up Audiences",
    "pg-13": "Teen And Up Audiences",
    "pg13": "Teen And Up Audiences",
    "mature": "Mature",
    "m": "Mature",
    "r": "Mature",
    "explicit": "Explicit",
    "e": "Explicit",
    "ma": "Explicit",
    "nc-17": "Explicit",
    "nc17": "Explicit",
    "x": "Explicit",
    "not rated": "Not Rated",
    "unrated": "Not Rated",
    "none": "Not Rated",
}
_RATED_IN_NOTES = re.compile(
    r"\brat(?:ed|ing)\s*(?::|-|for)?\s*(k\+|k|t|m|ma|g|pg-?13|r|nc-?17|teen|mature|explicit)(?![\w+])",
    re.IGNORECASE,
)
ADULT_RATINGS = frozenset({"Mature", "Explicit"})


def normalise_rating(value: str) -> str | None:
    key = value.strip().strip(".").lower()
    key = re.sub(r"^rated\s+", "", key)
    return _RATING_ALIASES.get(key)


def rating_from_notes(notes: list[str]) -> str | None:
    """Authors often say "Rated M for language" in their notes."""
    for text in notes:
        m = _RATED_IN_NOTES.search(text)
        if m:
            return normalise_rating(m.group(1))
    return None


TITLE_MAX = 60


def title_from_opening(line: str) -> str:
    """A display title from the story's opening line: at most 60 characters, cut at a word."""
    line = " ".join(line.split())
    if len(line) <= TITLE_MAX:
        return line
    cut = line[: TITLE_MAX - 1]
    if " " in cut and not line[TITLE_MAX - 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


@dataclass(slots=True)
class StoryMeta:
    title: str
    author: str
    fandom: str
    rating: str
    warnings: list[str] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    derived: set[str] = field(default_factory=set)  # names of the fields we worked out ourselves

    @property
    def adult(self) -> bool:
        return self.rating in ADULT_RATINGS
