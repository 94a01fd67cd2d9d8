"""Where a text says he or she."""

from __future__ import annotations

import re

from bot.library.detect.matching import Scan, lowers_exactly

_MALE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
# The same words, for lower-cased text (see lowers_exactly), written to open with their first
# letter and only then look behind it: a pattern that opens with a letter lets the regex engine
# jump from one "h" or "s" to the next instead of trying every position.
_MALE_LOWER = re.compile(r"h(?<!\wh)(?:e|im|is|imself)\b")
_FEMALE_LOWER = re.compile(r"(?:h(?<!\wh)er(?:s|self)?|s(?<!\ws)he)\b")

# Where a text's pronouns start: (he/him/his/himself, she/her/hers/herself), each in order.
PronounStarts = tuple[list[int], list[int]]


def pronoun_starts(text: str, scan: Scan | None = None) -> PronounStarts:
    """The starts of the matches of ``_MALE`` and of ``_FEMALE`` in ``text``; ``scan`` is
    ``prepare(text)``, when already made."""
    low = scan.lowered if scan is not None else text.lower() if lowers_exactly(text) else None
    if low is not None:
        return (
            [m.start() for m in _MALE_LOWER.finditer(low)],
            [m.start() for m in _FEMALE_LOWER.finditer(low)],
        )
    return [m.start() for m in _MALE.finditer(text)], [m.start() for m in _FEMALE.finditer(text)]


def pronoun_counts(text: str) -> dict[str, int]:
    return {"m": pronoun_count(text, "m"), "f": pronoun_count(text, "f")}


def pronoun_count(text: str, gender: str) -> int:
    """``pronoun_counts(text)[gender]``, counting only the one gender asked for."""
    if lowers_exactly(text):
        return len((_MALE_LOWER if gender == "m" else _FEMALE_LOWER).findall(text.lower()))
    return len((_MALE if gender == "m" else _FEMALE).findall(text))
