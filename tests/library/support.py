"""Helpers shared by the library tests: build a story file from a dedented string and read it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bot.library.roster import Roster
from bot.library.sections import Kind, Section
from bot.library.story import ParsedStory, analyse

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ROSTER = Roster.load(SEEDS / "characters.toml")


def raw_story(text: str) -> str:
    """A story as the author typed it: the test's triple-quoted string, dedented and trimmed."""
    return textwrap.dedent(text).strip("\n") + "\n"


def parse(
    text: str,
    *,
    sidecar: dict[str, str] | None = None,
    stem: str = "101_test",
    encoding: str = "utf-8",
) -> ParsedStory:
    return analyse(raw_story(text).encode(encoding), stem=stem, roster=ROSTER, sidecar=sidecar)


def parse_bytes(raw: bytes, *, stem: str = "101_test") -> ParsedStory:
    return analyse(raw, stem=stem, roster=ROSTER)


def starts(story: ParsedStory, section: Section, words: int = 3) -> list[str]:
    """The first few words of each paragraph in a section: enough to recognise it."""
    return [" ".join(t.split()[:words]) for t in story.section(section)]


def kinds(story: ParsedStory, section: Section = Section.BODY) -> list[Kind]:
    return [p.kind for p in story.paragraphs if p.section is section]


def roles(story: ParsedStory) -> dict[str, str]:
    return {c.name: c.role for c in story.characters}


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path
