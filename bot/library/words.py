"""The ordinary English the parser reads around names, loaded once from ``data/words.toml``.

The roster says who a fandom's characters are; these lists say what the language around them
looks like, for every fandom. They are data so that they can be read, extended and checked
(tests/library/test_data_files.py) without reading the code that uses them.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

WORDS_FILE = "words.toml"


@dataclass(frozen=True, slots=True)
class Words:
    """The lists of ``data/words.toml``, lower-case (see its header for what each is for)."""

    not_characters: frozenset[str]
    determiners: frozenset[str]
    # Tuples: joined into regex alternations, in the file's order.
    honorifics: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    body_parts: tuple[str, ...]
    action_verbs: tuple[str, ...]
    romance: tuple[str, ...]
    place_nouns: frozenset[str]
    place_prepositions: frozenset[str]


def read_text(name: str) -> str:
    """A file shipped in ``bot/library/data`` (package data, so it is there when installed)."""
    return resources.files("bot.library").joinpath("data", name).read_text(encoding="utf-8")


def parse(raw: dict[str, Any]) -> Words:
    values: dict[str, Any] = {}
    for f in fields(Words):
        words = raw[f.name]
        values[f.name] = frozenset(words) if str(f.type).startswith("frozenset") else tuple(words)
    return Words(**values)


@functools.cache
def words() -> Words:
    return parse(tomllib.loads(read_text(WORDS_FILE)))
