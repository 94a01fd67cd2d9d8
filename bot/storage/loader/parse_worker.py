"""Parsing story files into ready-to-insert rows: the process boundary of a load.

What runs in the worker processes lives here, and only here: ``parse_file`` and what it
needs. The workers are spawned, so each imports this module afresh; they read the files
themselves and send back ``ParseOutcome``s, so the corpus never crosses the boundary as text.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import multiprocessing
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from bot.library import metadata
from bot.library.detect import ROLE_ORDER, Detector
from bot.library.roster import Roster
from bot.library.story import ParsedStory, StoryError, analyse, content_hash


@dataclass(slots=True)
class Prepared:
    """One story parsed and turned into rows, ready to insert (what a worker sends back).

    Column by column, not row by row: a story is a dozen lists of strings and numbers rather
    than hundreds of tuples, which keeps the loading process's garbage collections short
    (they stop the event loop; the rows are built one at a time as SQLite takes them).
    """

    digest: str
    size: int
    title: str
    author: str
    fandom: str
    rating: str
    adult: int
    derived: str
    summary: str
    tags: str
    words: int
    reading_minutes: int
    # complete / in-progress / unknown, and the chapters posted and planned if the source says
    completion: str
    chapters_posted: int | None
    chapters_total: int | None
    # paragraphs, in order (the index is the position)
    sections: list[str]
    kinds: list[str]
    scene_starts: list[int]
    texts: list[str]
    # One row per character: name, fandom, confirmed, role, role rank, mentions, score, called.
    characters: list[tuple[str, str, int, str, int, int, float, str]]
    pairings: list[tuple[str, str]]
    friendships: list[tuple[str, str]]
    # passages, in order: paragraphs spanned and text
    passage_first: list[int]
    passage_last: list[int]
    passage_texts: list[str]
    # who each passage features: (passage position, character name) pairs, flattened
    featured_passage: list[int]
    featured_name: list[str]
    # chapters, in order: (title, summary, notes, end notes, first, last, text first, text
    # last, words); summary and notes as paragraphs joined by blank lines
    chapters: list[tuple[str, str, str, str, int, int, int, int, int]]
    # The author's Discord account, from the sidecar's ``discord_user_id`` (None: none named)
    author_user_id: int | None = None


@dataclass(slots=True)
class Failed:
    reason: str  # for the load report
    unexpected: bool  # a parser bug, not a bad file: logged with its traceback
    detail: str = ""


@dataclass(slots=True)
class ParseOutcome:
    """What parsing one file came to: its rows or why there are none, and any warnings."""

    result: Prepared | Failed
    warnings: list[str] = field(default_factory=list)


def prepare(parsed: ParsedStory, digest: str, size: int) -> Prepared:
    meta = parsed.meta
    tags = json.dumps(
        {
            "warnings": meta.warnings,
            "category": meta.category,
            "relationships": meta.relationships,
            "characters": meta.characters,
            "tags": meta.tags,
        }
    )
    return Prepared(
        digest=digest,
        size=size,
        title=meta.title,
        author=meta.author,
        fandom=meta.fandom,
        rating=meta.rating,
        adult=int(meta.adult),
        derived=",".join(sorted(meta.derived)),
        summary=meta.summary,
        tags=tags,
        words=parsed.words,
        reading_minutes=parsed.reading_minutes,
        completion=str(parsed.progress.completion),
        chapters_posted=parsed.progress.chapters_posted,
        chapters_total=parsed.progress.chapters_total,
        sections=[p.section.value for p in parsed.paragraphs],
        kinds=[p.kind.value for p in parsed.paragraphs],
        scene_starts=[int(p.scene_start) for p in parsed.paragraphs],
        texts=[p.text for p in parsed.paragraphs],
        characters=[
            (
                c.name,
                c.fandom or "",
                int(c.confirmed),
                c.role,
                ROLE_ORDER[c.role],
                c.mentions,
                c.score,
                c.called,
            )
            for c in parsed.characters
        ],
        pairings=list(parsed.pairings),
        friendships=list(parsed.friendships),
        passage_first=[p.first for p in parsed.passages],
        passage_last=[p.last for p in parsed.passages],
        passage_texts=[p.text for p in parsed.passages],
        featured_passage=[k for k, names in enumerate(parsed.passage_characters) for _ in names],
        featured_name=[name for names in parsed.passage_characters for name in names],
        chapters=[
            (
                c.title,
                "\n\n".join(c.summary),
                "\n\n".join(c.notes),
                "\n\n".join(c.end_notes),
                c.first,
                c.last,
                c.text_first,
                c.text_last,
                c.words,
            )
            for c in parsed.chapters
        ],
    )


def parse_file(path: str, stem: str, roster: Roster, detector: Detector) -> ParseOutcome:
    """Read, parse and prepare one story file. Never raises: failures are outcomes."""
    warnings: list[str] = []
    sidecar_path = Path(path).with_suffix(".toml")
    sidecar = None
    try:
        sidecar = _read_sidecar(sidecar_path)
    except metadata.SidecarError as exc:
        warnings.append(f"sidecar ignored, not valid TOML ({exc})")
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return ParseOutcome(Failed(f"cannot be read: {exc.strerror or exc}", False), warnings)
    try:
        parsed = analyse(
            raw,
            stem=stem,
            roster=roster,
            sidecar=sidecar,
            detector=detector,
            suffix=Path(path).suffix,
        )
        warnings.extend(parsed.warnings)  # logged with the file's name (a rating not understood)
    except StoryError as exc:
        return ParseOutcome(Failed(str(exc), False), warnings)
    except Exception as exc:  # a parser bug must not stop the whole load
        detail = "".join(traceback.format_exception(exc))
        return ParseOutcome(
            Failed(f"could not be parsed ({type(exc).__name__})", True, detail), warnings
        )
    prepared = prepare(parsed, content_hash(raw), len(raw))
    prepared.author_user_id = _account(sidecar, warnings)
    return ParseOutcome(prepared, warnings)


def _account(sidecar: metadata.HeaderFields | None, warnings: list[str]) -> int | None:
    written = (sidecar or {}).get(metadata.ACCOUNT_FIELD)
    if written is None or written == "":
        return None
    account = metadata.account_id(written)
    if account is None:
        warnings.append(
            f"sidecar's {metadata.ACCOUNT_FIELD} ignored: {written[:40]!r} is not a Discord "
            "account id (a number of 17 to 20 digits)"
        )
    return account


def _read_sidecar(path: Path) -> metadata.HeaderFields | None:
    return metadata.read_sidecar(path) if path.is_file() else None


# A parse task: the files' paths and stems.
Jobs = list[tuple[str, str]]

_WORKER: tuple[Roster, Detector] | None = None


# Parsing is background work: the workers yield the CPU to the bot's own threads (its event
# loop, the database writes), so the bot answers promptly while a load runs.
WORKER_NICENESS = 10


def _init_worker(roster: Roster) -> None:
    global _WORKER
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)
    _WORKER = (roster, Detector(roster))


def _parse_in_worker(jobs: Jobs) -> list[ParseOutcome]:
    assert _WORKER is not None, "worker not initialised"
    roster, detector = _WORKER
    return [parse_file(path, stem, roster, detector) for path, stem in jobs]


def _parse_here(roster: Roster, detector: Detector, jobs: Jobs) -> list[ParseOutcome]:
    return [parse_file(path, stem, roster, detector) for path, stem in jobs]


class ParsePool:
    """Parses groups of files in worker processes (or, for small loads, in a thread)."""

    def __init__(self, roster: Roster, *, workers: int | None) -> None:
        self.roster = roster
        self.workers = workers
        self.started = False
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.detector: Detector | None = None
        self.window = 2

    def start(self, use_processes: bool) -> None:
        self.started = True
        count = self.workers or os.cpu_count() or 1
        if use_processes and count > 1:
            # "spawn": the loading process has threads (SQLite's), which fork would copy
            # mid-flight; spawned workers start clean and import only the parser.
            self.pool = concurrent.futures.ProcessPoolExecutor(
                count,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.roster,),
            )
            self.window = count * 4
        else:
            self.window = 2

    def submit(self, jobs: Jobs) -> asyncio.Future[list[ParseOutcome]]:
        loop = asyncio.get_running_loop()
        if self.pool is not None:
            return loop.run_in_executor(self.pool, _parse_in_worker, jobs)
        if self.detector is None:
            self.detector = Detector(self.roster)
        return loop.run_in_executor(None, _parse_here, self.roster, self.detector, jobs)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
