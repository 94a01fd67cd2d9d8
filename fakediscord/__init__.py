"""A local stand-in for Discord, for tests and the interactive console.

A real discord.py bot runs against a fake Discord: gateway payloads go in through discord.py's
own parsers, HTTP requests are answered by a fake API over a `World`, and every payload is
checked against Discord's limits and interaction rules. See `Harness`.

It is a generic stand-in, importing nothing of the bot it runs (an import-linter contract in
pyproject.toml holds it to that), and it supports the discord.py versions in
`SUPPORTED_DISCORD_PY` (see `fakediscord.compat`), checked on import.
"""

from fakediscord.clock import Clock, ManualClock

# Before the modules that touch discord.py's seams: an unsupported discord.py fails here,
# with the supported range in the message, not deep inside one of them.
from fakediscord.compat import SUPPORTED_DISCORD_PY, UnsupportedDiscordPy
from fakediscord.fake_discord import FakeDiscord, Request
from fakediscord.harness import Harness, sleeper
from fakediscord.payloads import CommandUnavailable, Upload
from fakediscord.records import (
    DiscordAPIError,
    Exchange,
    ExchangeFailed,
    Sent,
    SentFile,
    Violation,
)
from fakediscord.transport import NetworkBlocked
from fakediscord.world import FailureRule, FakeChannel, FakeGuild, FakeRole, FakeUser, World

__all__ = [
    "SUPPORTED_DISCORD_PY",
    "Clock",
    "CommandUnavailable",
    "DiscordAPIError",
    "Exchange",
    "ExchangeFailed",
    "FailureRule",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeRole",
    "FakeUser",
    "Harness",
    "ManualClock",
    "NetworkBlocked",
    "Request",
    "Sent",
    "SentFile",
    "UnsupportedDiscordPy",
    "Upload",
    "Violation",
    "World",
    "sleeper",
]
