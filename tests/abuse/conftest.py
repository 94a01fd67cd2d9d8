"""The real bot on a temporary database, as in tests/app, plus what the abuse tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app import stories
from tests.app.conftest import h, make_bot, settings, world

__all__ = ["h", "make_bot", "settings", "with_explicit", "world"]


@pytest.fixture
def with_explicit(seeds_dir: Path) -> None:
    """Story 050, rated Explicit: only for age-restricted channels."""
    stories.add(seeds_dir, "050_after-hours.txt", stories.EXPLICIT)
