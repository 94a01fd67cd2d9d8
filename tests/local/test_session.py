"""The session on its own: answers re-asked at a terminal, completion from the bot, console commands."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rich.console import Console

from bot.app.client import FicBot
from bot.config import Settings
from bot.local.forms import Question
from bot.local.prompt import SessionSources, prompt_text, toolbar
from bot.local.session import Session
from bot.local.world import local_world
from fakediscord import Harness


class Typist:
    """Answers as a person at a terminal would: a bad answer is simply asked again."""

    interactive = True

    def __init__(self, *answers: str | None) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    async def read(self, question: Question) -> str | None:
        self.asked.append(question.label)
        return self.answers.pop(0) if self.answers else None

    def drop_answers(self) -> None:
        return None


@pytest.fixture
async def harness(seeds_dir: Path, tmp_path: Path) -> AsyncIterator[Harness]:
    bot = FicBot(
        Settings(None, tmp_path / "s.sqlite3", seeds_dir, None, "INFO"), load_on_start=False
    )
    async with Harness(bot, local_world(), strict=False) as h:
        await bot.load_library()
        yield h


def session(h: Harness, typist: Typist) -> tuple[Session, io.StringIO]:
    out = io.StringIO()
    return Session(h, Console(file=out, width=100, color_system=None), typist), out


async def test_a_terminal_reader_is_asked_again_until_the_answer_fits(harness: Harness) -> None:
    typist = Typist("9", "4", "short", "Long enough to count, surely.", "maybe", "y")
    s, out = session(harness, typist)
    await s.run_line("/fic review 004")
    text = out.getvalue()
    assert (
        "no option '9'" in text
        and "needs at least 10 characters" in text
        and "answer y or n" in text
    )
    assert typist.asked == ["Your rating"] * 2 + ["Your review"] * 2 + ["Contains spoilers"] * 2
    assert "Thanks for reviewing" in text
    assert s.tally.clean and s.tally.interactions == 2


async def test_a_menu_number_then_the_option(harness: Harness) -> None:
    s, out = session(harness, Typist("1.1"))
    await s.run_line("/fic by-character Aeris")
    await s.run_line("1")
    assert "Aerith Gainsborough (as Aeris) · lead" in out.getvalue()
    assert s.tally.interactions == 2 and s.tally.clean


async def test_completion_values_come_from_the_bots_autocomplete(harness: Harness) -> None:
    s, _ = session(harness, Typist())
    sources = SessionSources(s)
    assert ("Aerith Gainsborough", "Aerith Gainsborough") in await sources.autocomplete(
        "fic random", "character", "aer", {}
    )
    stories = await sources.autocomplete("fic read", "story", "", {})
    assert [v for _, v in stories] == ["000", "004"]
    assert await sources.autocomplete("fic nope", "x", "", {}) == []
    assert sources.readers() == ["ayla", "bram", "cass"]
    assert sources.channels() == ["general", "feedback", "after-dark"]
    assert s.tally.interactions == 0  # completion is not part of the tally


async def test_console_commands(harness: Harness) -> None:
    s, out = session(harness, Typist())
    await s.run_line("/as")
    await s.run_line("/as zed")
    await s.run_line("/in")
    await s.run_line("/in #after-dark")
    await s.run_line("/show thread")
    await s.run_line("/show #nowhere")
    await s.run_line("/reveal")
    text = out.getvalue()
    assert re.search(r"cass +admin \(Manage Server\)", text) and re.search(
        r"ayla +reader +you", text
    )
    assert "✗ no reader 'zed' here" in text
    assert "#after-dark  age-restricted" in text
    assert "You are in #after-dark now. It is age-restricted" in text
    assert "No threads yet" in text and "✗ no channel '#nowhere'" in text
    assert s.tally.bad_lines == 3
    assert "ayla #after-dark" in "".join(f[1] for f in prompt_text(s))
    assert "Ctrl-D quits" in "".join(f[1] for f in toolbar(s))
    assert await s.run_line("/quit") is False


async def test_the_toolbar_names_buttons_only_under_an_answer_that_has_them(
    harness: Harness,
) -> None:
    """Issue 12, a new user: "1–1 press buttons" stood under answers with no buttons."""
    s, _ = session(harness, Typist())

    def bar() -> str:
        return "".join(f[1] for f in toolbar(s))

    await s.run_line("/fic random")
    assert "1–5 press buttons" in bar()
    await s.run_line("4")  # Kudos: a plain "thank you", no buttons
    assert "press" not in bar()
    await s.run_line("/fic by-character")
    assert "press" not in bar()
