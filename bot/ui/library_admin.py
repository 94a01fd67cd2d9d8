"""What librarians see: an import's progress and its preview cards (Publish, Fix), the Fix
form, withdrawals, and the library log."""

from __future__ import annotations

from typing import Any

import discord

from bot.library.imports import MAX_ATTACHMENT_BYTES
from bot.library.story import MAX_FILE_BYTES
from bot.storage.importer import Outcome
from bot.storage.imports import LogEntry
from bot.storage.models import StoredStory
from bot.ui import ids, limits, markdown, style
from bot.ui.ids import ListKind
from bot.ui.items import FixButton, PublishButton
from bot.ui.modals import submitted_fields
from bot.ui.pager import Pager
from bot.ui.render import _cast, _field, _pager, _pairings, _story_embed, _story_footer
from bot.ui.reply import Reply, notice

MAX_CARDS = 10  # preview cards per import answer; the rest are counted

LIMITS_NOTE = (
    f"Each attachment up to {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB, "
    f"each story up to {MAX_FILE_BYTES // (1024 * 1024)} MB."
)


def progress(saved: int, total: int) -> Reply:
    return notice(f"Importing… {saved} of {total} files saved; reading them next.")


def import_summary(outcomes: list[Outcome]) -> Reply:
    """The first answer: what came in, what did not (one sentence each)."""
    ready = [o for o in outcomes if o.story_id and not o.existed]
    lines = []
    if ready:
        lines.append(
            f"**{len(ready)}** {'story' if len(ready) == 1 else 'stories'} ready to preview: "
            "nothing is shown to readers until you press **Publish**."
        )
    for o in outcomes:
        if o.existed:
            where = f"story `{o.story_id}`" if o.story_id else o.file
            lines.append(f"• {markdown.escape_inline(o.name)}: already in the library ({where}).")
        elif o.reason:
            lines.append(f"• {markdown.escape_inline(o.name)}: {o.reason}.")
    if not lines:
        lines.append("Nothing to import.")
    lines.append(f"-# {LIMITS_NOTE}")
    return notice("\n".join(lines))


def import_card(outcome: Outcome, story: StoredStory, *, published: bool) -> Reply:
    """How the story was understood, with Publish and Fix while it waits."""
    embed = _story_embed(story)
    embed.description = (
        "✅ Published: readers can find it now."
        if published
        else "👀 Preview: only librarians see this until it is published."
    )
    _field(embed, "Fandom", markdown.escape_inline(story.fandom or "—"))
    _field(embed, "Rating", story.rating)
    _field(embed, "Words", f"{story.words:,}")
    _field(embed, "Characters", _cast(story, limit=10) or "none found", inline=False)
    _field(embed, "Pairings", _pairings(story.pairings), inline=False)
    notes = [markdown.escape_inline(w) for w in outcome.warnings]
    if story.derived:
        guessed = [d for d in story.derived if d in ("title", "author", "fandom", "rating")]
        if guessed:
            notes.append(f"not stated in the file, worked out: {', '.join(guessed)}")
    _field(embed, "Could not read", "\n".join(f"• {n}" for n in notes), inline=False)
    embed.set_footer(text=_story_footer(story, f" · {outcome.file or ''}"))
    embed.colour = style.rating_colour(story.rating)
    view = discord.ui.View(timeout=None)
    if outcome.import_id is not None and not published:
        view.add_item(
            PublishButton(
                ids.publish(outcome.import_id),
                label="Publish",
                emoji="📚",
                style=discord.ButtonStyle.success,
            )
        )
        view.add_item(FixButton(ids.fix(outcome.import_id), label="Fix", emoji="🛠️"))
    return Reply(embeds=[embed], view=view, ephemeral=True).check()


class FixModal(discord.ui.Modal):
    """Correct how an import was understood; written as the story's sidecar. Read from the
    raw submit payload (see ``read_fix``), so it works after a restart too."""

    def __init__(self, import_id: int, story: StoredStory) -> None:
        super().__init__(
            title=limits.fit(f"Fix: {story.title}", limits.MODAL_TITLE),
            custom_id=ids.fix_modal(import_id),
            timeout=None,
        )
        cast = [c.name for c in story.characters if c.role in ("lead", "supporting")]
        cast += [f"{a}/{b}" for a, b in story.pairings]
        fields = [
            ("title", "Title", story.title, discord.TextStyle.short, 200),
            ("author", "Author", story.author, discord.TextStyle.short, 200),
            ("rating", "Rating (General, Teen, Mature, Explicit)", story.rating, None, 40),
            ("fandom", "Fandom", story.fandom, discord.TextStyle.short, 200),
            ("cast", "Characters, and pairings as A/B (commas)", ", ".join(cast), None, 1000),
        ]
        for custom_id, label, default, text_style, max_length in fields:
            self.add_item(
                discord.ui.TextInput(
                    custom_id=custom_id,
                    label=limits.fit(label, 45),
                    default=limits.fit(default, max_length) or None,
                    style=text_style or discord.TextStyle.paragraph,
                    required=custom_id in ("title", "author", "rating"),
                    max_length=max_length,
                )
            )

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:  # noqa: ARG002
        return None  # handled from the raw payload by the library cog's listener


FIX_FIELDS = ("title", "author", "rating", "fandom", "cast")


def read_fix(data: dict[str, Any]) -> tuple[int, dict[str, str]] | None:
    """The import a Fix form is for and its values (None if it is not one of ours)."""
    match = ids.FIX_MODAL.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return None
    values: dict[str, str] = {}
    for component in submitted_fields(data):
        cid = str(component.get("custom_id", ""))
        if isinstance(component.get("value"), str) and cid in FIX_FIELDS:
            values[cid] = str(component["value"])[:1000]
    return int(match.group("imp")), values


LOG_VERBS = {
    "import": "imported",
    "publish": "published",
    "fix": "fixed",
    "withdraw": "withdrew",
    "restore": "restored",
    "forget": "forgot",
}


def library_log(entries: list[LogEntry], *, pager: Pager, total: int, owner: int) -> Reply:
    embed = discord.Embed(title="Library log", colour=style.BRAND)
    lines = []
    for e in entries:
        what = " ".join(
            part
            for part in (
                f"`{e.story_id}`" if e.story_id else "",
                markdown.escape_inline(e.detail) if e.detail else "",
            )
            if part
        )
        when = e.created_at[:16].replace("T", " ")
        lines.append(
            f"{when} · **{markdown.escape_inline(e.user_name)}** "
            f"{LOG_VERBS.get(e.action, e.action)} {what}"
        )
    embed.description = "\n".join(lines) or "Nothing yet: imports and withdrawals show here."
    embed.set_footer(text=f"{total:,} entries · page {pager.page} of {pager.pages}")
    view = discord.ui.View(timeout=None)
    _pager(view, ListKind.LOG, pager, owner)
    return Reply(embeds=[embed], view=view, ephemeral=True).check()
