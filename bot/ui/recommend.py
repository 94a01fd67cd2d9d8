"""``/fic recommend``: what to read next, each story with the reason it is suggested."""

from __future__ import annotations

import discord

from bot.storage.recommend import Recommendations
from bot.ui import limits, markdown, render, style
from bot.ui.ids import ListKind
from bot.ui.pager import Pager
from bot.ui.reply import Reply, notice

RECOMMEND_PAGE = 5
RECOMMEND_MAX = 20  # four pages: past that, the reasons grow thin

REASON_MAX = 200


def _title(text: str) -> str:
    return f"*{markdown.escape_inline(limits.fit(text, 80))}*"


def _name(text: str) -> str:
    return markdown.escape_inline(limits.fit(text, 60))


def recommendations(found: Recommendations, *, pager: Pager, owner: int) -> Reply:
    """One page of suggestions, saying so when they are the server's best-loved."""
    items = found.items
    shown = list(pager.window(items))
    embed = discord.Embed(title="What to read next", colour=style.BRAND)
    intro = ""
    if found.new_reader:
        intro = (
            "You have no kudos, reviews or shelf here yet, so these are this server's "
            "best-loved stories. Give kudos or save stories and I'll suggest ones for you.\n\n"
        )
    elif not found.personal:
        intro = (
            "Nothing you liked leads anywhere new yet, so these are this server's best-loved "
            "stories.\n\n"
        )
    lines = []
    for n, rec in enumerate(shown, start=pager.offset + 1):
        s = rec.story
        reason = limits.fit(rec.reason.text(_title, _name), REASON_MAX)
        lines.append(
            f"**{n}. {markdown.escape_inline(limits.fit(s.title, 100))}** · `{s.id}`\n"
            f"   by {markdown.escape_inline(limits.fit(s.author, 60))}"
            f" · {style.RATING_SHORT.get(s.rating, s.rating)} · {s.words:,} words\n"
            f"   ✨ {reason}"
        )
    embed.description = intro + "\n".join(lines)
    embed.set_footer(
        text=f"{style.plural(len(items), 'story', 'stories')} · page {pager.page} of "
        f"{pager.pages} · only you can see this"
    )
    view = discord.ui.View(timeout=None)
    render.list_pager(view, ListKind.RECOMMEND, pager, owner)
    render.open_select(
        view, owner, [(r.story.id, r.story.title, f"by {r.story.author}") for r in shown]
    )
    return Reply(embeds=[embed], view=view, ephemeral=True).check()


def nothing_to_recommend(adult_allowed: bool) -> Reply:
    hint = (
        ""
        if adult_allowed
        else " (Mature and Explicit stories only show in age-restricted channels.)"
    )
    return notice(
        "I have nothing new to suggest here yet: no story you haven't read, saved or "
        f"excluded has been loved by this server's readers.{hint}"
    )
