"""Shared fixtures: a fresh database and a copy of the seed collection per test."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.library.roster_file import load_roster
from bot.storage import db

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped collection (stories and roster) that a test may edit."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def roster() -> Roster:
    return load_roster(SEEDS)


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    connection = await db.connect(tmp_path / "test.sqlite3")
    try:
        yield connection
    finally:
        await connection.close()
