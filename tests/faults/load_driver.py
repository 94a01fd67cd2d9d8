"""``ficbot load`` with small batches, run in a subprocess by test_kill_loader.

Production batches are large (hundreds of stories per transaction) for speed; the kill test
wants many commit points in a small corpus, so that its kills land between and inside them.
"""

from __future__ import annotations

import sys

from bot.cli import main
from bot.storage.loader import run

if __name__ == "__main__":
    run.BATCH_STORIES = 16
    raise SystemExit(main(sys.argv[1:]))
