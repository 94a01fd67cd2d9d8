"""What announcements and follows look like: the announcement of a new story (Read, Follow),
the direct message to a follower, the mention-free note for one whose DMs are closed, a
reader's list of follows, and an author's reviews."""

from __future__ import annotations

import discord

from bot.storage.feedback import StoryStats
from bot.storage.follows import AuthorReview, Follow, Match, ReaderSettings
from bot.storage.models import StoredStory
from bot.ui import ids, limits, markdown, style
from bot.ui.ids import ListKind
from bot.ui.items import FollowButton, ReadButton
from bot.ui.pager import Pager
from bot.ui.render import _field, _pager, story_card
from bot.ui.reply import Reply

MY_REVIEWS_PAGE = 5


def announcement(story: StoredStory, stats: StoryStats) -> Reply:
    """The story's card, as ``/fic story`` shows it, with Read and Follow."""
    card = story_card(story, stats)
    card.embeds[0].description = limits.fit(
        "📚 New in the library"
        + (f"\n\n{card.embeds[0].description}" if card.embeds[0].description else ""),
        limits.EMBED_DESCRIPTION,
    )
    view = discord.ui.View(timeout=None)
    view.add_item(
        ReadButton(ids.read(story.id), label="Read", emoji="📖", style=discord.ButtonStyle.primary)
    )
    view.add_item(
        FollowButton(
            ids.follow(story.id),
            label=limits.fit(f"Follow {story.author}", limits.BUTTON_LABEL),
            emoji="🔔",
        )
    )
    return Reply(embeds=card.embeds, view=view, ephemeral=False).check()


def _why(story: StoredStory, match: Match) -> str:
    if match.kind == "author":  # followed perhaps before the library knew how it is spelt
        return f"it's by **{markdown.escape_inline(story.author)}**"
    return f"it features **{markdown.escape_inline(match.value)}**"


def follower_dm(story: StoredStory, match: Match, guild_name: str, jump_url: str | None) -> Reply:
    """A follower's direct message: what appeared, why they hear of it, and its rating."""
    title = markdown.escape_inline(story.title)
    where = markdown.escape_inline(guild_name)
    lines = [
        f"📚 New in **{where}**'s library: **{title}** by {markdown.escape_inline(story.author)} "
        f"({story.rating}). You follow it because {_why(story, match)}.",
        f"Read it there with `/fic read {story.id}`." + (f" {jump_url}" if jump_url else ""),
        "-# `/fic unfollow` or `/fic following notify:off` in that server stops these.",
    ]
    return Reply(content=limits.fit("\n".join(lines), limits.CONTENT))


def closed_dm_note(match: Match) -> Reply:
    """In the announcement's thread, for followers whose DMs are closed: names no reader."""
    name = markdown.escape_inline(match.value)
    what = f"stories by **{name}**" if match.kind == "author" else f"**{name}**"
    return Reply(
        content=limits.fit(
            f"🔔 For readers following {what} whose direct messages are closed: this is the "
            "story you asked to hear about.",
            limits.CONTENT,
        )
    )


def following(follows: list[Follow], settings: ReaderSettings, *, is_author: bool) -> Reply:
    embed = discord.Embed(title="What you follow here", colour=style.BRAND)
    chars = [markdown.escape_inline(f.value) for f in follows if f.kind == "character"]
    authors = [markdown.escape_inline(f.value) for f in follows if f.kind == "author"]
    embed.description = (
        "Nothing yet: `/fic follow character:` or `/fic follow author:`."
        if not follows
        else "You are told by direct message when a story featuring these (as lead or "
        "supporting) or by these authors is published here."
    )
    _field(embed, "Characters", ", ".join(chars), inline=False)
    _field(embed, "Authors", ", ".join(authors), inline=False)
    state = "on" if settings.notify else "off (`/fic following notify:on` turns them back on)"
    _field(embed, "Notifications", state)
    if is_author:
        _field(embed, "New reviews of your stories", "on" if settings.review_dms else "off")
    return Reply(embeds=[embed], ephemeral=True).check()


def my_reviews(
    titles: list[str], items: list[AuthorReview], *, pager: Pager, total: int, owner: int
) -> Reply:
    embed = discord.Embed(title="Reviews of your stories", colour=style.BRAND)
    listed = ", ".join(markdown.escape_inline(t) for t in titles)
    embed.description = limits.fit(
        f"Your stories here: {listed}."
        if titles
        else "No story in this library names you as "
        "its author yet: a librarian can set it with `/ficadmin set-author`.",
        1000,
    )
    if titles and not items:
        embed.description += "\nNo reviews of them in this server yet."
    for r in items:
        body = markdown.escape(r.body)
        body = limits.fit(body, limits.FIELD_VALUE - 4)
        if r.spoiler:
            body = markdown.spoiler(body)
        name = f"{style.stars(r.rating)} {markdown.escape_inline(r.user_name)} on {r.story_title}"
        _field(embed, limits.fit(name, limits.FIELD_NAME), body, inline=False)
    embed.set_footer(text=f"{total:,} reviews · page {pager.page} of {pager.pages}")
    view = discord.ui.View(timeout=None)
    _pager(view, ListKind.MY_REVIEWS, pager, owner)
    return Reply(embeds=[embed], view=view, ephemeral=True).check()


def review_dm(story: StoredStory, guild_name: str, stars: int, jump_url: str | None) -> Reply:
    """An author's note of a new review (the review itself is in the feedback channel)."""
    text = (
        f"✍️ A new {style.stars(stars)} review of **{markdown.escape_inline(story.title)}** "
        f"in **{markdown.escape_inline(guild_name)}**."
        + (f" {jump_url}" if jump_url else "")
        + "\n-# `/fic following reviews:off` in that server stops these."
    )
    return Reply(content=limits.fit(text, limits.CONTENT))
