"""The fast matching finds exactly what the plain case-insensitive regex finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.library.detect.matching import Trie, prepare, trie_pattern

WORDS = ["cloud", "cloud strife", "tifa", "aerith", "aeris", "red xiii"]
TAIL = r"(?![\w-])"
# Letters that fold oddly (Kelvin sign, long s, dotless i), typeset punctuation, and names.
TEXT = st.text(
    alphabet=st.sampled_from(list("cloudtifaersxi CLOUDTIFA-'’.,\n\u212a\u017f\u0131É“”")),
    max_size=60,
)


def test_trie_pattern_matches_the_words_and_only_them() -> None:
    pattern = re.compile(f"(?:{trie_pattern(WORDS)})")
    for word in WORDS:
        assert pattern.fullmatch(word)
    assert not pattern.fullmatch("clou")
    assert not pattern.fullmatch("tifas")


@given(TEXT)
def test_word_start_spans_are_the_plain_regex_spans(text: str) -> None:
    plain = re.compile(r"(?<![\w’'-])(?:" + trie_pattern(WORDS) + ")" + TAIL, re.IGNORECASE)
    trie = Trie(WORDS, TAIL, word_start=True)
    assert trie.spans(prepare(text)) == [m.span() for m in plain.finditer(text)]


@given(TEXT)
def test_search_from_any_position_agrees_with_the_plain_regex(text: str) -> None:
    plain = re.compile(r"(?<![\w’'-])(?:" + trie_pattern(WORDS) + ")" + TAIL, re.IGNORECASE)
    trie = Trie(WORDS, TAIL, word_start=True)
    scan = prepare(text)
    for pos in range(len(text) + 1):
        m = plain.search(text, pos)
        assert trie.search(scan, pos) == (m.span() if m else None)
