"""Custom ids: what a button, select or modal carries so it still works after a restart.

Each is short (Discord allows 100 characters), starts with ``fb:`` and names its action; the
templates are what the dynamic items parse. Anything parsed from a custom id is untrusted: a
client can forge one, so handlers re-check everything (the story exists, the reader owns it).
"""

from __future__ import annotations

import hashlib
import re

from bot.library.story import STORY_ID_PATTERN

STORY = rf"(?P<story>{STORY_ID_PATTERN})"
OWNER = r"(?P<owner>[0-9]{1,20})"
PAGE = r"(?P<page>[0-9]{1,7})"

ANOTHER = re.compile(r"^fb:another:(?P<character>[0-9]{1,12}):(?P<fandom>[0-9a-f]{0,12})$")
READ = re.compile(rf"^fb:read:{STORY}$")
REVIEW = re.compile(rf"^fb:review:{STORY}$")
KUDOS = re.compile(rf"^fb:kudos:{STORY}$")
NAV = re.compile(rf"^fb:nav:(?P<slot>[fpnl]):{STORY}:{PAGE}:{OWNER}$")
# kind: c = by-character (arg: character id), r = characters, s = search (arg: the text),
# v = reviews (arg: story id)
LIST = re.compile(
    rf"^fb:list:(?P<kind>[crsv]):(?P<slot>[fpnl]):{PAGE}:{OWNER}:(?P<arg>.{{0,60}})$", re.DOTALL
)
OPEN = re.compile(rf"^fb:open:{OWNER}:(?P<nonce>[0-9a-z]{{1,8}})$")
REVIEW_MODAL = re.compile(rf"^fb:rv:{STORY}:(?P<nonce>[0-9a-z]{{1,12}})$")

SLOTS = {"f": "first", "p": "previous", "n": "next", "l": "last"}


def another(character_id: int | None, fandom: str | None) -> str:
    return f"fb:another:{character_id or 0}:{fandom_key(fandom) if fandom else ''}"


def read(story: str) -> str:
    return f"fb:read:{story}"


def review(story: str) -> str:
    return f"fb:review:{story}"


def kudos(story: str) -> str:
    return f"fb:kudos:{story}"


def nav(slot: str, story: str, page: int, owner: int) -> str:
    return f"fb:nav:{slot}:{story}:{page}:{owner}"


def list_page(kind: str, slot: str, page: int, owner: int, arg: str = "") -> str:
    return f"fb:list:{kind}:{slot}:{page}:{owner}:{arg}"


def open_story(owner: int, nonce: str) -> str:
    return f"fb:open:{owner}:{nonce}"


def review_modal(story: str, nonce: str) -> str:
    return f"fb:rv:{story}:{nonce}"


def fandom_key(fandom: str) -> str:
    """Fandom names can be long; a custom id carries a short stable hash of one instead."""
    return hashlib.blake2b(fandom.encode(), digest_size=6).hexdigest()
