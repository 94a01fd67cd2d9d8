"""A local stand-in for Discord, for tests and the interactive console.

A real discord.py bot runs against a fake Discord: gateway payloads go in through discord.py's
own parsers, HTTP requests are answered by a fake API over a `World`, and every payload is
checked against Discord's limits and interaction rules. See `Harness`.
"""

from fakediscord.clock import Clock, ManualClock
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
    "Upload",
    "Violation",
    "World",
    "sleeper",
]
