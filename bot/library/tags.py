"""Reading the character and relationship tags a story carries, the way AO3 and FFN write them.

AO3's conventions: ``Red XIII | Nanaki`` joins names of one character; a fandom in brackets
disambiguates (``Harry Potter (Harry Potter)``); ``A/B`` is a romantic relationship, ``A & B``
a friendship. Placeholder tags (``Original Female Character(s)``, ``Reader``, ``You``) name
no character anyone could look up: they are read as such and left out of the cast (and out
of ``/fic by-character``), never taken as characters called "Original" and "Female".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMANTIC = "romantic"
FRIENDSHIP = "friendship"

_BRACKETED = re.compile(r"\s*\([^)]*\)\s*$")
# Placeholders: original characters and reader inserts (AO3's canonical spellings and usual
# variants), with what kind of stand-in they are.
_PLACEHOLDER = re.compile(
    r"^(?:(?:original|oc)\s*(?:(?:fe)?male|non-binary|nonbinary)?\s*characters?(?:\(s\))?"
    r"|original\s+(?:fe)?male\s+character\(s\)|oc|ocs|original\s+character\(s\))$"
    r"|^(?P<reader>reader|you|y/n|\(y/n\)|reader-insert|reader insert)$",
    re.IGNORECASE,
)
# What joins the two names of a relationship tag, and what kind of relationship it makes.
_ROMANTIC_JOIN = re.compile(r"\s*/\s*|\s*×\s*|\s+x\s+|(?<=[a-z])x(?=[A-Z])")
_FRIEND_JOIN = re.compile(r"\s+&\s+|\s*&\s*")


@dataclass(frozen=True, slots=True)
class CharacterTag:
    name: str  # the first name the tag gives, without a bracketed fandom
    aliases: tuple[str, ...]  # the other names a pipe joined to it
    placeholder: str = ""  # "original" or "reader" for stand-ins; "" for a character


def clean_name(name: str) -> str:
    """A name without AO3's bracketed fandom: ``Harry Potter (Harry Potter)`` -> ``Harry Potter``."""
    return " ".join(_BRACKETED.sub("", name).split())


def character_tag(tag: str) -> CharacterTag | None:
    names = [clean_name(n) for n in tag.split("|")]
    names = [n for n in names if n]
    if not names:
        return None
    m = _PLACEHOLDER.match(names[0])
    if m is not None:
        return CharacterTag(names[0], (), "reader" if m.group("reader") else "original")
    return CharacterTag(names[0], tuple(dict.fromkeys(names[1:])))


def is_placeholder(name: str) -> bool:
    return _PLACEHOLDER.match(clean_name(name)) is not None


@dataclass(frozen=True, slots=True)
class RelationshipTag:
    names: tuple[str, ...]  # each a character tag (pipes and brackets still in)
    kind: str  # ROMANTIC or FRIENDSHIP


def relationship_tag(tag: str) -> RelationshipTag | None:
    """``Cloud Strife/Tifa Lockhart``, ``Cloud x Tifa``, ``CloudxTifa``: romantic;
    ``Cloud Strife & Zack Fair``: a friendship. None when the tag joins no two names."""
    cleaned = " ".join(tag.split())
    for join, kind in ((_ROMANTIC_JOIN, ROMANTIC), (_FRIEND_JOIN, FRIENDSHIP)):
        names = tuple(n.strip() for n in join.split(cleaned) if n.strip())
        if len(names) >= 2:
            return RelationshipTag(names, kind)
    return None


_FIRST_INITIAL = re.compile(r"^(\S+)\s+([A-Z])\.?$")


def abbreviated(name: str) -> tuple[str, str] | None:
    """FFN's ``Cloud S.``: the first name and the surname's initial, if the name is one."""
    m = _FIRST_INITIAL.match(name.strip())
    return (m.group(1), m.group(2)) if m else None
