"""Text hygiene: turn the bytes of a story file into clean lines and paragraphs.

Fan fiction arrives from every era of the web: UTF-8 with or without a BOM, old cp1252 files
from Windows editors (curly quotes and dashes as single bytes), CRLF or bare CR line endings,
and trailing spaces. Everything downstream sees one normal form: str, LF line endings, no
trailing whitespace, paragraphs exactly as written.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass

# Bytes that cp1252 leaves undefined; latin-1 maps them to C1 controls instead of failing.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _legacy_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: bytes that are not UTF-8 are cp1252 (latin-1 for its holes)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    text = "".join(bytes([b]).decode("latin-1" if b in _CP1252_HOLES else "cp1252") for b in bad)
    return text, exc.end


_LEGACY = "ficbot-legacy-bytes"
codecs.register_error(_LEGACY, _legacy_bytes)


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
    # Older archives are mostly cp1252, and some files mix it into UTF-8 (a note pasted from
    # another editor): whatever is valid UTF-8 stays so, every other byte is read as cp1252,
    # and cp1252's few undefined bytes as latin-1.
    return _check_text(raw.decode("utf-8", errors=_LEGACY))


# Control characters other than tab, LF, CR and form feed: many of them mean binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _check_text(text: str) -> str:
    sample = text[:4096]
    if sample:
        controls = len(_CONTROL.findall(sample))
        if controls / len(sample) > 0.01:
            raise UndecodableError("binary data (control characters), not a text file")
    return text


_INVISIBLE = "\ufeff\u200b\u2060"


def normalise(text: str) -> str:
    """LF line endings, no trailing whitespace on any line, no leading/trailing blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n")
    # No-break spaces are spaces; BOMs, zero-width spaces and word joiners are invisible
    # leftovers of web editors that would otherwise keep a "blank" line from being blank.
    # (``replace`` rather than ``str.translate``, which is slow: most files have none of them.)
    text = text.replace("\u00a0", " ")
    for invisible in _INVISIBLE:
        text = text.replace(invisible, "")
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
# Metadata fields: their continuation lines (a summary running on) belong to them.
_FIELD_OPENER = re.compile(
    r"^\s*[*_]{0,2}(?:title|author|fandom|rating|summary|characters?|relationships?|pairings?|"
    r"warnings?|archive warnings?|category|additional tags)[*_]{0,2}\s*:",
    re.IGNORECASE,
)
# Lines longer than this are not hard-wrapped prose: each is a paragraph of its own.
_UNWRAPPED_LINE = 120
# A file with this many lines per blank-line-separated block does not use blank lines
# between paragraphs (only, perhaps, around scene breaks): it puts one paragraph per line.
_LINES_PER_BLOCK = 8
_CHARS_PER_BLOCK = 1500  # longer than the longest paragraphs people write in wrapped files
_INDENT = re.compile(r"^(?:\t|\s{2,})\S")


def blocks(text: str) -> list[Block]:
    """Split normalised text into paragraphs.

    Paragraphs are separated by blank lines. Many files, though, put one paragraph per line
    with no blank line between them; a block whose lines are long (not hard-wrapped) or which
    stacks several labelled lines (``A/N: ...`` then ``Disclaimer: ...``) is split per line.
    A file with (almost) no blank lines is read as one paragraph per line, or, when its lines
    are hard-wrapped, split where a paragraph visibly ends: at an indented line, or after a
    line that stops short of the wrap width.
    """
    raw: list[tuple[list[str], int]] = []
    blank = 0
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
            continue
        if current:
            raw.append((current, blank))
            current = []
            blank = 0
        blank += 1
    if current:
        raw.append((current, blank))

    lines = sum(len(ls) for ls, _ in raw)
    chars = sum(len(line) for ls, _ in raw for line in ls)
    line_mode = (len(raw) == 1 and lines >= 3) or (
        lines >= _LINES_PER_BLOCK * len(raw) and chars >= _CHARS_PER_BLOCK * len(raw)
    )
    # The wrap width of a hard-wrapped file: its longest line that is not a whole paragraph.
    width = max(
        (len(line) for ls, _ in raw for line in ls if len(line) <= _UNWRAPPED_LINE), default=0
    )
    out: list[Block] = []
    for block_lines, blank_before in raw:
        for i, part in enumerate(_split_block(block_lines, line_mode, width)):
            out.append(Block(part, blank_before if i == 0 else 0))
    return out


def _split_block(lines: list[str], line_mode: bool = False, width: int = 0) -> list[str]:
    if len(lines) == 1:
        return lines
    labelled = [i for i, line in enumerate(lines) if _LINE_OPENER.match(line)]
    if len(labelled) >= 2 or _FIELD_OPENER.match(lines[0]):
        # Stacked labels: each label with its continuation lines; a metadata field keeps them
        # (a summary running on), a note's run-on lines are prose like any other.
        parts: list[list[str]] = []
        for line in lines:
            if _LINE_OPENER.match(line) or not parts:
                parts.append([line])
            else:
                parts[-1].append(line)
        out: list[str] = []
        fields: list[str] = []  # consecutive metadata fields stay one block, as written
        for part in parts:
            if _FIELD_OPENER.match(part[0]):
                fields.extend(part)
                continue
            if fields:
                out.append("\n".join(fields))
                fields = []
            out.extend(_split_prose(part, line_mode, width))
        if fields:
            out.append("\n".join(fields))
        return out
    return _split_prose(lines, line_mode, width)


def _split_prose(lines: list[str], line_mode: bool, file_width: int = 0) -> list[str]:
    if len(lines) == 1:
        return lines
    if max(len(line) for line in lines[:-1]) > _UNWRAPPED_LINE:
        return lines
    if not line_mode:
        return ["\n".join(lines)]  # a hard-wrapped paragraph, or verse: as written
    width = max(file_width, *(len(line) for line in lines))
    full = sum(1 for line in lines[:-1] if len(line) >= 0.8 * width)
    if width < 40 or full < 0.6 * (len(lines) - 1):
        return lines  # lines of varied length, not wrapped: one paragraph per line
    parts: list[list[str]] = [[lines[0]]]
    for prev, line in itertools.pairwise(lines):
        next_word = line.split()[0]
        ended = len(prev) + 1 + len(next_word) <= width
        if ended or _INDENT.match(line):
            parts.append([line])
        else:
            parts[-1].append(line)
    return ["\n".join(p) for p in parts]


_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


# Punctuation that opens or closes a word ("Long, enough." "(Cloud)"): neither a letter or digit
# nor one of the apostrophes and hyphens that join the parts of a word.
_WORD_EDGES = '.,!?;:"“”()[]{}…—–*_~'


# ASCII text, byte by byte, as what it is to _WORD: a letter or digit ("a"), an apostrophe or
# hyphen that may join two parts of a word ("j"), or neither (" ").
_WORD_CLASSES = bytes.maketrans(
    bytes(range(128)),
    bytes(
        ord("a") if chr(c).isalnum() else ord("j") if chr(c) in "'-" else ord(" ")
        for c in range(128)
    ),
)
# A joiner with a letter or digit on each side, in _WORD_CLASSES terms: it makes two runs one word.
_JOINS = re.compile(rb"j(?<=aj)(?=a)")


def word_count(text: str) -> int:
    """Words as readers count them: runs of letters/digits, apostrophes and hyphens inside.

    The count is ``len(_WORD.findall(text))``, found faster. A match of _WORD is
    a chain of runs of letters and digits joined by single apostrophes or hyphens, so there
    are as many as there are runs, less the joins. In ASCII text (most files) both are
    counted with bytes methods. Otherwise: no word spans whitespace, and a
    whitespace-separated token made of letters and digits only (``str.isalnum``, the same test
    as the pattern's ``[^\\W_]``) is exactly one word, as it still is once stripped of
    punctuation that is neither (``"Long,``); only the tokens left (``don't``, ``Shin-Ra``,
    ``—``) go through the regex.
    """
    if text.isascii():
        classes = text.encode("ascii").translate(_WORD_CLASSES)
        runs = classes.count(b" a") + classes.count(b"ja") + classes.startswith(b"a")
        return runs - len(_JOINS.findall(classes))
    tokens = text.split()
    # The tokens that are not one word as they stand, nor once stripped of punctuation.
    stripped = map(
        str.strip, itertools.filterfalse(str.isalnum, tokens), itertools.repeat(_WORD_EDGES)
    )
    rest = list(itertools.filterfalse(str.isalnum, stripped))
    return len(tokens) - len(rest) + len(_WORD.findall(" ".join(rest)))


# Average adult silent reading speed for fiction; AO3-style readers expect minutes.
WORDS_PER_MINUTE = 230


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0
