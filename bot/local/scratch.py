"""A scratch copy of the library for ``ficbot console --script``: a script (the journey, a
demo, a check) runs on it and leaves the real story folder and database as they were, so it
can run again and again. A story it imports never reaches the folder every server reads.

The folder is copied as hard links where it can be (instant, and safe: the bot never writes
a story file in place; it adds files and replaces sidecars with new ones), the database with
SQLite's backup (a consistent copy even while a bot is using it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings


@contextlib.contextmanager
def scratch_library(settings: Settings) -> Iterator[Settings]:
    """``settings`` pointing at a temporary copy of its story folder and database, removed
    on exit."""
    with tempfile.TemporaryDirectory(prefix="ficbot-script-") as tmp:
        root = Path(tmp)
        seeds = root / "stories"
        if settings.seeds.is_dir():
            shutil.copytree(
                settings.seeds,
                seeds,
                copy_function=_link_or_copy,
                ignore=shutil.ignore_patterns(".*"),  # the load lock, an import's leftovers
            )
        else:
            seeds = settings.seeds  # the console says it is missing, as it would anyway
        db = root / "library.sqlite3"
        if settings.db_path.is_file():
            _copy_database(settings.db_path, db)
        yield dataclasses.replace(settings, seeds=seeds, db_path=db)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)


def _copy_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
