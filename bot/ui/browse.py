"""Browse lists (by pairing, fandom, tag): stories with their stats, a select to open one,
and the list pager."""

from __future__ import annotations

import discord

from bot.storage.feedback import StoryStats
from bot.storage.models import StoredStory
from bot.ui import limits, markdown, render, style
from bot.ui.ids import ListKind
from bot.ui.pager import Pager
from bot.ui.reply import Reply

BROWSE_PAGE = 8


def story_lines(
    stories: list[StoredStory], stats: dict[str, StoryStats], *, start: int
) -> list[str]:
    lines = []
    for n, s in enumerate(stories, start=start):
        st = stats.get(s.id, StoryStats(0, None, 0))
        pairs = (
            "\n   ↳ " + ", ".join(markdown.escape_inline(f"{a}/{b}") for a, b in s.pairings[:3])
            if s.pairings
            else ""
        )
        lines.append(
            f"**{n}. {markdown.escape_inline(limits.fit(s.title, 120))}** · `{s.id}`\n"
            f"   by {markdown.escape_inline(limits.fit(s.author, 60))} · "
            f"{style.RATING_SHORT.get(s.rating, s.rating)} · {s.words:,} words · "
            f"{style.average(st.average, st.reviews)} · ❤️ {st.kudos:,}{pairs}"
        )
    return lines


def story_list(
    title: str,
    stories: list[StoredStory],
    stats: dict[str, StoryStats],
    *,
    kind: ListKind,
    arg: str,
    pager: Pager,
    total: int,
    owner: int,
    filtered: bool,
) -> Reply:
    embed = discord.Embed(title=render.story_title(title), colour=style.BRAND)
    embed.description = "\n".join(story_lines(stories, stats, start=pager.offset + 1))
    more = "+" if total >= 1000 else ""
    note = " · your filters and exclusions apply" if filtered else ""
    embed.set_footer(
        text=f"{total:,}{more} {'story' if total == 1 else 'stories'} · "
        f"page {pager.page} of {pager.pages}{note}"
    )
    view = discord.ui.View(timeout=None)
    render.list_pager(view, kind, pager, owner, arg)
    render.open_select(
        view, owner, [(s.id, s.title, f"by {s.author} · {s.words:,} words") for s in stories]
    )
    return Reply(embeds=[embed], view=view).check()
