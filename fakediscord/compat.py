"""Which discord.py the fake Discord works with, checked when `fakediscord` is imported.

The fake Discord does not go through discord.py's public API alone: it drives semi-private
seams that may change in any minor release:

* `ConnectionState.parse_*` (gateway events in, e.g. `parse_interaction_create`),
* `HTTPClient.request` and its name-mangled session, `HTTPClient._global_over` (REST out),
* `AsyncWebhookAdapter.request` (interaction responses and follow-ups out),
* `Client._async_setup_hook`, `Client._application`, `discord.client._loop` (start-up without
  a gateway connection).

So it states the range it was built and tested against, apart from whatever the bot using it
pins, and refuses to run on another one rather than fail in some obscure way mid-test. To
widen the range: run tests/fakediscord on the new version, then move the bounds.
"""

from __future__ import annotations

import discord

# As pip would write it; the tuples below are the same bounds, for the check.
SUPPORTED_DISCORD_PY = ">=2.7.1,<2.8"
LOWEST_SUPPORTED = (2, 7, 1)
FIRST_UNSUPPORTED = (2, 8, 0)


class UnsupportedDiscordPy(ImportError):
    """The installed discord.py is outside `SUPPORTED_DISCORD_PY`."""


def check_discord_version(installed: tuple[int, int, int] | None = None) -> None:
    """Raise `UnsupportedDiscordPy` unless `installed` (default: the imported discord.py) fits."""
    if installed is None:
        info = discord.version_info
        installed = (info.major, info.minor, info.micro)
    if LOWEST_SUPPORTED <= installed < FIRST_UNSUPPORTED:
        return
    found = ".".join(map(str, installed))
    raise UnsupportedDiscordPy(
        f"fakediscord supports discord.py {SUPPORTED_DISCORD_PY}, but discord.py {found} is "
        "installed: it drives discord.py's semi-private seams (see fakediscord.compat), which "
        "may have changed. Install a supported discord.py, or test this one and widen the range."
    )


check_discord_version()
