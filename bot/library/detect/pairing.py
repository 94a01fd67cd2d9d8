"""Who is paired with whom: the metadata, the author's notes, and romance between the leads."""

from __future__ import annotations

import itertools
import re

from bot.library.detect.matching import lowers_exactly, trie_pattern
from bot.library.detect.names import Detector
from bot.library.detect.roles import CharacterRole
from bot.library.words import words

# Romance in the text: what makes two leads a pairing rather than rivals or friends.
_ROMANCE = re.compile(r"\b(?:" + trie_pattern(words().romance) + r")\b", re.IGNORECASE)
# The same, case-sensitive, for lower-cased text: IGNORECASE is slow on a long text.
_ROMANCE_LOWER = re.compile(_ROMANCE.pattern)


def _romance_count(text: str) -> int:
    """``len(_ROMANCE.findall(text))``."""
    if lowers_exactly(text):
        return len(_ROMANCE_LOWER.findall(text.lower()))
    return len(_ROMANCE.findall(text))


_PAIR_JOIN = re.compile(r"^\s*(?:/|x|×|\+|&)\s*$", re.IGNORECASE)


def pairings(
    meta_pairs: list[tuple[str, str]],
    author_texts: list[str],
    detector: Detector,
    roles: list[CharacterRole],
    body_text: str,
    body_words: int,
) -> list[tuple[str, str]]:
    """Pairings from the metadata, the author's notes (``Seph/Aeris``), and the story itself."""
    found: list[tuple[str, str]] = list(meta_pairs)

    for text in author_texts:
        ms = detector.find(text)
        for first, second in itertools.pairwise(ms):
            between = text[first.end : second.start]
            if first.character.name != second.character.name and _PAIR_JOIN.match(between):
                found.append((first.character.name, second.character.name))
    notes = "\n".join(author_texts)
    named = list(dict.fromkeys(m.character.name for m in detector.find(notes)))
    if len(named) == 2 and _ROMANCE.search(notes):
        found.append((named[0], named[1]))

    leads = [r.name for r in roles if r.role == "lead" and r.confirmed]
    if len(leads) == 2 and body_words:
        romance = _romance_count(body_text)
        if romance >= 3 and romance * 1000 / body_words >= 1.0:
            found.append((leads[0], leads[1]))

    unique: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    for a, b in found:
        key = frozenset((a, b))
        if a != b and key not in seen:
            seen.add(key)
            unique.append((a, b))
    return unique
