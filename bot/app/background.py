"""Work the bot starts and does not wait for (telling followers of a new story): kept
referenced until done (asyncio holds only weak references to tasks), its failures logged, and
given a moment to finish when the bot closes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class Background:
    def __init__(self, what: str) -> None:
        self.what = what  # for the log: "follower notices"
        self.tasks: set[asyncio.Task[None]] = set()

    def start(self, work: Coroutine[Any, Any, None], *, name: str) -> asyncio.Task[None]:
        task = asyncio.create_task(self._logged(work), name=name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def _logged(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed", self.what)

    async def idle(self) -> None:
        """Wait until everything started so far (and what it starts) is done."""
        while self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)

    async def close(self, *, grace: float) -> None:
        """Let running work finish for up to ``grace`` seconds, then cancel what is left."""
        if not self.tasks:
            return
        _done, pending = await asyncio.wait(set(self.tasks), timeout=grace)
        for task in pending:
            log.warning("%s cut short by the bot closing: %s", self.what, task.get_name())
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
