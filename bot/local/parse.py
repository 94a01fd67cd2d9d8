"""Reading what the console user typed: slash commands as in Discord, button numbers, answers.

A slash command line is `/` + the command path + options. The path is the longest run of words
that names a registered group or command (`/fic by-character`). Options come Discord style,
`name:value`, or as plain values for the required options in order; the last required option,
and any string option given by name, takes every following plain word (`/fic search mythic
hero`, `/fic random character:Aerith Gainsborough`). Values may be quoted ("..." or '...');
`#name` picks a channel and a reader's name (or `@name`) a user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.local.commands import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    USER,
    CommandSpec,
    CommandTable,
    OptionSpec,
)

# The console's own commands (they win over a bot command of the same name).
CONSOLE_COMMANDS: dict[str, str] = {
    "as": "/as NAME: act as another reader (no name: list the readers)",
    "in": "/in #channel: move to a channel (no name: list the channels)",
    "show": "/show [#channel | thread [NAME|N]]: what is in a channel or thread",
    "reveal": "/reveal: show the last answer again with its spoilers revealed",
    "help": "/help: this help",
    "quit": "/quit: leave (Ctrl-D works too)",
}
ALIASES = {"exit": "quit", "q": "quit", "?": "help"}

QUOTES = {'"': '"', "'": "'", "“": "”"}
_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}:")
_PRESS = re.compile(r"^(\d{1,3})(?:\s*[.\s]\s*(\S.*))?$")
_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


class ParseError(ValueError):
    """A line the console cannot turn into anything; the message says what to type instead."""


# -- tokens -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    raw: str
    start: int
    end: int
    name: str | None  # "character" in character:Aeris (by syntax: maybe not an option)
    value: str  # the value, unquoted
    quoted: bool = False
    closed: bool = True  # False for an unterminated quote (only while completing)

    @property
    def text(self) -> str:
        """The token as plain text, when it is not an option name and value."""
        return self.value if self.name is None else f"{self.name}:{self.value}"

    @property
    def value_start(self) -> int:
        return self.start + (len(self.name) + 1 if self.name is not None else 0)


def tokenize(text: str, *, partial: bool = False) -> list[Token]:
    """Split on blanks; quotes group words at the start of a token or right after `name:`.

    An apostrophe inside a word is just a letter (Shinra's), and so is an unmatched `'`; an
    unmatched `"` is an error (unless `partial`, for completing a line still being typed).
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        name: str | None = None
        match = _NAME.match(text, i)
        if match is not None:
            name = match.group()[:-1]
            i = match.end()
        value, i, quoted, closed = _value(text, i, partial=partial)
        tokens.append(Token(text[start:i], start, i, name, value, quoted, closed))
    return tokens


def _value(text: str, i: int, *, partial: bool) -> tuple[str, int, bool, bool]:
    n = len(text)
    if i < n and text[i] in QUOTES:
        closing = QUOTES[text[i]]
        out: list[str] = []
        j = i + 1
        while j < n:
            char = text[j]
            if char == "\\" and j + 1 < n and text[j + 1] in (closing, "\\"):
                out.append(text[j + 1])
                j += 2
                continue
            if char == closing:
                j += 1
                while j < n and not text[j].isspace():  # "a"b reads as ab, as in a shell
                    out.append(text[j])
                    j += 1
                return "".join(out), j, True, True
            out.append(char)
            j += 1
        if text[i] == "'":
            pass  # an apostrophe, not a quote: read the word as it is
        elif partial:
            return "".join(out), n, True, False
        else:
            raise ParseError(f"a quote is never closed: {text[i:]}")
    j = i
    while j < n and not text[j].isspace():
        j += 1
    return text[i:j], j, False, True


# -- lines --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Blank:
    pass


@dataclass(frozen=True, slots=True)
class Comment:
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    """`> text`: the answer to a question the previous line asked (a form field, a menu)."""

    text: str


@dataclass(frozen=True, slots=True)
class Press:
    """`3` presses item 3 of the last message; `5.2` (or `5 2`, `5 Aerith`) picks in a menu."""

    number: int
    choice: str | None = None


@dataclass(frozen=True, slots=True)
class ConsoleCommand:
    name: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Slash:
    command: CommandSpec
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.command.name


Line = Blank | Comment | Answer | Press | ConsoleCommand | Slash


def parse_line(table: CommandTable, line: str) -> Line:
    text = line.strip()
    if not text:
        return Blank()
    if text.startswith("#"):
        return Comment(text[1:].strip())
    if text.startswith(">"):
        answer = text[1:]
        return Answer(answer[1:] if answer.startswith(" ") else answer)
    press = _PRESS.match(text)
    if press is not None:
        return Press(int(press.group(1)), press.group(2))
    if not text.startswith("/"):
        raise ParseError("type a /command (as in Discord), a number to press a button, or /help")
    body = text[1:]
    first = body.split(maxsplit=1)[0].casefold() if body.strip() else ""
    console = ALIASES.get(first, first)
    if console in CONSOLE_COMMANDS:
        return ConsoleCommand(console, tuple(t.value for t in tokenize(body)[1:]))
    return parse_slash(table, body)


def _roots(table: CommandTable) -> str:
    return ", ".join("/" + r for r in table.roots())


def match_path(table: CommandTable, tokens: list[Token]) -> tuple[tuple[str, ...], int]:
    path: tuple[str, ...] = ()
    idx = 0
    while idx < len(tokens) and path not in table.commands:
        token = tokens[idx]
        candidate = (*path, token.value.casefold())
        if token.name is not None or token.quoted or candidate not in table.descriptions:
            break
        path = candidate
        idx += 1
    return path, idx


def parse_slash(table: CommandTable, body: str) -> Slash:
    """`body` is the line after its `/`."""
    tokens = tokenize(body)
    path, idx = match_path(table, tokens)
    if not path:
        if not tokens:
            raise ParseError(f"type a command after the /: {_roots(table)}, or /help")
        raise ParseError(
            f"unknown command /{tokens[0].text}. The bot has {_roots(table)}; "
            "the console has /as, /in, /show, /help and /quit"
        )
    if table.is_group(path):
        subs = ", ".join(name for name, _ in table.children(path))
        joined = " ".join(path)
        if idx < len(tokens):
            raise ParseError(f"/{joined} has no subcommand {tokens[idx].text!r}. Try: {subs}")
        raise ParseError(f"/{joined} needs a subcommand: {subs}")
    spec = table.commands[path]
    raw = assign(spec, tokens[idx:])
    options = {
        name: convert(spec.option(name) or _missing(name), text) for name, text in raw.items()
    }
    return Slash(spec, options)


def _missing(name: str) -> OptionSpec:  # pragma: no cover - assign only returns known names
    raise ParseError(f"no option {name!r}")


def _is_option(token: Token, spec: CommandSpec) -> bool:
    return token.name is not None and spec.option(token.name) is not None


@dataclass(slots=True)
class Assignment:
    """Which option each word went to (used by the parser, and by completion on half a line)."""

    values: dict[str, list[str]] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)  # where each option's value begins
    positional: list[Token] = field(default_factory=list)
    absorbing: OptionSpec | None = None


def collect(spec: CommandSpec, tokens: list[Token]) -> Assignment:
    """Named options (and the words a named string option takes along), and the rest."""
    out = Assignment()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        option = spec.option(token.name) if token.name is not None else None
        if option is not None:
            if option.name in out.values:
                raise ParseError(f"option {option.name!r} is given twice")
            parts = [token.value] if (token.value or token.quoted) else []
            quoted = token.quoted
            start = token.value_start
            if not parts and i < len(tokens) and not _is_option(tokens[i], spec):
                parts, quoted, start = [tokens[i].text], tokens[i].quoted, tokens[i].start
                i += 1
            if not parts:
                raise ParseError(f"option {option.name!r} needs a value after the colon")
            out.values[option.name] = parts
            out.starts[option.name] = start
            out.absorbing = option if option.kind == STRING and not quoted else None
        elif out.absorbing is not None:
            out.values[out.absorbing.name].append(token.text)
        else:
            out.positional.append(token)
    return out


def open_slots(spec: CommandSpec, values: dict[str, list[str]]) -> list[OptionSpec]:
    """The required options not given by name, in order: plain values fill these. A command
    with no required option takes a plain value as its first option (``/fic by-character
    Aeris``), as the Discord client offers that option first."""
    if not any(o.required for o in spec.options):
        return [o for o in spec.options[:1] if o.name not in values]
    return [o for o in spec.options if o.required and o.name not in values]


def assign(spec: CommandSpec, tokens: list[Token]) -> dict[str, str]:
    """Option name -> its text, for a whole command line (after the path)."""
    found = collect(spec, tokens)
    values = found.values
    slots = open_slots(spec, values)
    positional = found.positional
    if positional and positional[0].name is not None and not any(o.required for o in slots):
        slots = []  # `/fic random char:Aeris` is a misspelt option, not a character called that
    if positional and not slots:
        stray = next((t for t in positional if t.name is not None), None)
        names = ", ".join(o.name for o in spec.options) or "none"
        if stray is not None:
            raise ParseError(f"/{spec.name} has no option {stray.name!r} (options: {names})")
        if spec.options:
            example = f"/{spec.name} {spec.options[0].name}:{positional[0].text}"
            raise ParseError(f"/{spec.name} takes its options by name, e.g. {example}")
        raise ParseError(f"/{spec.name} takes no options")
    for k, token in enumerate(positional):
        slot = slots[min(k, len(slots) - 1)]
        if k < len(slots) - 1:
            values[slot.name] = [token.text]
            continue
        rest = positional[k:]
        if len(rest) > 1 and slot.kind != STRING:
            extra = " ".join(t.text for t in rest[1:])
            raise ParseError(
                f"too many values: {extra!r} (name optional options, e.g. page:3): {spec.usage()}"
            )
        values[slot.name] = [t.text for t in rest]
        break
    for option in spec.options:
        if option.required and option.name not in values:
            what = f" ({option.description})" if option.description else ""
            raise ParseError(f"/{spec.name} needs {option.name}{what}: {spec.usage()}")
    return {name: " ".join(parts) for name, parts in values.items()}


def convert(option: OptionSpec, text: str) -> Any:  # noqa: C901 (one branch per Discord option type)
    """A typed value as the harness takes it (names for channels and users)."""
    value = text.strip()
    label = f"option {option.name!r}"
    if option.choices:
        for name, choice in option.choices:
            if value.casefold() in (name.casefold(), str(choice).casefold()):
                return choice
        offered = ", ".join(name for name, _ in option.choices)
        raise ParseError(f"{label} takes one of: {offered}")
    if option.kind == STRING:
        return text
    if option.kind == INTEGER:
        try:
            return int(value)
        except ValueError:
            raise ParseError(f"{label} takes a whole number, not {value!r}") from None
    if option.kind == NUMBER:
        try:
            return float(value)
        except ValueError:
            raise ParseError(f"{label} takes a number, not {value!r}") from None
    if option.kind == BOOLEAN:
        if value.casefold() in _TRUE:
            return True
        if value.casefold() in _FALSE:
            return False
        raise ParseError(f"{label} takes true or false, not {value!r}")
    if option.kind == CHANNEL:
        mention = re.fullmatch(r"<#(\d+)>", value)
        if mention:
            return int(mention.group(1))
        return value.lstrip("#")
    if option.kind in (USER, MENTIONABLE, ROLE):
        mention = re.fullmatch(r"<@[!&]?(\d+)>", value)
        if mention:
            return int(mention.group(1))
        return value.lstrip("@")
    if option.kind == ATTACHMENT:
        return Path(value).expanduser()
    return value
