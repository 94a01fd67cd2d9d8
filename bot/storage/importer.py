"""Importing stories a librarian brought in, withdrawing and restoring them: the steps in the
order that keeps every moment safe to crash in.

An import: the file is written under a hidden temporary name; its import is recorded as
pending (committed); only then is the file linked to its real name; then the folder is loaded
(the loader writes a pending file's story withdrawn, so readers never see it). Killed at any
point, the next start removes a temporary file and forgets a pending import whose file never
arrived (``recover``); a file that did arrive stays held until a librarian publishes it.
Publishing lifts the hold (committed) and loads again, which makes the story active.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from bot.library import imports as files
from bot.library import metadata
from bot.library.story import content_hash
from bot.storage import follows
from bot.storage import imports as records
from bot.storage.db import fetch_all, fetch_one
from bot.storage.loader import LoadReport, story_files
from bot.storage.loader.writes import refresh_derived, withdraw

# The bot's load of the whole folder (incremental: unchanged files cost a hash each).
Load = Callable[[], Awaitable[LoadReport | None]]
# Told how far an import got: (files saved, files to save).
ImportProgress = Callable[[int, int], Awaitable[None]]

LOAD_FAILED = "the library could not be loaded just now (the bot's log says why); try again"


@dataclass(frozen=True, slots=True)
class Who:
    guild_id: int
    user_id: int
    user_name: str


@dataclass(slots=True)
class Outcome:
    """What became of one file: its story (held until published), or why not."""

    name: str  # as the librarian gave it (a zip's member: its name inside the zip)
    file: str | None = None  # where it is in the story folder
    import_id: int | None = None
    story_id: str | None = None
    existed: bool = False  # the same text was in the library already
    reason: str = ""  # why it could not be imported ("" if it was)
    warnings: list[str] = field(default_factory=list)


async def import_files(
    conn: aiosqlite.Connection,
    folder: Path,
    attachments: list[tuple[str, bytes]],
    who: Who,
    load: Load,
    progress: ImportProgress | None = None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    incoming: list[files.Incoming] = []
    for name, data in attachments:
        found, rejected = await asyncio.to_thread(files.unpack, name, data)
        incoming.extend(found)
        outcomes.extend(Outcome(r.name, reason=r.reason) for r in rejected)
    known = await _known(conn, folder)
    placed: list[Outcome] = []
    for done, item in enumerate(incoming):
        outcome = await _place(conn, folder, item, known, who)
        (placed if outcome.import_id is not None else outcomes).append(outcome)
        if progress is not None:
            await progress(done + 1, len(incoming))
    if placed:
        report = await load()
        for outcome in placed:
            await _settle(conn, outcome, report)
    return placed + outcomes


@dataclass(frozen=True, slots=True)
class _Known:
    """A file the folder holds already, by content."""

    file: str
    story_id: str | None
    # An import of it still waiting to be published (killed before its preview was shown,
    # or its preview lost): importing the same text again previews that import again.
    pending: int | None = None


async def _known(conn: aiosqlite.Connection, folder: Path) -> dict[str, _Known]:
    """Content hash -> what the folder holds already with that text (files that are still
    there: a withdrawn story's missing file is no duplicate)."""
    stories = await fetch_all(conn, "SELECT content_hash, file, id FROM stories")
    pending = await fetch_all(
        conn,
        "SELECT i.content_hash, i.file, s.id, i.id FROM imports i "
        "LEFT JOIN stories s ON s.file = i.file WHERE i.state = 'pending'",
    )
    files_ = {r[1] for r in stories} | {r[1] for r in pending}
    exists = await asyncio.to_thread(lambda: {f for f in files_ if (folder / f).is_file()})
    known = {r[0]: _Known(r[1], r[2]) for r in stories if r[1] in exists}
    # After the stories: a held story's row is its pending import's.
    known.update({r[0]: _Known(r[1], r[2], int(r[3])) for r in pending if r[1] in exists})
    return known


async def _place(
    conn: aiosqlite.Connection,
    folder: Path,
    item: files.Incoming,
    known: dict[str, _Known],
    who: Who,
) -> Outcome:
    digest = content_hash(item.data)
    if digest in known:
        found = known[digest]
        if found.pending is not None:
            return Outcome(item.name, file=found.file, import_id=found.pending)
        return Outcome(item.name, file=found.file, story_id=found.story_id, existed=True)
    try:
        temp = await asyncio.to_thread(files.write_temp, folder, item.data)
    except OSError as exc:
        return Outcome(item.name, reason=f"could not be saved ({exc.strerror or exc})")
    try:
        while True:
            rel = await asyncio.to_thread(files.free_name, folder, item.name)
            import_id = await records.begin_import(
                conn,
                guild_id=who.guild_id,
                user_id=who.user_id,
                user_name=who.user_name,
                file=rel,
                digest=digest,
            )
            if await asyncio.to_thread(files.link_into_place, temp, folder, rel):
                break
            await records.imported(conn, import_id, None)  # the name went to another import
    finally:
        await asyncio.to_thread(temp.unlink, missing_ok=True)
    known[digest] = _Known(rel, None)  # the same text twice in one import: saved once
    return Outcome(item.name, file=rel, import_id=import_id)


async def _settle(conn: aiosqlite.Connection, outcome: Outcome, report: LoadReport | None) -> None:
    assert outcome.import_id is not None and outcome.file is not None
    row = await fetch_one(conn, "SELECT id FROM stories WHERE file = ?", (outcome.file,))
    outcome.story_id = row[0] if row else None
    if report is None:
        outcome.reason = LOAD_FAILED
        return  # still pending: the next load reads it, and Publish works then
    prefix = f"{outcome.file}: "
    outcome.warnings = [w[len(prefix) :] for w in report.warnings if w.startswith(prefix)]
    if outcome.story_id is None:
        skipped = [s.reason for s in report.skipped if s.file == outcome.file]
        outcome.reason = skipped[0] if skipped else "could not be read as a story"
    await records.imported(conn, outcome.import_id, outcome.story_id)


async def publish(
    conn: aiosqlite.Connection, import_id: int, who: Who, load: Load
) -> tuple[bool, str | None]:
    """Publish a pending import: (whether it was pending, the story id now shown, if any)."""
    lifted = await records.publish(conn, import_id, user_id=who.user_id, user_name=who.user_name)
    found = await records.get_import(conn, import_id)
    if found is None:
        return False, None
    if lifted:
        await load()
    row = await fetch_one(
        conn, "SELECT id FROM stories WHERE file = ? AND status = 'active'", (found.file,)
    )
    return lifted, row[0] if row else None


async def withdraw_story(conn: aiosqlite.Connection, story_id: str, who: Who) -> bool:
    """A librarian's withdrawal: recorded first (so that every load from now on keeps the
    story withdrawn), then done the way the loader withdraws a story whose file is gone."""
    if not await records.hold_story(
        conn, story_id, guild_id=who.guild_id, user_id=who.user_id, user_name=who.user_name
    ):
        return False
    await withdraw(conn, [story_id])
    await refresh_derived(conn)
    return True


async def restore_story(
    conn: aiosqlite.Connection, story_id: str, who: Who, load: Load
) -> tuple[bool, bool]:
    """Lift a librarian's withdrawal and load: (whether it was withdrawn by a librarian,
    whether the story is shown again; it is not if its file is gone)."""
    released = await records.release_story(
        conn, story_id, guild_id=who.guild_id, user_id=who.user_id, user_name=who.user_name
    )
    if released:
        await load()
    row = await fetch_one(conn, "SELECT status FROM stories WHERE id = ?", (story_id,))
    return released, bool(row and row[0] == "active")


async def set_author(
    conn: aiosqlite.Connection, folder: Path, story_id: str, user_id: int | None
) -> None:
    """Name (or, None, stop naming) the Discord account that wrote a story. Written in the
    story's sidecar first, then the database: the folder is the source of truth, and every
    load sets the account from the sidecar, so the next one keeps what the librarian set.
    Raises ``metadata.SidecarError`` if the sidecar there is not valid TOML, OSError if it
    cannot be written."""
    row = await fetch_one(conn, "SELECT file FROM stories WHERE id = ?", (story_id,))
    # A withdrawn story's file may be gone: no sidecar without its story.
    if row is not None and await asyncio.to_thread((folder / row[0]).is_file):
        account = str(user_id) if user_id is not None else None
        await asyncio.to_thread(
            files.update_sidecar, folder, row[0], {metadata.ACCOUNT_FIELD: account}
        )
    await follows.set_author_user(conn, story_id, user_id)


async def recover(conn: aiosqlite.Connection, folder: Path) -> None:
    """At start: remove what an import killed midway left (a temporary file; a pending
    import whose file never arrived). Must run before any import of this process starts."""
    if not await asyncio.to_thread(folder.is_dir):
        return
    await asyncio.to_thread(files.clean_leftovers, folder)
    present = await asyncio.to_thread(
        lambda: {p.relative_to(folder).as_posix() for p in story_files(folder)}
    )
    await records.forget_unplaced(conn, present)
