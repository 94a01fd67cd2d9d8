"""The query tests' library: the four stories of ``library.STORIES``, loaded into ``conn``."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.storage.loader import load_collection
from tests.storage.queries.library import write_library


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


@pytest.fixture
async def library(conn: aiosqlite.Connection, library_dir: Path, roster: Roster) -> Path:
    """Loads the library into ``conn``; returns its folder, for tests that change it."""
    report = await load_collection(conn, library_dir, roster)
    assert report.loaded == 4 and not report.skipped
    return library_dir
