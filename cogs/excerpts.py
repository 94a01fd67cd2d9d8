"""Excerpts and reading: ``/fic random``, ``/fic read``, ``/fic story``, ``/fic search``, ``/fic help``.

Thin: each command reads its options, makes one domain call, renders, and answers.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import discord
from discord import app_commands

from bot.app import filters, respond
from bot.app.common import allows_adult, story_for
from bot.app.groups import GroupedCog
from bot.app.options import Story, chapter_choices, character_choices, fandom_choices
from bot.app.reading import reader_reply
from bot.storage import feedback, queries
from bot.storage.models import StoredStory
from bot.storage.queries.filters import StoryFilter
from bot.ui import ids, markdown, render, style
from bot.ui.ids import Action
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal

# The search text travels in the pager's custom ids (see ids.LIST), so it stays short.
SEARCH_TEXT_MAX = 50
# The highest chapter number a reader's page buttons can carry (see ids.NAV).
MAX_CHAPTER = 99999


class Excerpts(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {
                Action.ANOTHER: self.on_another,
                Action.READ: self.on_read,
                Action.TURN_PAGE: self.on_nav,
                Action.OPEN_STORY: self.on_open,
                Action.SEARCH_PAGE: self.on_search_page,
            }
        )

    # --- /fic random ------------------------------------------------------------------------

    @app_commands.command(
        name="random", description="A random passage to taste, with buttons for more"
    )
    @app_commands.describe(
        character="Only passages featuring this character (any spelling)",
        fandom="Only stories from this fandom",
        **filters.FILTER_DESCRIPTIONS,
    )
    @app_commands.autocomplete(character=character_choices, fandom=fandom_choices)
    @app_commands.choices(rating=filters.RATING_CHOICES, length=filters.LENGTH_CHOICES)
    async def random(
        self,
        interaction: discord.Interaction[Any],
        character: app_commands.Range[str, 1, 100] | None = None,
        fandom: app_commands.Range[str, 1, 100] | None = None,
        rating: str | None = None,
        length: str | None = None,
        complete: bool | None = None,
    ) -> None:
        flt = await filters.reader_filter(
            interaction, rating=rating, length=length, complete=complete
        )
        await respond.send(interaction, await self._random_reply(flt, character, fandom))

    async def _random_reply(
        self,
        flt: StoryFilter,
        character: str | None,
        fandom: str | None,
        *,
        character_id: int | None = None,
        fandom_name: str | None = None,
    ) -> render.Reply:
        conn = self.bot.db
        if character is not None:
            found = await queries.resolve_character(conn, character)
            if found is None:
                return render.unknown_character(
                    character, await queries.suggest_characters(conn, character)
                )
            character_id = found.id
        if fandom is not None:
            fandom_name = await queries.resolve_fandom(conn, fandom)
            if fandom_name is None:
                return render.notice(
                    f"No stories from a fandom called **{markdown.typed(fandom, 80)}** here."
                )
        # Draws from stories the options or exclusions leave out are drawn again; when few
        # pass, the draw picks among them, so "nothing to show" is only said when true.
        passage = await queries.draw_passage(
            conn, flt, character_id=character_id, fandom=fandom_name
        )
        if passage is None:
            # Said only when it is the reason: an age-restricted channel would have one.
            adult_only = not flt.allow_adult and (
                await queries.draw_passage(
                    conn,
                    dataclasses.replace(flt, allow_adult=True),
                    character_id=character_id,
                    fandom=fandom_name,
                )
                is not None
            )
            return render.notice(
                render.nothing_drawn(
                    character is not None or character_id is not None,
                    fandom is not None or fandom_name is not None,
                    flt,
                    adult_only=adult_only,
                )
            )
        story = await queries.get_story(conn, passage.story_id)
        if story is None:  # withdrawn between the two queries
            return render.notice("That story was just withdrawn. Try again!")
        asked = await queries.character_by_id(conn, character_id) if character_id else None
        return render.excerpt(
            story,
            passage,
            character_id=character_id,
            fandom=fandom_name,
            asked=asked.name if asked else None,
            filters=filters.code(flt),
        )

    async def on_another(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        char_id = int(params.get("character", "0")) or None
        fandom_name = None
        if params.get("fandom"):
            fandom_name = await queries.fandom_by_key(self.bot.db, params["fandom"], ids.fandom_key)
        # A character or fandom that is gone (or a forged id): say so, don't pick at random.
        if (fandom_name is None and params.get("fandom")) or (
            char_id is not None and await queries.character_by_id(self.bot.db, char_id) is None
        ):
            raise Refusal("That button is out of date. Ask again with `/fic random`.")
        # The options the excerpt was drawn with; the presser's own exclusions and channel.
        flt = await filters.decode(interaction, params.get("filters", "---"))
        reply = await self._random_reply(
            flt, None, None, character_id=char_id, fandom_name=fandom_name
        )
        if _asked_by_someone_else(interaction):
            # Someone else's excerpt stays theirs: the presser gets a passage of their own.
            reply.ephemeral = True
            await respond.send(interaction, reply)
            return
        await respond.replace_or_answer(interaction, reply)

    # --- /fic read --------------------------------------------------------------------------

    @app_commands.command(name="read", description="Read a story, page by page")
    @app_commands.describe(
        chapter="Chapter to open (default: the first)",
        page="Page of the chapter to open (default: its first)",
        public="Show it to the whole channel",
    )
    @app_commands.autocomplete(chapter=chapter_choices)
    async def read(
        self,
        interaction: discord.Interaction[Any],
        story: Story,
        chapter: app_commands.Range[int, 1, MAX_CHAPTER] | None = None,
        page: app_commands.Range[int, 1, 100000] = 1,
        public: bool = False,
    ) -> None:
        chapters = await self.bot.page_cache.chapters(self.bot.db, story)
        if chapter is not None and chapter > len(chapters):
            raise Refusal(render.no_such_chapter(story, chapter, len(chapters)))
        await respond.send(
            interaction,
            await self._page(interaction, story, chapter or 1, page, ephemeral=not public),
        )

    async def _page(
        self,
        interaction: discord.Interaction[Any],
        story: StoredStory,
        chapter: int,
        page: int,
        *,
        ephemeral: bool,
    ) -> render.Reply:
        return await reader_reply(interaction, story, chapter, page, ephemeral=ephemeral)

    async def on_read(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        story = await story_for(interaction, params["story"])
        await respond.send(interaction, await self._page(interaction, story, 1, 1, ephemeral=True))

    async def on_nav(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        story = await story_for(interaction, params["story"])
        chapter = int(params.get("chapter", "1"))  # buttons made before chapters: the first
        reply = await self._page(interaction, story, chapter, int(params["page"]), ephemeral=True)
        await respond.replace_or_answer(interaction, reply)

    # --- /fic story -------------------------------------------------------------------------

    @app_commands.command(
        name="story", description="A story's card: characters, pairings, reviews, kudos"
    )
    async def story(self, interaction: discord.Interaction[Any], story: Story) -> None:
        await respond.send(interaction, await self._card(interaction, story))

    async def _card(
        self, interaction: discord.Interaction[Any], story: StoredStory
    ) -> render.Reply:
        stats = await feedback.story_stats(self.bot.db, interaction.guild_id, story.id)
        chapters = await self.bot.page_cache.chapters(self.bot.db, story)
        return render.story_card(story, stats, chapters)

    async def on_open(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        story = await story_for(interaction, params.get("value", ""))
        reply = await self._card(interaction, story)
        reply.ephemeral = True
        await respond.send(interaction, reply)

    # --- /fic search ------------------------------------------------------------------------

    @app_commands.command(name="search", description="Find passages containing some words")
    @app_commands.describe(text="Words to look for")
    async def search(
        self,
        interaction: discord.Interaction[Any],
        text: app_commands.Range[str, 1, SEARCH_TEXT_MAX],
    ) -> None:
        await respond.send(interaction, await self.search_page(interaction, text, 1))

    async def search_page(
        self, interaction: discord.Interaction[Any], text: str, page: int
    ) -> render.Reply:
        conn = self.bot.db
        if len(text) > SEARCH_TEXT_MAX:  # Discord stops longer text; a forged request may not
            return render.notice(f"Keep it short: at most {SEARCH_TEXT_MAX} characters.")
        if queries.fts_query(text) is None:
            return render.notice("Give me a word or two to look for.")
        adult = allows_adult(interaction)
        flt = await filters.reader_filter(interaction)  # the reader's exclusions
        total = await queries.count_search(conn, text, allow_adult=adult, cap=500, flt=flt)
        if total == 0:
            return render.notice(
                style.stop(f"Nothing in the library matches **{markdown.typed(text)}**")
            )
        pager = Pager.at(page, total=total, per_page=render.SEARCH_PAGE)
        hits = await queries.search(
            conn, text, allow_adult=adult, limit=pager.per_page, offset=pager.offset, flt=flt
        )
        return render.search(text, hits, pager=pager, total=total, owner=interaction.user.id)

    async def on_search_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        reply = await self.search_page(interaction, params.get("arg", ""), int(params["page"]))
        await respond.replace_or_answer(interaction, reply)

    # --- /fic help --------------------------------------------------------------------------

    @app_commands.command(name="help", description="What ficbot can do")
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        await respond.send(interaction, render.help_card())


def _asked_by_someone_else(interaction: discord.Interaction[Any]) -> bool:
    """Whether the message the button sits on answered another reader's command (Discord
    records who, on the message itself: this holds after a restart too)."""
    message = interaction.message
    metadata = message.interaction_metadata if message is not None else None
    return metadata is not None and metadata.user.id != interaction.user.id


async def setup(bot: Any) -> None:
    await bot.add_cog(Excerpts(bot))
