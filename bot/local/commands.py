"""The bot's slash commands as the console sees them: paths, options, and what each option takes.

Built once from the bot's real `CommandTree`, so the console offers exactly the commands, option
names, choices and autocomplete flags that Discord's client would offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from discord import app_commands

# Option kinds, by Discord's names for them (AppCommandOptionType).
STRING = "string"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"
USER = "user"
CHANNEL = "channel"
ROLE = "role"
MENTIONABLE = "mentionable"
ATTACHMENT = "attachment"


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    kind: str
    required: bool = False
    description: str = ""
    autocomplete: bool = False
    choices: tuple[tuple[str, str | int | float], ...] = ()

    def signature(self) -> str:
        return f"<{self.name}>" if self.required else f"[{self.name}]"


@dataclass(frozen=True, slots=True)
class CommandSpec:
    path: tuple[str, ...]
    description: str = ""
    options: tuple[OptionSpec, ...] = ()

    @property
    def name(self) -> str:
        return " ".join(self.path)

    def option(self, name: str) -> OptionSpec | None:
        wanted = name.casefold()
        for option in self.options:
            if option.name.casefold() == wanted:
                return option
        return None

    def usage(self) -> str:
        return " ".join(["/" + self.name, *(o.signature() for o in self.options)])


class CommandTable:
    """Every leaf command by path, plus the groups above them (for matching and completion)."""

    def __init__(
        self, commands: Iterable[CommandSpec], descriptions: dict[str, str] | None = None
    ) -> None:
        self.commands: dict[tuple[str, ...], CommandSpec] = {c.path: c for c in commands}
        self.descriptions: dict[tuple[str, ...], str] = {}
        for path, spec in self.commands.items():
            self.descriptions[path] = spec.description
            for depth in range(1, len(path)):
                key = " ".join(path[:depth])
                self.descriptions.setdefault(path[:depth], (descriptions or {}).get(key, ""))

    def is_group(self, path: tuple[str, ...]) -> bool:
        return path in self.descriptions and path not in self.commands

    def children(self, prefix: tuple[str, ...]) -> list[tuple[str, str]]:
        """(name, description) of what may follow `prefix` (root commands for ())."""
        seen: dict[str, str] = {}
        for path, description in self.descriptions.items():
            if len(path) == len(prefix) + 1 and path[: len(prefix)] == prefix:
                seen[path[-1]] = description
        return sorted(seen.items())

    def roots(self) -> list[str]:
        return [name for name, _ in self.children(())]

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(sorted(self.commands.values(), key=lambda c: c.path))


def _option(param: app_commands.Parameter) -> OptionSpec:
    return OptionSpec(
        name=param.display_name,
        kind=param.type.name,
        required=param.required,
        description=str(param.description or ""),
        autocomplete=bool(param.autocomplete),
        choices=tuple((c.name, c.value) for c in param.choices),
    )


def from_tree(tree: app_commands.CommandTree[Any]) -> CommandTable:
    """The slash commands registered on `tree` (global ones: ficbot registers no others)."""
    specs: list[CommandSpec] = []
    groups: dict[str, str] = {}
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Group):
            groups[command.qualified_name] = str(command.description or "")
        elif isinstance(command, app_commands.Command):
            specs.append(
                CommandSpec(
                    path=tuple(command.qualified_name.split()),
                    description=str(command.description or ""),
                    options=tuple(_option(p) for p in command.parameters),
                )
            )
    return CommandTable(specs, groups)
