"""What a reader keeps away: ``/fic exclude``, ``/fic exclusions`` (list, remove), and the
server's own, ``/ficadmin exclude``. The exclusions reach every list through
``bot.app.filters.reader_filter``."""

from __future__ import annotations

import secrets
from typing import Any

import discord
from discord import app_commands

from bot.app import respond
from bot.app.common import bot_of, guild_id
from bot.app.groups import GroupedCog
from bot.app.tree import NotAllowed
from bot.library import ratings
from bot.storage import exclusions, queries
from bot.storage.exclusions import SERVER
from bot.storage.queries import browse
from bot.storage.queries.filters import ExclusionKind, pairing_key
from bot.ui import ids, limits, markdown, render
from bot.ui.ids import Action
from bot.ui.items import UnexcludeSelect
from bot.ui.refusal import Refusal

KIND_CHOICES = [app_commands.Choice(name=str(k), value=str(k)) for k in ExclusionKind]


async def _value(conn: Any, kind: ExclusionKind, typed: str) -> tuple[str, str]:
    """(folded value, label) of what the reader typed, as the filter compares it."""
    if kind is ExclusionKind.CHARACTER:
        found = await queries.resolve_character(conn, typed)
        if found is None:
            raise Refusal(
                render.unknown_character(typed, await queries.suggest_characters(conn, typed))
            )
        return found.name.lower(), found.name
    if kind is ExclusionKind.PAIRING:
        split = browse.split_pairing(typed)
        if split is None:
            raise Refusal("Name two characters: `Sephiroth/Aeris`.")
        names = []
        for name in split[:2]:
            found = await queries.resolve_character(conn, name)
            names.append(found.name if found else " ".join(name.split()))
        return pairing_key(names[0], names[1]), f"{names[0]}/{names[1]}"
    if kind is ExclusionKind.RATING:
        by_name = {r.casefold(): r for r in ratings.RATINGS} | {
            "general": ratings.GENERAL,
            "teen": ratings.TEEN,
        }
        rating = by_name.get(typed.strip().casefold())
        if rating is None:
            raise Refusal("A rating is General, Teen, Mature, Explicit or Not Rated.")
        return rating, rating
    label = " ".join(typed.split())
    if not any(ch.isalnum() for ch in label):
        raise Refusal(f"Tell me the {kind} to keep away: a word or two.")
    return label.lower(), label


def _render_list(listed: list[exclusions.Exclusion], owner: int, scope: str) -> render.Reply:
    mine = [e for e in listed if not e.server]
    server = [e for e in listed if e.server]
    embed = discord.Embed(title="What you never see", colour=0x7E57C2)
    render.fit_field(
        embed,
        "Yours",
        "\n".join(f"{e.kind}: {markdown.escape_inline(e.label)}" for e in mine) or "nothing yet",
        inline=False,
    )
    render.fit_field(
        embed,
        "This server's (set by its admins)",
        "\n".join(f"{e.kind}: {markdown.escape_inline(e.label)}" for e in server) or "nothing",
        inline=False,
    )
    embed.set_footer(text="They apply to random, browse, search, by-character and recommendations")
    view = discord.ui.View(timeout=None)
    removable = mine if scope == "u" else server
    if removable:
        options = [
            discord.SelectOption(
                label=limits.fit(f"Remove {e.kind}: {e.label}", limits.SELECT_OPTION_TEXT),
                value=f"{e.kind}:{e.value}"[:100],
            )
            for e in removable[: limits.SELECT_OPTIONS]
        ]
        view.add_item(
            UnexcludeSelect(
                ids.unexclude(owner, scope, secrets.token_hex(3)), options, "Remove one…"
            )
        )
    return render.Reply(embeds=[embed], view=view, ephemeral=True).check()


def _manage_guild(interaction: discord.Interaction[Any]) -> bool:
    if not (interaction.permissions.manage_guild or interaction.permissions.administrator):
        raise NotAllowed("Only members with the Manage Server permission can do that.")
    return True


async def exclude_for(
    interaction: discord.Interaction[Any], user: int, kind: str, typed: str
) -> render.Reply:
    """Add an exclusion for a reader (or, user SERVER, for the whole server)."""
    try:
        chosen = ExclusionKind(kind)
    except ValueError:
        raise Refusal("Exclude a tag, character, pairing, warning or rating.") from None
    conn = bot_of(interaction).db
    value, label = await _value(conn, chosen, typed)
    new = await exclusions.add(conn, guild_id(interaction), user, chosen, value, label)
    who = "anyone here" if user == SERVER else "you"
    done = "I won't show" if new else "I already don't show"
    return render.notice(
        f"{done} {who} stories with the {chosen} **{markdown.typed(label, 80)}**. "
        "See `/fic exclusions`."
    )


class Privacy(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update({Action.UNEXCLUDE: self.on_unexclude})

    @app_commands.command(name="exclude", description="Never show me stories with this")
    @app_commands.describe(
        kind="What to keep away", value="The tag, character, pairing, warning or rating"
    )
    @app_commands.choices(kind=KIND_CHOICES)
    async def exclude(
        self,
        interaction: discord.Interaction[Any],
        kind: str,
        value: app_commands.Range[str, 1, 90],
    ) -> None:
        await respond.send(
            interaction, await exclude_for(interaction, interaction.user.id, kind, value)
        )

    @app_commands.command(
        name="exclusions", description="What you (and this server) keep away; remove one"
    )
    async def exclusions_(self, interaction: discord.Interaction[Any]) -> None:
        listed = await exclusions.listed(self.bot.db, guild_id(interaction), interaction.user.id)
        await respond.send(interaction, _render_list(listed, interaction.user.id, "u"))

    async def on_unexclude(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        gid = guild_id(interaction)
        scope = "s" if params.get("scope") == "s" else "u"
        if scope == "s":
            _manage_guild(interaction)
        kind, _, value = params.get("value", "").partition(":")
        user = SERVER if scope == "s" else interaction.user.id
        await exclusions.remove(self.bot.db, gid, user, kind, value)
        listed = await exclusions.listed(self.bot.db, gid, interaction.user.id)
        await respond.update(interaction, _render_list(listed, interaction.user.id, scope))


class PrivacyAdmin(GroupedCog):
    group_name = "ficadmin"

    @app_commands.command(name="exclude", description="Never show anyone here stories with this")
    @app_commands.describe(
        kind="What to keep away", value="The tag, character, pairing, warning or rating"
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.check(_manage_guild)
    async def exclude(
        self,
        interaction: discord.Interaction[Any],
        kind: str,
        value: app_commands.Range[str, 1, 90],
    ) -> None:
        await respond.send(interaction, await exclude_for(interaction, SERVER, kind, value))

    @app_commands.command(name="exclusions", description="This server's exclusions; remove one")
    @app_commands.check(_manage_guild)
    async def exclusions_(self, interaction: discord.Interaction[Any]) -> None:
        listed = await exclusions.listed(self.bot.db, guild_id(interaction), interaction.user.id)
        await respond.send(interaction, _render_list(listed, interaction.user.id, "s"))


async def setup(bot: Any) -> None:
    await bot.add_cog(Privacy(bot))
    await bot.add_cog(PrivacyAdmin(bot))
