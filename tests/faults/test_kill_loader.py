"""kill -9 the loader at random points of a large load: the data stays whole, the next load
finishes the job. Seeded, so a failure can be replayed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.library.roster_file import load_roster
from bot.library.story import analyse
from tests.faults.corpus import make_corpus
from tests.fixtures.paths import REPO

TRIALS = 20
SEED = 20261122


def _load(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FICBOT_LOG_LEVEL": "ERROR"}
    env.pop("DISCORD_TOKEN", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.faults.load_driver",
            "load",
            str(folder),
            "--db",
            str(db),
            "--json",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _check_whole_or_absent(db: Path, expected: dict[str, tuple[int, int, int]]) -> int:
    """Every story row has all its paragraphs, passages and cast; returns how many are there."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master")}
        if "stories" not in tables:
            # Killed before the schema's first migration committed (a slow, busy machine makes
            # this likelier): nothing was written, which is whole too.
            return 0
        present = 0
        for (story_id,) in con.execute("SELECT id FROM stories").fetchall():
            paragraphs = con.execute(
                "SELECT count(*) FROM paragraphs WHERE story_id = ?", (story_id,)
            ).fetchone()[0]
            passages = con.execute(
                "SELECT count(*) FROM passages WHERE story_id = ?", (story_id,)
            ).fetchone()[0]
            cast = con.execute(
                "SELECT count(*) FROM story_characters WHERE story_id = ?", (story_id,)
            ).fetchone()[0]
            assert (paragraphs, passages, cast) == expected[story_id], story_id
            fts = con.execute(
                "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ? AND rowid IN "
                "(SELECT id FROM passages WHERE story_id = ?)",
                ('"the"', story_id),
            ).fetchone()[0]
            assert fts > 0, f"{story_id}: full-text index missing"
            present += 1
        return present
    finally:
        con.close()


def _wait_for_first_commit(db: Path, proc: subprocess.Popen[bytes]) -> None:
    """Poll until some stories are committed (the load is under way), then return."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
                try:
                    if con.execute("SELECT count(*) FROM stories").fetchone()[0] > 0:
                        return
                finally:
                    con.close()
            except sqlite3.Error:
                pass
        time.sleep(0.01)


@pytest.mark.slow
def test_kill_minus_nine_during_load_never_leaves_a_broken_story(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    files = make_corpus(folder, 260, paragraphs=12)
    roster = load_roster(folder)
    expected = {}
    for path in files:
        parsed = analyse(path.read_bytes(), stem=path.stem, roster=roster)
        expected[parsed.id] = (len(parsed.paragraphs), len(parsed.passages), len(parsed.characters))

    # How long a whole load takes here, to spread the kills across it.
    t0 = time.monotonic()
    full = _load(folder, tmp_path / "timing.sqlite3")
    assert full.wait(timeout=300) == 0
    duration = time.monotonic() - t0

    rng = random.Random(SEED)
    partial_seen = 0
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.sqlite3"
        proc = _load(folder, db)
        if trial == TRIALS - 1:
            _wait_for_first_commit(db, proc)  # one kill sure to land mid-load
        else:
            time.sleep(rng.uniform(duration * 0.3, duration * 0.95))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        present = _check_whole_or_absent(db, expected) if db.exists() else 0
        partial_seen += 0 < present < len(files)
        # The next load finishes the job.
        again = _load(folder, db)
        assert again.wait(timeout=300) == 0, again.stderr.read() if again.stderr else ""
        assert _check_whole_or_absent(db, expected) == len(files)
    assert partial_seen >= 1, "the kills should land mid-load, not only before or after"
