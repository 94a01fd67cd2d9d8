"""Recurring names the roster does not know: characters of a fandom it does not cover."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.library.detect.matching import Scan, Trie, either
from bot.library.detect.names import Detector, Mention
from bot.library.detect.sentences import DETERMINERS, OPENERS, SENTENCE_END, at_sentence_start
from bot.library.roster import Roster
from bot.library.words import words

# Both patterns below open with the capital and only then look behind it (the same test as a
# look-behind in front, since the capital is known): a pattern that opens with a character
# class lets the regex engine skip ahead to the next capital.
_PROPER = re.compile(r"([A-Z](?<![\w'’-][A-Z])[a-z]{2,}(?:-[A-Z][a-z]+)?)(?:'s|’s)?(?![\w-])")
# A run of capitalised words ending in one of these names a place or a body, not a person:
# "the Mythril Mine", "Costa Bay", "Junon Harbor Station".
_PLACE_NOUNS = words().place_nouns
_CAPITAL_RUN = re.compile(
    r"[A-Z](?<![\w'’-][A-Z])[\w'’-]*(?:\s+(?:of\s+the\s+|of\s+|del\s+|de\s+)?[A-Z][\w'’-]*)+"
)
# After these a capitalised word is a place: "in Lindblum", "across Gaia".
_PLACE_PREPOSITIONS = words().place_prepositions
_PHRASES: dict[str, tuple[Trie | None, frozenset[str]]] = {}
_WORDS = words()
# What a person does right after their name: speaks, acts ("Naruto said", "Sakura sighed").
_AGENT_AFTER = re.compile(
    r"\s+(?:" + either(_WORDS.speech_verbs) + "|" + either(_WORDS.action_verbs) + r"|[a-z]{2,}ed)\b"
)
# A name in address: "Hey, Spiky." (after a comma or an opening quote, before punctuation).
_ADDRESS_AFTER = re.compile(r"\s*[,.!?]")
# A number after a capitalised word makes it a place or a thing: "Sector 7", "Route 66".
_NUMBER_AFTER = re.compile(r"\s+\d")


def _fandom_phrases(roster: Roster) -> set[str]:
    """The fandoms' names as the text may carry them: "Final Fantasy VII", "Final Fantasy"."""
    out: set[str] = set()
    for f in roster.fandoms:
        for name in (f.name, *f.aliases):
            parts = name.split()
            out.update(" ".join(parts[:k]).casefold() for k in range(2, len(parts) + 1))
    return out


def _phrases(roster: Roster) -> tuple[Trie | None, frozenset[str]]:
    """The roster's multi-word places, swords and titles ("Cosmo Canyon"), and the fandoms'
    names, as one pattern, and the characters it may match (any case)."""
    key = roster.digest + str(len(roster.fandoms))
    if key not in _PHRASES:
        phrases = {p for f in roster.fandoms for p in f.not_characters if " " in p}
        phrases |= {p for p in _fandom_phrases(roster) if p.replace(" ", "").isalnum()}
        chars = {c for p in phrases for c in p}
        _PHRASES[key] = (
            Trie(phrases, r"(?![\w-])", word_start=True) if phrases else None,
            frozenset(chars | {c.upper() for c in chars} | {c.casefold() for c in chars}),
        )
    return _PHRASES[key]


_NOT_SPACE = re.compile(r"\S")  # what str.isspace() says is not whitespace


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank out spans with a lower-case filler of the same length (positions stay put):
    every character in them but whitespace becomes "x". Spans may overlap."""
    if not spans:
        return text
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    for start, end in sorted(spans):
        start = max(start, done)
        if start < end:
            pieces.append(text[done:start])
            pieces.append(_NOT_SPACE.sub("x", text[start:end]))
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _never_counted(word: str, settled: dict[str, bool], known: set[str], roster: Roster) -> bool:
    """A known character, a roster non-character, or a roster alias: never an unknown name."""
    never = settled.get(word)
    if never is None:
        never = settled[word] = (
            word.casefold() in known
            or roster.is_not_character(word)
            or roster.resolve(word) is not None
        )
    return never


def _may_count(
    text: str,
    m: re.Match[str],
    names: list[tuple[int, int]],
    maskable: frozenset[str],
    settled: dict[str, bool],
    known: set[str],
    roster: Roster,
) -> bool:
    """Whether ``unconfirmed_names`` may count this ``_PROPER`` match of the unmasked text.

    Every match in the masked text is a match of the unmasked text, with the same span and
    word (a masked span starts where a word does and blanks it with letters, so masking can
    only remove matches, never make or change one): a match is not
    counted if its word never is, if a name found by the detector overlaps it (it is
    masked), or if it opens a sentence in a way no masking can change: only whitespace and
    openers no mask can touch between it and the end of the sentence before (or the start of
    the paragraph), that end not inside a name either.
    """
    if _never_counted(m.group(1), settled, known, roster):
        return False
    start, end = m.span()
    if any(s < end and start < e for s, e in names):
        return False
    k = start - 1
    while k >= 0 and text[k] in OPENERS:
        ch = text[k]
        if not ch.isspace() and (ch in maskable or any(s <= k < e for s, e in names)):
            return True  # an opener masking may change
        k -= 1
    if k < 0:
        return _agent(text, m)
    ch = text[k]
    if ch not in SENTENCE_END:
        return True  # mid-sentence
    return ch in maskable or any(s <= k < e for s, e in names) or _agent(text, m)


def _any_countable(
    text: str,
    propers: list[re.Match[str]],
    settled: dict[str, bool],
    known: set[str],
    roster: Roster,
) -> bool:
    """Whether any of a paragraph's capitalised words may be counted: one mid-sentence, or
    one opening a sentence that acts ("Sakura sighed"). Masking only ever removes
    candidates and never moves a sentence start, so a paragraph without any has nothing."""
    for m in propers:
        if not at_sentence_start(text, m.start()):
            return True
        never = settled.get(m.group(1))
        if never is None:
            never = _never_counted(m.group(1), settled, known, roster)
        if not never and _agent(text, m):
            return True
    return False


def _agent(text: str, m: re.Match[str]) -> bool:
    """A name that speaks, acts or owns something right here: "Sakura's", "Naruto said"."""
    return m.group(0) != m.group(1) or _AGENT_AFTER.match(text, m.end()) is not None


_LOWER_CASE_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")
# The same, as unconfirmed_names reads them: two letters or more, no curly apostrophe.
_LOWER_CASE_WORD_2 = re.compile(r"\b[a-z][a-z'-]+\b")


def lower_case_words(text: str) -> frozenset[str]:
    return frozenset(_lower_case_words(_LOWER_CASE_WORD, 1, text))


def _lower_case_words(pattern: re.Pattern[str], shortest: int, text: str) -> set[str]:
    """``set(pattern.findall(text))`` for a pattern of lower-case words: a run of ASCII
    lower-case letters, then letters, apostrophes or hyphens (``shortest`` characters at
    least), between word boundaries.

    Faster than the regex over the whole text: no match spans whitespace, so each
    distinct whitespace-separated token can be read once, and one made only of lower-case
    ASCII letters is a match (if long enough) and all the matches in it. The other tokens go
    through the regex, apart (between spaces) as they were.
    """
    distinct = set(text.split())
    plain = {t for t in distinct if t.isascii() and t.isalpha() and t.islower()}
    found = set(pattern.findall(" ".join(distinct - plain)))
    found.update(t for t in plain if len(t) >= shortest)
    return found


def unconfirmed_names(  # noqa: C901 (one filter chain; each branch rejects one kind of false name)
    body: list[str],
    roster: Roster,
    known: set[str],
    detector: Detector | None = None,
    *,
    mentions: list[list[Mention]] | None = None,
    scans: list[Scan] | None = None,
) -> Counter[str]:
    """Recurring capitalised names mid-sentence that the roster does not know.

    A word that also appears in lower case in the story is an ordinary word ("General",
    "Soldier"), and the roster's list of places, swords and titles is never a character, nor
    is any part of a known name ("Valentine" in "Vincent Valentine", "Sith" in "Cait Sith"),
    of a roster place ("Cosmo Canyon"), or of a place-like run ("the Mythril Mine"). A word
    after an article or "in" is a thing or a place ("the Highwind", "in Lindblum").

    ``mentions``, when given, are ``detector.find`` of each paragraph, already found, and
    ``scans`` its ``prepare``.
    """
    lower_words: set[str] | None = None  # read from the whole body only if a name needs it
    phrases, phrase_chars = _phrases(roster)
    # Characters that masking may change, other than by a name the detector found: those of
    # the roster's phrases, and those a place's run of capitalised words is made of.
    maskable = phrase_chars | frozenset("'’-_")
    settled: dict[str, bool] = {}  # word -> never counted, whatever the text around it
    counts: Counter[str] = Counter()
    acts: Counter[str] = Counter()
    for k, original in enumerate(body):
        # Masking (below) only ever removes candidates, and never moves a sentence start: a
        # paragraph whose capitalised words all open sentences has nothing to count.
        propers = list(_PROPER.finditer(original))
        if not _any_countable(original, propers, settled, known, roster):
            continue
        if mentions is not None:
            spans = [(m.start, m.end) for m in mentions[k]]
        else:
            spans = [(m.start, m.end) for m in detector.find(original)] if detector else []
        candidates = [
            m for m in propers if _may_count(original, m, spans, maskable, settled, known, roster)
        ]
        if not candidates:
            continue  # the phrases, the places and the masking cannot change that
        if phrases is not None:
            spans += phrases.spans(scans[k] if scans is not None else original)
        text = _mask(original, spans)
        places = [
            m.span()
            for m in _CAPITAL_RUN.finditer(text)
            if re.sub(r"['’]s$", "", m.group(0).split()[-1]).casefold() in _PLACE_NOUNS
        ]
        text = _mask(text, places)
        # The matches in the masked text are those of the candidates that still match there
        # (see _may_count), in the same order.
        for candidate in candidates:
            m = _PROPER.match(text, candidate.start())
            if m is None:
                continue
            word = m.group(1)
            agent = _agent(text, m)
            if at_sentence_start(text, m.start()) and not agent:
                continue
            before = text[max(0, m.start() - 20) : m.start()].split()
            previous = before[-1].casefold() if before else ""
            possessive = m.group(0) != word
            # "that" before a name that acts is a conjunction: "so loudly that Sakura laughed".
            after_determiner = previous in DETERMINERS and not (previous == "that" and agent)
            if after_determiner or (previous in _PLACE_PREPOSITIONS and not possessive):
                continue
            if _NUMBER_AFTER.match(text, m.end()):
                continue  # "Sector 7"
            if _never_counted(word, settled, known, roster):
                continue
            if lower_words is None:
                lower_words = _lower_case_words(_LOWER_CASE_WORD_2, 2, "\n".join(body))
            if word.casefold() in lower_words:
                continue
            counts[word] += 1
            if agent and not _ADDRESS_AFTER.match(text, m.end()):
                acts[word] += 1
    # A name that recurs and, once at least, speaks, acts or owns something: a nickname only
    # ever used to call someone ("Hey, Spiky") is not a character of its own.
    return Counter({w: n for w, n in counts.items() if n >= 3 and acts[w]})
