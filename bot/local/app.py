"""`ficbot console`: the real FicBot in the local stand-in for Discord, typed at in a terminal.

Interactive on a terminal (prompt_toolkit: history, Tab completion fed by the bot's autocomplete);
otherwise, or with `--script FILE`, the lines are run one after another and the transcript is
printed, and the exit code says whether every interaction went through cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from bot.app.client import FicBot
from bot.config import Settings
from bot.local.forms import Question
from bot.local.scratch import scratch_library
from bot.local.session import Session
from bot.local.world import local_world
from bot.storage import feedback, queries
from fakediscord import Harness

WIDTH = 100


class LogBuffer(logging.Handler):
    """Keeps the bot's warnings and errors to print under the answer they belong to."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self._replaced: list[logging.Handler] = []
        self._level = logging.NOTSET

    def emit(self, record: logging.LogRecord) -> None:
        if "voice will NOT be supported" in record.getMessage():
            return  # discord.py's note about optional voice libraries: ficbot has no voice
        line = f"{record.levelname.lower()} · {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            line += f" ({record.exc_info[1]!r})"
        self.lines.append(line)

    def install(self) -> None:
        root = logging.getLogger()
        # The terminal is ours now: stderr log lines would tear through the prompt.
        self._replaced = [h for h in root.handlers if isinstance(h, logging.StreamHandler)]
        for handler in self._replaced:
            root.removeHandler(handler)
        root.addHandler(self)
        self._level = root.level
        if root.level > logging.WARNING or root.level == logging.NOTSET:
            root.setLevel(logging.WARNING)

    def uninstall(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._level)
        for handler in self._replaced:
            root.addHandler(handler)

    def take(self) -> list[Text]:
        out = [Text(f"  log {line}", style="yellow dim") for line in self.lines]
        self.lines.clear()
        return out


class Feed:
    """Script lines, with a look at the next one (answers follow the line that asked)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._next: str | None = None

    def peek(self) -> str | None:
        if self._next is None:
            self._next = next(self._lines, None)
        return self._next

    def pop(self) -> str | None:
        line = self.peek()
        self._next = None
        return line


class ScriptAsker:
    interactive = False

    def __init__(self, feed: Feed, console: Console) -> None:
        self.feed = feed
        self.console = console

    async def read(self, question: Question) -> str | None:  # noqa: ARG002 (a script answers by line order, not by question)
        line = self.feed.peek()
        if line is None or not line.lstrip().startswith(">"):
            return None
        self.feed.pop()
        answer = line.lstrip()[1:]
        answer = answer[1:] if answer.startswith(" ") else answer
        self.console.print(Text(f"  > {answer}", style="bold"))
        return answer.replace("\\n", "\n")

    def drop_answers(self) -> None:
        while (line := self.feed.peek()) is not None and line.lstrip().startswith(">"):
            self.feed.pop()
            self.console.print(Text(f"  {line.strip()}  (not used)", style="dim"))


class PromptAsker:
    interactive = True

    def __init__(self) -> None:
        from prompt_toolkit import PromptSession

        self.prompt: PromptSession[str] = PromptSession()

    async def read(self, question: Question) -> str | None:
        try:
            first = await self.prompt.prompt_async("  › ")
            if not question.multiline or not first:
                return first
            lines = [first]
            while True:
                more = await self.prompt.prompt_async("  … ")
                if not more:
                    return "\n".join(lines)
                lines.append(more)
        except (KeyboardInterrupt, EOFError):
            return None

    def drop_answers(self) -> None:
        return None


def make_console(interactive: bool) -> Console:
    if interactive or sys.stdout.isatty():
        return Console(highlight=False)
    return Console(
        width=WIDTH, color_system=None, highlight=False, force_terminal=False, emoji=False
    )


def run_console(
    settings: Settings,
    *,
    script: str | Path | None = None,
    user: str = "ayla",
    channel: str = "general",
    keep: bool = False,
) -> int:
    """The `ficbot console` entry point (also opened by `ficbot run` without a token). A
    script runs on a scratch copy of the library (``bot.local.scratch``) unless ``keep``."""
    interactive = script is None and sys.stdin.isatty()
    source: IO[str] | None = None
    if script is not None and str(script) != "-":
        try:
            source = Path(script).open(encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            print(f"ficbot console: cannot read the script: {exc}", file=sys.stderr)
            return 2
    elif not interactive:
        source = sys.stdin
    console = make_console(interactive)
    scratch = script is not None and not keep
    try:
        with scratch_library(settings) if scratch else contextlib.nullcontext(settings) as used:
            return asyncio.run(_main(used, console, source, user=user, channel=channel))
    except KeyboardInterrupt:
        return 130
    finally:
        if source is not None and source is not sys.stdin:
            source.close()


async def _main(
    settings: Settings, console: Console, source: IO[str] | None, *, user: str, channel: str
) -> int:
    # The console never talks to Discord, and its one server is not the dev guild.
    settings = dataclasses.replace(settings, token=None, dev_guild=None)
    logs = LogBuffer()
    logs.install()
    # Loaded after start, not during it: the bot's background load shares the one database
    # connection with the start-up sync, and they must not open transactions at once.
    bot = FicBot(settings, load_on_start=False, freeze_memory=True)
    harness = Harness(bot, local_world(), strict=False)
    try:
        await harness.start()
    except Exception as exc:
        logs.uninstall()
        console.print(Text(f"ficbot could not start: {exc!r}", style="bold red"))
        return 1
    try:
        status = (
            console.status("Loading the stories…") if source is None else contextlib.nullcontext()
        )
        with status:
            await bot.load_library()
        feed = Feed(_lines(source)) if source is not None else None
        asker: Any = ScriptAsker(feed, console) if feed is not None else PromptAsker()
        try:
            session = Session(harness, console, asker, user=user, channel=channel)
        except LookupError as exc:
            console.print(Text(f"ficbot console: {exc}", style="bold red"))
            return 2
        session.notes = logs.take()
        await set_up_feedback_channels(harness)
        await greet(session)
        if feed is not None:
            return await run_script(session, feed, logs)
        from bot.local.prompt import run_interactive

        await run_interactive(session, logs)
        return 0
    finally:
        await harness.close(raise_stray=False)
        logs.uninstall()


def _lines(source: IO[str]) -> Iterator[str]:
    for line in source:
        yield line.rstrip("\n")


async def set_up_feedback_channels(harness: Harness) -> None:
    """Reviews need a channel to go to; a newcomer's first review (as in the README) should be
    posted, not kept waiting. The console's server has #feedback and the age-restricted
    #after-dark: where an admin set nothing yet, reviews go there."""
    conn = harness.bot.db  # type: ignore[attr-defined]
    guild = harness.world.guild()
    if (await feedback.feedback_channels(conn, guild.id)).general is not None:
        return
    main = harness.world.channel("feedback", guild=guild)
    adult = harness.world.channel("after-dark", guild=guild)
    await feedback.set_feedback_channels(conn, guild.id, main.id, adult.id if adult.nsfw else None)


async def greet(session: Session) -> None:
    stories = await queries.list_stories(session.h.bot.db)  # type: ignore[attr-defined]
    guild = session.world.guild()
    count = f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'}"
    session.say(
        Text.assemble(
            (guild.name, "bold"),
            (f" · {count} · you are ", ""),
            (session.user, "bold cyan"),
            (" in ", ""),
            (session.where(), "bold green"),
            (" · /help for help", "dim"),
        )
    )
    await _say_where_reviews_go(session)
    if not stories:
        session.say(
            f"No stories loaded: put .txt files in {session.h.bot.settings.seeds} "  # type: ignore[attr-defined]
            "(or set FICBOT_SEEDS).",
            "yellow",
        )
    startup = session.h.startup
    if startup is not None and startup.posts:
        posted = len(startup.posts)
        session.say(
            f"While starting, ficbot posted {posted} waiting review{'' if posted == 1 else 's'}.",
            "dim",
        )
    if startup is not None and not startup.ok:
        session.tally.violations += len(startup.violations)
        session.tally.failed += 1 if startup.errors else 0
        session.show_problems(startup)
    session.flush_notes()


async def _say_where_reviews_go(session: Session) -> None:
    conn = session.h.bot.db  # type: ignore[attr-defined]
    guild = session.world.guild()
    channels = await feedback.feedback_channels(conn, guild.id)
    names = {c.id: f"#{c.name}" for c in session.world.channels.values()}
    if channels.general is None:
        session.say("Reviews wait until an admin runs /ficadmin feedback-channel.", "yellow")
        return
    where = f"Reviews are posted in {names.get(channels.general, 'a deleted channel')}"
    if channels.adult is not None and channels.adult != channels.general:
        where += f", Mature and Explicit ones in {names.get(channels.adult, 'a deleted channel')}"
    session.say(f"{where} (/show #feedback; /ficadmin feedback-channel to change it).", "dim")


async def run_script(session: Session, feed: Feed, logs: LogBuffer) -> int:
    console = session.console
    after_comment = blank = False
    while (line := feed.pop()) is not None:
        text = line.strip()
        if not text:
            blank = True
            continue
        if text.startswith("#"):
            if blank or not after_comment:
                console.print()
            console.print(Text(text, style="dim"))
            after_comment, blank = True, False
            continue
        if not after_comment:
            console.print()
        after_comment = blank = False
        console.print(prompt_marker(session).append(text, style="bold"))
        carry_on = await session.run_line(line)
        for note in logs.take():
            console.print(note)
        if not carry_on:
            break
    console.print()
    console.print(
        Text(session.tally.summary(), style="bold" if session.tally.clean else "bold red")
    )
    return 0 if session.tally.clean else 1


def prompt_marker(session: Session) -> Text:
    channel_style = "bold red" if session.channel.nsfw else "bold green"
    return Text.assemble(
        (session.user, "bold cyan"),
        (" ", ""),
        (session.where(short=True), channel_style),
        (" › ", ""),
    )
