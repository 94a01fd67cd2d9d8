"""Finding roster characters by name, and telling a name from an ordinary word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.library.detect.matching import Scan, Trie, either, prepare, trie_pattern
from bot.library.detect.sentences import after_determiner, at_sentence_start
from bot.library.roster import CharacterDef, Roster
from bot.library.words import words


@dataclass(frozen=True, slots=True)
class Mention:
    character: CharacterDef
    alias: str  # as written in the text
    start: int
    end: int
    confident: bool  # False for a capitalised ordinary word at a sentence start ("Cloud cover...")
    # Uncertain, but followed by a verb ("Genesis read the letter"): a name, unless the story
    # also uses the word in lower case ("red cheeks" makes "Red crept up his neck" a colour).
    likely: bool = False


_WORDS = words()
_HONORIFICS = "(?:" + either(_WORDS.honorifics) + ")"
_CALLED = re.compile(r"[,!?]")
# What only a person does: "Cloud nodded." at a sentence start is Cloud, "Cloud cover" is not.
_NAME_VERB = re.compile(
    r"(?:['’]s\s+(?:"
    + either(_WORDS.body_parts)
    + r")\b|\s+(?:"
    + either(_WORDS.speech_verbs)
    + r")\b)"
)
# A verb after a sentence-start ordinary word: the word is probably someone's name.
_ACTION = re.compile(r"\s+(?:[a-z]+ed|" + either(_WORDS.action_verbs) + r")\b")


class Detector:
    """Finds roster characters in text by any alias, with word boundaries and possessives."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self._by_alias: dict[str, CharacterDef] = {}
        for char in roster.characters:
            for alias in char.aliases:
                self._by_alias.setdefault(alias.casefold(), char)
        # The alias as the roster spells it, for each casefolded spelling.
        self._canonical = {
            folded: next(a for a in char.aliases if a.casefold() == folded)
            for folded, char in self._by_alias.items()
        }
        if self._by_alias:
            body = trie_pattern(self._by_alias)
            # Not inside a word or a hyphenated compound ("anti-Tifa", "Cloud-grey"), but a
            # stutter ("T-Tifa") and an honorific ("Aerith-san") leave the name a name.
            tail = r"(?![\w]|-(?!" + _HONORIFICS + r"\b)\w)"
            self._pattern: re.Pattern[str] | None = re.compile(
                r"(?:(?<![\w’'-])|(?<=(?<![\w’'-])\w-))" + body + tail, re.IGNORECASE
            )
            # The same matches, found faster (see _matches): word starts and stutter starts
            # apart, on lower-cased text when that cannot change what matches.
            self._word_start = Trie(self._by_alias, tail, word_start=True)
            self._at = Trie(self._by_alias, tail, word_start=False)
        else:
            self._pattern = None

    def _matches(self, text: str, scan: Scan) -> Iterator[tuple[int, int]]:
        """The spans of ``self._pattern.finditer(text)``, found faster.

        The pattern matches at a position that starts a word, or that follows a one-letter
        stutter ("T-Tifa"). Scanning for the first case alone is much cheaper (one look-behind
        per position instead of an alternation of two); stutter positions are rare and found
        with a cheap pattern of their own. Taking whichever match comes first, and carrying on
        from its end, gives the same matches as ``finditer`` on the combined pattern.
        """
        assert self._pattern is not None
        word_start, at = self._word_start, self._at
        stutters = [m.end() for m in _STUTTER.finditer(text)] if "-" in text else []
        if not stutters:
            yield from word_start.spans(scan)
            return
        pos, k = 0, 0
        while True:
            plain = word_start.search(scan, pos)
            limit = plain[0] if plain is not None else len(text) + 1
            while k < len(stutters) and stutters[k] < pos:
                k += 1
            found = None
            j = k
            while j < len(stutters) and stutters[j] < limit:
                found = at.match(scan, stutters[j])
                if found is not None:
                    break
                j += 1
            best = found or plain
            if best is None:
                return
            yield best
            pos = best[1]

    def find(self, text: str, scan: Scan | None = None) -> list[Mention]:
        """Every name in ``text``; ``scan`` is ``prepare(text)``, when already made."""
        if self._pattern is None:
            return []
        found: list[Mention] = []
        for start, end in self._matches(text, scan or prepare(text)):
            written = text[start:end]
            stutter = start >= 2 and text[start - 1] == "-"
            if stutter and text[start - 2].casefold() != written[0].casefold():
                continue  # "x-Tifa" is not a stutter
            folded = written.casefold()
            char = self._by_alias[folded]
            canonical_alias = self._canonical[folded]
            confident = True
            if canonical_alias in char.common_words:
                if not (written[0].isupper()) or after_determiner(text, start):
                    continue  # "a cloud", "the Cloud of dust"
                if (
                    at_sentence_start(text, start)
                    and not written.isupper()
                    and not _NAME_VERB.match(text, end)
                    and not _vocative(text, start, end)
                ):
                    confident = False
            likely = not confident and bool(_ACTION.match(text, end))
            found.append(Mention(char, written, start, end, confident, likely))
        return found

    def is_common_word(self, mention: Mention) -> bool:
        """Whether the alias written is one the roster marks as an ordinary word ("Cloud")."""
        return self._canonical[mention.alias.casefold()] in mention.character.common_words


# Where a stutter ends: a one-letter word and a hyphen ("T-" in "T-Tifa").
_STUTTER = re.compile(r"(?<![\w’'-])\w-")


def _vocative(text: str, start: int, end: int) -> bool:
    """Dialogue that opens by calling someone: "Cloud?", "Cloud, wait!"."""
    return start > 0 and text[start - 1] in '"“‘' and bool(_CALLED.match(text, end))
