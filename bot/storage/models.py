"""What the library's queries answer with: plain data, shared by the CLI, the bot and its UI.

No database and no Discord here: ``bot/ui`` renders these, ``bot/storage/queries`` builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Search snippets mark their matches with these (control characters no story contains):
# each front end turns them into its own highlighting.
HIGHLIGHT_OPEN = "\x02"
HIGHLIGHT_CLOSE = "\x03"


@dataclass(frozen=True, slots=True)
class StoryCharacter:
    name: str
    role: str
    mentions: int
    called: str
    confirmed: bool = True


@dataclass(slots=True)
class StoredStory:
    """A stored story: its metadata, and (when asked for) its cast and pairings."""

    id: str
    title: str
    title_derived: bool
    author: str
    fandom: str
    rating: str
    words: int
    reading_minutes: int
    status: str
    derived: list[str]
    summary: str = ""
    tags: dict[str, list[str]] = field(default_factory=dict)
    characters: list[StoryCharacter] = field(default_factory=list)
    pairings: list[tuple[str, str]] = field(default_factory=list)
    # "A & B": friendships, never shown as pairings.
    friendships: list[tuple[str, str]] = field(default_factory=list)
    # Changes whenever the stored text may have (the file, or how it was analysed): caches of
    # a story's pages are keyed by it.
    revision: str = ""
    # "complete", "in-progress" or "unknown" (bot.library.completion), and the chapters posted
    # and planned when the source says ("Chapters: 3/10"; None for "3/?" or nothing said).
    completion: str = "unknown"
    chapters_posted: int | None = None
    chapters_total: int | None = None

    @property
    def adult(self) -> bool:
        return self.rating in ("Mature", "Explicit")

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "title_derived": self.title_derived,
            "author": self.author,
            "author_derived": "author" in self.derived,
            "fandom": self.fandom,
            "fandom_derived": "fandom" in self.derived,
            "rating": self.rating,
            "rating_derived": "rating" in self.derived,
            "words": self.words,
            "reading_minutes": self.reading_minutes,
            "status": self.status,
            "completion": self.completion,
            "summary": self.summary,
            "tags": self.tags,
            "characters": [
                {"name": c.name, "role": c.role, "mentions": c.mentions, "called": c.called}
                | ({} if c.confirmed else {"unconfirmed": True})
                for c in self.characters
            ],
            "pairings": [list(p) for p in self.pairings],
            "friendships": [list(p) for p in self.friendships],
        }


@dataclass(frozen=True, slots=True)
class StoredParagraph:
    section: str
    kind: str
    text: str
    scene_start: bool


@dataclass(frozen=True, slots=True)
class StoredChapter:
    """One chapter of a stored story: its place among the story's paragraphs (``idx``, both
    ends included), its title and its notes (paragraphs joined by blank lines)."""

    number: int  # 1-based, in reading order
    title: str  # "" when untitled
    words: int
    first_para: int  # heading, notes, text and end notes: all of it
    last_para: int
    text_first: int  # the text a reader reads
    text_last: int
    summary: str = ""
    notes: str = ""
    end_notes: str = ""

    @property
    def label(self) -> str:
        """ "Chapter 3: The Road", or "Chapter 3" for an untitled one."""
        return f"Chapter {self.number}: {self.title}" if self.title else f"Chapter {self.number}"

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "title": self.title,
            "words": self.words,
            "summary": self.summary,
            "notes": self.notes,
            "end_notes": self.end_notes,
        }


@dataclass(slots=True)
class CharacterInfo:
    id: int
    name: str
    fandom: str
    aliases: list[str]
    stories: int
    confirmed: bool

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "fandom": self.fandom,
            "aliases": self.aliases,
            "stories": self.stories,
        }
        if not self.confirmed:
            out["unconfirmed"] = True
        return out


@dataclass(frozen=True, slots=True)
class ResolvedCharacter:
    id: int
    name: str
    fandom: str


@dataclass(frozen=True, slots=True)
class CharacterStory:
    id: str
    title: str
    role: str
    mentions: int
    called: str
    author: str
    fandom: str
    rating: str
    words: int
    pairings: list[tuple[str, str]]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "role": self.role,
            "mentions": self.mentions,
            "called": self.called,
            "author": self.author,
            "fandom": self.fandom,
            "rating": self.rating,
            "words": self.words,
            "pairings": [list(p) for p in self.pairings],
        }


@dataclass(frozen=True, slots=True)
class Excerpt:
    passage_id: int
    story_id: str
    seq: int
    text: str
    characters: list[str]
    first_para: int
    last_para: int

    def as_json(self, title: str) -> dict[str, object]:
        return {
            "story": self.story_id,
            "title": title,
            "text": self.text,
            "characters": self.characters,
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    story_id: str
    title: str
    snippet: str  # matches wrapped in HIGHLIGHT_OPEN / HIGHLIGHT_CLOSE
    passage_id: int

    def as_json(self) -> dict[str, object]:
        return {"story": self.story_id, "title": self.title, "snippet": self.snippet}
