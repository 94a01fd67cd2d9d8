"""Settings from the environment and ``.env`` (python-dotenv), read once into a frozen dataclass.

Nothing is read at import time: ``Settings.from_env()`` is called by the entry point, so tests
and the CLI can pass their own values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from dotenv import load_dotenv

DEFAULT_DB = Path("data") / "ficbot.sqlite3"
DEFAULT_SEEDS = Path("seeds")


class SettingsError(ValueError):
    """A setting that is present but unusable; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = field(repr=False)  # never in a log line or a traceback
    db_path: Path
    seeds: Path
    dev_guild: int | None
    log_level: str

    @classmethod
    def from_env(cls, *, dotenv: bool = True) -> Settings:
        if dotenv:
            load_dotenv(override=False)
        guild = os.environ.get("FICBOT_DEV_GUILD", "").strip()
        if guild and not guild.isdigit():
            raise SettingsError(
                f"FICBOT_DEV_GUILD must be a server id (a number), not {guild!r}. "
                "In Discord: Settings > Advanced > Developer Mode, then right-click the server > Copy Server ID."
            )
        level = os.environ.get("FICBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise SettingsError(
                f"FICBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}"
            )
        return cls(
            token=os.environ.get("DISCORD_TOKEN", "").strip() or None,
            db_path=Path(os.environ.get("FICBOT_DB", "").strip() or DEFAULT_DB),
            seeds=Path(os.environ.get("FICBOT_SEEDS", "").strip() or DEFAULT_SEEDS),
            dev_guild=int(guild) if guild else None,
            log_level=level,
        )

    def with_overrides(self, *, db_path: Path | None = None, seeds: Path | None = None) -> Settings:
        return replace(
            self,
            db_path=db_path if db_path is not None else self.db_path,
            seeds=seeds if seeds is not None else self.seeds,
        )
