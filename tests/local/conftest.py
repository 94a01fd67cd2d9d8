"""The console's tests: a command table shaped like ficbot's, and script runs through the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.local.commands import CommandSpec, CommandTable, OptionSpec

STORY = OptionSpec("story", "string", True, "Title or id", autocomplete=True)


@pytest.fixture
def table() -> CommandTable:
    """A hand-made table with ficbot's shapes (the real one is checked in test_script)."""
    return CommandTable(
        [
            CommandSpec(
                ("fic", "random"),
                "A random passage",
                (
                    OptionSpec("character", "string", autocomplete=True),
                    OptionSpec("fandom", "string", autocomplete=True),
                ),
            ),
            CommandSpec(
                ("fic", "read"),
                "Read a story",
                (STORY, OptionSpec("page", "integer"), OptionSpec("public", "boolean")),
            ),
            CommandSpec(("fic", "search"), "Find passages", (OptionSpec("text", "string", True),)),
            CommandSpec(
                ("fic", "by-character"),
                "Stories featuring a character",
                (OptionSpec("name", "string", True, autocomplete=True),),
            ),
            CommandSpec(("fic", "help"), "What ficbot can do"),
            CommandSpec(
                ("fic", "sort"),
                "A command with choices",
                (
                    OptionSpec(
                        "order", "string", True, choices=(("Newest", "new"), ("Best", "top"))
                    ),
                ),
            ),
            CommandSpec(
                ("ficadmin", "feedback-channel"),
                "Where reviews go",
                (OptionSpec("channel", "channel", True),),
            ),
            CommandSpec(
                ("ficadmin", "remove-review"),
                "Take down a review",
                (STORY, OptionSpec("reader", "user", True)),
            ),
        ],
        {"fic": "Read and review", "ficadmin": "Admin"},
    )


@pytest.fixture
def run_script(
    tmp_path: Path,
    seeds_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., tuple[int, str]]:
    """Run script text (or a file) through `ficbot console --script`; (exit code, transcript)."""
    monkeypatch.setenv("FICBOT_SEEDS", str(seeds_dir))
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("FICBOT_DEV_GUILD", raising=False)

    def run(script: str | Path, *extra: str, db: Path | None = None) -> tuple[int, str]:
        if isinstance(script, str):
            path = tmp_path / "script.fic"
            path.write_text(script, encoding="utf-8")
        else:
            path = script
        capsys.readouterr()
        code = main(
            [
                "console",
                "--script",
                str(path),
                "--db",
                str(db or tmp_path / "console.sqlite3"),
                *extra,
            ]
        )
        return code, capsys.readouterr().out

    return run
