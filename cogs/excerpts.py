"""Excerpts and reading: ``/fic random``, ``/fic read``, ``/fic story``, ``/fic search``, ``/fic help``.

Thin: each command reads its options, makes one domain call, renders, and answers.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import respond
from bot.app.common import allows_adult, owns, story_choices, story_for
from bot.app.groups import GroupedCog
from bot.storage import feedback, queries
from bot.ui import ids, markdown, render

# The search text travels in the pager's custom ids (see ids.LIST), so it stays short.
SEARCH_TEXT_MAX = 50


class Excerpts(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {
                "another": self.on_another,
                "read": self.on_read,
                "nav": self.on_nav,
                "open": self.on_open,
                "list:s": self.on_search_page,
            }
        )

    # --- /fic random ------------------------------------------------------------------------

    @app_commands.command(
        name="random", description="A random passage to taste, with buttons for more"
    )
    @app_commands.describe(
        character="Only passages featuring this character (any spelling)",
        fandom="Only stories from this fandom",
    )
    async def random(
        self,
        interaction: discord.Interaction[Any],
        character: app_commands.Range[str, 1, 100] | None = None,
        fandom: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        await respond.send(interaction, await self._random_reply(interaction, character, fandom))

    @random.autocomplete("character")
    async def _random_character(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        from cogs.recommendations import character_choices

        return await character_choices(interaction, current)

    @random.autocomplete("fandom")
    async def _random_fandom(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        fandoms = await queries.list_fandoms(self.bot.db)
        typed = current.casefold().strip()
        return [
            app_commands.Choice(name=f[:100], value=f[:100])
            for f in fandoms
            if typed in f.casefold()
        ][:25]

    async def _random_reply(
        self,
        interaction: discord.Interaction[Any],
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
        adult = allows_adult(interaction)
        passage = await queries.random_passage(
            conn, character_id=character_id, fandom=fandom_name, allow_adult=adult
        )
        if passage is None:
            return render.notice(
                self._nothing_found(
                    character is not None or character_id is not None,
                    fandom is not None or fandom_name is not None,
                    adult,
                )
            )
        story = await queries.get_story(conn, passage.story_id)
        if story is None:  # withdrawn between the two queries
            return render.notice("That story was just withdrawn. Try again!")
        return render.excerpt(story, passage, character_id=character_id, fandom=fandom_name)

    @staticmethod
    def _nothing_found(character: bool, fandom: bool, adult: bool) -> str:
        what = " featuring that character" if character else ""
        what += " in that fandom" if fandom else ""
        hint = (
            "" if adult else " (Mature and Explicit stories only show in age-restricted channels.)"
        )
        if not character and not fandom:
            return "The library is empty: an admin needs to load some stories first." + hint
        return f"I have no passages{what} to show here.{hint}"

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
            await respond.send(
                interaction,
                render.notice("That button is out of date. Ask again with `/fic random`."),
            )
            return
        reply = await self._random_reply(
            interaction, None, None, character_id=char_id, fandom_name=fandom_name
        )
        await respond.replace_or_answer(interaction, reply)

    # --- /fic read --------------------------------------------------------------------------

    @app_commands.command(name="read", description="Read a story, page by page")
    @app_commands.describe(
        story="Title or id",
        page="Page to open (default: the first)",
        public="Show it to the whole channel",
    )
    @app_commands.autocomplete(story=story_choices)
    async def read(
        self,
        interaction: discord.Interaction[Any],
        story: app_commands.Range[str, 1, 200],
        page: app_commands.Range[int, 1, 100000] = 1,
        public: bool = False,
    ) -> None:
        await respond.send(
            interaction, await self._page(interaction, story, page, ephemeral=not public)
        )

    async def _page(
        self, interaction: discord.Interaction[Any], typed: str, page: int, *, ephemeral: bool
    ) -> render.Reply:
        found, refusal = await story_for(interaction, typed)
        if found is None:
            assert refusal is not None
            return refusal
        pages = await self.bot.books.pages(self.bot.db, found)
        number = render.clamp_page(page, len(pages))
        shown = render.Page(number, len(pages), pages[number - 1])
        return render.reader_page(found, shown, owner=interaction.user.id, ephemeral=ephemeral)

    async def on_read(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        await respond.send(
            interaction, await self._page(interaction, params["story"], 1, ephemeral=True)
        )

    async def on_nav(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        if not owns(interaction, params.get("owner")):
            await respond.send(
                interaction,
                render.notice(
                    "This reader belongs to someone else. Open your own with `/fic read` or **Read the story**."
                ),
            )
            return
        reply = await self._page(interaction, params["story"], int(params["page"]), ephemeral=True)
        await respond.replace_or_answer(interaction, reply)

    # --- /fic story -------------------------------------------------------------------------

    @app_commands.command(
        name="story", description="A story's card: characters, pairings, reviews, kudos"
    )
    @app_commands.describe(story="Title or id")
    @app_commands.autocomplete(story=story_choices)
    async def story(
        self, interaction: discord.Interaction[Any], story: app_commands.Range[str, 1, 200]
    ) -> None:
        await respond.send(interaction, await self._card(interaction, story))

    async def _card(self, interaction: discord.Interaction[Any], typed: str) -> render.Reply:
        found, refusal = await story_for(interaction, typed)
        if found is None:
            assert refusal is not None
            return refusal
        stats = await feedback.story_stats(self.bot.db, interaction.guild_id, found.id)
        return render.story_card(found, stats)

    async def on_open(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        reply = await self._card(interaction, params.get("value", ""))
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
        total = await queries.count_search(conn, text, allow_adult=adult, cap=500)
        if total == 0:
            return render.notice(f"Nothing in the library matches **{markdown.typed(text)}**.")
        pages = render.paginate_count(total, render.SEARCH_PAGE)
        page = render.clamp_page(page, pages)
        hits = await queries.search(
            conn,
            text,
            allow_adult=adult,
            limit=render.SEARCH_PAGE,
            offset=(page - 1) * render.SEARCH_PAGE,
        )
        return render.search(
            text, hits, page=page, pages=pages, total=total, owner=interaction.user.id
        )

    async def on_search_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        if not owns(interaction, params.get("owner")):
            await respond.send(
                interaction,
                render.notice("Those buttons belong to whoever asked. Run `/fic search` yourself."),
            )
            return
        reply = await self.search_page(interaction, params.get("arg", ""), int(params["page"]))
        await respond.replace_or_answer(interaction, reply)

    # --- /fic help --------------------------------------------------------------------------

    @app_commands.command(name="help", description="What ficbot can do")
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        await respond.send(interaction, render.help_card())


async def setup(bot: Any) -> None:
    await bot.add_cog(Excerpts(bot))
