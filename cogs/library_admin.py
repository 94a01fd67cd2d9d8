"""``/ficadmin`` for librarians: import stories (previewed, then published), fix how one was
understood, withdraw and restore, the library log, and who counts as a librarian."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import respond
from bot.app.announce import announce
from bot.app.common import bot_of, guild_id
from bot.app.groups import GroupedCog
from bot.app.options import ReviewedStory
from bot.app.tree import NotAllowed, answer_error
from bot.library import imports as import_files
from bot.library import metadata
from bot.library.metadata import normalise_rating
from bot.storage import importer, imports, queries
from bot.storage.importer import Outcome, Who
from bot.storage.loader import LoadReport
from bot.ui import library_admin as ui
from bot.ui import markdown
from bot.ui.ids import Action
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal
from bot.ui.reply import Reply, notice

log = logging.getLogger(__name__)

# A zip of more files than this gets its progress edited into the answer as it goes.
PROGRESS_FROM = 5
PROGRESS_EVERY = 5


def _is_admin(interaction: discord.Interaction[Any]) -> bool:
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.administrator)


def _manage_guild(interaction: discord.Interaction[Any]) -> bool:
    if not _is_admin(interaction):
        raise NotAllowed("Only members with the Manage Server permission can do that.")
    return True


async def _check_librarian(interaction: discord.Interaction[Any]) -> Who:
    """Manage Server, or the server's librarian role; checked in code for every command and
    button (a button's custom id can be pressed by anyone who sees it, or forged)."""
    gid = guild_id(interaction)
    if not _is_admin(interaction):
        settings = await imports.library_settings(bot_of(interaction).db, gid)
        roles = {r.id for r in getattr(interaction.user, "roles", [])}
        if settings.librarian_role_id is None or settings.librarian_role_id not in roles:
            raise NotAllowed(
                "Only librarians can do that: members with Manage Server, or the role set "
                "with `/ficadmin librarian-role`."
            )
    return Who(gid, interaction.user.id, interaction.user.display_name)


class LibraryAdmin(GroupedCog):
    group_name = "ficadmin"

    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {
                Action.PUBLISH: self.on_publish,
                Action.FIX: self.on_fix,
                Action.LOG_PAGE: self.on_log_page,
            }
        )

    async def _load(self) -> LoadReport | None:
        return await self.bot.load_library()

    # --- import -----------------------------------------------------------------------------

    @app_commands.command(
        name="import", description="Add stories to the library (.txt, .html, .epub or a .zip)"
    )
    @app_commands.describe(file="A story file, or a .zip of them", file2="Another", file3="Another")
    async def import_(
        self,
        interaction: discord.Interaction[Any],
        file: discord.Attachment,
        file2: discord.Attachment | None = None,
        file3: discord.Attachment | None = None,
        file4: discord.Attachment | None = None,
        file5: discord.Attachment | None = None,
    ) -> None:
        who = await _check_librarian(interaction)
        await respond.defer(interaction, ephemeral=True)
        given = [a for a in (file, file2, file3, file4, file5) if a is not None]
        downloaded: list[tuple[str, bytes]] = []
        too_big: list[Outcome] = []
        for attachment in given:
            if attachment.size > import_files.MAX_ATTACHMENT_BYTES:
                limit = import_files.MAX_ATTACHMENT_BYTES // (1024 * 1024)
                too_big.append(Outcome(attachment.filename, reason=f"over the {limit} MB limit"))
                continue
            try:
                downloaded.append((attachment.filename, await attachment.read()))
            except discord.HTTPException as exc:
                reason = f"could not be downloaded from Discord ({exc.status})"
                too_big.append(Outcome(attachment.filename, reason=reason))

        async def progress(saved: int, total: int) -> None:
            if total >= PROGRESS_FROM and (saved % PROGRESS_EVERY == 0 or saved == total):
                await respond.edit_original(interaction, ui.progress(saved, total))

        outcomes = await importer.import_files(
            self.bot.db, self.bot.settings.seeds, downloaded, who, self._load, progress
        )
        outcomes += too_big
        await respond.send(interaction, ui.import_summary(outcomes))
        cards = [o for o in outcomes if o.story_id and not o.existed]
        for outcome in cards[: ui.MAX_CARDS]:
            assert outcome.story_id is not None
            story = await queries.get_story(self.bot.db, outcome.story_id, include_withdrawn=True)
            if story is not None:
                await respond.send(interaction, ui.import_card(outcome, story, published=False))

    # --- publish and fix --------------------------------------------------------------------

    async def _pending(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> tuple[Who, imports.Import]:
        who = await _check_librarian(interaction)
        found = await imports.get_import(self.bot.db, int(params["imp"]))
        if found is None or found.guild_id != who.guild_id:
            raise Refusal("That import is not one of this server's.")
        return who, found

    async def on_publish(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        who, found = await self._pending(interaction, params)
        await respond.defer(interaction, ephemeral=True, thinking=False)
        lifted, story_id = await importer.publish(self.bot.db, found.id, who, self._load)
        story = (
            await queries.get_story(self.bot.db, story_id, include_withdrawn=True)
            if story_id
            else None
        )
        if story is None:
            text = (
                "That story could not be loaded just now; it is published and will show "
                "after the next load."
                if lifted or found.state == "published"
                else "That import could not be read as a story, so there is nothing to publish."
            )
            await respond.send(interaction, notice(text))
            return
        outcome = Outcome(story.title, file=found.file, import_id=found.id, story_id=story.id)
        await respond.update(interaction, ui.import_card(outcome, story, published=True))
        if lifted and story.status == "active":
            said = await announce(self.bot, who.guild_id, story.id)
            if said:
                await respond.send(interaction, notice(said))

    async def on_fix(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        _who, found = await self._pending(interaction, params)
        story = (
            await queries.get_story(self.bot.db, found.story_id, include_withdrawn=True)
            if found.story_id
            else None
        )
        if story is None:
            raise Refusal("That import could not be read as a story, so there is nothing to fix.")
        form = ui.FixModal(found.id, story)
        form.stop()  # read from the raw submit (see ui.read_fix): nothing to keep
        await interaction.response.send_modal(form)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        submitted = ui.read_fix(dict(interaction.data or {}))
        if submitted is None:
            return
        try:
            await self._fix(interaction, *submitted)
        except Exception as exc:
            await answer_error(interaction, exc)

    async def _fix(
        self, interaction: discord.Interaction[Any], import_id: int, values: dict[str, str]
    ) -> None:
        who, found = await self._pending(interaction, {"imp": str(import_id)})
        rating = normalise_rating(values.get("rating", ""))
        if rating is None:
            raise Refusal("Give the rating as General, Teen, Mature or Explicit.")
        title, author = values.get("title", "").strip(), values.get("author", "").strip()
        if not title or not author:
            raise Refusal("A story needs a title and an author.")
        characters, pairings = import_files.split_cast(values.get("cast", ""))
        # The form's fields only: what else the sidecar says (the author's account) stays.
        fields: dict[str, import_files.SidecarValue | None] = {
            "title": title,
            "author": author,
            "rating": rating,
            "fandom": values.get("fandom", "").strip() or None,
            "characters": characters,
            "relationships": pairings,
        }
        await respond.defer(interaction, ephemeral=True, thinking=False)
        await _update_sidecar(self.bot.settings.seeds, found.file, fields)
        if found.story_id is not None:
            await imports.log_fix(
                self.bot.db,
                guild_id=who.guild_id,
                user_id=who.user_id,
                user_name=who.user_name,
                story_id=found.story_id,
                detail=f"title, author, rating, fandom, cast of {found.file}",
            )
        await self._load()
        story = (
            await queries.get_story(self.bot.db, found.story_id, include_withdrawn=True)
            if found.story_id
            else None
        )
        if story is None:
            await respond.send(interaction, notice("Saved; it shows after the next load."))
            return
        outcome = Outcome(story.title, file=found.file, import_id=found.id, story_id=story.id)
        published = found.state == "published"
        await respond.update(interaction, ui.import_card(outcome, story, published=published))

    # --- withdraw and restore ---------------------------------------------------------------

    @app_commands.command(
        name="withdraw", description="Take a story out of the library (its reviews stay)"
    )
    async def withdraw(self, interaction: discord.Interaction[Any], story: ReviewedStory) -> None:
        who = await _check_librarian(interaction)
        await respond.defer(interaction, ephemeral=True)
        title = markdown.escape_inline(story.title)
        if story.status != "active" and await imports.is_held(self.bot.db, story.id):
            text = f"**{title}** is withdrawn already. `/ficadmin restore` brings it back."
        elif await importer.withdraw_story(self.bot.db, story.id, who):
            text = (
                f"**{title}** is withdrawn: readers no longer find it. Its reviews and kudos "
                "are kept; `/ficadmin restore` brings it back."
            )
        else:
            text = f"**{title}** is withdrawn already."
        await respond.send(interaction, notice(text))

    @app_commands.command(name="restore", description="Bring a withdrawn story back")
    async def restore(self, interaction: discord.Interaction[Any], story: ReviewedStory) -> None:
        who = await _check_librarian(interaction)
        await respond.defer(interaction, ephemeral=True)
        title = markdown.escape_inline(story.title)
        released, shown = await importer.restore_story(self.bot.db, story.id, who, self._load)
        if shown:
            text = f"**{title}** is back in the library."
            said = await announce(self.bot, who.guild_id, story.id)
            text += f" {said}" if said else ""
        elif released:
            text = f"**{title}** is restored, but its file is gone from the story folder."
        else:
            text = f"**{title}** was not withdrawn by a librarian."
            if story.status != "active":
                text += " Its file is gone from the story folder: put it back and reload."
        await respond.send(interaction, notice(text))

    # --- the log and settings ---------------------------------------------------------------

    @app_commands.command(name="log", description="Who imported, published or withdrew what")
    async def log_(self, interaction: discord.Interaction[Any]) -> None:
        await _check_librarian(interaction)
        await respond.send(interaction, await self._log_page(interaction, 1))

    async def on_log_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        await _check_librarian(interaction)
        await respond.replace_or_answer(
            interaction, await self._log_page(interaction, int(params["page"]))
        )

    async def _log_page(self, interaction: discord.Interaction[Any], page: int) -> Reply:
        gid = guild_id(interaction)
        total = await imports.log_size(self.bot.db, gid)
        pager = Pager.at(page, total=total, per_page=imports.LOG_PAGE)
        entries = await imports.log_entries(
            self.bot.db, gid, limit=pager.per_page, offset=pager.offset
        )
        return ui.library_log(entries, pager=pager, total=total, owner=interaction.user.id)

    @app_commands.command(
        name="librarian-role", description="Who may import and withdraw stories besides admins"
    )
    @app_commands.describe(role="Members with this role are librarians (leave out to clear)")
    @app_commands.check(_manage_guild)
    async def librarian_role(
        self, interaction: discord.Interaction[Any], role: discord.Role | None = None
    ) -> None:
        gid = guild_id(interaction)
        if role is not None and role.guild.id != gid:
            raise Refusal("Pick a role in this server.")
        await imports.set_library_setting(
            self.bot.db, gid, librarian_role_id=role.id if role else None
        )
        text = (
            f"Members with <@&{role.id}> are librarians: they can import, publish, withdraw "
            "and restore stories. (Server Settings → Integrations must let that role use "
            "`/ficadmin`.)"
            if role
            else "No librarian role: only the server's admins import and withdraw stories now."
        )
        await respond.send(interaction, notice(text))

    @app_commands.command(
        name="announce-channel", description="Where newly published stories are announced"
    )
    @app_commands.describe(
        channel="A text channel (leave out to stop announcing)",
        adult_channel="An age-restricted channel for Mature and Explicit stories",
    )
    @app_commands.rename(adult_channel="adult-channel")
    async def announce_channel(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel | None = None,
        adult_channel: discord.TextChannel | None = None,
    ) -> None:
        await _check_librarian(interaction)
        gid = guild_id(interaction)
        for picked in (channel, adult_channel):
            if picked is not None and picked.guild.id != gid:
                raise Refusal("Pick a channel in this server.")
        if adult_channel is None and channel is not None and channel.is_nsfw():
            adult_channel = channel  # age-restricted: fit for every story
        if adult_channel is not None and not adult_channel.is_nsfw():
            raise Refusal(
                f"<#{adult_channel.id}> is not age-restricted, so Mature and Explicit stories "
                "can't be announced there. Turn on **Age-Restricted Channel** in its settings, "
                "or pick one that is."
            )
        await imports.set_library_setting(
            self.bot.db,
            gid,
            announce_channel_id=channel.id if channel else None,
            adult_announce_channel_id=adult_channel.id if adult_channel else None,
        )
        if channel is None:
            text = "New stories are not announced any more."
        else:
            text = f"New stories will be announced in <#{channel.id}>, without pinging anyone."
            if adult_channel is None:
                text += (
                    " Mature and Explicit stories are not announced until you name an "
                    "age-restricted `adult-channel`."
                )
            elif adult_channel.id != channel.id:
                text += f" Mature and Explicit stories go to <#{adult_channel.id}>."
        await respond.send(interaction, notice(text))

    @app_commands.command(
        name="set-author", description="Name the Discord account that wrote a story"
    )
    @app_commands.describe(user="The author's account (leave out to clear)")
    async def set_author(
        self,
        interaction: discord.Interaction[Any],
        story: ReviewedStory,
        user: discord.User | None = None,
    ) -> None:
        await _check_librarian(interaction)
        try:
            await importer.set_author(
                self.bot.db, self.bot.settings.seeds, story.id, user.id if user else None
            )
        except metadata.SidecarError as exc:
            raise Refusal(
                f"The story's sidecar is not valid TOML ({markdown.escape_inline(str(exc))}), "
                "so its author can't be written there; fix it by hand, then try again."
            ) from exc
        except OSError as exc:
            raise Refusal(
                f"The story folder could not be written ({exc.strerror or exc}); try again."
            ) from exc
        title = markdown.escape_inline(story.title)
        text = (
            f"**{markdown.escape_inline(markdown.visible(user.display_name))}** is the author of **{title}**: `/fic my-stories` shows them its "
            "reviews in this server."
            if user
            else f"**{title}** names no author's account now."
        )
        await respond.send(interaction, notice(text))


async def _update_sidecar(
    folder: Path, rel: str, fields: dict[str, import_files.SidecarValue | None]
) -> None:
    await asyncio.to_thread(import_files.update_sidecar, folder, rel, fields)


async def setup(bot: Any) -> None:
    await bot.add_cog(LibraryAdmin(bot))
