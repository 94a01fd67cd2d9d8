"""Browsing: ``/fic by-pairing``, ``/fic by-fandom``, ``/fic by-tag``, each with filters
(rating at most, length, complete) and the reader's exclusions, paginated for their owner."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import filters, respond
from bot.app.common import bot_of
from bot.app.groups import GroupedCog
from bot.app.options import fandom_choices
from bot.storage import feedback, queries
from bot.storage.queries import browse
from bot.storage.queries.filters import StoryFilter
from bot.ui import browse as browse_ui
from bot.ui import ids, limits, markdown, render
from bot.ui.ids import Action, ListKind
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal

OUT_OF_DATE = "That list is out of date. Ask again."


async def pairing_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """The library's pairings whose names contain every word typed (either side)."""
    words = current.casefold().replace("/", " ").replace("&", " ").split()
    found = []
    for a, b, n in await browse.list_pairings(bot_of(interaction).db):
        text = f"{a}/{b}"
        if all(w in text.casefold() for w in words if w != "x"):
            found.append(
                app_commands.Choice(
                    name=limits.fit(f"{text} ({n})", limits.CHOICE_NAME),
                    value=text[: limits.CHOICE_VALUE],
                )
            )
        if len(found) == limits.AUTOCOMPLETE_CHOICES:
            break
    return found


async def tag_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    tags = await browse.find_tags(
        bot_of(interaction).db, current, limit=limits.AUTOCOMPLETE_CHOICES
    )
    return [
        app_commands.Choice(
            name=limits.fit(t.name, limits.CHOICE_NAME), value=t.name[: limits.CHOICE_VALUE]
        )
        for t in tags
    ]


_FILTERS = {
    "rating": filters.FILTER_DESCRIPTIONS["rating"],
    "length": filters.FILTER_DESCRIPTIONS["length"],
    "complete": filters.FILTER_DESCRIPTIONS["complete"],
}


class Browse(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {
                Action.BY_PAIRING_PAGE: self.on_pairing_page,
                Action.BY_FANDOM_PAGE: self.on_fandom_page,
                Action.BY_TAG_PAGE: self.on_tag_page,
            }
        )

    # --- the commands -------------------------------------------------------------------------

    @app_commands.command(
        name="by-pairing", description="Stories pairing two characters (Sephiroth/Aeris, any order)"
    )
    @app_commands.describe(
        pairing="Two names: Sephiroth/Aeris, Cloud x Tifa, Cloud & Barret", **_FILTERS
    )
    @app_commands.autocomplete(pairing=pairing_choices)
    @app_commands.choices(rating=filters.RATING_CHOICES, length=filters.LENGTH_CHOICES)
    async def by_pairing(
        self,
        interaction: discord.Interaction[Any],
        pairing: app_commands.Range[str, 1, 200],
        rating: str | None = None,
        length: str | None = None,
        complete: bool | None = None,
    ) -> None:
        a, b = await self._pair(pairing)
        flt = await filters.reader_filter(
            interaction, rating=rating, length=length, complete=complete
        )
        await respond.send(interaction, await self._pairing_page(interaction, a, b, flt, 1))

    async def _pair(self, typed: str) -> tuple[str, str]:
        split = browse.split_pairing(typed)
        if split is None:
            raise Refusal(
                "Name two characters: `Sephiroth/Aeris`, `Cloud x Tifa`, `Cloud & Barret`."
            )
        names = []
        for name in split[:2]:
            found = await queries.resolve_character(self.bot.db, name)
            if found is None:
                raise Refusal(
                    render.unknown_character(
                        name, await queries.suggest_characters(self.bot.db, name)
                    )
                )
            names.append(found.name)
        if names[0] == names[1]:
            raise Refusal("A pairing takes two different characters.")
        return names[0], names[1]

    async def _pairing_page(
        self, interaction: discord.Interaction[Any], a: str, b: str, flt: StoryFilter, page: int
    ) -> render.Reply:
        ids_ = sorted(
            [
                await queries.resolve_character(self.bot.db, a),
                await queries.resolve_character(self.bot.db, b),
            ],
            key=lambda c: c.id if c else 0,
        )
        arg = f"{filters.code(flt)}:{ids_[0].id if ids_[0] else 0}-{ids_[1].id if ids_[1] else 0}"
        return await self._page(
            interaction, f"{a}/{b}", browse.by_pairing(a, b), flt, page, ListKind.BY_PAIRING, arg
        )

    @app_commands.command(name="by-fandom", description="Stories from a fandom")
    @app_commands.describe(fandom="The fandom", **_FILTERS)
    @app_commands.autocomplete(fandom=fandom_choices)
    @app_commands.choices(rating=filters.RATING_CHOICES, length=filters.LENGTH_CHOICES)
    async def by_fandom(
        self,
        interaction: discord.Interaction[Any],
        fandom: app_commands.Range[str, 1, 100],
        rating: str | None = None,
        length: str | None = None,
        complete: bool | None = None,
    ) -> None:
        name = await queries.resolve_fandom(self.bot.db, fandom)
        if name is None:
            raise Refusal(f"No stories from a fandom called **{markdown.typed(fandom, 80)}** here.")
        flt = await filters.reader_filter(
            interaction, rating=rating, length=length, complete=complete
        )
        await respond.send(interaction, await self._fandom_page(interaction, name, flt, 1))

    async def _fandom_page(
        self, interaction: discord.Interaction[Any], fandom: str, flt: StoryFilter, page: int
    ) -> render.Reply:
        arg = f"{filters.code(flt)}:{ids.fandom_key(fandom)}"
        return await self._page(
            interaction,
            f"Stories from {fandom}",
            browse.by_fandom(fandom),
            flt,
            page,
            ListKind.BY_FANDOM,
            arg,
        )

    @app_commands.command(name="by-tag", description="Stories with an AO3 additional tag")
    @app_commands.describe(tag="A tag: Angst, Fluff, Alternate Universe…", **_FILTERS)
    @app_commands.autocomplete(tag=tag_choices)
    @app_commands.choices(rating=filters.RATING_CHOICES, length=filters.LENGTH_CHOICES)
    async def by_tag(
        self,
        interaction: discord.Interaction[Any],
        tag: app_commands.Range[str, 1, 100],
        rating: str | None = None,
        length: str | None = None,
        complete: bool | None = None,
    ) -> None:
        found = await browse.resolve_tag(self.bot.db, tag)
        if found is None:
            close = await browse.find_tags(self.bot.db, tag, limit=5)
            hint = (
                " Did you mean "
                + ", ".join(f"**{markdown.escape_inline(t.name)}**" for t in close)
                + "?"
                if close
                else ""
            )
            raise Refusal(f"No story here is tagged **{markdown.typed(tag, 80)}**.{hint}")
        flt = await filters.reader_filter(
            interaction, rating=rating, length=length, complete=complete
        )
        await respond.send(interaction, await self._tag_page(interaction, found, flt, 1))

    async def _tag_page(
        self, interaction: discord.Interaction[Any], tag: browse.Tag, flt: StoryFilter, page: int
    ) -> render.Reply:
        arg = f"{filters.code(flt)}:{tag.id}"
        return await self._page(
            interaction,
            f"Stories tagged {tag.name}",
            browse.by_tag(tag.id),
            flt,
            page,
            ListKind.BY_TAG,
            arg,
        )

    async def _page(
        self,
        interaction: discord.Interaction[Any],
        title: str,
        scope: browse.Scope,
        flt: StoryFilter,
        page: int,
        kind: ListKind,
        arg: str,
    ) -> render.Reply:
        conn = self.bot.db
        total = await browse.count_stories(conn, scope, flt)
        if total == 0:
            hint = (
                ""
                if flt.allow_adult
                else " (Mature and Explicit stories only show in age-restricted channels.)"
            )
            narrowed = " with your filters and exclusions" if flt.narrows else ""
            return render.notice(
                f"No stories to show here{narrowed}: {markdown.escape_inline(title)}.{hint}"
            )
        pager = Pager.at(page, total=total, per_page=browse_ui.BROWSE_PAGE)
        stories = await browse.list_stories(
            conn, scope, flt, limit=pager.per_page, offset=pager.offset
        )
        stats = await feedback.stories_stats(conn, interaction.guild_id, [s.id for s in stories])
        return browse_ui.story_list(
            title,
            stories,
            stats,
            kind=kind,
            arg=arg,
            pager=pager,
            total=total,
            owner=interaction.user.id,
            filtered=flt.narrows,
        )

    # --- page turns ---------------------------------------------------------------------------

    async def on_pairing_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        letters, _, pair = params.get("arg", "").partition(":")
        first, _, second = pair.partition("-")
        chars = [
            await queries.character_by_id(self.bot.db, int(x))
            if x.isdigit() and len(x) < 13
            else None
            for x in (first, second)
        ]
        if chars[0] is None or chars[1] is None:
            raise Refusal(OUT_OF_DATE)
        flt = await filters.decode(interaction, letters)
        reply = await self._pairing_page(
            interaction, chars[0].name, chars[1].name, flt, int(params["page"])
        )
        await respond.replace_or_answer(interaction, reply)

    async def on_fandom_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        letters, _, key = params.get("arg", "").partition(":")
        fandom = await queries.fandom_by_key(self.bot.db, key, ids.fandom_key)
        if fandom is None:
            raise Refusal(OUT_OF_DATE)
        flt = await filters.decode(interaction, letters)
        reply = await self._fandom_page(interaction, fandom, flt, int(params["page"]))
        await respond.replace_or_answer(interaction, reply)

    async def on_tag_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        letters, _, tag_id = params.get("arg", "").partition(":")
        tag = (
            await browse.tag_by_id(self.bot.db, int(tag_id))
            if tag_id.isdigit() and len(tag_id) < 13
            else None
        )
        if tag is None:
            raise Refusal(OUT_OF_DATE)
        flt = await filters.decode(interaction, letters)
        reply = await self._tag_page(interaction, tag, flt, int(params["page"]))
        await respond.replace_or_answer(interaction, reply)


async def setup(bot: Any) -> None:
    await bot.add_cog(Browse(bot))
