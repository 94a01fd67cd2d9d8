"""Matching many words in long texts fast, with the same results as the plain regex."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass


def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation shaped as a trie: fast over long texts with many aliases."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


# The look-behind that makes a position a word start for the detector: not after a letter,
# digit, apostrophe or hyphen ("anti-Tifa", "Tifa's" both start no name at "Tifa"/"s").
_WORD_START = r"(?<![\w’'-])"
# What may stand before a word start instead: every ASCII character that is not a letter, digit,
# apostrophe or hyphen, and the punctuation of typeset text. A character class of literals is
# one the regex engine scans for quickly (see Trie).
_SEPARATORS = "".join(
    re.escape(chr(c)) for c in range(128) if not re.fullmatch(r"[\w’'-]", chr(c))
) + re.escape("“”‘…—–«»¡¿•·„‚‹›′″\u2009\u200a\u202f\u3000")
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")


@dataclass(slots=True)  # not frozen: one per paragraph, and frozen ones are slower to make
class Scan:
    """A text made ready, once, for the patterns run on it (``Trie``, ``pronoun_starts``)."""

    text: str
    lowered: str | None  # text.lower(), when ASCII patterns may run on it (lowers_exactly)
    # "\n" + lowered, when every character in it that may stand before a word start is a
    # _SEPARATORS one (for Trie.after_separator); else None.
    separated: str | None


def prepare(text: str) -> Scan:
    if not lowers_exactly(text):
        return Scan(text, None, None)
    low = text.lower()
    return Scan(text, low, "\n" + low if _separators_known(low) else None)


class Trie:
    """A case-insensitive alternation of words, run on lower-cased text when that is exact.

    ``re.IGNORECASE`` makes every literal a case-folding comparison, which is slow in a long
    alternation. When the words are ASCII and lower-casing the text keeps every position and
    cannot make a character match a letter it did not match before (or stop matching one),
    the case-sensitive pattern on ``text.lower()`` finds exactly the same spans, and
    faster. Otherwise the ``IGNORECASE`` pattern runs on the text itself.

    With ``word_start``, the words match only where a word starts (``_WORD_START``). A
    pattern that opens with a look-behind makes the regex engine try every position of the
    text in turn, which is most of its cost; one that opens with a class of literal
    characters lets it skip ahead to the next such character. So, when every character of the
    text that may stand before a word start is one of ``_SEPARATORS``, the words are found
    after a separator instead, in ``"\n" + text.lower()`` (the "\n" stands for the start of
    the text): the same matches, each one character later, found in less time. That
    needs the words to start with a letter or digit, so that no match can start where
    another ends (the tail forbids a letter or digit there), and the scan, which moves on
    from the end of each match, skips no word start it would otherwise have tried.
    """

    def __init__(self, words: Collection[str], tail: str, *, word_start: bool) -> None:
        body = "(?:" + trie_pattern(words) + ")"
        head = _WORD_START if word_start else ""
        self.folded = re.compile(head + body + tail, re.IGNORECASE)
        ascii_words = all(w.isascii() for w in words)
        self.lower = re.compile(head + body + tail) if ascii_words else None
        self.after_separator = (
            re.compile(f"[{_SEPARATORS}]{body}{tail}")
            if word_start and ascii_words and all(re.match(r"\w", w) for w in words)
            else None
        )

    def _on(self, scan: Scan) -> tuple[re.Pattern[str], str]:
        """The pattern to run, and the text to run it on."""
        if self.lower is not None and scan.lowered is not None:
            return self.lower, scan.lowered
        return self.folded, scan.text

    def search(self, scan: Scan, pos: int) -> tuple[int, int] | None:
        """The span of the first match at or after ``pos``."""
        if scan.separated is not None and self.after_separator is not None:
            # A separator at ``pos`` in ``separated`` stands before ``text[pos]``.
            m = self.after_separator.search(scan.separated, pos)
            return (m.start(), m.end() - 1) if m is not None else None
        pattern, text = self._on(scan)
        m = pattern.search(text, pos)
        return m.span() if m is not None else None

    def match(self, scan: Scan, pos: int) -> tuple[int, int] | None:
        """The span of the match at ``pos``, if any."""
        pattern, text = self._on(scan)
        m = pattern.match(text, pos)
        return m.span() if m is not None else None

    def spans(self, scan: Scan | str) -> list[tuple[int, int]]:
        if isinstance(scan, str):
            scan = prepare(scan)
        if scan.separated is not None and self.after_separator is not None:
            return [(m.start(), m.end() - 1) for m in self.after_separator.finditer(scan.separated)]
        pattern, text = self._on(scan)
        return [m.span() for m in pattern.finditer(text)]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LOWERS_EXACTLY: dict[str, bool] = {}


def lowers_exactly(text: str) -> bool:
    """Whether an ASCII pattern finds the same spans in ``text.lower()``, case-sensitively, as
    in ``text`` with ``re.IGNORECASE``: every non-ASCII character must lower-case to one
    non-ASCII character of the same word-ness, and match no ASCII letter when folded (as
    "ſ", "ı" and the Kelvin sign do)."""
    if text.isascii():
        return True
    for ch in set(_NON_ASCII.findall(text)):
        safe = _LOWERS_EXACTLY.get(ch)
        if safe is None:
            low = ch.lower()
            safe = _LOWERS_EXACTLY[ch] = (
                len(low) == 1
                and not low.isascii()
                and re.fullmatch("[a-z]", ch, re.IGNORECASE) is None
                and (re.fullmatch(r"\w", ch) is None) == (re.fullmatch(r"\w", low) is None)
            )
        if not safe:
            return False
    return True


_SEPARATOR_KNOWN: dict[str, bool] = {}


def _separators_known(text: str) -> bool:
    """Whether every character of ``text`` either may not stand before a word start (a letter,
    a digit, an apostrophe or a hyphen) or is one of ``_SEPARATORS``."""
    if text.isascii():
        return True
    for ch in set(_NON_ASCII.findall(text)):
        known = _SEPARATOR_KNOWN.get(ch)
        if known is None:
            known = _SEPARATOR_KNOWN[ch] = bool(
                re.fullmatch(r"[\w’'-]", ch) or _SEPARATOR.fullmatch(ch)
            )
        if not known:
            return False
    return True


def either(words: Iterable[str]) -> str:
    """A regex alternation of the words, in their order, each matched literally."""
    return "|".join(re.escape(w) for w in words)
