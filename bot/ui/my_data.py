"""``/fic my-data`` (a reader's data, paged, with the whole as a JSON file) and the
confirmation and answer of forgetting it (``/fic forget-me``, ``/ficadmin forget``)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import discord

from bot.storage.my_data import ANONYMOUS_MEMBER, ANONYMOUS_READER, Forgotten, StoryLabel
from bot.ui import ids, limits, markdown, render, style
from bot.ui.ids import ListKind
from bot.ui.items import ForgetButton
from bot.ui.pager import Pager
from bot.ui.reply import Reply, notice

PAGE_LINES = 25
PAGE_BUDGET = 3500  # characters of a page's description, within the embed's 4096

# What each table is called when counted ("3 reviews"), in the order they are shown.
NOUNS: dict[str, tuple[str, str]] = {
    "reviews": ("review", "reviews"),
    "kudos": ("kudos", "kudos"),
    "shelf": ("shelved story", "shelved stories"),
    "reading_positions": ("reading position", "reading positions"),
    "exclusions": ("exclusion", "exclusions"),
    "follows": ("follow", "follows"),
    "reader_settings": ("reader setting", "reader settings"),
    "imports": ("import", "imports"),
    "story_holds": ("withdrawal", "withdrawals"),
    "library_log": ("library log entry", "library log entries"),
}
# A section of the summary per table.
HEADINGS: dict[str, str] = {
    "reviews": "Your reviews",
    "kudos": "Kudos you gave",
    "shelf": "Your shelf",
    "reading_positions": "Where you stopped reading",
    "exclusions": "What you keep away",
    "follows": "What you follow",
    "reader_settings": "Your settings",
    "imports": "Stories you imported",
    "story_holds": "Stories you withdrew",
    "library_log": "The library log, of what you did",
}
# Kept, anonymised, by forgetting: the server's record of what a librarian did.
ANONYMISED = ("imports", "story_holds", "library_log")

Labels = dict[str, StoryLabel]


def _story(labels: Labels, story_id: str, adult_ok: bool) -> str:
    label = labels.get(story_id)
    if label is None:
        return f"`{story_id}`"
    if label.adult and not adult_ok:
        # An adult story's title only where adult stories may be shown.
        return f"a Mature or Explicit story (`{story_id}`)"
    return f"*{markdown.escape_inline(limits.fit(label.title, 80))}* (`{story_id}`)"


def _day(stamp: Any) -> str:
    return str(stamp or "")[:10]


def _count(table: str, n: int) -> str:
    one, many = NOUNS.get(table, (f"{table} row", f"{table} rows"))
    return style.plural(n, one, many)


def _line_makers(labels: Labels, adult_ok: bool) -> dict[str, Callable[[dict[str, Any]], str]]:
    def story(r: dict[str, Any]) -> str:
        return _story(labels, str(r.get("story_id") or ""), adult_ok)

    def text(value: Any, limit: int = 90) -> str:
        return markdown.escape_inline(limits.fit(str(value), limit))

    return {
        "reviews": lambda r: (
            f"{style.stars(r['rating'])} {story(r)} · {_day(r['updated_at'])}: "
            f"“{text(r['body'], 100)}”"
        ),
        "kudos": lambda r: f"{story(r)} · {_day(r['created_at'])}",
        "shelf": lambda r: (
            f"{story(r)} · {r['status']}" + (f" · 📝 {text(r['note'])}" if r["note"] else "")
        ),
        "reading_positions": lambda r: (
            f"{story(r)} · "
            + (f"chapter {r['chapter']}, " if r["chapter"] else "")
            + f"page {r['page']} · {_day(r['updated_at'])}"
        ),
        "exclusions": lambda r: f"{r['kind']}: {text(r['label'])}",
        "follows": lambda r: f"{r['kind']}: {text(r['value'])}",
        "reader_settings": lambda r: (
            f"told of what you follow: {'yes' if r['notify'] else 'no'} · "
            f"told of reviews of your stories: {'yes' if r['review_dms'] else 'no'}"
        ),
        "imports": lambda r: f"{text(r['file'], 60)} · {r['state']} · {_day(r['created_at'])}",
        "story_holds": lambda r: f"withdrew {story(r)} · {_day(r['created_at'])}",
        "library_log": lambda r: (
            f"{r['action']} {story(r) if r['story_id'] else ''} {text(r['detail'], 60)} · "
            f"{_day(r['created_at'])}"
        ),
    }


def summary_lines(exported: dict[str, Any], labels: Labels, *, adult_ok: bool) -> list[str]:
    """The export as readable lines: a heading per kind of data, then a line per row."""
    makers = _line_makers(labels, adult_ok)
    lines: list[str] = []
    for table, rows in exported["tables"].items():
        if not rows:
            continue
        lines.append(f"**{HEADINGS.get(table, table)}** ({len(rows):,})")
        make = makers.get(table)
        if make is None:  # a table added since: counted here, whole in the file
            lines.append("(see the attached file)")
            continue
        lines += [f"• {make(r)}" for r in rows]
    authored = exported["stories_linked_to_you"]
    if authored:
        lines.append(
            f"**{style.plural(len(authored), 'story', 'stories')} linked to your account**"
        )
        lines += [f"• {_story(labels, r['id'], adult_ok)}" for r in authored]
        lines.append("(the library's, not yours to forget: a librarian can unlink them)")
    return lines


def paginate(lines: list[str]) -> list[str]:
    """Pages of at most ``PAGE_LINES`` lines and ``PAGE_BUDGET`` characters."""
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        line = limits.fit(line, 400)
        if pages[-1] and (len(pages[-1]) >= PAGE_LINES or size + len(line) + 1 > PAGE_BUDGET):
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += len(line) + 1
    return ["\n".join(p) for p in pages]


def export_file(exported: dict[str, Any]) -> discord.File:
    data = json.dumps(exported, ensure_ascii=False, indent=2).encode("utf-8")
    return discord.File(io.BytesIO(data), filename=f"ficbot-my-data-{exported['guild_id']}.json")


def my_data(
    exported: dict[str, Any], labels: Labels, *, page: int, owner: int, adult_ok: bool, first: bool
) -> Reply:
    """One page of the summary; the first answer carries the JSON file too."""
    lines = summary_lines(exported, labels, adult_ok=adult_ok)
    if not lines:
        return notice("ficbot keeps nothing about you in this server.")
    pages = paginate(lines)
    pager = Pager.at(page, total=len(pages), per_page=1)
    embed = discord.Embed(title="What ficbot keeps about you here", colour=style.BRAND)
    embed.description = pages[pager.page - 1]
    embed.set_footer(
        text=f"Page {pager.page} of {pager.pages} · only you can see this · "
        "all of it is in the JSON file · /fic forget-me deletes it"
    )
    view = discord.ui.View(timeout=None)
    render.list_pager(view, ListKind.MY_DATA, pager, owner)
    return Reply(
        embeds=[embed], view=view, file=export_file(exported) if first else None, ephemeral=True
    ).check()


def _counts(exported: dict[str, Any], *, anonymised: bool) -> list[str]:
    return [
        _count(table, len(rows))
        for table, rows in exported["tables"].items()
        if rows and (table in ANONYMISED) == anonymised
    ]


def confirm_forget(exported: dict[str, Any], *, owner: int, member: int | None) -> Reply:
    """What will be deleted, and a button per choice for the reviews (and Cancel)."""
    if not any(exported["tables"].values()):
        who = "that member" if member else "you"
        return notice(f"ficbot keeps nothing about {who} in this server.")
    whose = "this member's" if member else "your"
    deleted = _counts(exported, anonymised=False)
    kept = _counts(exported, anonymised=True)
    reviews = len(exported["tables"].get("reviews", []))
    lines = [
        f"This deletes {whose} data in this server, and only here: "
        f"{', '.join(deleted) or 'nothing of ' + whose + ' own'}.",
        "It can't be undone.",
    ]
    if kept:
        lines.append(f"The server's record of {', '.join(kept)} stays, as by “{ANONYMOUS_MEMBER}”.")
    if reviews:
        them, posts = ("it", "its post") if reviews == 1 else ("them", "their posts")
        lines.append(
            f"**{style.plural(reviews, 'review')}, your choice:** delete {them} and {posts} in "
            f"the feedback channel, or keep {them} (and {posts}) as by “{ANONYMOUS_READER}”, "
            "with no name."
        )
    title = "Forget this member here?" if member else "Forget you here?"
    embed = discord.Embed(title=title, colour=0xC62828, description="\n".join(lines))
    view = discord.ui.View(timeout=None)
    forget = "Forget them" if member else "Forget me"
    view.add_item(
        ForgetButton(
            ids.forget(owner, "d", member),
            label=f"{forget}, delete the reviews and posts" if reviews else forget,
            style=discord.ButtonStyle.danger,
        )
    )
    if reviews:
        view.add_item(
            ForgetButton(
                ids.forget(owner, "a", member),
                label=f"{forget}, keep the reviews anonymous",
                style=discord.ButtonStyle.danger,
            )
        )
    view.add_item(ForgetButton(ids.forget(owner, "k", member), label="Cancel"))
    return Reply(embeds=[embed], view=view, ephemeral=True).check()


def forgotten(done: Forgotten, *, member: bool, not_removed: int) -> Reply:
    """The answer once the data is deleted (committed) and the posts taken down."""
    who = "that member" if member else "you"
    parts = [f"Done: ficbot has forgotten {who} in this server."]
    if done.deleted:
        parts.append("Deleted: " + ", ".join(_count(t, n) for t, n in done.deleted.items()) + ".")
    if done.reviews_kept:
        parts.append(
            f"{style.plural(done.reviews_kept, 'review')} stay as by “{ANONYMOUS_READER}”; "
            "their posts are being changed to say so."
        )
    removed = len(done.posts) - not_removed
    if done.posts:
        parts.append(f"{style.plural(removed, 'review post')} removed from the feedback channel.")
    if not_removed:
        parts.append(
            f"{style.plural(not_removed, 'post')} could not be removed (ficbot may not delete "
            "messages there any more): a moderator can delete them."
        )
    return Reply(
        content=limits.fit(" ".join(parts), limits.CONTENT), embeds=[], view=discord.ui.View()
    )


def cancelled() -> Reply:
    return Reply(content="Nothing was forgotten.", embeds=[], view=discord.ui.View())
