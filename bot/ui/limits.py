"""Discord's message limits, and the helpers that keep every message inside them.

discord.py checks few of these itself; Discord answers a violation with HTTP 400, which a reader
sees as "This interaction failed". No discord import here: the numbers and the fitting are
plain Python, shared by the renderer and the tests (see ../shared/design/discord-limits.md).
"""

from __future__ import annotations

import re
from typing import Any

CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TITLE = 256
EMBED_AUTHOR = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_TOTAL = 6000
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_OPTION_TEXT = 100
SELECT_PLACEHOLDER = 150
CUSTOM_ID = 100
MODAL_TITLE = 45
LABEL_TEXT = 45
LABEL_DESCRIPTION = 100
TEXT_INPUT_MAX = 4000
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100

# Pages stay well below the description limit: room for markdown escapes and a header line.
PAGE_CHARS = 3800

ELLIPSIS = "…"


def fit(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters at a word, with a visible ellipsis when anything is cut.

    For labels and names only (titles, option labels). Prose is paginated, never cut.
    """
    text = " ".join(text.split()) if "\n" not in text else text
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+")


def split_long(text: str, limit: int) -> list[str]:
    """Split text longer than ``limit`` at sentence ends (or spaces, if a sentence is longer)."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _sentences(text):
        while len(sentence) > limit:  # a sentence longer than a page: cut at a space
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _SENTENCE.finditer(text):
        out.append(text[start : m.end()].rstrip())
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return [s for s in out if s]


def paginate(blocks: list[str], limit: int = PAGE_CHARS, sep: str = "\n\n") -> list[str]:
    """Group blocks (paragraphs, list entries) into pages of at most ``limit`` characters.

    Pages break between blocks; a block longer than a page is split at sentence ends.
    Nothing is dropped: the pages together hold every block.
    """
    pages: list[str] = []
    current = ""
    for block in blocks:
        for piece in split_long(block, limit):
            if current and len(current) + len(sep) + len(piece) > limit:
                pages.append(current)
                current = piece
            else:
                current = f"{current}{sep}{piece}" if current else piece
    if current:
        pages.append(current)
    return pages or [""]


def embed_chars(embed: dict[str, Any]) -> int:
    """Characters of an embed that count toward the 6,000 total."""
    total = len(embed.get("title", "") or "") + len(embed.get("description", "") or "")
    total += len((embed.get("footer") or {}).get("text", "") or "")
    total += len((embed.get("author") or {}).get("name", "") or "")
    for f in embed.get("fields", []) or []:
        total += len(f.get("name", "") or "") + len(f.get("value", "") or "")
    return total


def embed_problems(embed: dict[str, Any]) -> list[str]:
    """What in an embed breaks Discord's limits (empty when it is fine)."""
    problems: list[str] = []
    checks = [
        ("title", len(embed.get("title", "") or ""), EMBED_TITLE),
        ("description", len(embed.get("description", "") or ""), EMBED_DESCRIPTION),
        ("footer", len((embed.get("footer") or {}).get("text", "") or ""), FOOTER),
        ("author", len((embed.get("author") or {}).get("name", "") or ""), EMBED_AUTHOR),
        ("fields", len(embed.get("fields", []) or []), EMBED_FIELDS),
        ("total", embed_chars(embed), EMBED_TOTAL),
    ]
    for i, f in enumerate(embed.get("fields", []) or []):
        checks.append((f"field {i} name", len(f.get("name", "") or ""), FIELD_NAME))
        checks.append((f"field {i} value", len(f.get("value", "") or ""), FIELD_VALUE))
        if not (f.get("name") or "").strip() or not (f.get("value") or "").strip():
            problems.append(f"field {i} is empty")
    problems += [f"{what} {n} > {limit}" for what, n, limit in checks if n > limit]
    return problems
