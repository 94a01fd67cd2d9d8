"""Showing text on Discord: story prose, reader-written reviews, search highlights.

Story prose keeps the author's emphasis (*italics* render as italics) but loses the line-start
syntax that would turn a paragraph into a heading, a quote or a list. Text readers write is
escaped completely, so it can never break an embed's markdown or hide a link.
"""

from __future__ import annotations

import re
import unicodedata

from bot.storage.models import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN
from bot.ui import limits

_LINE_START = re.compile(r"^(\s*)([#>*+-]|\d+[.)]|-#)(?=\s)", re.MULTILINE)
_MASKED_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_MARKDOWN_CHARS = re.compile(r"([\\*_~`|>#\[\]()\-])")


def prose(text: str) -> str:
    """An author's paragraph as Discord markdown: emphasis kept, block syntax neutralised."""
    text = text.replace("```", "ʼʼʼ")  # a stray fence would swallow the rest of the page
    text = _MASKED_LINK.sub(lambda m: f"\\[{m.group(1)}\\]({m.group(2)})", text)
    text = text.replace("||", "\\|\\|").replace("@", "@\u200b")
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)


def escape(text: str) -> str:
    """Anything a reader typed, shown literally: no markdown, no mentions, no links."""
    text = _MARKDOWN_CHARS.sub(r"\\\1", text)
    return text.replace("@", "@\u200b").replace("://", ":\u200b//")


def escape_inline(text: str) -> str:
    """A short name or title inside markdown (a list line, a field): escaped, on one line."""
    return escape(" ".join(text.split()))


def visible(text: str) -> str:
    """Text without the invisible characters a reader can type or paste: zero-width spaces,
    right-to-left overrides (which would turn the rest of our sentence around), control codes.
    The zero-width joiner inside emoji sequences stays."""
    return "".join(
        ch
        for ch in text
        if ch in "\u200d\n\t" or unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Cn")
    )


def typed(text: str, limit: int = 60) -> str:
    """What a reader typed, quoted back in an answer: visible, on one line, shortened (with an
    ellipsis) to ``limit``, escaped; "(empty)" when nothing visible is left."""
    shown = " ".join(visible(text).split())
    return escape(limits.fit(shown, limit)) if shown else "(empty)"


_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")


def highlight(snippet: str) -> str:
    """A search snippet with its matches in bold; the rest escaped."""
    parts = re.split(f"([{HIGHLIGHT_OPEN}{HIGHLIGHT_CLOSE}])", snippet)
    out: list[str] = []
    bold = False
    for part in parts:
        if part == HIGHLIGHT_OPEN:
            bold = True
        elif part == HIGHLIGHT_CLOSE:
            bold = False
        elif part:
            # A paragraph break becomes one space, never nothing: words on either side of it
            # (or of a highlight next to it) stay apart.
            text = escape(_LINE_BREAKS.sub(" ", part))
            out.append(f"**{text}**" if bold and text.strip() else text)
    return "".join(out)


def spoiler(text: str) -> str:
    return f"||{text}||"
