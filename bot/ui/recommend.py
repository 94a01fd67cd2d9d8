"""``/fic recommend``'s answer: the stories picked for the reader, each with its one-line reason,
and a menu (only theirs) to open one."""

from __future__ import annotations

import discord

from bot.storage.recommend import Recommendations
from bot.ui import limits, markdown, render, style
from bot.ui.reply import Reply, notice

# One screen: a reader weighs a handful of suggestions, not a catalogue.
SHOWN = 8


def recommendations(recs: Recommendations, *, owner: int, adult_channel: bool) -> Reply:
    if not recs.items:
        hint = (
            ""
            if adult_channel
            else " (Mature and Explicit stories only show in age-restricted channels.)"
        )
        # Nothing personal and nothing the server loves that the reader hasn't had already.
        return notice(
            "Nothing to suggest yet. Recommendations grow from kudos, reviews and your shelf: "
            "give kudos to stories you like (`/fic random` finds some), and this server's "
            f"best-loved stories show here too.{hint}"
        )
    shown = recs.items[:SHOWN]
    embed = discord.Embed(title="Picked for you", colour=style.BRAND)
    lines = []
    for n, rec in enumerate(shown, start=1):
        s = rec.story
        why = rec.reason.text(
            title=lambda t: f"*{markdown.escape_inline(limits.fit(t, 80))}*",
            name=lambda v: f"**{markdown.escape_inline(limits.fit(v, 80))}**",
        )
        lines.append(
            f"**{n}. {markdown.escape_inline(limits.fit(s.title, 120))}** · `{s.id}`\n"
            f"   by {markdown.escape_inline(limits.fit(s.author, 60))} · "
            f"{style.RATING_SHORT.get(s.rating, s.rating)} · {style.plural(s.words, 'word')}\n"
            f"   ↳ {why}"
        )
    embed.description = limits.fit("\n".join(lines), limits.EMBED_DESCRIPTION)
    embed.set_footer(
        text=(
            "From what you gave kudos to, rated, finished and saved here, and what readers "
            "here loved alongside it · only you see this"
            if recs.personal
            else "You have no kudos, reviews or shelf here yet, so these are this server's "
            "best-loved stories · only you see this"
        )
    )
    view = discord.ui.View(timeout=None)
    render.open_select(
        view,
        owner,
        [
            (r.story.id, r.story.title, f"{style.plural(r.story.words, 'word')} · {r.story.author}")
            for r in shown
        ],
    )
    return Reply(embeds=[embed], view=view, ephemeral=True).check()
