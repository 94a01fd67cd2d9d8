"""``ficbot run`` and ``ficbot sync``: starting the bot on Discord, and forcing a command sync."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
from typing import TextIO

import aiohttp
import discord

from bot.app import sync
from bot.app.client import FicBot
from bot.config import Settings

log = logging.getLogger("ficbot")

TOKEN_HELP = """\
ficbot needs a Discord bot token to connect{why}.

  1. Open https://discord.com/developers/applications and create an application (or pick yours).
  2. Under "Bot", press "Reset Token" and copy the token (it is shown once).
  3. Put it in a file named .env next to README.md:  DISCORD_TOKEN=your-token
     (or set the DISCORD_TOKEN environment variable). Never share or commit it.

The README walks through inviting the bot to your server.
"""

# Three dot-separated base64url parts: the bot's id, a timestamp and an HMAC.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


def token_problem(token: str | None) -> str | None:
    """Why a token can't be right (without printing the token), or None if it looks fine."""
    if not token:
        return ""
    if token.lower().startswith("bot "):
        return " (the token must not start with 'Bot ')"
    if not _TOKEN_SHAPE.match(token):
        return " (DISCORD_TOKEN is set but doesn't look like a bot token)"
    return None


def setup_logging(settings: Settings, stream: TextIO | None = None) -> None:
    """One handler on the root logger: colour only on a terminal, plain text in files and pipes.

    The CLI may already have configured logging; its handlers are replaced, not added to, or every
    line would print twice.
    """
    stream = stream if stream is not None else sys.stderr
    root = logging.getLogger()
    for old in list(root.handlers):
        # The CLI's basicConfig handler and our own from an earlier call; handlers of other kinds
        # (a test's log capture, a host application's) are left alone.
        if type(old) is logging.StreamHandler or getattr(old, "ficbot", False):
            root.removeHandler(old)
    handler: logging.Handler
    if stream.isatty() and "NO_COLOR" not in os.environ:
        from rich.console import Console
        from rich.logging import RichHandler

        handler = RichHandler(console=Console(file=stream), rich_tracebacks=False)
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    else:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s"))
    setattr(handler, "ficbot", True)  # noqa: B010 (marks our own handler for the next call)
    root.addHandler(handler)
    root.setLevel(getattr(logging, settings.log_level))


NO_TOKEN = "No DISCORD_TOKEN (see .env.example and the README): opening the local console instead."
CONSOLE_HINT = (
    "To try ficbot without Discord: bash scripts/run in a terminal, or .venv/bin/ficbot console"
    " (.venv/bin/ficbot console --script FILE runs a script)."
)


def run(settings: Settings) -> int:
    problem = token_problem(settings.token)
    if problem == "":  # no token at all: the local console, if someone is there to type
        if sys.stdin.isatty() and sys.stdout.isatty():
            print(NO_TOKEN, file=sys.stderr)
            from bot.local import run_console

            return run_console(settings)
        print(TOKEN_HELP.format(why=" (DISCORD_TOKEN is not set)"), file=sys.stderr)
        print(CONSOLE_HINT, file=sys.stderr)
        return 2
    if problem is not None:
        print(TOKEN_HELP.format(why=problem), file=sys.stderr)
        return 2
    assert settings.token is not None
    setup_logging(settings)
    try:
        asyncio.run(_serve(settings, settings.token))
    except discord.LoginFailure:
        print(
            TOKEN_HELP.format(why=" (Discord refused the token: it may have been reset)"),
            file=sys.stderr,
        )
        return 2
    except DiscordUnreachable as exc:
        print(UNREACHABLE.format(why=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


async def _serve(settings: Settings, token: str) -> None:
    bot = FicBot(settings, freeze_memory=True)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def stop() -> None:
        log.info("shutting down")
        stopping.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows has no signal handlers
            loop.add_signal_handler(sig, stop)
    async with bot:
        await login_with_retries(bot, token)
        runner = asyncio.create_task(bot.connect())
        waiter = asyncio.create_task(stopping.wait())
        done, _ = await asyncio.wait({runner, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            runner.result()  # re-raise a login failure
        await bot.close()  # closes the gateway and the database
        runner.cancel()


# Seconds to wait before each new try when Discord can't be reached at start-up; after the last, give
# up with one sentence. (Once connected, discord.py reconnects the gateway with its own backoff.)
LOGIN_RETRY_DELAYS: tuple[float, ...] = (2, 5, 15, 30, 60)


class DiscordUnreachable(Exception):
    """Discord's API could not be reached at all (no network, DNS, a proxy, Discord down)."""


async def login_with_retries(
    bot: discord.Client, token: str, delays: tuple[float, ...] | None = None
) -> None:
    """``bot.login`` that waits and tries again while the network is down, then gives up."""
    delays = LOGIN_RETRY_DELAYS if delays is None else delays
    for attempt in range(len(delays) + 1):
        try:
            await bot.login(token)
            return
        except (aiohttp.ClientError, OSError, TimeoutError, discord.DiscordServerError) as exc:
            reason = _short_reason(exc)
            # The failed session owns its connector; both are made anew on the next try.
            await bot.http.close()
            bot.http.connector = discord.utils.MISSING
            if attempt == len(delays):
                raise DiscordUnreachable(reason) from None
            log.warning(
                "can't reach Discord (%s); trying again in %g s (%d of %d)",
                reason,
                delays[attempt],
                attempt + 1,
                len(delays),
            )
            await asyncio.sleep(delays[attempt])


def _short_reason(exc: BaseException) -> str:
    if isinstance(exc, aiohttp.ClientConnectorError):
        return str(exc.os_error) or type(exc.os_error).__name__
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text[:120] or type(exc).__name__


UNREACHABLE = (
    "ficbot can't reach Discord ({why}). Check this machine's network connection "
    "(and any proxy or firewall), then start it again."
)


def force_sync(settings: Settings, guild_id: int | None, clear: bool) -> int:
    problem = token_problem(settings.token)
    if problem is not None:
        print(TOKEN_HELP.format(why=problem), file=sys.stderr)
        return 2
    assert settings.token is not None
    setup_logging(settings)
    target = guild_id if guild_id is not None else settings.dev_guild

    async def go() -> None:
        bot = FicBot(settings, sync_commands=False, load_on_start=False)
        async with bot:
            await login_with_retries(bot, settings.token or "", delays=())
            if clear:
                await sync.clear(bot.db, bot.tree, target)
                print(
                    f"cleared the slash commands {'of guild ' + str(target) if target else 'globally'}"
                )
            else:
                await sync.sync_if_changed(bot.db, bot.tree, target, force=True)
                print(
                    f"synced the slash commands {'to guild ' + str(target) if target else 'globally'}"
                )

    try:
        asyncio.run(go())
    except discord.LoginFailure:
        print(TOKEN_HELP.format(why=" (Discord refused the token)"), file=sys.stderr)
        return 2
    except DiscordUnreachable as exc:
        print(UNREACHABLE.format(why=exc), file=sys.stderr)
        return 1
    return 0
