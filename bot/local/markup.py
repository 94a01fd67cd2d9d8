"""Discord markdown turned into rich `Text`, as a terminal can show it.

Inline: **bold**, *italics* / _italics_, __underline__, ~~strike~~, `code`, ||spoilers|| (shown
as "[spoiler]" until revealed), masked links, mentions (<#id>, <@id>) by name, timestamps, and
links to Discord messages shown as the channel they point to. Lines: headings, -# subtext,
> quotes, lists and ``` code blocks. Escaped characters are shown as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from rich.style import Style
from rich.text import Text

_INLINE = re.compile(
    r"""
    (?P<escape>\\[^A-Za-z0-9\s])
    |(?P<code>`[^`\n]+`)
    |(?P<link>\[(?P<ltext>[^\]\n]+)\]\(<?(?P<lurl>https?://[^)\s>]+)>?\))
    |(?P<mention><(?:@[!&]?|\#)\d+>)
    |(?P<time><t:-?\d{1,13}(?::[tTdDfFR])?>)
    |(?P<emoji><a?:\w+:\d+>)
    |(?P<url>https?://[^\s<]*[^\s<.,:;"')\]])
    |(?P<mark>\*\*|__|~~|\|\||\*|_)
    """,
    re.VERBOSE,
)
_JUMP = re.compile(
    r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/channels/(\d+|@me)/(\d+)(?:/(\d+))?"
)
_STYLES = {"**": "bold", "__": "underline", "*": "italic", "_": "italic", "~~": "strike"}
SPOILER = "[spoiler]"


class Names(Protocol):
    """How ids in mentions and links read: channel 123 -> "#feedback", user 456 -> "ayla"."""

    def channel_name(self, channel_id: int) -> str | None: ...

    def user_name(self, user_id: int) -> str | None: ...


@dataclass(frozen=True, slots=True)
class _Piece:
    kind: str  # "text", "mark", "line" (a new line: text is its prefix), or "rich" (ready-made)
    text: str
    rich: Text | None = None
    line_style: str = ""


def to_text(
    source: str, *, names: Names | None = None, reveal: bool = False, style: str = ""
) -> Text:
    """`source` (Discord markdown) as rich Text; `style` is the base style of the whole text.

    Lines are read for their block syntax first; the inline marks are then paired over the
    whole text, as Discord does (a spoiler or bold run may span lines).
    """
    pieces: list[_Piece] = []
    in_code = quote_rest = False
    for line in source.replace("\u200b", "").split("\n"):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            pieces += [_Piece("line", ""), _Piece("rich", line, Text(line, style="dim"))]
            continue
        prefix, rest, line_style = _block(line, quote_rest)
        if rest.startswith(">>> ") and not quote_rest:
            quote_rest = True
            prefix, rest = "▌ ", rest[4:]
        pieces.append(_Piece("line", prefix, line_style=line_style))
        pieces += _pieces(rest, names)
    return _assemble(pieces, reveal=reveal, style=style)


def _block(line: str, quoting: bool) -> tuple[str, str, str]:
    """(prefix to show, text, style) for one line's block syntax."""
    if quoting:
        return "▌ ", line, ""
    for mark, style in (("### ", "bold"), ("## ", "bold"), ("# ", "bold underline")):
        if line.startswith(mark):
            return "", line[len(mark) :], style
    if line.startswith("-# "):
        return "", line[3:], "dim"
    if line.startswith("> "):
        return "▌ ", line[2:], ""
    stripped = line.lstrip()
    if stripped[:2] in ("- ", "* "):
        return line[: len(line) - len(stripped)] + "• ", stripped[2:], ""
    return "", line, ""


def _assemble(pieces: list[_Piece], *, reveal: bool, style: str) -> Text:  # noqa: C901 (one branch per kind of markdown token)
    marks = _pair_marks(pieces)
    out = Text(style=style)
    active: list[str] = []
    line_style = ""
    spoiler = False
    first = True
    for i, piece in enumerate(pieces):
        if piece.kind == "line":
            line_style = piece.line_style
            if spoiler and not reveal:
                continue  # a hidden spoiler stays one "[spoiler]", whatever its length
            if not first:
                out.append("\n")
            first = False
            if piece.text:
                out.append(piece.text, style="dim")
            continue
        if piece.kind == "mark" and i in marks:
            if piece.text == "||":
                spoiler = not spoiler
                if not reveal:
                    if spoiler:
                        out.append(SPOILER, style="dim reverse")
                else:
                    out.append("[spoiler: " if spoiler else "]", style="dim")
                continue
            kind = _STYLES[piece.text]
            if kind in active:
                active.remove(kind)
            else:
                active.append(kind)
            continue
        if spoiler and not reveal:
            continue
        current = " ".join([line_style, *active]).strip()
        if piece.rich is not None:
            if current:
                piece.rich.stylize(current)
            out.append_text(piece.rich)
        else:
            out.append(piece.text, style=current or None)
    return out


def _pieces(source: str, names: Names | None) -> list[_Piece]:
    pieces: list[_Piece] = []
    pos = 0
    for match in _INLINE.finditer(source):
        if match.start() > pos:
            pieces.append(_Piece("text", source[pos : match.start()]))
        pos = match.end()
        token = match.group()
        kind = match.lastgroup
        if kind == "escape":
            pieces.append(_Piece("text", token[1]))
        elif kind == "code":
            pieces.append(_Piece("rich", token, Text(token[1:-1], style="bold cyan")))
        elif kind == "link":
            url = match.group("lurl")
            shown = Text(match.group("ltext"), style=Style(underline=True, link=url))
            pieces.append(_Piece("rich", token, shown))
        elif kind == "mention":
            pieces.append(_Piece("rich", token, _mention(token, names)))
        elif kind == "time":
            pieces.append(_Piece("rich", token, _time(token)))
        elif kind == "emoji":
            pieces.append(_Piece("text", ":" + token.split(":")[1] + ":"))
        elif kind == "url":
            pieces.append(_Piece("rich", token, _url(token, names)))
        elif kind == "mark" and _is_mark(source, match.start(), token):
            pieces.append(_Piece("mark", token))
        else:
            pieces.append(_Piece("text", token))
    if pos < len(source):
        pieces.append(_Piece("text", source[pos:]))
    return pieces


def _is_mark(source: str, at: int, token: str) -> bool:
    before = source[at - 1] if at > 0 else " "
    after = source[at + len(token)] if at + len(token) < len(source) else " "
    if token == "_":  # snake_case stays as it is
        return not (before.isalnum() and after.isalnum())
    if token == "*":  # 2 * 3 stays as it is
        return not (before.isspace() and after.isspace())
    return True


def _pair_marks(pieces: list[_Piece]) -> set[int]:
    """Indices of the markers that open or close something; a lone marker is plain text."""
    by_kind: dict[str, list[int]] = {}
    for i, piece in enumerate(pieces):
        if piece.kind == "mark":
            by_kind.setdefault(piece.text, []).append(i)
    paired: set[int] = set()
    for indices in by_kind.values():
        usable = len(indices) - len(indices) % 2
        paired.update(indices[:usable])
    return paired


def _mention(token: str, names: Names | None) -> Text:
    number = int(re.sub(r"\D", "", token))
    if token.startswith("<#"):
        name = names.channel_name(number) if names else None
        return Text(name or "#unknown-channel", style="bold blue")
    if token.startswith("<@&"):
        return Text("@role", style="bold magenta")
    name = names.user_name(number) if names else None
    return Text(f"@{name or 'unknown-user'}", style="bold magenta")


def _time(token: str) -> Text:
    parts = token[3:-1].split(":")
    moment = dt.datetime.fromtimestamp(int(parts[0]), dt.UTC)
    return Text(moment.strftime("%Y-%m-%d %H:%M UTC"), style="underline")


def _url(url: str, names: Names | None) -> Text:
    jump = _JUMP.fullmatch(url)
    if jump is not None and names is not None:
        name = names.channel_name(int(jump.group(2)))
        if name is not None:
            return Text(f"{name} ↗", style=Style(bold=True, color="blue", link=url))
    return Text(url, style=Style(underline=True, link=url))
