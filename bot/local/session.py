"""One console session: who you are, where you are, and what each typed line does.

A line is parsed (`parse`), sent to the real bot through the harness as the interaction Discord
would send, and everything the bot did because of it is printed (`show_exchange`): its answers,
posts, threads, forms, and, loudly, anything Discord would have refused.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bot.local import forms, guide, places
from bot.local.commands import CommandTable, from_tree
from bot.local.parse import (
    Answer,
    Blank,
    Comment,
    ConsoleCommand,
    Line,
    ParseError,
    Press,
    Slash,
    parse_line,
)
from bot.local.render import Item, MessageRenderer, Numbering
from fakediscord import Exchange, FakeChannel, Harness, Upload
from fakediscord.records import Sent

JSON = dict[str, Any]


class Asker(Protocol):
    """Reads the answer to a question (None: the reader closed the form or menu)."""

    interactive: bool

    async def read(self, question: forms.Question) -> str | None: ...

    def drop_answers(self) -> None:
        """Forget the answers still waiting for a form that was given up (scripts)."""


@dataclass(slots=True)
class Tally:
    interactions: int = 0
    failed: int = 0
    violations: int = 0
    bad_lines: int = 0

    @property
    def clean(self) -> bool:
        return not (self.failed or self.violations or self.bad_lines)

    def summary(self) -> str:
        text = (
            f"{self.interactions} interaction{'s' if self.interactions != 1 else ''}, "
            f"{self.failed} failed, {self.violations} Discord-rule violation"
            f"{'s' if self.violations != 1 else ''}"
        )
        if self.bad_lines:
            text += f", {self.bad_lines} line{'s' if self.bad_lines != 1 else ''} not run"
        return text


class Session:
    def __init__(
        self,
        harness: Harness,
        console: Console,
        asker: Asker,
        *,
        user: str = "ayla",
        channel: str = "general",
    ) -> None:
        self.h = harness
        self.world = harness.world
        self.console = console
        self.asker = asker
        self.table: CommandTable = from_tree(harness.bot.tree)  # type: ignore[attr-defined]
        self.user = self.world.user(user).name
        self.channel: FakeChannel = self.world.channel(channel)
        self.items: list[Item] = []
        # Whether the latest answer shown carried the numbered controls (else they belong to an
        # earlier message: still pressable, but the toolbar does not point at them).
        self.items_are_latest = False
        self.last_shown: list[tuple[Text, JSON]] = []
        self.tally = Tally()
        self.notes: list[Text] = []  # said after the next answer (autocomplete problems, logs)

    # -- names, for markup and headers ------------------------------------------------------

    def channel_name(self, channel_id: int) -> str | None:
        channel = self.world.channels.get(channel_id)
        if channel is None:
            return None
        if channel.parent_id is not None and channel.parent_id in self.world.channels:
            return f"#{self.world.channels[channel.parent_id].name} › {channel.name}"
        return f"#{channel.name}"

    def user_name(self, user_id: int) -> str | None:
        user = self.world.users.get(user_id)
        return user.name if user is not None else None

    def renderer(self, *, reveal: bool = False) -> MessageRenderer:
        return MessageRenderer(self, blobs=self.world.blobs, reveal=reveal)

    def where(self, *, short: bool = False) -> str:
        """Where you are: "#general", or "#feedback › Reviews: …" in a thread."""
        name = self.channel_name(self.channel.id) or f"#{self.channel.name}"
        if short and len(name) > 40:
            name = name[:39] + "…"
        return name

    # -- lines ------------------------------------------------------------------------------

    async def run_line(self, line: str) -> bool:
        """Do what `line` says; False when the session should end."""
        try:
            parsed: Line = parse_line(self.table, line)
        except ParseError as exc:
            self.refuse(str(exc))
            return True
        try:
            if isinstance(parsed, Blank | Comment):
                return True
            if isinstance(parsed, Answer):
                self.refuse(
                    "an answer (>) must follow a line that asks something (a form or a menu)"
                )
            elif isinstance(parsed, Press):
                await self.press(parsed)
            elif isinstance(parsed, ConsoleCommand):
                return await self.console_command(parsed)
            elif isinstance(parsed, Slash):
                await self.slash(parsed)
        except Exception as exc:  # the console's own bug, or the harness's: say it, go on
            self.tally.failed += 1
            self.console.print(Text(f"✗ that failed: {exc!r}", style="bold red"))
            self.console.print(Text("".join(traceback.format_exception(exc)[-3:]), style="red"))
        finally:
            self.flush_notes()
        return True

    def refuse(self, why: str) -> None:
        """A line that could not be run at all (nothing was sent to the bot)."""
        self.tally.bad_lines += 1
        self.console.print(Text(f"✗ {why}", style="bold red"))

    def say(self, text: str | Text, style: str = "") -> None:
        self.console.print(text if isinstance(text, Text) else Text(text, style=style))

    def flush_notes(self) -> None:
        for note in self.notes:
            self.console.print(note)
        self.notes.clear()

    # -- talking to the bot -----------------------------------------------------------------

    async def slash(self, line: Slash) -> None:
        options = {k: _upload(v) if isinstance(v, Path) else v for k, v in line.options.items()}
        try:
            exchange = await self.h.slash(
                line.path, user=self.user, channel=self.channel, options=options
            )
        except (LookupError, TypeError, ValueError) as exc:
            admins = self.admins()
            hint = f" (try /as {admins[0]})" if admins and "permission" in str(exc) else ""
            self.refuse(f"Discord would not send that: {exc}{hint}")
            return
        await self.show_exchange(exchange)

    async def press(self, line: Press) -> None:
        item = next((i for i in self.items if i.number == line.number), None)
        if item is None:
            shown = f"1 to {len(self.items)}" if self.items else "none: nothing to press yet"
            self.refuse(f"there is no {line.number} on the last message (numbers: {shown})")
            return
        if item.disabled:
            self.refuse(f"{item.number} ({item.label}) is disabled: Discord won't let you press it")
            return
        try:
            if item.kind == "button":
                if line.choice is not None:
                    self.refuse(f"{item.number} is a button: just type {item.number}")
                    return
                exchange = await self.h.click(item.message_id, item.custom_id, user=self.user)
            else:
                values = await self.choose(item, line.choice)
                if values is None:
                    return
                exchange = await self.h.select(
                    item.message_id, item.custom_id, values, user=self.user
                )
        except LookupError as exc:
            self.refuse(f"Discord would not send that: {exc}")
            return
        await self.show_exchange(exchange)

    async def choose(self, item: Item, typed: str | None) -> list[str] | None:
        question = forms.Question(
            label=item.label,
            kind="select",
            options=item.options,
            keys=[f"{item.number}.{n}" for n in range(1, len(item.options) + 1)],
            min_values=item.min_values,
            max_values=item.max_values,
        )
        if typed is not None:
            try:
                return forms.pick(question, typed)
            except forms.AnswerError as exc:
                self.refuse(f"menu {item.number}: {exc}")
                return None
        picked: list[str] | None = await self.ask(question)
        if picked is None and not self.asker.interactive:
            self.refuse(f"menu {item.number} needs a choice: {item.number}.1, or a > line after it")
        elif picked is None:
            self.say("  (menu closed: nothing picked)", "yellow")
        return picked

    async def ask(self, question: forms.Question) -> Any:
        """Show a question, read answers until one is acceptable (or the reader gives up)."""
        self.console.print(self.question_text(question))
        while True:
            typed = await self.asker.read(question)
            if typed is None:
                return None
            try:
                return forms.answer(question, typed)
            except forms.AnswerError as exc:
                if not self.asker.interactive:
                    self.refuse(str(exc))
                    return None
                self.say(f"  {exc}", "red")

    def question_text(self, question: forms.Question) -> Text:
        text = Text("  ")
        text.append(question.label, style="bold")
        if question.description:
            text.append(f"  {question.description}", style="dim")
        for key, option in zip(question.keys, question.options, strict=False):
            text.append(f"\n    {key}  ", style="bold")
            text.append(option.label)
            if option.description:
                text.append(f" — {option.description}", style="dim")
            if option.default:
                text.append(" ✓", style="green")
        if question.placeholder and question.kind == "text":
            text.append(f"\n    ({question.placeholder})", style="dim italic")
        text.append(f"\n    {question.hint(interactive=self.asker.interactive)}", style="dim")
        return text

    async def fill_form(self, opened: Exchange) -> None:
        modal = opened.modal or {}
        self.console.print(
            Text.assemble(
                ("ficbot", "bold bright_blue"),
                (" · opened a form: ", "dim"),
                (str(modal.get("title", "")), "bold"),
            )
        )
        values: dict[str, Any] = {}
        for question in forms.modal_questions(modal):
            value = await self.ask(question)
            if value is None:
                self.asker.drop_answers()
                self.say("  (form closed without sending: nothing reaches the bot)", "yellow")
                return
            values[question.custom_id] = value
        try:
            submitted = await self.h.submit_modal(opened, values, user=self.user)
        except LookupError as exc:
            self.refuse(f"Discord would not send that form: {exc}")
            return
        await self.show_exchange(submitted)

    # -- showing what happened --------------------------------------------------------------

    def header(self, what: str, *, author: str = "ficbot") -> Text:
        style = "bold bright_blue" if author == "ficbot" else "bold cyan"
        return Text.assemble((author, style), (f" · {what}" if what else "", "dim"))

    async def show_exchange(self, exchange: Exchange) -> None:
        self.tally.interactions += 1
        shown: list[tuple[Text, JSON]] = []
        for record in exchange.sent:
            entry = self.describe(record, exchange)
            if isinstance(entry, Text):
                self.show_now(shown)
                shown = []
                self.console.print(entry)
            elif entry is not None:
                shown.append(entry)
        self.show_now(shown)
        failed = bool(exchange.errors) or "interaction.no_response" in exchange.rules()
        if exchange.logs and not exchange.errors:  # handled, but the bot logged an error
            failed = True
            self.say("✗ the bot logged an error while answering (see the log lines)", "bold red")
        if failed:
            self.tally.failed += 1
        self.tally.violations += len(exchange.violations)
        self.show_problems(exchange)
        if exchange.modal is not None and not exchange.violations:
            await self.fill_form(exchange)

    def describe(self, record: Sent, exchange: Exchange) -> tuple[Text, JSON] | Text | None:  # noqa: C901 (one branch per kind of recorded Discord request)
        """What one request of the bot looks like to the reader (None: nothing to see)."""
        if not record.ok:
            return None
        message = record.message
        public = message is not None and not int(message.get("flags", 0)) & 64
        here = self.channel_name(record.channel_id or 0) or "a channel"
        if record.kind == "callback":
            if record.callback_type == 4 and message is not None:
                if any(r.kind == "edit_original" and r.ok for r in exchange.sent):
                    # Edited later in this exchange: show it first as it was sent.
                    message = _as_first_sent(message, record.payload)
                return self.header(here if public else ""), message
            if record.callback_type == 7 and message is not None:
                return self.header(
                    "updated its message" + (f" in {here}" if public else "")
                ), message
            later = ("followup", "edit_original")
            if record.callback_type == 5 and not any(r.kind in later for r in exchange.sent):
                return Text("ficbot is thinking…", style="italic dim")
            return None
        answered = any(r.kind == "callback" and r.callback_type == 4 for r in exchange.sent)
        if record.kind == "edit_original" and answered and message is not None:
            return self.header("updated its answer" + (f" in {here}" if public else "")), message
        if record.kind in ("followup", "edit_original", "edit_followup") and message is not None:
            return self.header(here if public else ""), message
        if record.kind == "channel_message" and message is not None:
            return self.header(f"posted in {here}"), message
        if record.kind == "edit_message" and message is not None:
            return self.header(f"edited its message in {here}"), message
        if record.kind in ("delete_message", "delete_original", "delete_followup"):
            return Text(f"ficbot deleted a message in {here}", style="dim")
        if record.kind == "thread_create" and isinstance(record.response, dict):
            thread = self.channel_name(int(record.response["id"])) or "a thread"
            return Text(f"ficbot started the thread {thread}", style="dim")
        return None

    def show_now(self, shown: list[tuple[Text, JSON]], *, reveal: bool = False) -> None:
        if not shown:
            return
        numbering = Numbering()
        renderer = self.renderer(reveal=reveal)
        for header, message in shown:
            self.console.print(renderer.message(message, header, numbering))
        self.last_shown = list(shown)
        self.items_are_latest = bool(numbering.items)
        if numbering.items:
            self.items = numbering.items

    def show_problems(self, exchange: Exchange) -> None:
        if not exchange.violations and not exchange.errors:
            return
        lines: list[RenderableType] = []
        for violation in exchange.violations:
            lines.append(Text(f"• {violation.rule}: {violation.detail}", style="bold red"))
        for error in exchange.errors:
            where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
            at = f" (at {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno})" if where else ""
            lines.append(Text(f"• the bot raised {error!r}{at}", style="bold red"))
        title = "Discord would refuse this" if exchange.violations else "The bot crashed"
        self.console.print(
            Panel(Group(*lines), title=title, border_style="bold red", title_align="left")
        )

    # -- console commands -------------------------------------------------------------------

    async def console_command(self, line: ConsoleCommand) -> bool:
        name, args = line.name, list(line.args)
        if name == "quit":
            return False
        if name == "help":
            self.console.print(guide.card(self.table, interactive=self.asker.interactive))
        elif name == "as":
            places.switch_user(self, args)
        elif name == "in":
            places.switch_channel(self, args)
        elif name == "show":
            places.show(self, args)
        elif name == "reveal":
            if not self.last_shown:
                self.refuse("nothing to reveal yet")
            else:
                self.show_now(self.last_shown, reveal=True)
        return True

    def admins(self) -> list[str]:
        """The readers with Manage Server here (they see /ficadmin)."""
        return [
            m
            for m in self.members()
            if self.world.permissions(m, self.channel) & places.MANAGE_GUILD
        ]

    def members(self) -> list[str]:
        guild = self.world.guild(self.channel.guild_id)
        return [m.user.name for m in guild.members.values() if not m.user.bot]

    def channels(self) -> list[FakeChannel]:
        guild = self.world.guild(self.channel.guild_id)
        return [
            self.world.channels[c] for c in guild.channel_ids if not self.world.channels[c].deleted
        ]

    def threads(self) -> list[FakeChannel]:
        return [t for t in self.world.threads() if not t.deleted]


def _upload(path: Path) -> Upload:
    return Upload(path.name, path.read_bytes())


__all__ = ["Asker", "Session", "Tally"]


def _as_first_sent(message: JSON, payload: Any) -> JSON:
    """A message as its first version was, from the request that created it."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        return message
    first = {k: v for k, v in message.items() if k != "edited_timestamp"}
    for key in ("content", "embeds", "components"):
        first[key] = data.get(key, [] if key != "content" else "")
    return first
