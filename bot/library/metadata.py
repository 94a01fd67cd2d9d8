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

from bot.library.ratings import ADULT_RATINGS as ADULT_RATINGS
from bot.library.ratings import RATINGS as RATINGS
from bot.library.ratings import read_rating

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
    # Whether the story is finished (see ``completion``): "Chapters: 3/?", "Status: Complete",
    # AO3's "Completed: <date>", a sidecar's ``complete = true``.
    "chapters": "chapters",
    "published": "ignored",
    "updated": "ignored",
    "completed": "completed",
    "status": "status",
    "complete": "status",
    "stats": "ignored",
}
_READ_FIELDS = frozenset(_FIELD_NAMES.values()) - {"ignored"}
LIST_FIELDS = frozenset({"warnings", "category", "relationships", "characters", "tags"})
_FIELD_LINE = re.compile(
    r"^\s*[*_]{0,2}("
    + "|".join(sorted((re.escape(k) for k in _FIELD_NAMES), key=len, reverse=True))
    + r")[*_]{0,2}\s*:[*_]{0,2}\s*(.*)$",
    re.IGNORECASE,
)

_BARE_SUMMARY = re.compile(r"^\s*[*_]{0,2}summary[*_]{0,2}\s*:?[*_]{0,2}\s*$", re.IGNORECASE)

HeaderFields = dict[str, str]


# Fields whose value is one short thing: a line after them without a label is not theirs
# ("Rating: K+" then "Word count: ~1,100" is two fields, never one rating).
_ONE_LINE_FIELDS = frozenset(
    {"rating", "language", "title", "author", "chapters", "completed", "status"}
)
# Any other ``Label: value`` line inside a header block: a field we do not use, kept as one
# (under its lower-cased label) rather than glued onto the field above it.
_OTHER_FIELD = re.compile(
    r"^\s*[*_]{0,2}([A-Za-z][A-Za-z'’ ]{0,28}[A-Za-z])[*_]{0,2}\s*:(?!//)\s*(.*)$"
)
_VALUE_AFTER_LABEL_MAX = 200


def field_key(label: str) -> str | None:
    """The key a header label is read into ("Archive Warnings" -> "warnings"), if any."""
    return _FIELD_NAMES.get(" ".join(label.lower().split()))


def _other_field(line: str) -> re.Match[str] | None:
    m = _OTHER_FIELD.match(line)
    if m is None or len(m.group(1).split()) > 4:
        return None
    return m


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
            # "Rating:" alone, its value in the next (short, one-line) paragraph.
            if (
                last not in (None, "ignored", "summary")
                and not fields.get(last or "")
                and len(lines) == 1
                and len(lines[0]) <= _VALUE_AFTER_LABEL_MAX
                and _other_field(lines[0]) is None
            ):
                assert last is not None
                _set_field(fields, last, lines[0].strip())
                i += 1
                last = None
                continue
            break
        for line in lines:
            m = _FIELD_LINE.match(line)
            if m:
                last = _FIELD_NAMES[m.group(1).lower()]
                if last != "ignored":
                    _set_field(fields, last, m.group(2).strip())
                continue
            other = _other_field(line)
            if other is not None:
                last = " ".join(other.group(1).lower().split())
                fields.setdefault(last, other.group(2).strip())
                last = "ignored"  # its continuation lines are its own, and unused
            elif last and last != "ignored":
                if last in _ONE_LINE_FIELDS and fields.get(last):
                    last = "ignored"  # not a continuation: a one-line field is complete
                    continue
                _set_field(fields, last, (fields[last] + "\n" + line.strip()).strip())
        i += 1
    return fields, i


def _set_field(fields: HeaderFields, key: str, value: str) -> None:
    fields[key] = value
    if key == "rating":
        # fanfiction.net's line: "Rated: Fiction T - English - Romance - Cloud S., Tifa L. - ..."
        for ffn_key, ffn_value in ffn_rated(value).items():
            if ffn_key != "rating":
                fields.setdefault(ffn_key, ffn_value)


_FFN_LINE = re.compile(r"^\s*(?:Fiction\s+)?(K\+?|T|M|MA)\s+-\s+(.*)$", re.IGNORECASE | re.DOTALL)
_FFN_GENRES = frozenset(
    "adventure angst crime drama family fantasy friendship general horror humor hurt/comfort "
    "hurt-comfort mystery parody poetry romance sci-fi spiritual supernatural suspense tragedy "
    "western".split()
)
_FFN_STAT = re.compile(r"^([A-Za-z]+)\s*:\s*(.*)$")


def ffn_rated(value: str) -> HeaderFields:
    """Fields from fanfiction.net's story line (the part after ``Rated:``); {} if it is not one.

    Its segments are: rating, language, genres (from a fixed list, "/"-joined, optional),
    characters (optional; pairings in brackets: ``[Cloud S., Aerith G.] Tifa L.``), then
    ``Label: value`` stats (Chapters, Words, Status, Published, ...).
    """
    m = _FFN_LINE.match(value.replace("\n", " "))
    if m is None:
        return {}
    fields: HeaderFields = {"rating": m.group(1)}
    segments = [s.strip() for s in m.group(2).split(" - ")]
    if segments and not _FFN_STAT.match(segments[0]):
        fields["language"] = segments.pop(0)
    if segments and all(g.lower() in _FFN_GENRES for g in segments[0].split("/")):
        fields["genre"] = (
            segments.pop(0).replace("/", ", ").replace("Hurt, Comfort", "Hurt/Comfort")
        )
    if segments and not _FFN_STAT.match(segments[0]):
        cast = segments.pop(0)
        pairs = re.findall(r"\[([^\]]+)\]", cast)
        if pairs:
            fields["relationships"] = ", ".join(
                "/".join(n.strip() for n in pair.split(",") if n.strip()) for pair in pairs
            )
        names = [n.strip() for n in re.split(r"[,\[\]]", cast) if n.strip()]
        if names:
            fields["characters"] = ", ".join(names)
    for segment in segments:
        stat = _FFN_STAT.match(segment)
        label = stat.group(1).lower() if stat else ""
        if stat and label in ("status", "chapters"):
            fields[label] = stat.group(2).strip()
        elif segment.casefold() == "complete":  # "... - Complete - id: 123", as the page shows it
            fields["status"] = "Complete"
    return fields


def split_list(value: str | list[Any]) -> list[str]:
    """AO3 separates tags with commas; some people use semicolons or new lines."""
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,;\n]", value)
    return [item.strip() for item in items if item.strip()]


class SidecarError(ValueError):
    """A sidecar file that is not valid TOML."""


# A sidecar (never a header: a story's text must not name an account) may name the Discord
# account of the story's author; kept under this key, as written, for the loader to check.
ACCOUNT_FIELD = "discord_user_id"
# Discord ids are snowflakes: a 64-bit number, in practice 17 to 20 digits (ids from before
# 2015 do not exist; a shorter number is a typo, not an account).
_SNOWFLAKE = re.compile(r"[0-9]{15,20}")


def sidecar_key(key: str) -> str:
    """The field a sidecar's key stands for (``Title`` and ``title``, ``pairings`` and
    ``relationships`` are one field); a key the library does not read stands for itself."""
    folded = key.lower()
    name = _FIELD_NAMES.get(folded.replace("_", " "), folded)
    return folded if name == "ignored" else name


def read_sidecar(path: Path) -> HeaderFields:
    """Fields from ``<stem>.toml``; keys are matched like header field names, and
    ``discord_user_id`` is kept under ``ACCOUNT_FIELD`` (see ``account_id``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SidecarError(f"{path.name}: {exc}") from exc
    fields: HeaderFields = {}
    for key, value in data.items():
        name = sidecar_key(key)
        if name == ACCOUNT_FIELD:
            fields[ACCOUNT_FIELD] = str(value).strip()
            continue
        if name not in _READ_FIELDS:
            continue
        fields[name] = ", ".join(split_list(value)) if isinstance(value, list) else str(value)
    return fields


def account_id(value: str) -> int | None:
    """The Discord account a sidecar's ``discord_user_id`` names, or None if it is no
    snowflake (the loader warns and ignores it)."""
    text = value.strip()
    if not _SNOWFLAKE.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number < 2**63 else None


# Ratings authors write in their notes ("Rated M for language").
_RATED_IN_NOTES = re.compile(
    r"\brat(?:ed|ing)\s*(?::|-|for)?\s*(k\+|k|t|m|ma|g|pg-?13|r|nc-?17|teen|mature|explicit)(?![\w+])",
    re.IGNORECASE,
)


def normalise_rating(value: str) -> str | None:
    """AO3's name for a rating as written, or None when it names none (see ``ratings``)."""
    return read_rating(value)


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
