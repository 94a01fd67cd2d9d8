"""Settings from the environment and ``.env`` (python-dotenv), read once into a frozen dataclass.

Nothing is read at import time: ``Settings.from_env()`` is called by the entry point, so tests
and the CLI can pass their own values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from dotenv import load_dotenv

# The checkout this code runs from (installed editable, as scripts/test does): the default
# database and story folder are the project's, so `ficbot stories` run from any directory
# reads the same library as `ficbot run` started in the checkout.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
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
            db_path=_path_setting("FICBOT_DB", DEFAULT_DB),
            seeds=_path_setting("FICBOT_SEEDS", DEFAULT_SEEDS),
            dev_guild=int(guild) if guild else None,
            log_level=level,
        )

    def with_overrides(self, *, db_path: Path | None = None, seeds: Path | None = None) -> Settings:
        return replace(
            self,
            db_path=db_path if db_path is not None else self.db_path,
            seeds=seeds if seeds is not None else self.seeds,
        )


def _path_setting(name: str, default: Path) -> Path:
    """The path in environment variable `name` (relative ones from the working directory, as
    any command-line path), else `default` inside the project."""
    value = os.environ.get(name, "").strip()
    return Path(value) if value else project_path(default)


def project_path(default: Path, root: Path = PROJECT_ROOT) -> Path:
    """`default` inside the checkout at `root`. Installed outside a checkout (no pyproject.toml
    next to the package), there is no project folder: it stays relative to the working directory."""
    if (root / "pyproject.toml").is_file():
        return root / default
    return default
