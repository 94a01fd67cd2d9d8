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

_OPEN = r"^[\s\[(*_~{<>=#-]{0,4}"  # brackets, bold or rules people wrap labels in

NOTE_LABEL = re.compile(
    _OPEN + r"(?:a\s*/\s*n|a\.n\.|an|author'?s?'?\s*notes?|authors?\s+notes?|"
    r"notes?|n/a|author\s+comments?)"
    r"(?:\s*\([^)]{0,30}\))?\s*[*_]*\s*(?:[:\-–—.)\]]|$)",
    re.IGNORECASE,
)
END_LABEL = re.compile(
    _OPEN + r"(?:end(?:ing)?\s*notes?|closing\s+notes?|final\s+notes?|post[- ]?script|p\.?s\.?"
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

# Strong signs a paragraph talks about the writing rather than telling the story.
_STRONG = re.compile(
    r"\b(?:fics?|fanfics?|fan\s*fics?|fanfiction|fan\s+fiction|one[- ]?shots?|drabbles?|ficlets?"
    r"|a/n|r\s*&\s*r|reviews?|reviewers?|reviewing|reviewed|feedback|kudos|readers"
    r"|beta(?:ed|-read|\s+reader)?|chapters?|ooc|au|canon(?:ically)?|fandom|pairings?|ship(?:per|ping)?"
    r"|disclaimer|copyright|square\s*(?:enix|soft)|plot\s*bunn(?:y|ies)|sequel|prequel"
    r"|spoilers?|hiatus|writer'?s\s+block|constructive\s+criticism|flames|updates?|updating"
    r"|this\s+(?:story|piece|fic)|my\s+(?:first|story|stories|writing|drawing|fics?)"
    r"|final\s+fantasy|ff\s*vii|ff7|crisis\s+core|advent\s+children|dirge\s+of\s+cerberus"
    r"|thanks?\s+(?:you\s+)?for\s+reading|let\s+me\s+know|hope\s+you\s+(?:all\s+)?(?:enjoy|like|liked|enjoyed)"
    r"|enjoy\s+the\s+(?:fic|story|read|chapter)|(?:please\s+)?enjoy\s*!)",
    re.IGNORECASE,
)
# Weak signs: the author speaking in the first person, or addressing the reader.
_WEAK = re.compile(
    r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|me|my|myself|you|your|you're|you’re|y'all"
    r"|hope|enjoy|enjoyed|thanks|thank\s+you|please|write|wrote|writing|written|ideas?"
    r"|lol|haha|anyway|like\s+it|hate\s+it|sorry)\b|[:;]-?[)(DP]|\bxd\b|<3|!!",
    re.IGNORECASE,
)
# Dialogue in straight or curly quotes: first-person words inside it belong to characters.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’(?!\w)")
_DIALOGUE_START = re.compile(r"^\s*[\"“‘'«]")


def _outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def author_voice(text: str, *, strict: bool = False) -> bool:
    """Does this paragraph talk about the writing, in the author's own voice?

    ``strict`` is for paragraphs with no label before them at the very start of a file: they
    need more evidence, since a first-person story may open with "I".
    """
    if _DIALOGUE_START.match(text):
        return False
    plain = _outside_quotes(text)
    strong = len(_STRONG.findall(plain))
    weak = len(_WEAK.findall(plain))
    if strict:
        return strong >= 2 or (strong >= 1 and weak >= 2)
    return strong >= 2 or (strong >= 1 and weak >= 1)


def is_note_label(text: str) -> bool:
    return bool(NOTE_LABEL.match(text))


def is_end_label(text: str) -> bool:
    return bool(END_LABEL.match(text)) or is_note_label(text)


def is_disclaimer(text: str) -> bool:
    if DISCLAIMER_LABEL.match(text):
        return True
    # An unlabelled disclaimer: short, and about ownership.
    return (
        len(text) <= 400 and not _DIALOGUE_START.match(text) and bool(_DISCLAIMER_TEXT.search(text))
    )


def label_only(text: str) -> bool:
    """``A/N:`` or ``Disclaimer:`` alone on its paragraph: the next paragraph is its content."""
    stripped = re.sub(r"[\s\[\](){}*_~:\-–—.]", "", text)
    return len(stripped) <= 22 and (
        bool(NOTE_LABEL.match(text))
        or bool(DISCLAIMER_LABEL.match(text))
        or bool(END_LABEL.match(text))
    )


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
    return bool(_HEADING.match(text))


def is_ending_mark(text: str) -> bool:
    return bool(_ENDING.match(text))


def looks_like_title(text: str) -> bool:
    """A short standalone line with no sentence punctuation: a title or a byline."""
    return (
        "\n" not in text
        and 0 < len(text) <= 90
        and not text.rstrip().endswith((".", ",", ";", "?", '"', "”", "…"))
        and not _DIALOGUE_START.match(text)
    )
