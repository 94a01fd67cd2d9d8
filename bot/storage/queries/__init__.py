"""Reading the library: stories, characters, passages and search. Shared by the CLI and the bot.

Every query here is indexed, whatever the library's size: look-ups by id, by character
(story_characters' index), random passages (a seek into a random-key index), full-text search
(FTS5, ranked within a bounded window), titles by trigram. What would otherwise count or scan
the whole library (characters with their story counts, the fandoms, the alias list behind
suggestions) is counted by the loader or kept in memory until the library next changes.
"""

from bot.storage.queries.chapters import chapter_paragraphs, story_chapters
from bot.storage.queries.characters import (
    character_by_id,
    count_stories_by_character,
    list_characters,
    resolve_character,
    stories_by_character,
    suggest_characters,
)
from bot.storage.queries.fandoms import fandom_by_key, list_fandoms, resolve_fandom
from bot.storage.queries.filters import StoryFilter, admits
from bot.storage.queries.fulltext import (
    RANK_WORD_LIMIT,
    SEARCH_RANK_WINDOW,
    count_search,
    fts_query,
    search,
)
from bot.storage.queries.memo import library_version
from bot.storage.queries.passages import draw_passage, random_passage
from bot.storage.queries.stories import get_story, list_stories, story_paragraphs, story_sections
from bot.storage.queries.titles import find_stories

__all__ = [
    "RANK_WORD_LIMIT",
    "SEARCH_RANK_WINDOW",
    "StoryFilter",
    "admits",
    "chapter_paragraphs",
    "character_by_id",
    "count_search",
    "count_stories_by_character",
    "draw_passage",
    "fandom_by_key",
    "find_stories",
    "fts_query",
    "get_story",
    "library_version",
    "list_characters",
    "list_fandoms",
    "list_stories",
    "random_passage",
    "resolve_character",
    "resolve_fandom",
    "search",
    "stories_by_character",
    "story_chapters",
    "story_paragraphs",
    "story_sections",
    "suggest_characters",
]
