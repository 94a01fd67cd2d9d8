"""The fake Discord refuses a discord.py outside the range it supports, saying which range."""

from __future__ import annotations

import discord
import pytest

from fakediscord import SUPPORTED_DISCORD_PY, UnsupportedDiscordPy
from fakediscord.compat import check_discord_version


def test_the_installed_discord_py_is_supported() -> None:
    info = discord.version_info
    check_discord_version((info.major, info.minor, info.micro))


@pytest.mark.parametrize("version", [(2, 7, 1), (2, 7, 9)])
def test_versions_inside_the_range_pass(version: tuple[int, int, int]) -> None:
    check_discord_version(version)


@pytest.mark.parametrize("version", [(2, 6, 4), (2, 7, 0), (2, 8, 0), (3, 0, 0)])
def test_versions_outside_the_range_are_refused_clearly(version: tuple[int, int, int]) -> None:
    with pytest.raises(UnsupportedDiscordPy) as refused:
        check_discord_version(version)
    message = str(refused.value)
    assert SUPPORTED_DISCORD_PY in message
    assert ".".join(map(str, version)) in message
    assert isinstance(refused.value, ImportError)
