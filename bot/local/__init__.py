"""ficbot without Discord: the real bot in the local stand-in (`fakediscord`), at a terminal.

`run_console` is `ficbot console`, and what `ficbot run` opens when there is no token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from bot.config import Settings


def run_console(
    settings: Settings,
    *,
    script: str | Path | None = None,
    user: str = "ayla",
    channel: str = "general",
    keep: bool = False,
) -> int:
    """Open the console (imported lazily: rich and prompt_toolkit load only when used)."""
    from bot.local.app import run_console as run

    return run(settings, script=script, user=user, channel=channel, keep=keep)


__all__ = ["run_console"]
