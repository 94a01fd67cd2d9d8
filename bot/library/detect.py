"""Finding characters in a story: mentions, roles and pairings.

Counting names alone misleads. Leads in pronoun-heavy stories are named once and called "he"
for pages; names that are ordinary words ("a cloud", "genesis", "red") are not mentions; and
the characters an author names in the notes or the metadata are the ones the story is about.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from bot.library.roster import CharacterDef, Roster


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


def _trie_pattern(words: Iterable[str]) -> str:
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


# Words after which a capitalised ordinary word is the word, not the name: "a Cloud", "the Red".
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "every",
        "each",
        "some",
        "no",
        "any",
        "another",
        "one",
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "such",
        "what",
        "which",
    ]
)
_SENTENCE_END = ".!?…"
_HONORIFICS = r"(?:chan|san|kun|sama|senpai|sensei|nii|nee|dono|hime|tan)"
_CALLED = re.compile(r"[,!?]")
# What only a person does: "Cloud nodded." at a sentence start is Cloud, "Cloud cover" is not.
_NAME_VERB = re.compile(
    r"(?:['’]s\s+(?:eyes|voice|hands?|face|hair|sword|gaze|lips|mouth|heart|breath)\b|\s+(?:"
    r"said|says|asked|asks|replied|answered|nodded|shrugged|sighed|smiled|grinned|frowned|laughed"
    r"|chuckled|snorted|scowled|muttered|murmured|whispered|shouted|yelled|called|winced|blinked"
    r"|hesitated|glanced|stared|swallowed|paused|groaned|growled|gasped|blushed)\b)"
)
# A verb after a sentence-start ordinary word: the word is probably someone's name.
_ACTION = re.compile(
    r"\s+(?:[a-z]+ed|read|sat|stood|went|came|took|saw|knew|thought|felt|ran|held|let|put|made"
    r"|gave|found|told|kept|left|began|rose|woke|slept|spoke|drew|threw|struck|caught|fought"
    r"|brought|bought|sent|sank|swore|wore|tore|hid|bit|shook|grew|lay|met|meant|heard|led"
    r"|paid|sought|taught|understood|won|wrote|rode|drove|froze|chose|would|could|should|might"
    r"|must|will|can|didn't|couldn't|wouldn't|wasn't|hadn't|can't|won't|does|did|says|looks"
    r"|knows|wants|needs|thinks|feels)\b"
)
_OPENERS = "\"“‘'([*_-–— \n\t"


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
            body = _trie_pattern(self._by_alias)
            # Not inside a word or a hyphenated compound ("anti-Tifa", "Cloud-grey"), but a
            # stutter ("T-Tifa") and an honorific ("Aerith-san") leave the name a name.
            tail = r"(?![\w]|-(?!" + _HONORIFICS + r"\b)\w)"
            self._pattern: re.Pattern[str] | None = re.compile(
                r"(?:(?<![\w’'-])|(?<=(?<![\w’'-])\w-))" + body + tail, re.IGNORECASE
            )
            # The same matches, found faster (see _matches): word starts and stutter starts
            # apart, on lower-cased text when that cannot change what matches.
            self._word_start = _Trie(self._by_alias, tail, word_start=True)
            self._at = _Trie(self._by_alias, tail, word_start=False)
        else:
            self._pattern = None

    def _matches(self, text: str, scan: Scan) -> Iterator[tuple[int, int]]:
        """The spans of ``self._pattern.finditer(text)``, several times faster.

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
                if not (written[0].isupper()) or _after_determiner(text, start):
                    continue  # "a cloud", "the Cloud of dust"
                if (
                    _at_sentence_start(text, start)
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


# The look-behind that makes a position a word start for the detector: not after a letter,
# digit, apostrophe or hyphen ("anti-Tifa", "Tifa's" both start no name at "Tifa"/"s").
_WORD_START = r"(?<![\w’'-])"
# What may stand before a word start instead: every ASCII character that is not a letter, digit,
# apostrophe or hyphen, and the punctuation of typeset text. A character class of literals is
# one the regex engine scans for quickly (see _Trie).
_SEPARATORS = "".join(
    re.escape(chr(c)) for c in range(128) if not re.fullmatch(r"[\w’'-]", chr(c))
) + re.escape("“”‘…—–«»¡¿•·„‚‹›′″\u2009\u200a\u202f\u3000")
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")


@dataclass(slots=True)  # not frozen: one per paragraph, and frozen ones are slower to make
class Scan:
    """A text made ready, once, for the patterns run on it (``_Trie``, ``pronoun_starts``)."""

    text: str
    lowered: str | None  # text.lower(), when ASCII patterns may run on it (_lowers_exactly)
    # "\n" + lowered, when every character in it that may stand before a word start is a
    # _SEPARATORS one (for _Trie.after_separator); else None.
    separated: str | None


def prepare(text: str) -> Scan:
    if not _lowers_exactly(text):
        return Scan(text, None, None)
    low = text.lower()
    return Scan(text, low, "\n" + low if _separators_known(low) else None)


class _Trie:
    """A case-insensitive alternation of words, run on lower-cased text when that is exact.

    ``re.IGNORECASE`` makes every literal a case-folding comparison, which is slow in a long
    alternation. When the words are ASCII and lower-casing the text keeps every position and
    cannot make a character match a letter it did not match before (or stop matching one),
    the case-sensitive pattern on ``text.lower()`` finds exactly the same spans, about twice
    as fast. Otherwise the ``IGNORECASE`` pattern runs on the text itself.

    With ``word_start``, the words match only where a word starts (``_WORD_START``). A
    pattern that opens with a look-behind makes the regex engine try every position of the
    text in turn, which is most of its cost; one that opens with a class of literal
    characters lets it skip ahead to the next such character. So, when every character of the
    text that may stand before a word start is one of ``_SEPARATORS``, the words are found
    after a separator instead, in ``"\n" + text.lower()`` (the "\n" stands for the start of
    the text): the same matches, each one character later, found in about 60% of the time. That
    needs the words to start with a letter or digit, so that no match can start where
    another ends (the tail forbids a letter or digit there), and the scan, which moves on
    from the end of each match, skips no word start it would otherwise have tried.
    """

    def __init__(self, words: Collection[str], tail: str, *, word_start: bool) -> None:
        body = "(?:" + _trie_pattern(words) + ")"
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


def _lowers_exactly(text: str) -> bool:
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


def _vocative(text: str, start: int, end: int) -> bool:
    """Dialogue that opens by calling someone: "Cloud?", "Cloud, wait!"."""
    return start > 0 and text[start - 1] in '"“‘' and bool(_CALLED.match(text, end))


def _after_determiner(text: str, pos: int) -> bool:
    before = text[max(0, pos - 20) : pos].split()
    return bool(before) and before[-1].casefold().strip("\"“'‘(") in _DETERMINERS


def _at_sentence_start(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in _OPENERS:
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


_MALE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
# The same words, for lower-cased text (see _lowers_exactly), written to open with their first
# letter and only then look behind it: a pattern that opens with a letter lets the regex engine
# jump from one "h" or "s" to the next instead of trying every position (about four times
# faster than _MALE and _FEMALE on the original text).
_MALE_LOWER = re.compile(r"h(?<!\wh)(?:e|im|is|imself)\b")
_FEMALE_LOWER = re.compile(r"(?:h(?<!\wh)er(?:s|self)?|s(?<!\ws)he)\b")

# Where a text's pronouns start: (he/him/his/himself, she/her/hers/herself), each in order.
PronounStarts = tuple[list[int], list[int]]


def pronoun_starts(text: str, scan: Scan | None = None) -> PronounStarts:
    """The starts of the matches of ``_MALE`` and of ``_FEMALE`` in ``text``; ``scan`` is
    ``prepare(text)``, when already made."""
    low = scan.lowered if scan is not None else text.lower() if _lowers_exactly(text) else None
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
    if _lowers_exactly(text):
        return len((_MALE_LOWER if gender == "m" else _FEMALE_LOWER).findall(text.lower()))
    return len((_MALE if gender == "m" else _FEMALE).findall(text))


@dataclass(frozen=True, slots=True)
class CharacterRole:
    name: str
    fandom: str | None
    role: str  # "lead", "supporting" or "mentioned"
    mentions: int  # times named in the body
    score: float  # mentions plus the pronouns we attribute to them: orders the cast
    called: str  # the name the story uses most for them ("Aeris")
    confirmed: bool = True  # False for recurring proper names that are not in the roster
    gender: str = "n"


ROLE_ORDER = {"lead": 0, "supporting": 1, "mentioned": 2}

# A pronoun is weaker evidence than a name: it may refer to anyone of that gender in the scene.
_PRONOUN_WEIGHT = 0.5
# Above this many characters named by the author, the list is a cast list, not a focus.
_FOCUS_LIMIT = 4
# A character the notes do not name is a lead only with this many times the focus's score.
_OUTWEIGH_FOCUS = 1.5
# A character named only in the notes is the "he"/"she" of a POV piece from this many pronouns.
_POV_PRONOUNS = 3


@dataclass(frozen=True, slots=True)
class CastInput:
    body_mentions: list[Mention]
    author_mentions: list[Mention]  # in notes, disclaimer, end notes and summary
    meta_characters: list[CharacterDef]  # from the Characters field
    meta_pairs: list[tuple[str, str]]  # from Relationships
    pronouns: dict[str, int]
    body_words: int
    # The body paragraph by paragraph, with the mentions found in each: when given, each
    # he/she is credited to the character it most likely stands for, not shared out evenly.
    paragraphs: list[str] = field(default_factory=list)
    paragraph_mentions: list[list[Mention]] = field(default_factory=list)
    lower_words: frozenset[str] = frozenset()  # the body's words written in lower case
    # Optional: each paragraph's pronoun_starts, already found.
    paragraph_pronouns: list[PronounStarts] | None = None


def assign_roles(cast: CastInput) -> list[CharacterRole]:
    confident = {m.character.name for m in cast.body_mentions if m.confident}
    confident |= {
        m.character.name
        for m in cast.body_mentions
        if m.likely and not {m.alias.casefold(), m.alias.casefold() + "s"} & cast.lower_words
    }
    confident |= {m.character.name for m in cast.author_mentions}
    confident |= {c.name for c in cast.meta_characters}
    mentions: Counter[str] = Counter()
    called: dict[str, Counter[str]] = defaultdict(Counter)
    chars: dict[str, CharacterDef] = {}
    for m in cast.body_mentions:
        if m.confident or m.character.name in confident:
            mentions[m.character.name] += 1
            called[m.character.name][m.alias] += 1
            chars[m.character.name] = m.character

    author_named = list(dict.fromkeys(m.character.name for m in cast.author_mentions))
    for m in cast.author_mentions:
        chars.setdefault(m.character.name, m.character)
        called[m.character.name][m.alias] += 0
    pair_names = {n for pair in cast.meta_pairs for n in pair}
    for c in cast.meta_characters:
        chars.setdefault(c.name, c)
    focus = set(author_named) if len(author_named) <= _FOCUS_LIMIT else set()
    meta_named = pair_names | {c.name for c in cast.meta_characters}
    for name in list(focus):
        if mentions[name] or name in meta_named:
            continue
        # Named in the notes, never in the story: the lead of a POV piece ("Sephiroth's
        # thoughts", then only "he") when nobody else could be that "he"; otherwise a name in
        # passing ("thanks to my beta, who loves Reno").
        gender = chars[name].gender
        rivals = any(mentions[o] for o in chars if o != name and chars[o].gender == gender)
        if gender == "n" or rivals or cast.pronouns.get(gender, 0) < _POV_PRONOUNS:
            focus.discard(name)
    focus |= {n for n in pair_names if n in chars}

    score: dict[str, float] = {name: float(mentions[name]) for name in chars}
    if cast.paragraphs:
        credit = _pronoun_credit(cast, chars, mentions, focus, confident)
        for name, pronouns in credit.items():
            score[name] += _PRONOUN_WEIGHT * pronouns
    else:
        for gender in ("m", "f"):
            group = [n for n in chars if chars[n].gender == gender and (mentions[n] or n in focus)]
            # Pronouns go first to the characters the author says the story is about.
            priority = [n for n in group if n in focus] or group
            weights = {n: mentions[n] + 1 for n in priority}
            total = sum(weights.values())
            for n in priority:
                score[n] += _PRONOUN_WEIGHT * cast.pronouns.get(gender, 0) * weights[n] / total

    top = max(score.values(), default=0.0) or 1.0
    # With the author's focus given, another character must clearly outweigh it to be a lead.
    focus_top = max((score[n] for n in focus), default=0.0)
    lead_bar = max(0.5 * top, _OUTWEIGH_FOCUS * focus_top)
    supporting_floor = max(3, cast.body_words // 5000)
    roles: list[CharacterRole] = []
    for name, char in chars.items():
        named = mentions[name]
        if (
            name in focus
            or (named >= 1 and score[name] == top and not focus)  # named once, then "he"
            or (named >= 2 and score[name] > lead_bar)
        ):
            role = "lead"
        elif (
            named >= supporting_floor
            or (named >= 2 and score[name] >= 0.2 * top)
            or name in pair_names
        ):
            role = "supporting"
        else:
            role = "mentioned"
        if named == 0 and name not in focus and char not in cast.meta_characters:
            continue  # named only in passing in the notes ("thanks to my beta, who loves Reno")
        spelled = called[name].most_common(1)
        roles.append(
            CharacterRole(
                name=name,
                fandom=char.fandom,
                role=role,
                mentions=named,
                score=round(score[name], 2),
                called=_display_alias(spelled[0][0], char) if spelled else char.name,
                gender=char.gender,
            )
        )
    roles.sort(key=lambda r: (ROLE_ORDER[r.role], -r.score, r.name))
    return roles


def _pronoun_credit(
    cast: CastInput,
    chars: dict[str, CharacterDef],
    mentions: Counter[str],
    focus: set[str],
    confident: set[str],
) -> Counter[str]:
    """Who each he/she stands for: the last character of that gender named before it in the
    paragraph; failing that, the story's own "he" or "she": the character of that gender the
    author says the story is about, else the first one the story names."""
    eligible = {n for n in chars if mentions[n] or n in focus}
    default: dict[str, str] = {}
    for gender in ("m", "f"):
        # Ties broken by name: ``focus`` is a set, whose order changes from process to
        # process (string hashing), and the same story must read the same in every one.
        focused = sorted(
            (n for n in focus if chars[n].gender == gender), key=lambda n: (-mentions[n], n)
        )
        if focused:
            default[gender] = focused[0]
            continue
        for found in cast.paragraph_mentions:
            first = next(
                (
                    m.character.name
                    for m in found
                    if m.character.gender == gender
                    and m.character.name in eligible
                    and (m.confident or m.character.name in confident)
                ),
                None,
            )
            if first is not None:
                default[gender] = first
                break
    credit: Counter[str] = Counter()
    male, female = default.get("m"), default.get("f")
    for index, (text, found) in enumerate(
        zip(cast.paragraphs, cast.paragraph_mentions, strict=True)
    ):
        if cast.paragraph_pronouns is not None:
            he, she = cast.paragraph_pronouns[index]
        else:
            he, she = pronoun_starts(text)
        names = [
            (m.start, m.character)
            for m in found
            if m.character.name in eligible and (m.confident or m.character.name in confident)
        ]
        if not names:
            # Nobody named here: every he is the story's he, every she its she.
            if male is not None and he:
                credit[male] += len(he)
            if female is not None and she:
                credit[female] += len(she)
            continue
        # Each pronoun stands for the last character of its gender named before it (a name
        # starting before the pronoun does), else for the story's default: the pronouns
        # between two such names are counted at once, by bisecting their sorted starts,
        # instead of walking through them one by one.
        for gender, starts in (("m", he), ("f", she)):
            if not starts:
                continue
            who = default.get(gender)
            done = 0  # pronouns credited so far: those starting at or before the last name
            for start, char in names:
                if char.gender != gender:
                    continue
                upto = bisect.bisect_right(starts, start, done)
                if who is not None and upto > done:
                    credit[who] += upto - done
                who, done = char.name, upto
            if who is not None and len(starts) > done:
                credit[who] += len(starts) - done
    return credit


def _display_alias(written: str, char: CharacterDef) -> str:
    for alias in char.aliases:
        if alias.casefold() == written.casefold():
            return alias
    return written


# Romance in the text: what makes two leads a pairing rather than rivals or friends.
_ROMANCE = re.compile(
    r"\b(?:kiss(?:ed|es|ing)?|lovers?|lov(?:e|ed|es|ing)|embrac(?:e|ed|es|ing)|caress(?:ed|es|ing)?"
    r"|lips|beloved|darling|sweetheart|romance|romantic|passion(?:ate)?|ship|pairing|otp|couple"
    r"|together|fluff|lemon|smut|date|dating|married|wedding)\b",
    re.IGNORECASE,
)
# The same, case-sensitive, for lower-cased text: much faster than IGNORECASE on a long text.
_ROMANCE_LOWER = re.compile(_ROMANCE.pattern)


def _romance_count(text: str) -> int:
    """``len(_ROMANCE.findall(text))``."""
    if _lowers_exactly(text):
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


# Both patterns below open with the capital and only then look behind it (the same test as a
# look-behind in front, since the capital is known): a pattern that opens with a character
# class lets the regex engine skip ahead to the next capital, several times faster.
_PROPER = re.compile(r"([A-Z](?<![\w'’-][A-Z])[a-z]{2,}(?:-[A-Z][a-z]+)?)(?:'s|’s)?(?![\w-])")
# A run of capitalised words ending in one of these names a place or a body, not a person:
# "the Mythril Mine", "Costa Bay", "Junon Harbor Station".
_PLACE_NOUNS = frozenset(
    [
        "mine",
        "mines",
        "canyon",
        "town",
        "city",
        "village",
        "forest",
        "woods",
        "wood",
        "tower",
        "building",
        "inn",
        "bar",
        "church",
        "market",
        "sector",
        "street",
        "station",
        "reactor",
        "mountain",
        "mountains",
        "mount",
        "peak",
        "cave",
        "caves",
        "lake",
        "river",
        "sea",
        "ocean",
        "island",
        "isle",
        "bay",
        "harbor",
        "harbour",
        "port",
        "desert",
        "academy",
        "hospital",
        "hall",
        "palace",
        "castle",
        "temple",
        "shrine",
        "square",
        "park",
        "plaza",
        "road",
        "avenue",
        "bridge",
        "gate",
        "gates",
        "restaurant",
        "hotel",
        "house",
        "manor",
        "mansion",
        "department",
        "army",
        "company",
        "corporation",
        "guard",
        "corps",
        "unit",
        "division",
        "squad",
        "team",
        "club",
        "school",
        "university",
        "prison",
        "farm",
        "ranch",
        "cliff",
        "cliffs",
        "glacier",
        "crater",
        "valley",
        "falls",
        "swamp",
        "marsh",
        "coast",
        "continent",
        "kingdom",
        "empire",
        "republic",
        "plains",
        "fields",
        "field",
        "garden",
        "gardens",
        "slums",
        "plate",
        "ship",
    ]
)
_CAPITAL_RUN = re.compile(
    r"[A-Z](?<![\w'’-][A-Z])[\w'’-]*(?:\s+(?:of\s+the\s+|of\s+|del\s+|de\s+)?[A-Z][\w'’-]*)+"
)
# After these a capitalised word is a place: "in Lindblum", "across Gaia".
_PLACE_PREPOSITIONS = frozenset(["in", "into", "inside", "outside", "across", "throughout"])
_PHRASES: dict[str, tuple[_Trie | None, frozenset[str]]] = {}


def _not_character_phrases(roster: Roster) -> _Trie | None:
    """The roster's multi-word places, swords and titles ("Cosmo Canyon"), as one pattern."""
    return _phrases(roster)[0]


def _phrases(roster: Roster) -> tuple[_Trie | None, frozenset[str]]:
    """``_not_character_phrases``, and the characters it may match (any case)."""
    key = roster.digest + str(len(roster.fandoms))
    if key not in _PHRASES:
        phrases = {p for f in roster.fandoms for p in f.not_characters if " " in p}
        chars = {c for p in phrases for c in p}
        _PHRASES[key] = (
            _Trie(phrases, r"(?![\w-])", word_start=True) if phrases else None,
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
    while k >= 0 and text[k] in _OPENERS:
        ch = text[k]
        if not ch.isspace() and (ch in maskable or any(s <= k < e for s, e in names)):
            return True  # an opener masking may change
        k -= 1
    if k < 0:
        return False
    ch = text[k]
    if ch not in _SENTENCE_END:
        return True  # mid-sentence
    return ch in maskable or any(s <= k < e for s, e in names)


_LOWER_CASE_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")
# The same, as unconfirmed_names reads them: two letters or more, no curly apostrophe.
_LOWER_CASE_WORD_2 = re.compile(r"\b[a-z][a-z'-]+\b")


def lower_case_words(text: str) -> frozenset[str]:
    return frozenset(_lower_case_words(_LOWER_CASE_WORD, 1, text))


def _lower_case_words(pattern: re.Pattern[str], shortest: int, text: str) -> set[str]:
    """``set(pattern.findall(text))`` for a pattern of lower-case words: a run of ASCII
    lower-case letters, then letters, apostrophes or hyphens (``shortest`` characters at
    least), between word boundaries.

    About twice as fast as the regex over the whole text: no match spans whitespace, so each
    distinct whitespace-separated token can be read once, and one made only of lower-case
    ASCII letters is a match (if long enough) and all the matches in it. The other tokens go
    through the regex, apart (between spaces) as they were.
    """
    distinct = set(text.split())
    plain = {t for t in distinct if t.isascii() and t.isalpha() and t.islower()}
    found = set(pattern.findall(" ".join(distinct - plain)))
    found.update(t for t in plain if len(t) >= shortest)
    return found


def unconfirmed_names(
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
    for k, original in enumerate(body):
        # Masking (below) only ever removes candidates, and never moves a sentence start: a
        # paragraph whose capitalised words all open sentences has nothing to count.
        propers = list(_PROPER.finditer(original))
        if not any(not _at_sentence_start(original, m.start()) for m in propers):
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
            if _at_sentence_start(text, m.start()):
                continue
            before = text[max(0, m.start() - 20) : m.start()].split()
            previous = before[-1].casefold() if before else ""
            possessive = m.group(0) != word
            if previous in _DETERMINERS or (previous in _PLACE_PREPOSITIONS and not possessive):
                continue
            if _never_counted(word, settled, known, roster):
                continue
            if lower_words is None:
                lower_words = _lower_case_words(_LOWER_CASE_WORD_2, 2, "\n".join(body))
            if word.casefold() in lower_words:
                continue
            counts[word] += 1
    return Counter({w: n for w, n in counts.items() if n >= 3})
