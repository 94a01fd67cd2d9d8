"""``FicBot``: one process, one database connection, three cogs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from pathlib import Path
from typing import Any

import aiosqlite
import discord
from discord.ext import commands

from bot.app import sync
from bot.app.background import Background
from bot.app.cooldown import ReviewCooldown
from bot.app.groups import make_groups
from bot.app.page_cache import PageCache
from bot.app.positions import PositionRecorder
from bot.app.posting import Poster
from bot.app.tree import FicTree, answer_error
from bot.config import Settings
from bot.library.roster_file import load_roster
from bot.storage import db, importer
from bot.storage.feedback import ReviewWriter
from bot.storage.loader import LoadReport, Progress, load_collection
from bot.ui import ids, items
from bot.ui.ids import Action
from bot.ui.refusal import STALE, Refusal

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.excerpts",
    "cogs.recommendations",
    "cogs.feedback",
    "cogs.library_admin",
    "cogs.shelf",
    "cogs.browse",
    "cogs.privacy",
    "cogs.follows",
    "cogs.my_data",
    "cogs.recommend",
)

# Exactly what ficbot does in a server: read and post in channels and threads, with embeds
# and the CSV export; and read a story thread's recent messages, to find a review's post that
# went out just before a crash (so it is not posted twice). Nothing else (no moderation, no
# mentions).
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)


def intents() -> discord.Intents:
    """The fewest intents that work: guilds, for the channel cache. Nothing privileged."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    return chosen


def freeze_survivors() -> None:
    """Leave the objects alive now out of the garbage collector's full passes.

    What exists once the bot has started and loaded (modules, discord.py's caches, the
    library's lookups) lives as long as the bot; a full pass over all of it stops the event
    loop for a while in a big library, and lands in some reader's command.
    Young garbage is collected first so that little of it is frozen with them.
    """
    gc.collect(1)
    gc.freeze()


class FicBot(commands.Bot):
    def __init__(
        self,
        settings: Settings,
        *,
        sync_commands: bool = True,
        load_on_start: bool = True,
        freeze_memory: bool = False,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            tree_cls=FicTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
        )
        self.settings = settings
        self.sync_commands = sync_commands
        self.load_on_start = load_on_start
        # Only when the bot owns its process (ficbot run, the console, the benchmark): frozen
        # objects are never collected, which a test process creating bot after bot can't have.
        self.freeze_memory = freeze_memory
        self._db: aiosqlite.Connection | None = None
        self.component_handlers: dict[Action, items.Handler] = {}
        self.command_groups = make_groups()
        self.review_cooldown = ReviewCooldown()
        self.poster = Poster(self)
        self.page_cache = PageCache()
        # Set by the shelf cog when it loads (it owns the flushing task).
        self.positions: PositionRecorder
        self.loading: asyncio.Task[LoadReport | None] | None = None
        # Followers told of a new story, after the librarian's answer (bot.app.announce).
        self.follower_notices = Background("telling followers of a new story")
        self.last_load: LoadReport | None = None
        self._invite_logged = False

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("the database is not open yet")
        return self._db

    async def setup_hook(self) -> None:
        self._db = await db.connect(self.settings.db_path)
        # Before any load or import: what an import killed midway left behind goes.
        await importer.recover(self._db, self.settings.seeds)
        self.review_writer = ReviewWriter(self._db)
        for name in EXTENSIONS:
            await self.load_extension(name)
        self.add_dynamic_items(*items.ALL_ITEMS)
        if self.load_on_start:
            # Load in the background: the gateway connects meanwhile and commands answer from
            # whatever is already in the database.
            self.loading = asyncio.create_task(self.load_library(), name="ficbot-load")
        if self.sync_commands:
            try:
                await sync.sync_if_changed(self.db, self.tree, self.settings.dev_guild)
            except discord.HTTPException as exc:
                # Not fatal: the commands Discord already has keep working; retry with ficbot sync.
                log.warning("could not sync slash commands (%s); run `ficbot sync` later", exc)
        if self.freeze_memory and not self.load_on_start:
            freeze_survivors()
        # Reviews stored but not posted (a crash, a missing channel) go out now if they can.
        self._flush = asyncio.create_task(self.poster.flush_all(), name="ficbot-flush-reviews")

    async def load_library(self, folder: Path | None = None) -> LoadReport | None:
        folder = folder or self.settings.seeds
        roster = await asyncio.to_thread(load_roster, folder)
        last_log = 0.0

        def progress(p: Progress) -> None:
            nonlocal last_log
            now = asyncio.get_running_loop().time()
            if now - last_log >= 5 or p.files_done == p.files_total:
                last_log = now
                log.info(
                    "loading stories: %d/%d files, %.1f/%.1f MB",
                    p.files_done,
                    p.files_total,
                    p.bytes_done / 1e6,
                    p.bytes_total / 1e6,
                )

        # The load writes through its own connection: its batch transactions must never
        # interleave with the reviews and kudos written on the bot's connection meanwhile.
        conn = await db.connect(self.settings.db_path)
        try:
            report = await load_collection(conn, folder, roster, progress=progress)
        except FileNotFoundError as exc:
            log.error("%s; set FICBOT_SEEDS to your story folder", exc)
            return None
        except Exception:
            log.exception("loading the story collection failed; serving what is already loaded")
            return None
        finally:
            await conn.close()
        self.last_load = report
        log.info("story collection: %s", report.summary())
        if self.freeze_memory:
            freeze_survivors()
        return report

    async def wait_until_loaded(self) -> None:
        if self.loading is not None:
            await asyncio.shield(self.loading)

    def invite_link(self) -> str | None:
        if self.application_id is None:
            return None
        return discord.utils.oauth_url(
            self.application_id,
            permissions=INVITE_PERMISSIONS,
            scopes=("bot", "applications.commands"),
        )

    async def on_ready(self) -> None:
        # Never sync here: on_ready fires on every reconnect.
        log.info(
            "logged in as %s (%s) in %d servers",
            self.user,
            getattr(self.user, "id", "?"),
            len(self.guilds),
        )
        link = self.invite_link()
        if link and not self._invite_logged:
            self._invite_logged = True
            log.info("invite ficbot to a server: %s", link)

    async def close(self) -> None:
        self.poster.close()
        # DMs under way get a moment to go out; the rest are lost with the process anyway.
        await self.follower_notices.close(grace=5.0)
        if self.loading is not None and not self.loading.done():
            self.loading.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.loading
        await super().close()
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def run_component(
        self, action: Action, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        """A button or select was pressed: the handler a cog registered for its action does the
        work; a refusal or failure is answered as a command's would be."""
        handler = self.component_handlers.get(action)
        try:
            if handler is None:
                raise LookupError(f"no handler registered for {action}")
            await handler(interaction, params)
        except Exception as exc:
            await answer_error(interaction, exc)

    async def answer_error(
        self, interaction: discord.Interaction[Any], error: BaseException
    ) -> None:
        await answer_error(interaction, error)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Presses and forms that nothing else will answer get a polite "out of date":
        discord.py drops a custom id no item knows (forged, or from an old version), and a
        known one that is not on the message (it was edited since, or the press is forged),
        and the reader would see "This interaction failed"."""
        data: Any = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if interaction.type is discord.InteractionType.component:
            handled = items.on_message(interaction.message, custom_id) and any(
                item.__discord_ui_compiled_template__.fullmatch(custom_id)
                for item in items.ALL_ITEMS
            )
        elif interaction.type is discord.InteractionType.modal_submit:
            # The feedback cog answers every submit of ours, even a malformed one.
            handled = custom_id.startswith((ids.REVIEW_MODAL_PREFIX, ids.FIX_MODAL_PREFIX))
        else:
            return
        if not handled:
            log.info("stale custom_id %r from user %s", custom_id[:120], interaction.user.id)
            await answer_error(interaction, Refusal(STALE))

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("unhandled error in %s", event_method)
