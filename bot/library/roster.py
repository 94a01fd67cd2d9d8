"""The character roster: canonical names, aliases and spelling variants, per fandom.

The roster is data (``seeds/characters.toml``), not code; this module loads it, resolves what
a reader types to a character.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path

from bot.library import tags
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
    # Ship names ("Clerith"), casefolded, and the two characters (canonical names) each pairs.
    ships: tuple[tuple[str, str, str], ...] = ()
    # Surnames never to stand alone for a character: shared, or the name of a thing.
    shared_surnames: frozenset[str] = frozenset()  # lower-cased
    # Shared surnames that stand for one character all the same ("Valentine": Vincent).
    surname_owners: tuple[tuple[str, str], ...] = ()  # (surname lower-cased, canonical name)


# Capitalised words that are never characters in any fandom.
_GENERAL_NOT_CHARACTERS = words().not_characters


@dataclass(slots=True)
class Roster:
    fandoms: list[FandomDef]
    characters: list[CharacterDef]
    digest: str = ""  # changes when the roster file changes, so stories get re-analysed
    # Words the admin said are no character (``roster-corrections.toml``), lower-cased.
    not_characters: frozenset[str] = frozenset()
    _by_alias: dict[str, CharacterDef] = field(default_factory=dict)
    _ships: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for char in self.characters:
            for alias in char.aliases:
                self._by_alias.setdefault(alias.casefold(), char)
        for fandom in self.fandoms:
            for ship, a, b in fandom.ships:
                self._ships.setdefault(ship, (a, b))

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
                    ships=tuple(
                        (ship.casefold(), pair[0], pair[1])
                        for ship, pair in fandom.get("ships", {}).items()
                    ),
                    shared_surnames=frozenset(
                        w.casefold() for w in fandom.get("shared_surnames", [])
                    ),
                    surname_owners=tuple(
                        (w.casefold(), owner) for w, owner in fandom.get("surnames", {}).items()
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
        characters = with_name_forms(fandoms, characters)
        return cls(fandoms, characters, hashlib.blake2b(raw, digest_size=8).hexdigest())

    @classmethod
    def empty(cls) -> Roster:
        return cls([], [], "empty")

    def resolve(self, name: str) -> CharacterDef | None:
        """A character by any alias or spelling variant, case-insensitively; FFN's
        abbreviated ``Cloud S.`` too, when one character has that first name and initial."""
        found = self._by_alias.get(" ".join(name.split()).casefold())
        if found is not None:
            return found
        short = tags.abbreviated(name)
        if short is None:
            return None
        first, initial = short
        char = self._by_alias.get(first.casefold())
        if char is not None and char.name.split()[-1][:1] == initial:
            return char
        return None

    def known_names(self) -> set[str]:
        """Every alias of every character, casefolded."""
        return set(self._by_alias)

    def ship(self, word: str) -> tuple[str, str] | None:
        """The pairing a ship name stands for ("Clerith": Cloud and Aerith), if any."""
        return self._ships.get(word.casefold())

    def is_not_character(self, word: str) -> bool:
        folded = word.casefold()
        if folded in _GENERAL_NOT_CHARACTERS or folded in self.not_characters:
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


# Titles that make a surname a name ("Mr. Valentine"), by the pronouns of who they name.
_TITLES = {
    "m": ("Mr.", "Mr"),
    "f": ("Ms.", "Ms", "Miss", "Mrs.", "Mrs"),
    "n": (),
}


def with_name_forms(
    fandoms: list[FandomDef],
    characters: list[CharacterDef],
    taken_elsewhere: Set[str] = frozenset(),
) -> list[CharacterDef]:
    """The characters, each also known by its surname and by title and surname ("Valentine",
    "Mr. Valentine") where that surname is one character's alone in its fandom.

    A surname alone may be an ordinary word ("Valentine", "Fair"): it is matched like the
    roster's common words, only capitalised and not after an article.
    """
    # A surname that is already someone's name (here, or in the shipped roster) stays theirs.
    taken = {a.casefold() for c in characters for a in c.aliases}
    taken |= {a.casefold() for a in taken_elsewhere}
    not_characters = {w for f in fandoms for w in f.not_characters} | _GENERAL_NOT_CHARACTERS
    shared = {(f.name, w) for f in fandoms for w in f.shared_surnames}
    owners = {(f.name, w): owner for f in fandoms for w, owner in f.surname_owners}
    surnames: dict[tuple[str, str], int] = {}
    for char in characters:
        parts = char.name.split()
        if len(parts) >= 2:
            key = (char.fandom, parts[-1].casefold())
            surnames[key] = surnames.get(key, 0) + 1
    out: list[CharacterDef] = []
    for char in characters:
        parts = char.name.split()
        # A given name and a surname: "Mayor Domino" and "Red XIII" are no such thing.
        given = len(parts) == 2 and parts[0] in char.aliases
        surname = parts[-1] if given else ""
        if (
            len(surname) < 3
            or not surname.istitle()
            or not surname.isalpha()
            or (char.fandom, surname.casefold()) in shared
            or owners.get((char.fandom, surname.casefold()), char.name) != char.name
            or (
                surnames[(char.fandom, surname.casefold())] > 1
                and (char.fandom, surname.casefold()) not in owners
            )
            or surname.casefold() in not_characters
            or (surname.casefold() in taken and surname not in char.aliases)
        ):
            out.append(char)
            continue
        forms = [surname, *(f"{t} {surname}" for t in _TITLES.get(char.gender, ()))]
        new = [f for f in forms if f.casefold() not in taken]
        out.append(
            CharacterDef(
                name=char.name,
                fandom=char.fandom,
                gender=char.gender,
                aliases=tuple(dict.fromkeys([*char.aliases, *new])),
                common_words=char.common_words | ({surname} if surname in new else set()),
            )
        )
    return out
