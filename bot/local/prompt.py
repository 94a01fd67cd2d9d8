"""The interactive side of the console: prompt_toolkit's prompt, completion and toolbar."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style
from rich.text import Text

from bot.local.complete import ConsoleCompleter

if TYPE_CHECKING:
    from bot.local.app import LogBuffer
    from bot.local.render import Item
    from bot.local.session import Session

STYLE = Style.from_dict(
    {
        "user": "bold ansicyan",
        "channel": "bold ansigreen",
        "adult": "bold ansired",
        "bottom-toolbar": "noreverse bg:#303030 #c0c0c0",
    }
)


class SessionSources:
    """Completion values: readers and channels from the World, the rest from the bot."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def readers(self) -> list[str]:
        return self.session.members()

    def channels(self) -> list[str]:
        return [c.name for c in self.session.channels()]

    def threads(self) -> list[str]:
        return [t.name for t in self.session.threads()]

    async def autocomplete(
        self, command: str, option: str, value: str, given: dict[str, Any]
    ) -> list[tuple[str, str]]:
        session = self.session
        try:
            # Shielded: the prompt cancels a completion when the reader types on, and the
            # interaction it started should still finish cleanly inside the harness.
            exchange = await asyncio.shield(
                session.h.autocomplete(
                    command,
                    option,
                    value,
                    user=session.user,
                    channel=session.channel,
                    options=given,
                )
            )
        except Exception:
            return []
        if exchange.violations:
            rules = "; ".join(str(v) for v in exchange.violations)
            session.notes.append(
                Text(
                    f"✗ autocomplete for {option} in /{command} broke a rule: {rules}",
                    style="bold red",
                )
            )
        return [(str(c.get("name", "")), str(c.get("value", ""))) for c in exchange.choices or []]


def prompt_text(session: Session) -> FormattedText:
    channel = "class:adult" if session.channel.nsfw else "class:channel"
    return FormattedText(
        [("class:user", session.user), ("", " "), (channel, session.where(short=True)), ("", " › ")]
    )


def press_hint(items: list[Item]) -> str:
    """What typing a number does, for the controls of the answer just shown."""
    pressable = [i for i in items if not i.disabled]
    if not pressable:
        return ""
    if len(pressable) == 1:
        return f"{pressable[0].number} presses {pressable[0].label} · "
    return f"{pressable[0].number}–{pressable[-1].number} press buttons · "


def toolbar(session: Session) -> FormattedText:
    hint = press_hint(session.items) if session.items_are_latest else ""
    return FormattedText(
        [
            (
                "",
                f" {session.user} in {session.where(short=True)} · {hint}Tab completes · /help · Ctrl-D quits ",
            )
        ]
    )


async def run_interactive(session: Session, logs: LogBuffer) -> None:
    prompt: PromptSession[str] = PromptSession(
        completer=ConsoleCompleter(session.table, SessionSources(session)),
        complete_while_typing=True,
        bottom_toolbar=lambda: toolbar(session),
        style=STYLE,
    )
    while True:
        try:
            line = await prompt.prompt_async(lambda: prompt_text(session))
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        carry_on = await session.run_line(line)
        for note in logs.take():
            session.console.print(note)
        if not carry_on:
            break
        if line.strip():
            session.console.print()
    session.console.print(Text(f"Bye! {session.tally.summary()}.", style="dim"))
