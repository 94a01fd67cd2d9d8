"""``ficbot load`` with small batches, run in a subprocess by test_kill_loader and
test_import_during_load.

Production batches are large (hundreds of stories per transaction) for speed; the kill test
wants many commit points in a small corpus, so that its kills land between and inside them.
With ``FICBOT_TEST_GATE`` set to a path, the load stops after its first batch until that
file exists: a test can act while the load is surely under way (and holds the folder's lock).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from bot.cli import main
from bot.storage.loader import run


def _gated(gate: Path) -> None:
    write_batch = run.write_batch

    async def write_then_wait(*args: Any, **kwargs: Any) -> None:
        await write_batch(*args, **kwargs)
        # A file another process makes: nothing to await but time.
        while not await asyncio.to_thread(gate.exists):  # noqa: ASYNC110
            await asyncio.sleep(0.01)

    run.write_batch = write_then_wait  # type: ignore[assignment]


if __name__ == "__main__":
    run.BATCH_STORIES = 16
    if os.environ.get("FICBOT_TEST_GATE"):
        _gated(Path(os.environ["FICBOT_TEST_GATE"]))
    raise SystemExit(main(sys.argv[1:]))
