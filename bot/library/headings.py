"""Chapter headings: a line of its own that opens a chapter, and the title it gives.

``Chapter 3``, ``Chapter Three: The Road``, ``CHAPTER 3``, ``Ch. 3 - Title``, ``Part 2``,
``Part II``, ``Prologue``, ``Epilogue: After``: each on its own line, short, and not a sentence.
Conservative on purpose: a line of prose cut into chapters is worse than a chapter missed.
"""

from __future__ import annotations

import re

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD_NUMBER = rf"(?:(?:{_TENS})(?:[\s-](?:{_UNITS}))?|{_TEENS}|{_UNITS}|hundred)"
# A Roman numeral, properly formed (so that "civil" or "mix" are not numbers).
_ROMAN = r"(?=[mdclxvi])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUMBER = rf"(?:\d{{1,4}}|{_WORD_NUMBER}|{_ROMAN})"
_DECORATION = r"[\s*_~#=\[\](){}<>|-]{0,4}"
_SEPARATOR = r"(?:\s*[:.\-–—|]\s*|\s+)"
# "Chapter 3", "Ch. 3 - Title", "Part Two: Title": a numbered heading, maybe with a title.
_NUMBERED = re.compile(
    rf"^{_DECORATION}(?P<label>chapter|chap\.|ch\.?|part)\s*(?P<number>{_NUMBER})\b"
    rf"(?:{_SEPARATOR}(?P<title>[^\n]{{1,80}}?))?\s*[.:]?{_DECORATION}$",
    re.IGNORECASE,
)
# "Prologue", "Epilogue: After" and the like: a chapter without a number.
_NAMED = re.compile(
    rf"^{_DECORATION}(?P<label>prologue|epilogue|interlude)"
    rf"(?:{_SEPARATOR}(?P<title>[^\n]{{1,80}}?))?\s*[.:]?{_DECORATION}$",
    re.IGNORECASE,
)
# "Chapter 3: " before a title a format gave: the number is the chapter's place, shown apart.
_NUMBER_PREFIX = re.compile(
    rf"^(?:chapter|chap\.|ch\.?)\s*{_NUMBER}\b{_SEPARATOR}?(?=\S|$)", re.IGNORECASE
)
# A title is a title, not a sentence: "Chapter 3. He walked home and slept." is prose.
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+\S")
_HEADING_MAX = 100


def heading_title(line: str) -> str | None:
    """The title of a chapter heading ("" when it has none); None when the line is no heading."""
    line = line.strip()
    if not line or "\n" in line or len(line) > _HEADING_MAX:
        return None
    numbered = _NUMBERED.match(line)
    if numbered is not None:
        title = (numbered.group("title") or "").strip(" *_~#")
        if _SENTENCE_INSIDE.search(title):
            return None
        if numbered.group("label").lower() == "part":
            return _tidy(line)  # "Part 2" is the story's own division: keep its name whole
        return title
    named = _NAMED.match(line)
    if named is not None and not _SENTENCE_INSIDE.search(named.group("title") or ""):
        return _tidy(line)
    return None


def is_chapter_heading(line: str) -> bool:
    return heading_title(line) is not None


def clean_title(title: str) -> str:
    """A title a format gave, without the "Chapter 3:" its numbering put before it."""
    title = " ".join(title.split()).strip(" *_~#")
    return _NUMBER_PREFIX.sub("", title, count=1).strip(" :.-–—")


def _tidy(line: str) -> str:
    return " ".join(line.split()).strip(" *_~#=[](){}<>|-")
