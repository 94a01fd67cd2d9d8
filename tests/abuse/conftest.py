"""What the abuse tests share besides the real bot of tests/fixtures/bot.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app import stories


@pytest.fixture
def with_explicit(seeds_dir: Path) -> None:
    """Story 050, rated Explicit: only for age-restricted channels."""
    stories.add(seeds_dir, "050_after-hours.txt", stories.EXPLICIT)
