"""Who is paired with whom: the metadata, the author's notes, and romance between the leads.

``A/B``, ``A x B``, ``AxB`` and ship names (``Clerith``: the roster's ``ships`` table) are
pairings; ``A & B`` is a friendship, kept apart and never shown as a pairing. Notes that say
"no pairings" are taken at their word: only the tags' own relationships are kept then.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.library.detect.matching import lowers_exactly, trie_pattern
from bot.library.detect.names import Detector
from bot.library.detect.roles import CharacterRole
from bot.library.roster import Roster
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


_PAIR_JOIN = re.compile(r"^\s*(?:/|x|×|\+)\s*$", re.IGNORECASE)
_FRIEND_JOIN = re.compile(r"^\s*&\s*$")
# Two names joined in the notes, whatever stands before them ("a Cloud x Aeris fic", where
# "a Cloud" alone would read as weather): up to two capitalised words a side.
_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
_JOINED = re.compile(rf"({_NAME})\s*(/|×|\+|&|\bx\b)\s*({_NAME})|\b([A-Z][a-z]+)x([A-Z][a-z]+)\b")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_NO_PAIRINGS = re.compile(
    r"\bno\s+(?:pairings?|ships?|shipping|romance|romantic\s+relationships?)\b", re.IGNORECASE
)

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class PairingInput:
    meta_pairs: list[Pair]  # romantic, from the Relationships tags
    meta_friends: list[Pair]  # friendships, from the Relationships tags
    author_texts: list[str]  # notes, disclaimer, end notes
    tag_texts: list[str]  # additional tags and the summary: where ship names are used
    detector: Detector
    roles: list[CharacterRole]
    body_text: str
    body_words: int


def pairings(given: PairingInput) -> tuple[list[Pair], list[Pair]]:
    """Pairings and friendships from the metadata, the author's notes (``Seph/Aeris``), ship
    names, and the story itself (romance between its two leads)."""
    detector, roster = given.detector, given.detector.roster
    found: list[Pair] = list(given.meta_pairs)
    friends: list[Pair] = list(given.meta_friends)
    texts = [*given.author_texts, *given.tag_texts]
    if any(_NO_PAIRINGS.search(t) for t in texts):
        return _unique(found), _unique(friends, exclude=found)

    for text in given.author_texts:
        _adjacent_names(text, detector, found, friends)
        _joined_names(text, roster, found, friends)
    for text in texts:
        for word in set(_CAPITALISED.findall(text)):
            ship = roster.ship(word)
            if ship is not None:
                found.append(ship)
    notes = "\n".join(given.author_texts)
    named = list(dict.fromkeys(m.character.name for m in detector.find(notes)))
    if len(named) == 2 and _ROMANCE.search(notes):
        found.append((named[0], named[1]))

    leads = [r.name for r in given.roles if r.role == "lead" and r.confirmed]
    if len(leads) == 2 and given.body_words:
        romance = _romance_count(given.body_text)
        if romance >= 3 and romance * 1000 / given.body_words >= 1.0:
            found.append((leads[0], leads[1]))
    pairs = _unique(found)
    return pairs, _unique(friends, exclude=pairs)


def _adjacent_names(text: str, detector: Detector, found: list[Pair], friends: list[Pair]) -> None:
    """Two names the detector found side by side, joined by ``/``, `` x `` (a pairing) or
    `` & `` (a friendship)."""
    for first, second in itertools.pairwise(detector.find(text)):
        between = text[first.end : second.start]
        if first.character.name == second.character.name:
            continue
        if _PAIR_JOIN.match(between):
            found.append((first.character.name, second.character.name))
        elif _FRIEND_JOIN.match(between):
            friends.append((first.character.name, second.character.name))


def _joined_names(text: str, roster: Roster, found: list[Pair], friends: list[Pair]) -> None:
    """Pairs the detector may miss: a name after a determiner ("a Cloud x Aeris fic"),
    ``CloudxAeris``, FFN's ``Cloud S./Tifa L.``."""
    for m in _JOINED.finditer(text):
        if m.group(4):
            left, join, right = m.group(4), "x", m.group(5)
        else:
            left, join, right = m.group(1), m.group(2), m.group(3)
        a, b = _resolve_side(roster, left, last=True), _resolve_side(roster, right, last=False)
        if a is None or b is None or a == b:
            continue
        (friends if join == "&" else found).append((a, b))


def _resolve_side(roster: Roster, words_: str, *, last: bool) -> str | None:
    """The character a side of a join names: all its words, else the one nearest the join."""
    parts = words_.split()
    for candidate in (" ".join(parts), parts[-1] if last else parts[0]):
        char = roster.resolve(candidate)
        if char is not None:
            return char.name
    return None


def _unique(pairs: list[Pair], exclude: list[Pair] | None = None) -> list[Pair]:
    unique: list[Pair] = []
    seen: set[frozenset[str]] = {frozenset(p) for p in exclude or []}
    for a, b in pairs:
        key = frozenset((a, b))
        if a != b and key not in seen:
            seen.add(key)
            unique.append((a, b))
    return unique
