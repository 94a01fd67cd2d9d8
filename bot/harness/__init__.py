"""A local stand-in for Discord, for tests and the interactive console.

A real discord.py bot runs against a fake Discord: gateway payloads go in through discord.py's
own parsers, HTTP requests are answered by a fake API over a `World`, and every payload is
checked against Discord's limits and interaction rules. See `Harness`.
"""

from bot.harness.clock import Clock, ManualClock
from bot.harness.fake_discord import FakeDiscord, Request
from bot.harness.harness import Harness, sleeper
from bot.harness.payloads import CommandUnavailable, Upload
from bot.harness.records import (
    DiscordAPIError,
    Exchange,
    ExchangeFailed,
    Sent,
    SentFile,
    Violation,
)
from bot.harness.transport import NetworkBlocked
from bot.harness.world import FailureRule, FakeChannel, FakeGuild, FakeRole, FakeUser, World

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
