"""Custom ids: what a button, select or modal carries so it still works after a restart.

Each is short (Discord allows 100 characters), starts with ``fb:`` and names its action; the
templates are what the dynamic items parse. Anything parsed from a custom id is untrusted: a
client can forge one, so handlers re-check everything (the story exists, the reader owns it).
"""

from __future__ import annotations

import hashlib
import re
from enum import Enum, StrEnum

from bot.library.story import STORY_ID_PATTERN

STORY = rf"(?P<story>{STORY_ID_PATTERN})"
OWNER = r"(?P<owner>[0-9]{1,20})"
PAGE = r"(?P<page>[0-9]{1,7})"
CHAPTER = r"(?P<chapter>[0-9]{1,5})"
# A page number that means "the chapter's last page, however many it has" (pagers clamp).
LAST_PAGE = 9_999_999

# filters: /fic random's options as bot.app.filters codes them (rating, length, complete);
# left out by buttons made before /fic random had them.
ANOTHER = re.compile(
    r"^fb:another:(?P<character>[0-9]{1,12}):(?P<fandom>[0-9a-f]{0,12})"
    r"(?::(?P<filters>[a-z-]{3}))?$"
)
READ = re.compile(rf"^fb:read:{STORY}$")
REVIEW = re.compile(rf"^fb:review:{STORY}$")
KUDOS = re.compile(rf"^fb:kudos:{STORY}$")
# The chapter is left out by buttons made before stories had chapters: they open the first.
NAV = re.compile(rf"^fb:nav:(?P<slot>[fpnl]):{STORY}:(?:{CHAPTER}:)?{PAGE}:{OWNER}$")
# kind: a ListKind; arg: what that list needs
LIST = re.compile(
    rf"^fb:list:(?P<kind>[a-z]):(?P<slot>[fpnl]):{PAGE}:{OWNER}:(?P<arg>.{{0,60}})$", re.DOTALL
)
OPEN = re.compile(rf"^fb:open:{OWNER}:(?P<nonce>[0-9a-z]{{1,8}})$")
SAVE = re.compile(rf"^fb:save:{STORY}$")
# The select under a shelf page: move a story to another status (or off the shelf); status and
# page say which page to show again afterwards.
MOVE = re.compile(rf"^fb:move:{OWNER}:(?P<status>[a-z-]{{0,9}}):{PAGE}$")
UNEXCLUDE = re.compile(rf"^fb:unexclude:{OWNER}:(?P<scope>[us]):(?P<nonce>[0-9a-z]{{1,8}})$")
# mode: d forget and delete the reviews, a forget and keep them anonymised, k cancel; member:
# whom an admin forgets (absent: the owner themself).
FORGET = re.compile(rf"^fb:forget:{OWNER}:(?P<mode>[dak])(?::(?P<member>[0-9]{{1,20}}))?$")
REVIEW_MODAL_PREFIX = "fb:rv:"  # a submit starting so is ours even when malformed
REVIEW_MODAL = re.compile(rf"^{REVIEW_MODAL_PREFIX}{STORY}:(?P<nonce>[0-9a-z]{{1,12}})$")
# A librarian's imports: the import's number (bot.storage.imports).
IMPORT = r"(?P<imp>[0-9]{1,12})"
PUBLISH = re.compile(rf"^fb:pub:{IMPORT}$")
FIX = re.compile(rf"^fb:fix:{IMPORT}$")
FIX_MODAL_PREFIX = "fb:fx:"  # like the review form's: a submit starting so is ours
FIX_MODAL = re.compile(rf"^{FIX_MODAL_PREFIX}{IMPORT}$")
# An announcement's Follow button: follows the story's author.
FOLLOW = re.compile(rf"^fb:follow:{STORY}$")


class Slot(StrEnum):
    """Which of a pager's four buttons (its letter is what the custom id carries)."""

    FIRST = "f"
    PREVIOUS = "p"
    NEXT = "n"
    LAST = "l"


class Action(Enum):
    """What a press asks for: the key under which a cog registers the handler doing it."""

    ANOTHER = "another"
    READ = "read"
    REVIEW = "review"
    KUDOS = "kudos"
    TURN_PAGE = "nav"
    OPEN_STORY = "open"
    BY_CHARACTER_PAGE = "list:c"
    CHARACTERS_PAGE = "list:r"
    SEARCH_PAGE = "list:s"
    REVIEWS_PAGE = "list:v"
    PUBLISH = "publish"
    FIX = "fix"
    LOG_PAGE = "list:g"
    SAVE = "save"
    SHELF_MOVE = "move"
    UNEXCLUDE = "unexclude"
    FORGET = "forget"
    SHELF_PAGE = "list:h"
    BY_PAIRING_PAGE = "list:p"
    BY_FANDOM_PAGE = "list:f"
    BY_TAG_PAGE = "list:t"
    FOLLOW = "follow"
    MY_REVIEWS_PAGE = "list:m"
    MY_DATA_PAGE = "list:y"
    RECOMMEND_PAGE = "list:w"


class ListKind(StrEnum):
    """Which list a list pager turns (its letter is what the custom id carries)."""

    BY_CHARACTER = "c"  # arg: the character's id
    CHARACTERS = "r"
    SEARCH = "s"  # arg: the searched text
    REVIEWS = "v"  # arg: the story's id
    LOG = "g"  # the server's library log
    SHELF = "h"  # arg: the status shown, or nothing for the whole shelf
    BY_PAIRING = "p"  # arg: filters code, then the pairing's key (see bot.ui.browse_ids)
    BY_FANDOM = "f"  # arg: filters code, then the fandom's key
    BY_TAG = "t"  # arg: filters code, then the tag's id
    MY_REVIEWS = "m"  # reviews of the reader's own stories
    MY_DATA = "y"  # what ficbot keeps about the reader (/fic my-data)
    RECOMMEND = "w"  # what to read next (/fic recommend)

    @property
    def action(self) -> Action:
        return Action(f"list:{self.value}")


def another(character_id: int | None, fandom: str | None, filters: str = "---") -> str:
    """At most 45 characters: "fb:another:" 11, the character 12, the fandom 1 + 12, the
    filters 1 + 3, two colons."""
    base = f"fb:another:{character_id or 0}:{fandom_key(fandom) if fandom else ''}"
    return base if filters == "---" else f"{base}:{filters}"


def read(story: str) -> str:
    return f"fb:read:{story}"


def review(story: str) -> str:
    return f"fb:review:{story}"


def kudos(story: str) -> str:
    return f"fb:kudos:{story}"


def nav(slot: Slot, story: str, page: int, owner: int, *, chapter: int | None = None) -> str:
    if chapter is None:
        return f"fb:nav:{slot}:{story}:{page}:{owner}"
    return f"fb:nav:{slot}:{story}:{chapter}:{page}:{owner}"


def list_page(kind: ListKind, slot: Slot, page: int, owner: int, arg: str = "") -> str:
    return f"fb:list:{kind}:{slot}:{page}:{owner}:{arg}"


def open_story(owner: int, nonce: str) -> str:
    return f"fb:open:{owner}:{nonce}"


def save(story: str) -> str:
    return f"fb:save:{story}"


def move(owner: int, status: str, page: int) -> str:
    return f"fb:move:{owner}:{status}:{page}"


def unexclude(owner: int, scope: str, nonce: str) -> str:
    return f"fb:unexclude:{owner}:{scope}:{nonce}"


def forget(owner: int, mode: str, member: int | None = None) -> str:
    return f"fb:forget:{owner}:{mode}" + (f":{member}" if member is not None else "")


def review_modal(story: str, nonce: str) -> str:
    return f"{REVIEW_MODAL_PREFIX}{story}:{nonce}"


def publish(import_id: int) -> str:
    return f"fb:pub:{import_id}"


def fix(import_id: int) -> str:
    return f"fb:fix:{import_id}"


def fix_modal(import_id: int) -> str:
    return f"{FIX_MODAL_PREFIX}{import_id}"


def follow(story: str) -> str:
    return f"fb:follow:{story}"


def fandom_key(fandom: str) -> str:
    """Fandom names can be long; a custom id carries a short stable hash of one instead."""
    return hashlib.blake2b(fandom.encode(), digest_size=6).hexdigest()
