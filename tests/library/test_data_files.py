"""Every data file that ships with ficbot parses and is well formed: the bundled roster and the
parser's word lists. A failure lists every problem at once, each with where it is."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import fields
from typing import Any

import pytest

from bot.library import words
from bot.library.roster_file import BUNDLED_ROSTER

GENDERS = ("m", "f", "n")


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


def duplicates(values: list[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def empties(where: str, values: list[Any]) -> list[str]:
    return [
        f"{where}: entry {i} is empty or not a string"
        for i, v in enumerate(values)
        if not isinstance(v, str) or not v.strip()
    ]


def roster_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    fandoms = data.get("fandom", [])
    if not fandoms:
        problems.append("no [[fandom]] table")
    fandom_names = [f.get("name", "") for f in fandoms]
    problems += [f"fandom {n!r} is defined twice" for n in duplicates(fandom_names)]
    for fandom in fandoms:
        name = fandom.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"a fandom without a name: {sorted(fandom)}")
            continue
        aliases = fandom.get("aliases", [])
        not_characters = fandom.get("not_characters", [])
        problems += empties(f"{name} aliases", aliases)
        problems += empties(f"{name} not_characters", not_characters)
        problems += [f"{name}: fandom alias {a!r} listed twice" for a in duplicates(aliases)]
        problems += [
            f"{name}: not_character {w!r} listed twice" for w in duplicates(not_characters)
        ]
        never = {w.casefold() for w in not_characters}
        owner: dict[str, str] = {}  # casefolded alias -> character
        for char in fandom.get("character", []):
            who = char.get("name")
            if not isinstance(who, str) or not who.strip():
                problems.append(f"{name}: a character without a name")
                continue
            where = f"{name} / {who}"
            char_aliases = char.get("aliases", [])
            problems += empties(f"{where} aliases", char_aliases)
            problems += [f"{where}: alias {a!r} listed twice" for a in duplicates(char_aliases)]
            if char.get("gender", "n") not in GENDERS:
                problems.append(f"{where}: gender {char.get('gender')!r} is not one of {GENDERS}")
            spellings = {who, *char_aliases}
            for word in char.get("common_words", []):
                if word not in spellings:
                    problems.append(f"{where}: common word {word!r} is not one of its aliases")
            for alias in sorted({a.casefold() for a in spellings}):
                other = owner.setdefault(alias, who)
                if other != who:
                    problems.append(f"{where}: alias {alias!r} is also {other}'s")
                if alias in never:
                    problems.append(f"{where}: alias {alias!r} is also in not_characters")
    return problems


def words_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    expected = {f.name for f in fields(words.Words)}
    problems += [f"list {k!r} is missing" for k in sorted(expected - set(data))]
    problems += [
        f"list {k!r} is not read by bot.library.words" for k in sorted(set(data) - expected)
    ]
    for key, values in data.items():
        if not isinstance(values, list) or not values:
            problems.append(f"{key}: not a list of words, or empty")
            continue
        problems += empties(key, values)
        problems += [f"{key}: {w!r} listed twice" for w in duplicates(values)]
        problems += [
            f"{key}: {w!r} is not lower-case and trimmed"
            for w in values
            if isinstance(w, str) and w != w.strip().lower()
        ]
    return problems


def test_bundled_roster_is_well_formed() -> None:
    problems = roster_problems(tomllib.loads(BUNDLED_ROSTER.read_text(encoding="utf-8")))
    assert not problems, report(problems)


def test_word_lists_are_well_formed() -> None:
    problems = words_problems(tomllib.loads(words.read_text(words.WORDS_FILE)))
    assert not problems, report(problems)


def test_the_word_lists_load() -> None:
    loaded = words.words()
    assert "the" in loaded.determiners
    assert "monday" in loaded.not_characters
    assert loaded.honorifics[0] == "chan"  # file order kept: patterns are built from it


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            {"fandom": [{"name": "F", "character": [{"name": "A", "aliases": ["Al", "Al"]}]}]},
            "F / A: alias 'Al' listed twice",
        ),
        (
            {
                "fandom": [
                    {
                        "name": "F",
                        "character": [
                            {"name": "A", "aliases": ["Al"]},
                            {"name": "B", "aliases": ["AL"]},
                        ],
                    }
                ]
            },
            "F / B: alias 'al' is also A's",
        ),
        (
            {"fandom": [{"name": "F", "not_characters": ["Al"], "character": [{"name": "Al"}]}]},
            "F / Al: alias 'al' is also in not_characters",
        ),
        (
            {"fandom": [{"name": "F", "character": [{"name": "A", "gender": "x"}]}]},
            "F / A: gender 'x' is not one of ('m', 'f', 'n')",
        ),
        (
            {"fandom": [{"name": "F", "character": [{"name": "A", "common_words": ["Red"]}]}]},
            "F / A: common word 'Red' is not one of its aliases",
        ),
        (
            {"fandom": [{"name": "F", "aliases": ["", "FF"]}]},
            "F aliases: entry 0 is empty or not a string",
        ),
    ],
)
def test_the_roster_check_names_each_problem(data: dict[str, Any], problem: str) -> None:
    assert problem in roster_problems(data)


def test_the_word_check_names_each_problem() -> None:
    data = tomllib.loads(words.read_text(words.WORDS_FILE))
    data["determiners"] = [*data["determiners"], "the", "The", " "]
    data["extra"] = ["x"]
    del data["romance"]
    problems = words_problems(data)
    assert "determiners: 'the' listed twice" in problems
    assert "determiners: 'The' is not lower-case and trimmed" in problems
    assert "determiners: entry 26 is empty or not a string" in problems
    assert "list 'extra' is not read by bot.library.words" in problems
    assert "list 'romance' is missing" in problems
