"""Every slash command of the real tree, with sane values for the options a test is not fuzzing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from discord import app_commands
from discord.enums import AppCommandOptionType

from bot.app.client import FicBot
from fakediscord import Upload

# Sane values per command; the fuzzed option replaces one of them.
DEFAULTS: dict[str, dict[str, Any]] = {
    "fic random": {},
    "fic read": {"story": "004"},
    "fic story": {"story": "004"},
    "fic search": {"text": "wind"},
    "fic help": {},
    "fic by-character": {"name": "Aeris"},
    "fic review": {"story": "004"},
    "fic reviews": {"story": "004"},
    "fic save": {"story": "004"},
    "fic shelf": {},
    "fic mark": {"story": "004", "status": "reading"},
    "fic unsave": {"story": "004"},
    "fic continue": {},
    "fic by-pairing": {"pairing": "Sephiroth/Aeris"},
    "fic by-fandom": {"fandom": "Final Fantasy VII"},
    "fic by-tag": {"tag": "Angst"},
    "fic exclude": {"kind": "tag", "value": "Angst"},
    "fic exclusions": {},
    "ficadmin exclude": {"kind": "tag", "value": "Angst"},
    "ficadmin exclusions": {},
    "ficadmin feedback-channel": {"channel": "feedback"},
    "ficadmin export": {"story": "all"},
    "ficadmin remove-review": {"story": "004", "reader": "bram"},
    "ficadmin import": {"file": Upload("tiny.txt", b"Cloud looked at the rain. It rained.")},
    "ficadmin withdraw": {"story": "004"},
    "ficadmin restore": {"story": "004"},
    "ficadmin log": {},
    "ficadmin librarian-role": {},
    "ficadmin announce-channel": {"channel": "general"},
    "ficadmin set-author": {"story": "004", "user": "bram"},
    "fic follow": {},
    "fic unfollow": {"what": "author:Wren"},
    "fic following": {},
    "fic my-stories": {},
    "fic my-data": {},
    "fic recommend": {},
    "fic forget-me": {},
    "ficadmin forget": {"member": "bram"},
}


@dataclass(frozen=True)
class TextOption:
    command: str  # "fic read"
    option: str  # "story"
    max_length: int
    autocomplete: bool

    @property
    def user(self) -> str:
        return "cass" if self.command.startswith("ficadmin") else "ayla"

    def options(self, value: str) -> dict[str, Any]:
        return {**DEFAULTS[self.command], self.option: value}

    def __str__(self) -> str:
        return f"/{self.command} {self.option}"


def slash_commands(bot: FicBot) -> list[app_commands.Command[Any, ..., Any]]:
    return [c for c in bot.tree.walk_commands() if isinstance(c, app_commands.Command)]


def text_options(bot: FicBot) -> list[TextOption]:
    """Every string option of every command, as registered (so a new one is fuzzed too)."""
    found = []
    for command in slash_commands(bot):
        for param in command.parameters:
            # An option with choices takes only those from Discord's client; a forged value is
            # each command's own test (e.g. tests/app/test_shelf.py).
            if param.type is AppCommandOptionType.string and not param.choices:
                found.append(
                    TextOption(
                        command.qualified_name,
                        param.display_name,
                        int(param.max_value or 6000),
                        bool(param.autocomplete),
                    )
                )
    return found


def int_options(bot: FicBot) -> list[tuple[str, str, int | float | None, int | float | None]]:
    found = []
    for command in slash_commands(bot):
        for param in command.parameters:
            if param.type in (AppCommandOptionType.integer, AppCommandOptionType.number):
                found.append(
                    (command.qualified_name, param.display_name, param.min_value, param.max_value)
                )
    return found
