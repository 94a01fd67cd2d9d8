"""Parsing one file into rows: what a worker process sends back, failures included."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.library.detect import Detector
from bot.library.roster import Roster
from bot.library.story import content_hash
from bot.storage.loader import parse_worker
from bot.storage.loader.parse_worker import Failed, ParsePool, Prepared, parse_file

STORY = """Cloud walked into the bar and ordered a drink. Tifa looked up from the glass she was polishing and smiled at him, the way she always did when he came home late.

"You're back," she said. Cloud nodded and sat down, and for a while neither of them said anything at all, which was how they liked it.
"""


def _parse(path: Path, roster: Roster) -> parse_worker.ParseOutcome:
    return parse_file(str(path), path.stem, roster, Detector(roster))


def test_a_story_becomes_its_rows(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "017_bar.txt"
    path.write_text(STORY)
    outcome = _parse(path, roster)
    assert outcome.warnings == []
    prepared = outcome.result
    assert isinstance(prepared, Prepared)
    raw = path.read_bytes()
    assert (prepared.digest, prepared.size) == (content_hash(raw), len(raw))
    assert len(prepared.sections) == len(prepared.kinds) == len(prepared.texts)
    assert {c[0] for c in prepared.characters} >= {"Cloud Strife", "Tifa Lockhart"}
    # Each featured pair names a passage of the story.
    assert len(prepared.featured_passage) == len(prepared.featured_name)
    assert all(0 <= k < len(prepared.passage_texts) for k in prepared.featured_passage)


def test_a_bad_file_is_a_failure_not_an_error(tmp_path: Path, roster: Roster) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = _parse(empty, roster).result
    assert isinstance(result, Failed) and not result.unexpected and "empty" in result.reason
    missing = _parse(tmp_path / "missing.txt", roster).result
    assert isinstance(missing, Failed) and missing.reason.startswith("cannot be read")


def test_a_parser_crash_is_an_unexpected_failure_with_its_traceback(
    tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(parse_worker, "analyse", crash)
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    result = _parse(path, roster).result
    assert isinstance(result, Failed) and result.unexpected
    assert result.reason == "could not be parsed (ZeroDivisionError)"
    assert "ZeroDivisionError: bug" in result.detail


def test_a_broken_sidecar_is_a_warning(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    path.with_suffix(".toml").write_text("title = [unclosed")
    outcome = _parse(path, roster)
    assert isinstance(outcome.result, Prepared)
    assert len(outcome.warnings) == 1 and "sidecar ignored" in outcome.warnings[0]


async def test_the_pool_parses_in_a_thread_for_small_loads(tmp_path: Path, roster: Roster) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    pool = ParsePool(roster, workers=None)
    pool.start(use_processes=False)
    try:
        assert pool.pool is None
        (outcome,) = await pool.submit([(str(path), path.stem)])
        assert isinstance(outcome.result, Prepared)
    finally:
        pool.close()


@pytest.mark.slow
async def test_the_pool_parses_in_worker_processes(tmp_path: Path, roster: Roster) -> None:
    paths = []
    for k in range(3):
        path = tmp_path / f"{k}.txt"
        path.write_text(STORY.replace("bar", f"bar number {k}"))
        paths.append(path)
    pool = ParsePool(roster, workers=2)
    pool.start(use_processes=True)
    try:
        assert pool.pool is not None
        outcomes = await asyncio.wait_for(
            pool.submit([(str(p), p.stem) for p in paths]), timeout=120
        )
        here = [_parse(p, roster) for p in paths]
        assert outcomes == here  # the same rows, whichever process parsed them
    finally:
        pool.close()
