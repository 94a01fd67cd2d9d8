"""Tab completion: command paths, option names, and option values from the bot's own autocomplete.

`suggest` works on the text before the cursor and returns what could replace its last word; the
prompt_toolkit `Completer` at the bottom only adapts it. Values for an option with autocomplete
come from the bot (`Sources.autocomplete`, a real autocomplete interaction through the harness),
exactly the suggestions a reader would get in Discord.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from bot.local.commands import (
    BOOLEAN,
    CHANNEL,
    MENTIONABLE,
    STRING,
    USER,
    CommandSpec,
    CommandTable,
)
from bot.local.parse import (
    ALIASES,
    CONSOLE_COMMANDS,
    ParseError,
    Token,
    collect,
    convert,
    match_path,
    open_slots,
    tokenize,
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str  # what replaces the last `replace` characters before the cursor
    replace: int
    display: str
    meta: str = ""


class Sources(Protocol):
    """Where values come from: the World for readers and channels, the bot for the rest."""

    def readers(self) -> list[str]: ...

    def channels(self) -> list[str]: ...

    def threads(self) -> list[str]: ...

    async def autocomplete(
        self, command: str, option: str, value: str, given: dict[str, Any]
    ) -> list[tuple[str, str]]: ...


def _matching(words: Iterable[tuple[str, str]], typed: str) -> list[tuple[str, str]]:
    wanted = typed.casefold()
    return [(w, meta) for w, meta in words if w.casefold().startswith(wanted)]


async def suggest(table: CommandTable, text: str, sources: Sources) -> list[Suggestion]:
    if not text.strip():
        return [Suggestion(f"/{name} ", len(text), f"/{name}", d) for name, d in table.children(())]
    if not text.startswith("/"):
        return []
    body = text[1:]
    try:
        tokens = tokenize(body, partial=True)
    except ParseError:  # pragma: no cover - partial tokenizing does not raise
        return []
    at_gap = not body or (body[-1].isspace() and (not tokens or tokens[-1].closed))
    partial = None if at_gap or not tokens else tokens[-1]
    done = tokens if partial is None else tokens[:-1]
    word = partial.raw if partial is not None else ""

    if not done:  # the first word: a bot command or a console command
        offered = [
            *table.children(()),
            *((n, d.split(": ", 1)[-1]) for n, d in CONSOLE_COMMANDS.items()),
        ]
        return [Suggestion(f"{w} ", len(word), f"/{w}", m) for w, m in _matching(offered, word)]
    first = done[0].value.casefold()
    console = ALIASES.get(first, first)
    if console in CONSOLE_COMMANDS:
        return _console(console, [t.value for t in done[1:]], word, sources)

    path, idx = match_path(table, done)
    if path in table.commands:
        return await _options(table.commands[path], done[idx:], partial, len(body), sources)
    if idx == len(done) and table.is_group(path):
        return [
            Suggestion(f"{w} ", len(word), w, m) for w, m in _matching(table.children(path), word)
        ]
    return []


def _console(name: str, args: list[str], word: str, sources: Sources) -> list[Suggestion]:
    if name == "as" and not args:
        pairs = [(r, "reader") for r in sources.readers()]
    elif name == "in" and not args:
        pairs = [(f"#{c}", "channel") for c in sources.channels()]
    elif name == "show" and not args:
        pairs = [(f"#{c}", "channel") for c in sources.channels()] + [("thread", "a thread")]
    elif name == "show" and args == ["thread"]:
        threads = sources.threads()
        return [
            Suggestion(f"{n} ", len(word), f"{n}  {t}", "thread")
            for n, t in enumerate(threads, start=1)
            if str(n).startswith(word) or t.casefold().startswith(word.casefold())
        ]
    else:
        return []
    return [Suggestion(f"{w} ", len(word), w, m) for w, m in _matching(pairs, word)]


async def _options(
    spec: CommandSpec, tokens: list[Token], partial: Token | None, cursor: int, sources: Sources
) -> list[Suggestion]:
    try:
        found = collect(spec, tokens)
    except ParseError:
        return []
    out: list[Suggestion] = []
    word = partial.raw if partial is not None else ""
    named = spec.option(partial.name) if partial is not None and partial.name else None
    option = None
    value = ""
    start = cursor - len(word)
    absorbing_rest = False
    if named is not None and partial is not None:
        option, value, start = named, partial.value, partial.value_start
        absorbing_rest = named.kind == STRING
    elif found.absorbing is not None:
        option = found.absorbing
        value = " ".join([*found.values[option.name], word])
        start = found.starts[option.name]
        absorbing_rest = True
    else:
        slots = open_slots(spec, found.values)
        k = len(found.positional)
        if slots and k < len(slots) - 1:
            option, value = slots[k], word
        elif slots:
            option = slots[-1]
            earlier = found.positional[len(slots) - 1 :]
            value = " ".join([*(t.text for t in earlier), word])
            start = earlier[0].start if earlier else start
            absorbing_rest = option.kind == STRING
        if partial is None or partial.name is None:
            unused = [(o.name, o.description) for o in spec.options if o.name not in found.values]
            out += [Suggestion(f"{n}:", len(word), f"{n}:", m) for n, m in _matching(unused, word)]
    if option is not None:
        given = _given(spec, found.values, option.name)
        replace = cursor - start
        for insert, display in await _values(spec, option, value, given, sources):
            if " " in insert and not absorbing_rest:
                insert = '"' + insert.replace('"', '\\"') + '"'
            out.append(Suggestion(f"{insert} ", replace, display, option.name))
    return out


def _given(spec: CommandSpec, values: dict[str, list[str]], focused: str) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for name, parts in values.items():
        option = spec.option(name)
        if option is None or name == focused:
            continue
        try:
            given[name] = convert(option, " ".join(parts))
        except ParseError:
            continue
    return given


async def _values(
    spec: CommandSpec, option: Any, value: str, given: dict[str, Any], sources: Sources
) -> list[tuple[str, str]]:
    typed = value.strip()
    if option.choices:
        pairs = [(str(v), n) for n, v in option.choices]
        return [
            (v, n)
            for v, n in pairs
            if n.casefold().startswith(typed.casefold()) or v.startswith(typed)
        ]
    if option.autocomplete:
        choices = await sources.autocomplete(spec.name, option.name, value, given)
        return [(v, n) for n, v in choices]
    if option.kind == CHANNEL:
        return [(f"#{c}", f"#{c}") for c in sources.channels() if c.startswith(typed.lstrip("#"))]
    if option.kind in (USER, MENTIONABLE):
        return [(r, r) for r in sources.readers() if r.startswith(typed.lstrip("@"))]
    if option.kind == BOOLEAN:
        return [(b, b) for b in ("true", "false") if b.startswith(typed.casefold())]
    return []


class ConsoleCompleter(Completer):
    """prompt_toolkit's side: runs `suggest` in the event loop the bot runs in."""

    def __init__(self, table: CommandTable, sources: Sources) -> None:
        self.table = table
        self.sources = sources

    def get_completions(
        self,
        document: Document,  # noqa: ARG002 (prompt_toolkit's Completer API)
        complete_event: CompleteEvent,  # noqa: ARG002
    ) -> Iterable[Completion]:
        return []  # everything is async: see get_completions_async

    async def get_completions_async(
        self,
        document: Document,
        complete_event: CompleteEvent,  # noqa: ARG002 (prompt_toolkit's Completer API)
    ) -> AsyncGenerator[Completion, None]:
        try:
            found = await suggest(self.table, document.text_before_cursor, self.sources)
        except Exception:  # a completion must never break the prompt
            return
        for s in found:
            yield Completion(
                s.text, start_position=-s.replace, display=s.display, display_meta=s.meta
            )
