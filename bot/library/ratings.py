"""Content ratings as people write them, read into AO3's five, failing closed.

Every rating word is a row of ``RATING_WORDS`` (the table ``docs/ratings.md`` is written from).
A value may carry several ratings (``Mature/Explicit``: the highest wins) and trailing remarks
(``T (for Cid's mouth)``, ``G | Words: 654``). A value that names no rating at all is *not
understood*: the caller treats the story as adult, because a rating nobody can read is more
likely an unusual spelling of an adult one than a mistake on a children's story.
"""

from __future__ import annotations

import re

GENERAL = "General Audiences"
TEEN = "Teen And Up Audiences"
MATURE = "Mature"
EXPLICIT = "Explicit"
NOT_RATED = "Not Rated"

# From lowest to highest: with several values in one field, the highest wins.
RATINGS = (NOT_RATED, GENERAL, TEEN, MATURE, EXPLICIT)
ADULT_RATINGS = frozenset({MATURE, EXPLICIT})
# What a rating that is present but not understood counts as.
FAIL_CLOSED = EXPLICIT

# Each word (lower case) and the rating it means. AO3's names and initials, fanfiction.net's
# letters, film (MPAA) ratings, and the common ways people mark adult work.
RATING_WORDS: dict[str, str] = {
    # AO3
    "general audiences": GENERAL,
    "general audience": GENERAL,
    "general": GENERAL,
    "g": GENERAL,
    "teen and up audiences": TEEN,
    "teen and up audience": TEEN,
    "teen and up": TEEN,
    "teens and up": TEEN,
    "teen & up": TEEN,
    "teen": TEEN,
    "teens": TEEN,
    "t": TEEN,
    "mature": MATURE,
    "m": MATURE,
    "explicit": EXPLICIT,
    "e": EXPLICIT,
    "not rated": NOT_RATED,
    "unrated": NOT_RATED,
    "no rating": NOT_RATED,
    "none": NOT_RATED,
    # fanfiction.net (K, K+, T, M as above; MA is its old adult rating)
    "k": GENERAL,
    "k+": GENERAL,
    "ma": EXPLICIT,
    # film ratings
    "pg": GENERAL,
    "pg-13": TEEN,
    "pg13": TEEN,
    "pg 13": TEEN,
    "r": MATURE,
    "nc-17": EXPLICIT,
    "nc17": EXPLICIT,
    "nc 17": EXPLICIT,
    "x": EXPLICIT,
    "xxx": EXPLICIT,
    # ages and adult markers
    "all ages": GENERAL,
    "13+": TEEN,
    "16+": MATURE,
    "17+": MATURE,
    "18+": EXPLICIT,
    "r18": EXPLICIT,
    "r-18": EXPLICIT,
    "r18+": EXPLICIT,
    "adult": EXPLICIT,
    "adults": EXPLICIT,
    "adult only": EXPLICIT,
    "adults only": EXPLICIT,
    "nsfw": EXPLICIT,
    "x-rated": EXPLICIT,
    "x rated": EXPLICIT,
    "lemon": EXPLICIT,
    "smut": EXPLICIT,
}

_RANK = {name: rank for rank, name in enumerate(RATINGS)}

# A rating word, longest first so "teen and up audiences" is one value, not "teen" and more;
# never part of a longer word ("Mature" is not "M", "K+" is not "K").
_WORD = re.compile(
    r"(?<![\w+])(?:"
    + "|".join(re.escape(k) for k in sorted(RATING_WORDS, key=len, reverse=True))
    + r")(?![\w+])"
)
# Between two values of one field ("Mature/Explicit", "Teen And Up Audiences, Explicit").
_BETWEEN = re.compile(r"(?:\s|[/,;&]|\band\b|\bor\b|\bto\b)*")
# Words people put before the rating itself: "Rated M", "Rating: T", FFN's "Fiction T".
_LEAD = re.compile(r"^(?:\s|[:*_\-–—]|\brated\b|\brating\b|\bfiction\b)*")


def read_rating(value: str) -> str | None:
    """The rating a field's value gives, or None when it names none we know.

    Reads rating words from the start of the value, one after another, and stops at the first
    thing that is not one: the rest is a remark.
    """
    # Brackets are spaces: "(M)" is M, "T (M later)" is T then M.
    text = re.sub(r"[()\[\]{}]", " ", value.lower().replace("’", "'")).strip()
    pos = _LEAD.match(text).end()  # type: ignore[union-attr]  # matches the empty string
    best: str | None = None
    while pos < len(text):
        m = _WORD.match(text, pos)
        if m is None:
            break
        rating = RATING_WORDS[m.group(0)]
        if best is None or _RANK[rating] > _RANK[best]:
            best = rating
        pos = _BETWEEN.match(text, m.end()).end()  # type: ignore[union-attr]
    return best


def is_adult(rating: str) -> bool:
    return rating in ADULT_RATINGS


def words_by_rating() -> dict[str, list[str]]:
    """Every word of the table under the rating it means, in the order of ``RATINGS``."""
    out: dict[str, list[str]] = {name: [] for name in RATINGS}
    for word, rating in RATING_WORDS.items():
        out[rating].append(word)
    return out
