"""Token hygiene: the bot token never appears in a log, an error message or a traceback; `.env`
is git-ignored; `.env.example` holds no secret.

`ficbot run` and `ficbot sync` are run for real with a well-formed fake token. The network is
cut off (any socket connect fails the test), and Discord's answer to the login request is a 401,
so discord.py's own login code turns it into the `LoginFailure` that the runner explains.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import traceback
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.http import HTTPClient

from bot.app import runner
from bot.config import Settings
from fakediscord.transport import FakeResponse

REPO = Path(__file__).resolve().parents[2]

# Well-formed (three base64url parts: id, timestamp, HMAC) and fake.
FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzZzZz.S3cr3tH4sHp4rtTh4tMustN3v3rB3Pr1nt3d00"
SECRET_PART = FAKE_TOKEN.split(".")[2]


def leaks(text: str) -> bool:
    return FAKE_TOKEN in text or SECRET_PART in text


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every socket connection fails the test (and is recorded)."""
    seen: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        seen.append(f"socket {args!r}"[:200])
        raise AssertionError("the test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return seen


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, attempts: list[str]) -> list[str]:
    """No network; discord.py's HTTP requests get Discord's 401 for a refused token."""

    async def unauthorized(self: HTTPClient, route: Any, **kwargs: Any) -> Any:
        attempts.append(f"{route.method} {route.path}")
        response: Any = FakeResponse(401, route.method, route.url)
        raise discord.HTTPException(response, {"message": "401: Unauthorized", "code": 0})

    monkeypatch.setattr(HTTPClient, "request", unauthorized)
    return attempts


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """`run` installs discord.py's log handler on the root logger: take it off again."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def with_token(settings: Settings) -> Settings:
    return replace(settings, token=FAKE_TOKEN, log_level="DEBUG")


@pytest.mark.usefixtures("restore_logging")
def test_run_with_a_refused_token_never_shows_it(
    with_token: Settings,
    no_network: list[str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    code = runner.run(with_token)
    out, err = capsys.readouterr()
    assert code == 2
    assert "refused the token" in err and "DISCORD_TOKEN" in err
    assert no_network == ["GET /users/@me"], "only the login request, answered locally"
    assert caplog.records, "logging at DEBUG says something"
    for text in (out, err, caplog.text, *[r.getMessage() for r in caplog.records]):
        assert not leaks(text), text


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize("clear", [False, True])
def test_sync_with_a_refused_token_never_shows_it(
    with_token: Settings,
    no_network: list[str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    clear: bool,
) -> None:
    caplog.set_level(logging.DEBUG)
    code = runner.force_sync(with_token, guild_id=123, clear=clear)
    out, err = capsys.readouterr()
    assert code == 2 and "DISCORD_TOKEN" in err
    assert no_network == ["GET /users/@me"]
    for text in (out, err, caplog.text):
        assert not leaks(text), text


@pytest.mark.usefixtures("restore_logging")
def test_a_discord_outage_at_login_does_not_show_the_token(
    with_token: Settings,
    monkeypatch: pytest.MonkeyPatch,
    attempts: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not a refused token but Discord down (503): whatever reaches the terminal, no token."""

    async def unavailable(self: HTTPClient, route: Any, **kwargs: Any) -> Any:
        response: Any = FakeResponse(503, route.method, route.url)
        raise discord.DiscordServerError(response, {"message": "503: Service Unavailable"})

    monkeypatch.setattr(HTTPClient, "request", unavailable)
    try:
        runner.run(with_token)
    except BaseException as exc:
        shown = "".join(traceback.format_exception(exc))
        assert not leaks(shown), shown
    out, err = capsys.readouterr()
    assert not leaks(out + err)
    assert attempts == []


@pytest.mark.parametrize(
    "token",
    [
        "not a token",
        "Bot " + FAKE_TOKEN,
        FAKE_TOKEN + " trailing",
        FAKE_TOKEN.replace(".", ""),
        "x" * 70,
    ],
)
def test_malformed_tokens_are_explained_without_echoing_them(
    settings: Settings, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    code = runner.run(replace(settings, token=token))
    out, err = capsys.readouterr()
    assert code == 2 and "discord.com/developers/applications" in err
    assert token not in out + err and SECRET_PART not in out + err


def test_settings_repr_hides_the_token(settings: Settings) -> None:
    shown = replace(settings, token=FAKE_TOKEN)
    assert not leaks(repr(shown)) and not leaks(str(shown))


def test_settings_from_env_errors_do_not_show_the_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    for name, value in (("FICBOT_DEV_GUILD", "not-a-number"), ("FICBOT_LOG_LEVEL", "LOUD")):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            with pytest.raises(ValueError, match=name) as caught:
                Settings.from_env(dotenv=False)
            assert not leaks(str(caught.value))


def test_dot_env_is_git_ignored() -> None:
    done = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=REPO, capture_output=True, check=False
    )
    assert done.returncode == 0, ".env must be git-ignored"
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", ".env"], cwd=REPO, capture_output=True, check=False
    )
    assert tracked.returncode != 0, ".env must never be committed"


def test_env_example_holds_no_secret() -> None:
    example = REPO / ".env.example"
    done = subprocess.run(
        ["git", "check-ignore", "-q", ".env.example"], cwd=REPO, capture_output=True, check=False
    )
    assert done.returncode == 1, ".env.example is meant to be committed"
    defaults = {
        "DISCORD_TOKEN": "",
        "FICBOT_DB": "data/ficbot.sqlite3",
        "FICBOT_SEEDS": "seeds",
        "FICBOT_DEV_GUILD": "",
        "FICBOT_LOG_LEVEL": "INFO",
    }
    seen: dict[str, str] = {}
    for line in example.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition("=")
        seen[key.strip()] = value.strip().strip("\"'")
    assert seen == defaults
    assert runner.token_problem(seen["DISCORD_TOKEN"]) == ""  # no token, not even a fake one
