"""One load at a time per story folder, across processes (the bot, ``ficbot load``).

Two loads at once would both see a new file as new and race to give it the same id. An
advisory lock on a hidden file in the folder (loads skip hidden files) makes the second wait;
where the folder is read-only or locks are not supported, loads go on unlocked as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: no cross-process lock there
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".ficbot-load.lock"
POLL_SECONDS = 0.05


@contextlib.asynccontextmanager
async def folder_lock(folder: Path) -> AsyncIterator[None]:
    """Hold the folder's load lock (waiting for it without blocking the event loop)."""
    fd = _open(folder / LOCK_NAME)
    if fd is None or fcntl is None:
        yield
        return
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                await asyncio.sleep(POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # releases the lock


def _open(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
