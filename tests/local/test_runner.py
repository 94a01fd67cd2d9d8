"""`ficbot run` (the README's run command) without a token: the console, or exit 2 with help."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import bot.local
from bot.app import runner
from bot.config import Settings


def settings(token: str | None) -> Settings:
    return Settings(token, Path("db.sqlite3"), Path("seeds"), None, "INFO")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    calls: list[Settings] = []

    def fake_console(s: Settings, **kwargs: Any) -> int:
        calls.append(s)
        return 0

    monkeypatch.setattr(bot.local, "run_console", fake_console)
    return calls


def terminals(monkeypatch: pytest.MonkeyPatch, *, stdin: bool, stdout: bool) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: stdin, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: stdout, raising=False)


def test_no_token_on_a_terminal_opens_the_console_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], opened: list[Settings]
) -> None:
    terminals(monkeypatch, stdin=True, stdout=True)
    assert runner.run(settings(None)) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and ".env" in err and "README" in err
    assert "console" in err
    assert len(opened) == 1


@pytest.mark.parametrize(("stdin", "stdout"), [(False, False), (True, False), (False, True)])
def test_no_token_without_a_terminal_exits_2_with_the_explanation(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    opened: list[Settings],
    stdin: bool,
    stdout: bool,
) -> None:
    terminals(monkeypatch, stdin=stdin, stdout=stdout)
    assert runner.run(settings(None)) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN is not set" in err and "Reset Token" in err and "ficbot console" in err
    # A command a newcomer can type after the README's setup (`ficbot` alone is not on PATH).
    assert ".venv/bin/ficbot console" in err and "bash scripts/run" in err
    assert opened == []


def test_a_malformed_token_is_explained_and_never_opens_the_console(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], opened: list[Settings]
) -> None:
    terminals(monkeypatch, stdin=True, stdout=True)
    assert runner.run(settings("not-a-token")) == 2
    assert "doesn't look like a bot token" in capsys.readouterr().err
    assert runner.run(settings("Bot abc.def.ghi")) == 2
    assert opened == []
