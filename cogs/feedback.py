"""Reader feedback: the review form, kudos, ``/fic reviews``, and the ``/ficadmin`` commands."""

from __future__ import annotations

import io
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import respond
from bot.app.common import bot_of, check_adult, guild_id, story_for, story_or_withdrawn
from bot.app.groups import GroupedCog
from bot.app.options import ReviewedStory, StoryOrAll
from bot.app.posting import Waiting, adult_unset, review_tag
from bot.app.tree import NotAllowed, answer_error
from bot.storage import feedback, queries
from bot.storage.models import StoredStory
from bot.ui import ids, markdown, modals, render, style
from bot.ui.ids import Action
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal

log = logging.getLogger(__name__)


def is_admin(interaction: discord.Interaction[Any]) -> bool:
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.administrator)


def _manage_guild(interaction: discord.Interaction[Any]) -> bool:
    """Checked in code too: a server admin may have changed the commands' default permissions."""
    if not is_admin(interaction):
        raise NotAllowed("Only members with the Manage Server permission can do that.")
    return True


def _in_a_server(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise Refusal("Reviews belong to a server: use this in one.")
    return interaction.guild_id


class Feedback(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {
                Action.REVIEW: self.on_review_button,
                Action.KUDOS: self.on_kudos,
                Action.REVIEWS_PAGE: self.on_reviews_page,
            }
        )

    # --- the review form --------------------------------------------------------------------

    @app_commands.command(name="review", description="Rate a story and say what you thought")
    @app_commands.describe(delete="Take back the review you wrote of this story instead")
    async def review(
        self, interaction: discord.Interaction[Any], story: ReviewedStory, delete: bool = False
    ) -> None:
        # Deleting is an option of /fic review rather than its own command: /fic has room for
        # only 25 subcommands, and a reader looking to undo a review starts from here.
        if delete:
            await respond.send(
                interaction, await remove_review(interaction, story, interaction.user.id, own=True)
            )
            return
        # A withdrawn story's review can be taken back (above), but not written: look it up
        # again among the stories readers can see.
        await self._open_form(interaction, await story_for(interaction, story.id))

    async def on_review_button(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        _in_a_server(interaction)
        await self._open_form(interaction, await story_for(interaction, params["story"]))

    async def _open_form(self, interaction: discord.Interaction[Any], found: StoredStory) -> None:
        # The modal must be the very first response, so everything before it is a quick read.
        gid = _in_a_server(interaction)
        self.bot.review_cooldown.check(gid, interaction.user.id)
        existing = await feedback.get_review(self.bot.db, gid, found.id, interaction.user.id)
        form = modals.ReviewModal(found, existing)
        # Submissions are read from the raw payload (see bot.ui.modals), so discord.py need not
        # keep the form: a stopped modal is not stored, and opening forms can't pile them up.
        form.stop()
        await interaction.response.send_modal(form)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data = dict(interaction.data or {})
        submission = modals.read_submission(data)
        if submission is None:
            if str(data.get("custom_id", "")).startswith(ids.REVIEW_MODAL_PREFIX):
                # One of our forms, but not as we made it (the client answers only strangers).
                await answer_error(
                    interaction, Refusal("That form is out of date. Open it again with **Review**.")
                )
            return
        try:
            await self._submit(interaction, submission)
        except Exception as exc:
            await answer_error(interaction, exc)

    async def _submit(
        self, interaction: discord.Interaction[Any], submission: modals.Submission
    ) -> None:
        gid = _in_a_server(interaction)
        try:
            rating, text = feedback.validate_review(submission.rating, submission.text)
        except feedback.ReviewError as exc:
            raise Refusal(str(exc)) from exc
        # Only its title and rating are needed here: no cast.
        story = await queries.get_story(self.bot.db, submission.story_id, with_cast=False)
        if story is None:
            raise Refusal("That story is no longer in the library.")
        # The story comes from the form's custom id, which can be forged: same rule as opening
        # the form.
        check_adult(interaction, story)
        # Checked and recorded in one step (no await between), so a burst gets exactly one in.
        self.bot.review_cooldown.use(gid, interaction.user.id)
        draft = feedback.ReviewDraft(
            guild_id=gid,
            story_id=story.id,
            user_id=interaction.user.id,
            user_name=interaction.user.display_name,
            rating=rating,
            body=text,
            spoiler=submission.spoiler,
        )
        # Committed before the reader is thanked; readers submitting together share a commit.
        result = await respond.after_deferring_if_slow(
            interaction, self.bot.review_writer.enqueue(draft), ephemeral=True
        )
        channels = await feedback.feedback_channels(self.bot.db, gid)
        channel_id = channels.for_story(story.adult)
        if channel_id is None:
            log.info("review %s saved; guild %s has no feedback channel", result.review.id, gid)
            waits = (
                adult_unset(is_admin(interaction))
                if story.adult and channels.general is not None
                else None
            )
            await respond.send(
                interaction,
                render.review_thanks(
                    story.title,
                    edited=result.edited,
                    problem=waits.problem if waits else "no feedback channel is set",
                    admin=is_admin(interaction),
                    fix=waits.fix if waits else None,
                ),
            )
            return
        # Thanked now; the server's posting worker posts it and edits this answer to link it.
        await respond.send(
            interaction,
            render.review_thanks(story.title, edited=result.edited, channel_id=channel_id),
        )
        waiting = Waiting(interaction, story.title, result.edited, is_admin(interaction))
        self.bot.poster.schedule(gid, result.review.id, waiting)

    # --- kudos ------------------------------------------------------------------------------

    async def on_kudos(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        if interaction.guild_id is None:
            raise Refusal("Kudos belong to a server: use this in one.")
        found = await story_for(interaction, params["story"])
        result = await feedback.add_kudos(
            self.bot.db, interaction.guild_id, found.id, interaction.user.id
        )
        title = markdown.escape_inline(found.title)
        text = (
            f"❤️ Kudos sent to **{title}**! ({result.total:,} in this server)"
            if result.added
            else style.stop(f"You already left kudos on **{title}**")
            + f" ({result.total:,} in this server)"
        )
        await respond.send(interaction, render.notice(text))

    # --- /fic reviews -----------------------------------------------------------------------

    @app_commands.command(name="reviews", description="What this server thought of a story")
    async def reviews(self, interaction: discord.Interaction[Any], story: ReviewedStory) -> None:
        await respond.send(interaction, await self._reviews(interaction, story, 1))

    async def _reviews(
        self, interaction: discord.Interaction[Any], story: StoredStory, page: int
    ) -> render.Reply:
        gid = guild_id(interaction)
        stats = await feedback.story_stats(self.bot.db, gid, story.id)
        pager = Pager.at(page, total=stats.reviews, per_page=render.REVIEWS_PAGE)
        shown = await feedback.list_reviews(
            self.bot.db, gid, story.id, limit=pager.per_page, offset=pager.offset
        )
        return render.reviews(story, shown, stats, pager=pager, owner=interaction.user.id)

    async def on_reviews_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        story = await story_or_withdrawn(interaction, params.get("arg", ""))
        reply = await self._reviews(interaction, story, int(params["page"]))
        await respond.replace_or_answer(interaction, reply)


async def remove_review(
    interaction: discord.Interaction[Any], story: StoredStory, user_id: int, *, own: bool
) -> render.Reply:
    """Delete one reader's review of a story in this server, and its post in the feedback thread."""
    bot = bot_of(interaction)
    gid = guild_id(interaction)
    existing = await feedback.get_review(bot.db, gid, story.id, user_id)
    if existing is None:
        who = "You haven't" if own else "That reader hasn't"
        return render.notice(
            f"{who} reviewed **{markdown.escape_inline(story.title)}** in this server."
        )
    await feedback.delete_review(bot.db, gid, existing.id)
    if existing.posted_channel_id and existing.posted_message_id:
        try:
            channel: Any = bot.get_channel(existing.posted_channel_id) or await bot.fetch_channel(
                existing.posted_channel_id
            )
            await channel.get_partial_message(existing.posted_message_id).delete()
        except discord.HTTPException as exc:
            log.info("could not delete the post of review %s: %s", existing.id, exc)
    whose = "Your review" if own else f"{markdown.escape_inline(existing.user_name)}'s review"
    return render.notice(f"{whose} of **{markdown.escape_inline(story.title)}** is deleted.")


class FeedbackAdmin(GroupedCog):
    """``/ficadmin``: Manage Server by default, and checked again in code."""

    group_name = "ficadmin"

    @app_commands.command(
        name="feedback-channel", description="Where reviews are posted (one thread per story)"
    )
    @app_commands.describe(
        channel="A text, announcement or forum channel ficbot can post in",
        adult_channel="An age-restricted channel for reviews of Mature and Explicit stories",
    )
    @app_commands.rename(adult_channel="adult-channel")
    @app_commands.check(_manage_guild)
    async def feedback_channel(
        self,
        interaction: discord.Interaction[Any],
        channel: app_commands.AppCommandChannel,
        adult_channel: app_commands.AppCommandChannel | None = None,
    ) -> None:
        gid = guild_id(interaction)
        if adult_channel is None and channel.nsfw:
            adult_channel = channel  # age-restricted: fit for every review
        for picked in (channel, adult_channel):
            if picked is None:
                continue
            refusal = await self._refusal(picked, gid)
            if refusal is not None:
                await respond.send(interaction, render.notice(refusal))
                return
        if adult_channel is not None and not adult_channel.nsfw:
            await respond.send(
                interaction,
                render.notice(
                    f"<#{adult_channel.id}> is not age-restricted, so reviews of Mature and "
                    "Explicit stories can't go there. Turn on **Age-Restricted Channel** in its "
                    "settings, or pick one that is."
                ),
            )
            return
        await respond.defer(interaction, ephemeral=True)
        adult_id = adult_channel.id if adult_channel is not None else None
        await feedback.set_feedback_channels(self.bot.db, gid, channel.id, adult_id)
        posted, problem = await self.bot.poster.flush(gid)
        text = f"Reviews will be posted in <#{channel.id}>, one thread per story."
        if adult_id is None:
            text += (
                " Reviews of Mature and Explicit stories wait until you name an age-restricted "
                "`adult-channel`."
            )
        elif adult_id != channel.id:
            text += f" Reviews of Mature and Explicit stories go to <#{adult_id}>."
        if posted:
            text += f" I've posted the {posted} review{'s that were' if posted != 1 else ' that was'} waiting."
        if problem:
            text += f"\n⚠️ But I couldn't post there just now: {problem}."
        await respond.send(interaction, render.notice(text))

    async def _refusal(self, picked: app_commands.AppCommandChannel, gid: int) -> str | None:
        """Why reviews can't be posted in this channel (None: they can)."""
        if not await self._in_guild(picked.id, gid):
            # Discord offers only this server's channels; a forged request may name another's,
            # and this server's reviews must never be posted there.
            return "Pick a channel in this server."
        if picked.type not in (
            discord.ChannelType.text,
            discord.ChannelType.forum,
            discord.ChannelType.news,
        ):
            return "Pick a text or forum channel."
        if picked.type is discord.ChannelType.forum:
            return await self._forum_refusal(picked.id)
        return None

    async def _forum_refusal(self, channel_id: int) -> str | None:
        """A forum that requires a tag on every post needs one for reviews: an existing tag named
        like "Reviews", or one ficbot makes (which takes Manage Channels)."""
        forum = self.bot.get_channel(channel_id)
        if not isinstance(forum, discord.ForumChannel) or not forum.flags.require_tag:
            return None
        if review_tag(forum) is not None:
            return None
        if forum.permissions_for(forum.guild.me).manage_channels:
            try:
                await forum.create_tag(name="Reviews")
                return None
            except discord.HTTPException as exc:
                log.info("could not add a Reviews tag to forum %s: %s", channel_id, exc)
        return (
            f"<#{channel_id}> requires a tag on every post, and has no **Reviews** tag. Add a tag "
            "named Reviews to it (or give me Manage Channels, and I'll add it), then set it again."
        )

    async def _in_guild(self, channel_id: int, gid: int) -> bool:
        """Whether the channel belongs to this server (the option's own guild id is just the
        interaction's, so ask the cache, or Discord)."""
        guild = self.bot.get_guild(gid)
        if guild is not None and guild.get_channel(channel_id) is not None:
            return True
        try:
            fetched = await self.bot.fetch_channel(channel_id)
        except discord.HTTPException:
            return False
        owner = getattr(fetched, "guild", None)
        return owner is not None and owner.id == gid

    @app_commands.command(
        name="export", description="This server's reviews as a CSV file, for the authors"
    )
    @app_commands.check(_manage_guild)
    async def export(self, interaction: discord.Interaction[Any], story: StoryOrAll) -> None:
        gid = guild_id(interaction)
        story_id = story.id if story is not None else None
        await respond.defer(interaction, ephemeral=True)
        data, count = await feedback.export_csv(self.bot.db, gid, story_id)
        name = f"ficbot-reviews-{story_id or 'all'}.csv"
        reply = render.notice(f"{count} review{'s' if count != 1 else ''} from this server.")
        reply.file = discord.File(io.BytesIO(data.encode("utf-8-sig")), filename=name)
        await respond.send(interaction, reply)

    @app_commands.command(
        name="remove-review", description="Take down a reader's review in this server"
    )
    @app_commands.describe(reader="Whose review")
    @app_commands.check(_manage_guild)
    async def remove_review_cmd(
        self, interaction: discord.Interaction[Any], story: ReviewedStory, reader: discord.User
    ) -> None:
        await respond.send(
            interaction, await remove_review(interaction, story, reader.id, own=False)
        )


async def setup(bot: Any) -> None:
    await bot.add_cog(Feedback(bot))
    await bot.add_cog(FeedbackAdmin(bot))
