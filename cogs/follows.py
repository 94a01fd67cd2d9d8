"""``/fic follow``, ``unfollow``, ``following`` (which also turns messages on or off),
``my-stories``, and the
announcement's Follow button: readers hear of new stories by who they follow, authors of
reviews of theirs. Everything is per server and answered only to the reader."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from bot.app import respond
from bot.app.common import allows_adult, bot_of, guild_id
from bot.app.groups import GroupedCog
from bot.storage import follows, queries
from bot.storage.follows import Kind
from bot.ui import follows as ui
from bot.ui import limits, markdown
from bot.ui.ids import Action
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal
from bot.ui.reply import Reply, notice

OnOff = Literal["on", "off"]


async def _character_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    names = await follows.library_characters(
        bot_of(interaction).db,
        current,
        limits.AUTOCOMPLETE_CHOICES,
        allow_adult=allows_adult(interaction),
    )
    return [app_commands.Choice(name=limits.fit(n, 100), value=n[:100]) for n in names]


async def _author_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    names = await follows.library_authors(
        bot_of(interaction).db,
        current,
        limits.AUTOCOMPLETE_CHOICES,
        allow_adult=allows_adult(interaction),
    )
    return [app_commands.Choice(name=limits.fit(n, 100), value=n[:100]) for n in names]


async def _followed_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    mine = await follows.following(
        bot_of(interaction).db, guild_id(interaction), interaction.user.id
    )
    typed = current.casefold()
    return [
        app_commands.Choice(
            name=limits.fit(f"{f.kind}: {f.value}", 100), value=f"{f.kind}:{f.value}"[:100]
        )
        for f in mine
        if typed in f.value.casefold()
    ][: limits.AUTOCOMPLETE_CHOICES]


class Follows(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {Action.FOLLOW: self.on_follow_button, Action.MY_REVIEWS_PAGE: self.on_my_page}
        )

    @app_commands.command(
        name="follow", description="Hear of new stories featuring a character, or by an author"
    )
    @app_commands.describe(
        character="A character (lead or supporting in a new story)", author="An author"
    )
    @app_commands.autocomplete(character=_character_choices, author=_author_choices)
    async def follow(
        self,
        interaction: discord.Interaction[Any],
        character: str | None = None,
        author: str | None = None,
    ) -> None:
        if (character is None) == (author is None):
            raise Refusal("Name one character or one author to follow.")
        kind: Kind = "character" if character is not None else "author"
        await respond.send(
            interaction, await self._follow(interaction, kind, (character or author or "").strip())
        )

    async def _follow(self, interaction: discord.Interaction[Any], kind: Kind, typed: str) -> Reply:
        typed = " ".join(markdown.visible(typed).split())  # no hidden direction marks kept
        if not typed or len(typed) > 100:
            raise Refusal(f"Give the {kind}'s name (up to 100 characters).")
        # A name the library knows is kept as it writes it; a new one (a story not yet in the
        # library) is kept as typed, and matched without regard to case.
        name = await follows.known_name(self.bot.db, kind, typed) or typed
        try:
            added = await follows.follow(
                self.bot.db, guild_id(interaction), interaction.user.id, kind, name
            )
        except ValueError as exc:
            raise Refusal(
                f"You follow {follows.MAX_FOLLOWS} things here already: `/fic unfollow` one first."
            ) from exc
        shown = markdown.escape_inline(name)
        what = f"stories by **{shown}**" if kind == "author" else f"stories featuring **{shown}**"
        settings = await follows.reader_settings(
            self.bot.db, guild_id(interaction), interaction.user.id
        )
        text = (
            f"You'll get a direct message when new {what} are published here."
            if added
            else f"You follow {what} already."
        )
        if not settings.notify:
            text += " (Notifications are off: `/fic following notify:on` turns them on.)"
        return notice(text)

    async def on_follow_button(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        story = await queries.get_story(self.bot.db, params["story"], with_cast=False)
        if story is None:
            raise Refusal("That story is no longer in the library.")
        await respond.send(interaction, await self._follow(interaction, "author", story.author))

    @app_commands.command(name="unfollow", description="Stop following a character or author")
    @app_commands.describe(what="One of the things you follow")
    @app_commands.autocomplete(what=_followed_choices)
    async def unfollow(self, interaction: discord.Interaction[Any], what: str) -> None:
        kind, _, value = what.partition(":")
        if kind not in follows.KINDS or not value:
            # Typed without picking: whichever of their follows has that name.
            mine = await follows.following(self.bot.db, guild_id(interaction), interaction.user.id)
            found = next((f for f in mine if f.value.casefold() == what.casefold()), None)
            if found is None:
                raise Refusal("You don't follow that here. `/fic following` lists what you do.")
            kind, value = found.kind, found.value
        removed = await follows.unfollow(
            self.bot.db,
            guild_id(interaction),
            interaction.user.id,
            kind,
            value,
        )
        shown = markdown.escape_inline(value)
        text = (
            f"You no longer follow **{shown}**."
            if removed
            else "You don't follow that here. `/fic following` lists what you do."
        )
        await respond.send(interaction, notice(text))

    @app_commands.command(
        name="following", description="What you follow here; turn the messages about it on or off"
    )
    @app_commands.describe(
        notify="Direct messages about new stories by who you follow",
        reviews="Direct messages about new reviews of stories you wrote",
    )
    async def following(
        self,
        interaction: discord.Interaction[Any],
        notify: OnOff | None = None,
        reviews: OnOff | None = None,
    ) -> None:
        # The switches live here rather than in their own command: /fic has room for only 25
        # subcommands, and the list is where a reader looks for what they will be told about.
        gid, uid = guild_id(interaction), interaction.user.id
        if notify is None and reviews is None:
            settings = await follows.reader_settings(self.bot.db, gid, uid)
        else:
            settings = await follows.set_reader_settings(
                self.bot.db,
                gid,
                uid,
                notify=None if notify is None else notify == "on",
                review_dms=None if reviews is None else reviews == "on",
            )
        mine = await follows.following(self.bot.db, gid, uid)
        # A reader who just switched review messages sees the switch even before they are named
        # as any story's author.
        is_author = reviews is not None or bool(await follows.stories_by_user(self.bot.db, uid))
        await respond.send(interaction, ui.following(mine, settings, is_author=is_author))

    @app_commands.command(name="my-stories", description="Reviews of the stories you wrote")
    async def my_stories(self, interaction: discord.Interaction[Any]) -> None:
        await respond.send(interaction, await self._my_page(interaction, 1))

    async def on_my_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        await respond.replace_or_answer(
            interaction, await self._my_page(interaction, int(params["page"]))
        )

    async def _my_page(self, interaction: discord.Interaction[Any], page: int) -> Reply:
        gid, uid = guild_id(interaction), interaction.user.id
        mine = await follows.stories_by_user(self.bot.db, uid)
        total = await follows.author_review_count(self.bot.db, gid, uid)
        pager = Pager.at(page, total=total, per_page=ui.MY_REVIEWS_PAGE)
        items = await follows.author_reviews(
            self.bot.db, gid, uid, limit=pager.per_page, offset=pager.offset
        )
        return ui.my_reviews([t for _, t in mine], items, pager=pager, total=total, owner=uid)


async def setup(bot: Any) -> None:
    await bot.add_cog(Follows(bot))
