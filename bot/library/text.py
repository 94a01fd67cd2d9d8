"""Text hygiene: turn the bytes of a story file into clean lines and paragraphs.

Fan fiction arrives from every era of the web: UTF-8 with or without a BOM, old cp1252 files
from Windows editors (curly quotes and dashes as single bytes), CRLF or bare CR line endings,
and trailing spaces. Everything downstream sees one normal form: str, LF line endings, no
trailing whitespace, paragraphs exactly as written.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Bytes that cp1252 leaves undefined; latin-1 maps them to C1 controls instead of failing.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


class UndecodableError(ValueError):
    """The file is not text we can read (binary, or an encoding we cannot make sense of)."""


def decode(raw: bytes) -> str:
    """Decode a story file's bytes: UTF-8 (BOM or not), else cp1252, else latin-1.

    Raises UndecodableError for binary data (NUL bytes, many control characters).
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _check_text(raw.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise UndecodableError("broken UTF-16 text") from exc
    if b"\x00" in raw:
        raise UndecodableError("binary data (NUL bytes), not a text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Older archives are mostly cp1252; its few undefined bytes fall back to latin-1.
        if any(b in _CP1252_HOLES for b in raw):
            text = raw.decode("latin-1")
        else:
            text = raw.decode("cp1252")
    return _check_text(text)


def _check_text(text: str) -> str:
    sample = text[:4096]
    if sample:
        controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls / len(sample) > 0.01:
            raise UndecodableError("binary data (control characters), not a text file")
    return text


def normalise(text: str) -> str:
    """LF line endings, no trailing whitespace on any line, no leading/trailing blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph as written, and how many blank lines preceded it (scene breaks are gaps)."""

    text: str
    blank_before: int


# A line starting with one of these labels opens a note or metadata line, even inside a block.
_LINE_OPENER = re.compile(
    r"^\s*[\[(*_~]*\s*(?:a/n|an|author'?s?'? ?notes?|disclaimer|notes?|end ?notes?|title|"
    r"author|fandom|rating|summary|characters?|relationships?|pairings?|warnings?|"
    r"archive warnings?|category|additional tags)\s*[:\-–—]",
    re.IGNORECASE,
)
# Lines longer than this are not hard-wrapped prose: each is a paragraph of its own.
_UNWRAPPED_LINE = 120


def blocks(text: str) -> list[Block]:
    """Split normalised text into paragraphs.

    Paragraphs are separated by blank lines. Many files, though, put one paragraph per line
    with no blank line between them; a block whose lines are long (not hard-wrapped) or which
    stacks several labelled lines (``A/N: ...`` then ``Disclaimer: ...``) is split per line.
    """
    out: list[Block] = []
    blank = 0
    current: list[str] = []

    def flush() -> None:
        nonlocal blank
        if not current:
            return
        for i, part in enumerate(_split_block(current)):
            out.append(Block(part, blank if i == 0 else 0))
        current.clear()
        blank = 0

    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        else:
            if current:
                flush()
            blank += 1
    flush()
    return out


def _split_block(lines: list[str]) -> list[str]:
    if len(lines) == 1:
        return lines
    if max(len(line) for line in lines[:-1]) > _UNWRAPPED_LINE:
        return lines
    labelled = sum(1 for line in lines if _LINE_OPENER.match(line))
    if labelled >= 2:
        # Keep label continuation lines with the label they follow.
        parts: list[list[str]] = []
        for line in lines:
            if _LINE_OPENER.match(line) or not parts:
                parts.append([line])
            else:
                parts[-1].append(line)
        return ["\n".join(p) for p in parts]
    return ["\n".join(lines)]


_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def word_count(text: str) -> int:
    """Words as readers count them: runs of letters/digits, apostrophes and hyphens inside."""
    return sum(1 for _ in _WORD.finditer(text))


# Average adult silent reading speed for fiction; AO3-style readers expect minutes.
WORDS_PER_MINUTE = 230


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0
