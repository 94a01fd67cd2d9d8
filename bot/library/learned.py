"""A roster learned from the collection: the characters its stories' own tags name.

Every story that says who it is about (``Characters:``, ``Relationships:``, FFN's character
list, a sidecar) teaches the roster of its fandom: the canonical name, the names a pipe joins
to it (``Red XIII | Nanaki``), and its first name and surname wherever no other character of
that fandom shares them. Untagged stories of that fandom are then read with it.

Reading the tags is cheap: only the top of each file (``scan_tags``), never a full parse.
The admin corrects what was learned in ``roster-corrections.toml`` in the collection folder
(``Corrections``): two names merged into one character, an alias added, a word that is no
character.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.library import metadata, tags
from bot.library.roster import CharacterDef, FandomDef, Roster, with_name_forms
from bot.library.words import words

CORRECTIONS_FILE = "roster-corrections.toml"
# Where the characters of stories that name no fandom go (what a story's fandom reads then).
UNKNOWN_FANDOM = "Unknown fandom"
# The top of a text file, where its header is: tags further down are the story's text.
HEAD_BYTES = 8 * 1024
_TAG_LINE = re.compile(
    r"^[ \t*_]*(fandoms?|characters?|relationships?|pairings?|rated)[*_]*[ \t]*:[*_]*[ \t]*(.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_KEYS = {
    "fandom": "fandom",
    "fandoms": "fandom",
    "character": "characters",
    "characters": "characters",
    "relationship": "relationships",
    "relationships": "relationships",
    "pairing": "relationships",
    "pairings": "relationships",
}


@dataclass(frozen=True, slots=True)
class StoryTags:
    fandom: str
    characters: tuple[str, ...]
    relationships: tuple[str, ...]


def scan_tags(head: str) -> metadata.HeaderFields:
    """The fandom, character and relationship fields in the top of a text file, found line by
    line (a value on the line after its label too), and FFN's ``Rated:`` line's cast."""
    fields: metadata.HeaderFields = {}
    for m in _TAG_LINE.finditer(head):
        label, value = m.group(1).lower(), m.group(2).strip()
        if not value:
            rest = head[m.end() :].lstrip("\r\n").split("\n", 1)[0].strip()
            value = rest if rest and not _TAG_LINE.match(rest) else ""
        if label == "rated":
            for key, found in metadata.ffn_rated(value).items():
                if key in ("characters", "relationships"):
                    fields.setdefault(key, found)
        elif value:
            fields.setdefault(_KEYS[label], value)
    return fields


def story_tags(fields: metadata.HeaderFields) -> StoryTags:
    fandoms = metadata.split_list(fields.get("fandom", ""))
    return StoryTags(
        fandom=tags.clean_name(fandoms[0]) if fandoms else "",
        characters=tuple(metadata.split_list(fields.get("characters", ""))),
        relationships=tuple(metadata.split_list(fields.get("relationships", ""))),
    )


def read_story_tags(path: Path, sidecar: metadata.HeaderFields | None) -> StoryTags:
    """A story file's tags: its header's (text files: the top only), then its sidecar's."""
    fields: metadata.HeaderFields = {}
    try:
        if path.suffix.lower() in (".html", ".htm", ".epub"):
            from bot.library import formats  # markup readers: only for markup files

            fields = formats.read_markup(path.read_bytes(), path.suffix).fields
        else:
            with path.open("rb") as f:
                head = f.read(HEAD_BYTES)
            fields = scan_tags(head.decode("utf-8", errors="replace").replace("\r", ""))
    except (OSError, ValueError):
        fields = {}  # the load reports the file when it parses it
    return story_tags({**fields, **(sidecar or {})})


@dataclass(slots=True)
class Corrections:
    """The admin's corrections to the learned roster (``roster-corrections.toml``)."""

    merges: list[tuple[str, str]] = field(default_factory=list)  # (kept, merged into it)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # name -> aliases
    not_characters: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Corrections:
        if not path.is_file():
            return cls()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(
            merges=[(str(a), str(b)) for a, b in data.get("merge", [])],
            aliases={str(k): [str(a) for a in v] for k, v in data.get("alias", {}).items()},
            not_characters=[str(w) for w in data.get("not_characters", [])],
        )

    def save(self, path: Path) -> None:
        # JSON strings are TOML basic strings: no TOML writer needed for these shapes.
        lines = [
            "# Corrections to the roster ficbot learns from the stories' tags.",
            "# Written by `ficbot roster merge|alias|not-a-character`; read on each load.",
            "merge = ["
            + ", ".join(f"[{json.dumps(a)}, {json.dumps(b)}]" for a, b in self.merges)
            + "]",
            "not_characters = [" + ", ".join(json.dumps(w) for w in self.not_characters) + "]",
            "",
            "[alias]",
            *(
                f"{json.dumps(name)} = [" + ", ".join(json.dumps(a) for a in aliases) + "]"
                for name, aliases in self.aliases.items()
            ),
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def digest(self) -> str:
        return json.dumps([self.merges, self.aliases, self.not_characters], sort_keys=True)


@dataclass(slots=True)
class _Learned:
    name: str
    fandom: str
    aliases: list[str] = field(default_factory=list)
    stories: int = 0


def learn(stories: Iterable[StoryTags], base: Roster, corrections: Corrections) -> Roster:
    """The base roster, with the characters the stories' tags name that it does not know."""
    barred = {w.casefold() for w in corrections.not_characters}
    by_key: dict[tuple[str, str], _Learned] = {}
    for story in stories:
        fandom = (base.fandom_named_in(story.fandom) or story.fandom) if story.fandom else ""
        fandom = fandom or UNKNOWN_FANDOM
        for tag in _character_tags(story):
            if tag.placeholder or tags.abbreviated(tag.name) or base.resolve(tag.name):
                continue
            if tag.name.casefold() in barred:
                continue
            key = (fandom, tag.name.casefold())
            learned = by_key.setdefault(key, _Learned(tag.name, fandom))
            learned.stories += 1
            learned.aliases.extend(a for a in tag.aliases if a not in learned.aliases)
    chars = _apply(_merge_short_names(list(by_key.values())), corrections)
    fandoms = {c.fandom for c in chars} - {f.name for f in base.fandoms}
    known = {a.casefold() for c in base.characters for a in c.aliases}
    new_fandoms = [FandomDef(name, (name,), frozenset()) for name in sorted(fandoms)]
    defs = [
        CharacterDef(
            c.name,
            c.fandom,
            "n",
            tuple(a for a in dict.fromkeys([c.name, *c.aliases]) if a.casefold() not in known),
        )
        for c in chars
    ]
    defs = name_forms(defs, known | barred)
    digest = hashlib.blake2b(
        json.dumps(
            [base.digest, corrections.digest(), [(d.name, d.fandom, d.aliases) for d in defs]]
        ).encode(),
        digest_size=8,
    ).hexdigest()
    if not defs and not barred:
        return base
    return Roster(
        [*base.fandoms, *new_fandoms],
        [*base.characters, *defs],
        digest,
        base.not_characters | barred,
    )


def _character_tags(story: StoryTags) -> Iterable[tags.CharacterTag]:
    for tag in story.characters:
        found = tags.character_tag(tag)
        if found is not None:
            yield found
    for rel in story.relationships:
        parsed = tags.relationship_tag(rel)
        for name in parsed.names if parsed else ():
            found = tags.character_tag(name)
            if found is not None:
                yield found


def _merge_short_names(chars: list[_Learned]) -> list[_Learned]:
    """A one-word tag ("Draco") is the character whose full name starts or ends with it, when
    exactly one of that fandom's does."""
    full = [c for c in chars if " " in c.name]
    out: list[_Learned] = []
    for c in chars:
        if " " not in c.name:
            word = c.name.casefold()
            owners = [
                f
                for f in full
                if f.fandom == c.fandom
                and word in (f.name.split()[0].casefold(), f.name.split()[-1].casefold())
            ]
            if len(owners) == 1:
                owners[0].aliases.extend(
                    a for a in [c.name, *c.aliases] if a not in owners[0].aliases
                )
                owners[0].stories += c.stories
                continue
        out.append(c)
    return out


def _apply(chars: list[_Learned], corrections: Corrections) -> list[_Learned]:
    by_name = {c.name.casefold(): c for c in chars}
    for kept, merged in corrections.merges:
        a, b = by_name.get(kept.casefold()), by_name.pop(merged.casefold(), None)
        if a is None and b is not None:
            by_name[merged.casefold()] = b  # nothing to merge it into: leave it be
            continue
        if a is not None:
            a.aliases.extend(x for x in [merged, *(b.aliases if b else [])] if x not in a.aliases)
    for name, aliases in corrections.aliases.items():
        target = by_name.get(name.casefold())
        if target is not None:
            target.aliases.extend(a for a in aliases if a not in target.aliases)
    return sorted(by_name.values(), key=lambda c: (c.fandom, c.name))


_NOT_NAMES = words().not_characters


def name_forms(defs: list[CharacterDef], taken: set[str]) -> list[CharacterDef]:
    """Characters learned from tags, each also known by its first name and its surname (and
    title forms) where no other of its fandom shares them and ``taken`` (casefolded names of
    other characters, words that are none) does not hold them."""
    fandoms = [FandomDef(f, (f,), frozenset()) for f in sorted({d.fandom for d in defs})]
    named = with_name_forms(fandoms, _with_given_names(defs, taken), taken)
    return [d for d in named if d.aliases]


def _with_given_names(defs: list[CharacterDef], taken: set[str]) -> list[CharacterDef]:
    """Each character's first name is also theirs, where no other of its fandom has it (the
    surname comes with ``with_name_forms``)."""
    firsts: dict[tuple[str, str], int] = {}
    for d in defs:
        parts = d.name.split()
        if len(parts) >= 2:
            key = (d.fandom, parts[0].casefold())
            firsts[key] = firsts.get(key, 0) + 1
    for d in defs:  # a character named by one word claims it too
        if " " not in d.name:
            key = (d.fandom, d.name.casefold())
            firsts[key] = firsts.get(key, 0) + 1
    out = []
    for d in defs:
        parts = d.name.split()
        first = parts[0] if len(parts) >= 2 else ""
        folded = first.casefold()
        if (
            len(first) >= 3
            and first.istitle()
            and firsts[(d.fandom, folded)] == 1
            and folded not in taken
            and folded not in _NOT_NAMES
        ):
            d = CharacterDef(d.name, d.fandom, d.gender, tuple(dict.fromkeys([*d.aliases, first])))
        out.append(d)
    return out


def corrections_path(folder: Path) -> Path:
    return folder / CORRECTIONS_FILE


def learn_from_folder(
    folder: Path, files: list[str], base: Roster
) -> tuple[Roster, list[StoryTags]]:
    """The learned roster of a collection folder (``files``: its story files, relative)."""
    found = []
    for rel in files:
        path = folder / rel
        sidecar_path = path.with_suffix(".toml")
        sidecar = None
        if sidecar_path.is_file():
            try:
                sidecar = metadata.read_sidecar(sidecar_path)
            except metadata.SidecarError:
                sidecar = None  # the load warns about it
        found.append(read_story_tags(path, sidecar))
    return learn(found, base, Corrections.load(corrections_path(folder))), found
