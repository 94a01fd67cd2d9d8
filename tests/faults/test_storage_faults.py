"""The database read-only or its disk full: readers are told clearly, reading keeps working,
nothing already stored is damaged."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import errors
from bot.app.client import FicBot
from bot.config import Settings
from fakediscord import Harness, World
from tests.fixtures.bot import set_feedback_channel

TEXT = "A review written while the disk was in trouble."


async def _review(h: Harness, user: str = "ayla"):  # type: ignore[no-untyped-def]
    opened = await h.slash("fic review", story="004", user=user)
    return await h.submit_modal(
        opened, {"rating": ["4"], "text": TEXT, "spoiler": False}, user=user
    )


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, small filesystem (tmpfs) for the database, so that "disk full" is the real thing:
    SQLite's writes (its WAL included) fail with ENOSPC."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path) -> Path:
    """Use up every free byte of the disk with a ballast file."""
    ballast = disk / "ballast"
    # Unbuffered: a buffered file would fail once more on close, flushing what it still holds.
    with ballast.open("wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass
    return ballast


async def test_read_only_database(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    await _writes_fail_clearly_reads_keep_working(h, "read-only", caplog, None)


async def test_full_disk(
    small_disk: Path,
    make_bot: Callable[..., FicBot],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = make_bot(settings=replace(settings, db_path=small_disk / "bot.sqlite3"))
    async with Harness(bot, World()) as h:
        await _writes_fail_clearly_reads_keep_working(h, "full", caplog, small_disk)


async def _writes_fail_clearly_reads_keep_working(
    h: Harness, fault: str, caplog: pytest.LogCaptureFixture, disk: Path | None
) -> None:
    await set_feedback_channel(h)
    before = await _review(h, user="bram")
    assert "Thanks" in before.content
    ballast = None
    if disk is None:
        await h.bot.db.execute("PRAGMA query_only = ON")
    else:
        ballast = _fill(disk)

    h.bot.review_cooldown.seconds = 0
    failed = await _review(h)
    assert failed.ephemeral and "Thanks" not in (failed.content or "")
    expected = errors.READ_ONLY if fault == "read-only" else errors.FULL
    assert failed.content == expected
    assert ("read-only" if fault == "read-only" else "disk is full") in caplog.text

    kudos = await h.click(await h.slash("fic random", character="Aeris"), "fb:kudos:004")
    assert kudos.content == expected

    # Reading still works.
    for command, options in [
        ("fic random", {}),
        ("fic story", {"story": "004"}),
        ("fic reviews", {"story": "004"}),
        ("fic by-character", {"name": "Aeris"}),
        ("fic search", {"text": "hero"}),
    ]:
        ex = await h.slash(command, **options)
        assert ex.ok and ex.embeds, command

    # Nothing stored was damaged, and writing works again once the fault is gone.
    conn = h.bot.db
    if ballast is None:
        await conn.execute("PRAGMA query_only = OFF")
    else:
        ballast.unlink()
    assert (await (await conn.execute("PRAGMA integrity_check")).fetchone())[0] == "ok"
    listing = await h.slash("fic reviews", story="004")
    assert "(1 review)" in listing.embed["description"]
    again = await _review(h)
    assert "Thanks" in again.content


def test_busy_database_message_is_a_retry() -> None:
    assert errors.describe(sqlite3.OperationalError("database is locked")) == errors.BUSY
    assert errors.describe(ValueError("x")) == errors.APOLOGY
