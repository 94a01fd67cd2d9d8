"""The character roster: canonical names, aliases and spelling variants, per fandom.

The roster is data (``seeds/characters.toml``), not code; this module loads it, resolves what
a reader types to a character.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.library.words import words


@dataclass(frozen=True, slots=True)
class CharacterDef:
    name: str
    fandom: str
    gender: str  # "m", "f" or "n": which pronouns may stand for them
    aliases: tuple[str, ...]
    common_words: frozenset[str] = frozenset()  # aliases that are also ordinary words


@dataclass(frozen=True, slots=True)
class FandomDef:
    name: str
    aliases: tuple[str, ...]
    not_characters: frozenset[str]  # lower-cased


# Capitalised words that are never characters in any fandom.
_GENERAL_NOT_CHARACTERS = words().not_characters


@dataclass(slots=True)
class Roster:
    fandoms: list[FandomDef]
    characters: list[CharacterDef]
    digest: str = ""  # changes when the roster file changes, so stories get re-analysed
    _by_alias: dict[str, CharacterDef] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for char in self.characters:
            for alias in char.aliases:
                self._by_alias.setdefault(alias.casefold(), char)

    @classmethod
    def load(cls, path: Path) -> Roster:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
        fandoms: list[FandomDef] = []
        characters: list[CharacterDef] = []
        for fandom in data.get("fandom", []):
            fandoms.append(
                FandomDef(
                    name=fandom["name"],
                    aliases=tuple(fandom.get("aliases", [])),
                    not_characters=frozenset(
                        w.casefold() for w in fandom.get("not_characters", [])
                    ),
                )
            )
            for char in fandom.get("character", []):
                aliases = tuple(dict.fromkeys([char["name"], *char.get("aliases", [])]))
                characters.append(
                    CharacterDef(
                        name=char["name"],
                        fandom=fandom["name"],
                        gender=char.get("gender", "n"),
                        aliases=aliases,
                        common_words=frozenset(char.get("common_words", [])),
                    )
                )
        return cls(fandoms, characters, hashlib.blake2b(raw, digest_size=8).hexdigest())

    @classmethod
    def empty(cls) -> Roster:
        return cls([], [], "empty")

    def resolve(self, name: str) -> CharacterDef | None:
        """A character by any alias or spelling variant, case-insensitively."""
        return self._by_alias.get(" ".join(name.split()).casefold())

    def is_not_character(self, word: str) -> bool:
        folded = word.casefold()
        if folded in _GENERAL_NOT_CHARACTERS:
            return True
        return any(folded in f.not_characters for f in self.fandoms)

    def fandom_named_in(self, text: str) -> str | None:
        """A fandom the text names (``I don't own Final Fantasy VII``), if any."""
        folded = text.casefold()
        for fandom in self.fandoms:
            for alias in (fandom.name, *fandom.aliases):
                # Short aliases (FF7, DoC) only count in their exact spelling.
                hay, needle = (text, alias) if len(alias) <= 4 else (folded, alias.casefold())
                pos = hay.find(needle)
                while pos != -1:
                    before = hay[pos - 1] if pos else " "
                    after = hay[pos + len(needle)] if pos + len(needle) < len(hay) else " "
                    if not before.isalnum() and not after.isalnum():
                        return fandom.name
                    pos = hay.find(needle, pos + 1)
        return None
