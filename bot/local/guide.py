"""`/help` in the console: how to type things, and every command the bot registered."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.local.commands import CommandTable
from bot.local.parse import CONSOLE_COMMANDS

TYPING = [
    ("/fic by-character Aeris", "a command, as in Discord; required options in order"),
    ("/fic read 004 page:3", "other options by name; quote values with spaces if needed"),
    ("/ficadmin feedback-channel #feedback", "#name for a channel, a reader's name for a user"),
    ("3", "press button 3 of the last message (dim buttons are disabled)"),
    ("5.2  or  5 2", "pick option 2 in menu 5 (or type 5, then pick)"),
    ("Tab", "complete commands, options, and values from the bot's own autocomplete"),
]
SCRIPT = [
    ("# a comment", "ignored"),
    ("> answer", "answers what the line before asked: one line per form field, in order"),
    (">", "an empty answer keeps the field's current value"),
    ("> first\\nsecond", "\\n makes a new line in a text field; y/n for a checkbox"),
]


def _rows(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    for left, right in rows:
        table.add_row(Text(left, style="bold cyan"), Text(right))
    return table


def card(table: CommandTable, *, interactive: bool = True) -> Panel:
    commands = Table.grid(padding=(0, 2))
    for spec in table:
        commands.add_row(Text(spec.usage(), style="bold"), Text(spec.description, style="dim"))
    console = Table.grid(padding=(0, 2))
    for text in CONSOLE_COMMANDS.values():
        usage, _, what = text.partition(": ")
        console.add_row(Text(usage, style="bold"), Text(what, style="dim"))
    parts: list[RenderableType] = [
        Text("Typing", style="bold underline"),
        _rows(TYPING),
        Text(""),
        Text("Forms and menus in scripts (ficbot console --script FILE)", style="bold underline"),
        _rows(SCRIPT),
        Text(""),
        Text("The bot's commands", style="bold underline"),
        commands,
        Text(""),
        Text("The console's commands", style="bold underline"),
        console,
    ]
    if interactive:
        parts += [
            Text(""),
            Text(
                "In a form, Ctrl-C closes it without sending; a long text ends with an empty line.",
                style="dim",
            ),
        ]
    return Panel(Group(*parts), title="ficbot console", title_align="left", border_style="blue")
