"""A reader's shelf: the paged list, with a select to open a story and one to move it."""

from __future__ import annotations

import discord

from bot.storage.shelves import ShelfEntry, ShelfStatus
from bot.ui import ids, limits, markdown, render, style
from bot.ui.ids import ListKind
from bot.ui.items import MoveSelect
from bot.ui.pager import Pager
from bot.ui.reply import Reply, notice

SHELF_PAGE = 5

STATUS_LABEL = {
    ShelfStatus.TO_READ: "📚 to read",
    ShelfStatus.READING: "📖 reading",
    ShelfStatus.FINISHED: "✅ finished",
    ShelfStatus.DROPPED: "💤 dropped",
}
REMOVE = "remove"


def shelf(
    entries: list[ShelfEntry],
    *,
    status: ShelfStatus | None,
    pager: Pager,
    total: int,
    owner: int,
) -> Reply:
    what = f" · {STATUS_LABEL[status]}" if status else ""
    embed = discord.Embed(title=f"Your shelf{what}", colour=style.BRAND)
    lines = []
    for n, e in enumerate(entries, start=pager.offset + 1):
        note = f"\n   📝 {markdown.escape(limits.fit(e.note, 120))}" if e.note else ""
        lines.append(
            f"**{n}. {markdown.escape_inline(limits.fit(e.title, 100))}** · `{e.story_id}`\n"
            f"   {STATUS_LABEL[e.status]} · by {markdown.escape_inline(limits.fit(e.author, 60))}"
            f" · {style.RATING_SHORT.get(e.rating, e.rating)} · {e.words:,} words{note}"
        )
    embed.description = "\n".join(lines)
    embed.set_footer(
        text=f"{style.plural(total, 'story', 'stories')} · page {pager.page} of {pager.pages}"
        " · only you can see this"
    )
    view = discord.ui.View(timeout=None)
    # The pager first: it names its row (1), and the selects fill the rows around it.
    render.list_pager(view, ListKind.SHELF, pager, owner, str(status or ""))
    render.open_select(
        view, owner, [(e.story_id, e.title, STATUS_LABEL[e.status]) for e in entries]
    )
    moves = [
        discord.SelectOption(
            label=limits.fit(f"{e.title} → {label}", limits.SELECT_OPTION_TEXT),
            value=f"{e.story_id}:{target}",
        )
        for e in entries
        for target, label in [
            *((str(s), STATUS_LABEL[s]) for s in ShelfStatus if s != e.status),
            (REMOVE, "take off the shelf"),
        ]
    ][: limits.SELECT_OPTIONS]
    if moves:
        view.add_item(
            MoveSelect(ids.move(owner, str(status or ""), pager.page), moves, "Move a story…")
        )
    return Reply(embeds=[embed], view=view, ephemeral=True).check()


def empty_shelf(status: ShelfStatus | None) -> Reply:
    if status is not None:
        return notice(f"Nothing on your shelf is {STATUS_LABEL[status]}.")
    return notice(
        "Your shelf is empty. Save a story with `/fic save` or the **Save** button under any story."
    )


def saved(title: str, status: ShelfStatus, *, new: bool) -> Reply:
    name = markdown.escape_inline(limits.fit(title, 100))
    if new:
        return notice(f"Saved **{name}** to your shelf ({STATUS_LABEL[status]}). See `/fic shelf`.")
    return notice(f"**{name}** is on your shelf: {STATUS_LABEL[status]}.")
