"""Recognising the author's voice: notes, disclaimers, scene breaks and other scaffolding.

Authors frame a story with paragraphs that talk to readers rather than tell the story. The
markers are conventional (``A/N:``, ``Disclaimer:``, ``R&R``), but an author's note often runs
on for several unmarked paragraphs, and closing notes rarely carry a label at all ("Like it,
hate it? Let me know!"). These predicates are deliberately conservative: a paragraph is the
author's only when it says so, or when it talks about the writing (fic, review, chapter...) in
the first or second person, outside dialogue.
"""

from __future__ import annotations

import re

from bot.library.headings import is_chapter_heading

_OPEN = r"^[\s\[(*_~{<>=#-]{0,4}"  # brackets, bold or rules people wrap labels in

NOTE_LABEL = re.compile(
    _OPEN + r"(?:a\s*/\s*n|a\.n\.|an|author'?s?'?\s*notes?|authors?\s+notes?|"
    r"(?:chapter|work|story)\s+(?:end\s+)?notes?|notes?|n/a|author\s+comments?)"
    r"(?:\s*\([^)]{0,30}\))?\s*[*_]*\s*(?:[:\-–—.)\]]|$)",
    re.IGNORECASE,
)
END_LABEL = re.compile(
    _OPEN + r"(?:end(?:ing)?\s*notes?|closing\s+notes?|final\s+notes?|post[- ]?script|p\.?s\.?"
    r"|afterword|(?:chapter|work)\s+end\s+notes?"
    r"|r\s*&\s*r|r\s*n\s*r|read\s+(?:and|&|n|'n')\s+review|please\s+review|review\s+please)\b",
    re.IGNORECASE,
)
DISCLAIMER_LABEL = re.compile(
    _OPEN + r"(?:(?:standard|usual|general)\s+)?disclaim(?:er|ers|ed)?\b", re.IGNORECASE
)
_DISCLAIMER_TEXT = re.compile(
    r"\b(?:(?:i|we)\s+(?:do\s+not|don'?t|don’t|never|will\s+never)\s+own"
    r"|(?:belongs?|belonging)\s+to\b|(?:are|is)\s+(?:the\s+)?property\s+of"
    r"|all\s+rights\s+reserved|copyright|©|no\s+(?:money|profit)\s+(?:is\s+)?(?:being\s+)?made"
    r"|not\s+making\s+(?:any\s+)?money|owned\s+by\s+square)",
    re.IGNORECASE,
)

# What a disclaimer disclaims: the work, its owners, its characters, or any gain from them.
_DISCLAIMED = re.compile(
    r"\b(?:square|enix|squaresoft|final\s+fantasy|ff\s*vii|ff7|characters?|franchise|games?"
    r"|rights|owners?|creators?|money|profit|anything|nothing|sue)\b|©|copyright",
    re.IGNORECASE,
)

# Strong signs a paragraph talks about the writing rather than telling the story.
_STRONG = re.compile(
    r"\b(?:fics?|fanfics?|fan\s*fics?|fanfiction|fan\s+fiction|one[- ]?shots?|drabbles?|ficlets?"
    r"|a/n|r\s*&\s*r|reviews?|reviewers?|reviewing|reviewed|feedback|kudos|readers"
    r"|beta(?:ed|'d|-read|\s+reader)?|ooc|(?-i:AU)|canon(?:ically)?|fandom|pairings?"
    # "a new chapter of my life" and "the ship to Junon" are the story's own words
    r"|chapters?(?!\s+(?:of|in)\b)|shipp(?:er|ers|ing)|i\s+ship|otp"
    r"|disclaimer|copyright|square\s*(?:enix|soft)|plot\s*bunn(?:y|ies)|sequel|prequel"
    r"|spoilers?|hiatus|writer'?s\s+block|constructive\s+criticism|flamers?"
    r"|no\s+flames|flames\s+(?:will|are|would)|updates?|updating"
    r"|this\s+(?:fic|piece(?!\s+of))|my\s+(?:stories|writing|drawing|fics?)"
    r"|my\s+first\s+(?:fic|fanfic|story|attempt|try|one-?shot|time\s+(?:writing|posting))"
    r"|dedicated\s+to|dedication|prompts?|on\s+with\s+the\s+(?:story|fic|show|chapter)"
    r"|final\s+fantasy|ff\s*vii|ff7|crisis\s+core|advent\s+children|dirge\s+of\s+cerberus"
    r"|thanks?\s+(?:you\s+)?for\s+reading|let\s+me\s+know|hope\s+you\s+(?:all\s+)?(?:enjoy|like|liked|enjoyed)"
    r"|enjoy\s+the\s+(?:fic|story|read|chapter)|(?:please\s+)?enjoy\s*!)",
    re.IGNORECASE,
)
# Weak signs: the author speaking in the first person, or addressing the reader. "This story"
# and "my story" are here, not above: first-person narrators say them too.
_WEAK = re.compile(
    r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|me|my|myself|you|your|you're|you’re|y'all"
    r"|hope|enjoy|enjoyed|thanks|thank\s+you|please|write|wrote|writing|written|ideas?"
    r"|this\s+story|my\s+story|lol|haha|anyway|like\s+it|hate\s+it|sorry)\b"
    r"|[:;]-?[)(DP]|\bxd\b|<3|!!",
    re.IGNORECASE,
)
# Someone in the story: a short paragraph about "the chapter" she read is narrative.
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|his|her|they|them|their)\b", re.IGNORECASE)
_SHORT_NOTE = 80
# Dialogue in straight or curly quotes: first-person words inside it belong to characters.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’(?!\w)")
_DIALOGUE_START = re.compile(r"^\s*[\"“‘'«]")


# Paragraphs that can only be talking to readers, with or without a label: a request credit,
# a reader-insert key, a plea for comments, a download tool's "End file." and contents list.
_READER_ADDRESS = re.compile(
    r"^\W{0,3}(?:requested\s+by\b|(?:this\s+(?:fic|story|one)\s+(?:was|is)\s+)?a\s+request\s+(?:for|from)\b"
    r"|\(?\s*[yl]\s*/\s*n\s*\)?\s*(?:=|means\b|:)|comments\s+are\s+love\b|kudos\s+(?:are|and)\b"
    r"|end\s+file\.?\s*$|table\s+of\s+contents\s*$)",
    re.IGNORECASE,
)


def _outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def author_voice(text: str, *, strict: bool = False) -> bool:
    """Does this paragraph talk about the writing, in the author's own voice?

    ``strict`` is for paragraphs with no label before them at the very start of a file: they
    need more evidence, since a first-person story may open with "I".
    """
    if _DIALOGUE_START.match(text) or is_heading(text) or is_ending_mark(text):
        return False
    if _READER_ADDRESS.match(text):
        return True
    plain = _outside_quotes(text)
    strong = len(_STRONG.findall(plain))
    if strong == 0:
        return False  # whatever the weak signs (most paragraphs: they are not counted)
    if strong >= 2:
        return True
    # One strong sign: weak signs decide.
    weak = len(_WEAK.findall(plain))
    if strict:
        return weak >= 2
    if len(plain) <= _SHORT_NOTE and not _THIRD_PERSON.search(plain):
        return True  # "Review?", "Reviews are appreciated."
    return weak >= 1


def is_note_label(text: str) -> bool:
    return bool(NOTE_LABEL.match(text))


def is_end_label(text: str) -> bool:
    return bool(END_LABEL.match(text)) or is_note_label(text)


_SIGN_OFF = re.compile(
    r"^\s*(?:[-~–—]+\s*\S|(?:love|cheers|xoxo|hugs|peace|until|see\s+you|bye|ciao|later)\b)",
    re.IGNORECASE,
)


def is_sign_off(text: str) -> bool:
    """A short sign-off after closing notes: "~Kat", "Love, Mira", "Until next time!"."""
    words = text.split()
    if not words or len(words) > 6 or "\n" in text or _DIALOGUE_START.match(text):
        return False
    if is_heading(text) or is_ending_mark(text):
        return False
    return bool(_SIGN_OFF.match(text)) or not text.rstrip().endswith((".", "?", '"', "”"))


def is_disclaimer(text: str) -> bool:
    if DISCLAIMER_LABEL.match(text):
        return True
    # An unlabelled disclaimer: short, about owning, and about owning the work ("The sword
    # belongs to my father" opens a story; "The characters belong to Square Enix" does not).
    return (
        len(text) <= 400
        and not _DIALOGUE_START.match(text)
        and bool(_DISCLAIMER_TEXT.search(text))
        and bool(_DISCLAIMED.search(text))
    )


def label_only(text: str) -> bool:
    """``A/N:`` or ``Disclaimer:`` alone on its paragraph: the next paragraph is its content."""
    for label in (NOTE_LABEL, DISCLAIMER_LABEL, END_LABEL):
        m = label.match(text)
        if m is not None:
            rest = _LABEL_PUNCT.sub("", text[m.end() :])
            return rest == "" or _LABEL_FILLER.fullmatch(rest) is not None
    return False


_LABEL_PUNCT = re.compile(r"[\s\[\](){}*_~:\-–—.!]+")
_LABEL_FILLER = re.compile(r"(?:please|pls|plz|s)", re.IGNORECASE)


# Scene breaks: a line made only of rule characters, or the conventional oOo / xXx / -x-x-.
_BREAK_CHARS = set("*~=-_#+•·.oO0xX◊♦♥❤☆★✿❀§|/\\<>^°:")
_BREAK_WORDS = re.compile(
    r"^\W*(?:scene|line|page|time|pov)[\s-]*(?:break|change|skip|shift)\W*$|^\W*break\W*$",
    re.IGNORECASE,
)


def is_scene_break(text: str) -> bool:
    if "\n" in text or len(text) > 80:
        return False
    compact = "".join(text.split())
    if len(compact) >= 3 and set(compact) <= _BREAK_CHARS:
        # Only o/O/x/X/0 are letters here, so "oOo", "xXx" and "-x-x-" pass and no word does.
        return True
    return bool(_BREAK_WORDS.match(text))


_HEADING = re.compile(
    r"^\W{0,3}(?:chapter|part|prologue|epilogue|interlude|book|act)\b[^.!?\n]{0,70}$",
    re.IGNORECASE,
)
_ENDING = re.compile(
    r"^\W{0,3}(?:the\s+end|fin|finis|end|tbc|to\s+be\s+continued|end\s+of\s+(?:chapter|part)"
    r"(?:\s+\w+)?|owari|complete)\W{0,3}$",
    re.IGNORECASE,
)


def is_heading(text: str) -> bool:
    # The chapter headings a story is cut at are headings too ("Ch. 3 - Title", "Chapter 3.").
    return bool(_HEADING.match(text)) or is_chapter_heading(text)


def is_ending_mark(text: str) -> bool:
    return bool(_ENDING.match(text))


_BYLINE = re.compile(
    r"^\s*[*_]{0,2}(?:by|written\s+by|author|writer)\b[*_]{0,2}\s*[:\-–—]?\s*[*_]{0,2}\s*"
    r"([^\s*_][^\n]*?)[*_]{0,2}\s*$",
    re.IGNORECASE,
)


def byline(text: str) -> str | None:
    """The author's name from a byline under a title: "by silverfeather", "By: wanderer_7"."""
    m = _BYLINE.match(text)
    if m is None:
        return None
    name = m.group(1).strip()
    if len(name.split()) > 4 or len(name) > 40 or name.endswith((".", ",", "!", "?")):
        return None
    return name


_AO3_BANNER = re.compile(r"^\s*posted\s+originally\s+on\s+the\s+archive\s+of\s+our\s+own", re.I)


def ao3_banner(text: str) -> str | None:
    """AO3's downloads open with the title and "Posted originally on the Archive of Our Own"."""
    lines = text.split("\n")
    if len(lines) == 2 and _AO3_BANNER.match(lines[1]) and lines[0].strip():
        return lines[0].strip()
    return None


def looks_like_title(text: str) -> bool:
    """A short standalone line with no sentence punctuation: a title or a byline."""
    return (
        "\n" not in text
        and 0 < len(text) <= 90
        and not text.rstrip().endswith((".", ",", ";", "?", '"', "”", "…"))
        and not _DIALOGUE_START.match(text)
    )
