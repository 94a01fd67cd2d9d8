"""Loading a folder of stories into the database: idempotent, incremental, crash-safe.

Files are known by content hash. An unchanged file costs no writes; a changed file is updated
in place and keeps its id (and the reviews and kudos attached to it); a removed file is marked
withdrawn, never deleted; the same text under two names loads once. Each story is written in
one transaction with others of its batch, so a crash leaves every story whole or absent.

How a load runs, so that a 100,000-story library loads fast and the bot stays responsive:

* the files are listed, read and hashed in a worker thread, a few hundred at a time, and only
  the ones that changed are parsed;
* parsing (the expensive part) runs in worker processes, one per core, when there is enough to
  parse to pay for starting them (a few files parse in a thread). Workers read the files
  themselves and send back ready-to-insert rows, so the corpus is never held in memory: at
  most a few batches are in flight;
* rows are written in batches, one transaction each, through ``executemany`` calls that run
  on the connection's own thread. The event loop only routes work between them.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import gc
import itertools
import json
import logging
import multiprocessing
import os
import random
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.library import metadata
from bot.library.detect import ROLE_ORDER, Detector
from bot.library.roster import Roster
from bot.library.story import (
    MAX_FILE_BYTES,
    PARSER_VERSION,
    ParsedStory,
    StoryError,
    analyse,
    content_hash,
    story_id,
)
from bot.storage.tx import transaction

log = logging.getLogger(__name__)

STORY_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".epub"})
# Stories written per transaction: large enough to amortise a commit, small enough that a
# transaction is short (the bot's own writes wait for it) and memory stays flat.
BATCH_STORIES = 256
BATCH_BYTES = 8 * 1024 * 1024
# Files read and hashed per trip to the worker thread.
HASH_CHUNK = 256
# Files per parse task, and how much raw text at most: small enough to balance the workers.
PARSE_CHUNK_FILES = 16
PARSE_CHUNK_BYTES = 1024 * 1024
# Below this much to parse, worker processes cost more to start than they save.
PROCESS_MIN_FILES = 48
PROCESS_MIN_BYTES = 4 * 1024 * 1024
# The SQLite page cache of the loading connection while it loads (KiB): FTS5 merges want it.
LOAD_CACHE_KIB = 32 * 1024


@dataclass(slots=True)
class Skip:
    file: str
    reason: str


@dataclass(slots=True)
class LoadReport:
    loaded: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"loaded {self.loaded}, updated {self.updated}, unchanged {self.unchanged}, "
            f"withdrawn {self.withdrawn}, skipped {len(self.skipped)}"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "loaded": self.loaded,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "skipped": [{"file": s.file, "reason": s.reason} for s in self.skipped],
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int


ProgressCallback = Callable[[Progress], None]


def story_files(folder: Path) -> list[Path]:
    """Story files under ``folder`` (text, HTML, EPUB), not hidden, not in hidden folders."""
    files: list[Path] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in STORY_SUFFIXES:
            files.append(path)
    return files


def analysis_key(roster: Roster) -> str:
    return f"{PARSER_VERSION}:{roster.digest}"


# --- parsing, in a worker process (or thread) -----------------------------------------------


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
    # paragraphs, in order (the index is the position)
    sections: list[str]
    kinds: list[str]
    scene_starts: list[int]
    texts: list[str]
    # (name, fandom, confirmed, role, role_rank, mentions, score, called)
    characters: list[tuple[str, str, int, str, int, int, float, str]]
    pairings: list[tuple[str, str]]
    # passages, in order: paragraphs spanned and text
    passage_first: list[int]
    passage_last: list[int]
    passage_texts: list[str]
    # who each passage features: (passage position, character name) pairs, flattened
    featured_passage: list[int]
    featured_name: list[str]


@dataclass(slots=True)
class Failed:
    reason: str  # for the load report
    unexpected: bool  # a parser bug, not a bad file: logged with its traceback
    detail: str = ""


@dataclass(slots=True)
class Outcome:
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
        passage_first=[p.first for p in parsed.passages],
        passage_last=[p.last for p in parsed.passages],
        passage_texts=[p.text for p in parsed.passages],
        featured_passage=[k for k, names in enumerate(parsed.passage_characters) for _ in names],
        featured_name=[name for names in parsed.passage_characters for name in names],
    )


def parse_file(path: str, stem: str, roster: Roster, detector: Detector) -> Outcome:
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
        return Outcome(Failed(f"cannot be read: {exc.strerror or exc}", False), warnings)
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
        return Outcome(Failed(str(exc), False), warnings)
    except Exception as exc:  # a parser bug must not stop the whole load
        detail = "".join(traceback.format_exception(exc))
        return Outcome(
            Failed(f"could not be parsed ({type(exc).__name__})", True, detail), warnings
        )
    return Outcome(prepare(parsed, content_hash(raw), len(raw)), warnings)


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


def _parse_in_worker(jobs: list[tuple[str, str]]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    roster, detector = _WORKER
    return [parse_file(path, stem, roster, detector) for path, stem in jobs]


def _parse_here(roster: Roster, detector: Detector, jobs: list[tuple[str, str]]) -> list[Outcome]:
    return [parse_file(path, stem, roster, detector) for path, stem in jobs]


def _hash_files(
    folder: Path, rels: list[str], sizes: list[int], max_bytes: int
) -> list[str | OSError | None]:
    """Content hashes (None: over the size limit, not read; OSError: could not be read)."""
    out: list[str | OSError | None] = []
    for rel, size in zip(rels, sizes, strict=True):
        if size > max_bytes:
            out.append(None)
            continue
        try:
            out.append(content_hash((folder / rel).read_bytes()))
        except OSError as exc:
            out.append(exc)
    return out


def _list_files(folder: Path) -> tuple[list[str], list[int]]:
    """The story files' paths relative to ``folder`` (as strings: a 100,000-file library as
    Path objects would be a million objects for the garbage collector) and their sizes."""
    rels: list[str] = []
    sizes: list[int] = []
    for path in story_files(folder):
        rels.append(path.relative_to(folder).as_posix())
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)  # gone since listing: reading it says so
    return rels, sizes


# --- the load ----------------------------------------------------------------------------------


# The columns of a known story's row (see _Load.run).
_ID, _FILE, _HASH, _KEY, _STATUS = range(5)


@dataclass(slots=True)
class _Job:
    index: int  # position in the file list: results are settled in this order
    path: Path
    rel: str
    size: int
    story_id: str | None  # the row updated in place; None: a new story, id given on success


@dataclass(slots=True)
class _Written:
    job: _Job
    story_id: str
    prepared: Prepared


class _Load:
    """One run of ``load_collection``: decisions in file order, parsing in parallel."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        folder: Path,
        roster: Roster,
        progress: ProgressCallback | None,
        workers: int | None,
    ) -> None:
        self.conn = conn
        self.folder = folder
        self.roster = roster
        self.key = analysis_key(roster)
        self.progress = progress
        self.workers = workers
        self.report = LoadReport()
        self.skip_order: dict[str, int] = {}
        self.files_total = self.bytes_total = self.files_done = self.bytes_done = 0
        self.char_ids: dict[tuple[str, str], int] = {}
        self.writes: asyncio.Queue[list[_Written] | None] = asyncio.Queue(maxsize=2)
        self.writer: asyncio.Task[None] | None = None
        self.batch: list[_Written] = []
        self.batch_bytes = 0

    # -- bookkeeping --

    def _settled(self, size: int) -> None:
        self.files_done += 1
        self.bytes_done += size
        if self.progress:
            self.progress(
                Progress(self.files_done, self.files_total, self.bytes_done, self.bytes_total)
            )

    def _skip(self, index: int, rel: str, reason: str) -> None:
        log.warning("skipped %s: %s", rel, reason)
        self.skip_order[rel] = index
        self.report.skipped.append(Skip(rel, reason))

    def _warn(self, msg: str) -> None:
        log.warning(msg)
        self.report.warnings.append(msg)

    # -- the run --

    async def run(self) -> LoadReport:
        conn, folder = self.conn, self.folder
        await sync_roster(conn, self.roster)
        async with conn.execute("SELECT id, name, fandom FROM characters") as cur:
            self.char_ids = {(r[1], r[2]): int(r[0]) for r in await cur.fetchall()}
        async with conn.execute(
            "SELECT id, file, content_hash, analysis_key, status FROM stories"
        ) as cur:
            # Plain tuples (id, file, hash, analysis key, status): the garbage collector stops
            # scanning them, unlike sqlite3.Row or named tuples.
            rows: list[tuple[str, str, str, str, str]] = [
                (r[0], r[1], r[2], r[3], r[4]) for r in await cur.fetchall()
            ]
        by_file = {r[_FILE]: r for r in rows}
        by_hash: dict[str, list[tuple[str, str, str, str, str]]] | None = None
        self.taken_ids = {r[_ID] for r in rows}
        claimed_ids: set[str] = set()

        files, sizes = await asyncio.to_thread(_list_files, folder)
        self.files_total, self.bytes_total = len(files), sum(sizes)
        seen_files: set[str] = set()
        seen_hashes: dict[str, str] = {}
        max_bytes = MAX_FILE_BYTES  # read at run time: tests may lower it

        writer = self.writer = asyncio.create_task(self._writer(), name="ficbot-load-writer")
        parser = _Parser(self.roster, workers=self.workers)
        try:
            pending: collections.deque[tuple[list[_Job], asyncio.Future[list[Outcome]]]] = (
                collections.deque()
            )
            to_parse = _ToParse()
            for start in range(0, len(files), HASH_CHUNK):
                rels = files[start : start + HASH_CHUNK]
                digests = await asyncio.to_thread(
                    _hash_files, folder, rels, sizes[start : start + HASH_CHUNK], max_bytes
                )
                for offset, (rel, digest) in enumerate(zip(rels, digests, strict=True)):
                    index = start + offset
                    size = sizes[index]
                    seen_files.add(rel)
                    if digest is None:
                        self._skip(
                            index, rel, f"over the {max_bytes // (1024 * 1024)} MB size limit"
                        )
                        self._settled(size)
                        continue
                    if isinstance(digest, OSError):
                        self._skip(index, rel, f"cannot be read: {digest.strerror or digest}")
                        self._settled(size)
                        continue
                    if digest in seen_hashes:
                        self._warn(f"{rel}: same text as {seen_hashes[digest]}; loaded once")
                        self._skip(index, rel, f"duplicate of {seen_hashes[digest]}")
                        self._settled(size)
                        continue
                    seen_hashes[digest] = rel

                    row = by_file.get(rel)
                    if row is None:
                        # A file that moved or was renamed keeps its story (and its reviews).
                        if by_hash is None:
                            by_hash = {}
                            for r in rows:
                                by_hash.setdefault(r[_HASH], []).append(r)
                        moved = [
                            r
                            for r in by_hash.get(digest, [])
                            if r[_FILE] not in seen_files and not (folder / r[_FILE]).exists()
                        ]
                        row = moved[0] if moved else None
                    if row is not None and row[_ID] in claimed_ids:
                        row = None
                    if row is not None:
                        claimed_ids.add(row[_ID])
                        if (
                            row[_HASH] == digest
                            and row[_KEY] == self.key
                            and row[_STATUS] == "active"
                            and row[_FILE] == rel
                        ):
                            self.report.unchanged += 1
                            self._settled(size)
                            continue
                        job = _Job(index, folder / rel, rel, size, row[_ID])
                    else:
                        job = _Job(index, folder / rel, rel, size, None)
                    to_parse.add(job)
                # Start the parser once we know how much there is to parse (or have plenty).
                if not parser.started and (start + HASH_CHUNK >= len(files) or to_parse.plenty()):
                    parser.start(use_processes=to_parse.plenty())
                if parser.started:
                    for group in to_parse.take_chunks(final=False):
                        pending.append((group, parser.submit(group)))
                    await self._drain(pending, claimed_ids, keep=parser.window)
            if not parser.started:
                parser.start(use_processes=to_parse.plenty())
            for group in to_parse.take_chunks(final=True):
                pending.append((group, parser.submit(group)))
            await self._drain(pending, claimed_ids, keep=0)
            if self.batch:
                await self._put(self.batch)
            await self._put(None)
            await writer
        except BaseException:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)
            raise
        finally:
            parser.close()

        gone = [
            r[_ID]
            for r in rows
            if r[_STATUS] == "active" and r[_ID] not in claimed_ids and r[_FILE] not in seen_files
        ]
        if gone:
            await _withdraw(conn, gone)
            self.report.withdrawn = len(gone)
            for sid in gone:
                log.info("story %s withdrawn: its file is gone", sid)
        await refresh_derived(conn)
        self.report.skipped.sort(key=lambda s: self.skip_order.get(s.file, 0))
        log.info("load of %s: %s", folder, self.report.summary())
        return self.report

    async def _drain(
        self,
        pending: collections.deque[tuple[list[_Job], asyncio.Future[list[Outcome]]]],
        claimed_ids: set[str],
        *,
        keep: int,
    ) -> None:
        """Settle parse results in file order until at most ``keep`` tasks are in flight."""
        while len(pending) > keep or (pending and pending[0][1].done()):
            jobs, future = pending.popleft()
            outcomes = await future
            for job, outcome in zip(jobs, outcomes, strict=True):
                written = self._settle_parsed(job, outcome, claimed_ids)
                if written is None:
                    continue
                self.batch.append(written)
                self.batch_bytes += written.prepared.size
                if len(self.batch) >= BATCH_STORIES or self.batch_bytes >= BATCH_BYTES:
                    await self._put(self.batch)
                    self.batch, self.batch_bytes = [], 0

    async def _put(self, batch: list[_Written] | None) -> None:
        """Hand a batch to the writer; if the writer failed, raise its error instead."""
        assert self.writer is not None
        put = asyncio.ensure_future(self.writes.put(batch))
        try:
            await asyncio.wait({put, self.writer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not put.done():
                put.cancel()
        if self.writer.done():
            self.writer.result()  # raises the writer's error
            if batch is not None:
                raise RuntimeError("the load's writer stopped early")

    def _settle_parsed(self, job: _Job, outcome: Outcome, claimed_ids: set[str]) -> _Written | None:
        for warning in outcome.warnings:
            self._warn(f"{job.rel}: {warning}")
        result = outcome.result
        if isinstance(result, Failed):
            if result.unexpected:
                log.error("unexpected error parsing %s\n%s", job.rel, result.detail)
                if job.story_id is None:  # a crash keeps the id it would have had
                    sid = _new_id(story_id(job.path.stem), self.taken_ids)
                    self.taken_ids.add(sid)
                    claimed_ids.add(sid)
            self._skip(job.index, job.rel, result.reason)
            self._settled(job.size)
            return None
        if job.story_id is None:
            sid = _new_id(story_id(job.path.stem), self.taken_ids)
            self.taken_ids.add(sid)
            claimed_ids.add(sid)
            self.report.loaded += 1
        else:
            sid = job.story_id
            self.report.updated += 1
        return _Written(job, sid, result)

    async def _writer(self) -> None:
        while True:
            batch = await self.writes.get()
            if batch is None:
                return
            await _write_batch(self.conn, batch, self.key, self.char_ids)
            for written in batch:
                self._settled(written.job.size)


class _ToParse:
    """Files waiting to be parsed, cut into tasks of a few files each."""

    def __init__(self) -> None:
        self.jobs: collections.deque[_Job] = collections.deque()
        self.bytes = 0
        self.files_seen = 0

    def add(self, job: _Job) -> None:
        self.jobs.append(job)
        self.bytes += job.size
        self.files_seen += 1

    def plenty(self) -> bool:
        """Enough to parse that worker processes pay for their start-up."""
        return self.files_seen >= PROCESS_MIN_FILES and self.bytes >= PROCESS_MIN_BYTES

    def take_chunks(self, *, final: bool) -> Iterator[list[_Job]]:
        while self.jobs:
            group: list[_Job] = []
            size = 0
            while self.jobs and len(group) < PARSE_CHUNK_FILES and size < PARSE_CHUNK_BYTES:
                job = self.jobs.popleft()
                group.append(job)
                size += job.size
            if not final and len(group) < PARSE_CHUNK_FILES and size < PARSE_CHUNK_BYTES:
                self.jobs.extendleft(reversed(group))  # wait for more to fill it
                return
            yield group


class _Parser:
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

    def submit(self, group: list[_Job]) -> asyncio.Future[list[Outcome]]:
        jobs = [(str(job.path), job.path.stem) for job in group]
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


async def load_collection(
    conn: aiosqlite.Connection,
    folder: Path,
    roster: Roster,
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> LoadReport:
    """Load or refresh every story under ``folder``. Safe to run again at any time.

    ``workers``: parsing processes (default: one per core; 1 parses in a thread).
    """
    if not await asyncio.to_thread(folder.is_dir):
        raise FileNotFoundError(f"story folder not found: {folder}")
    async with conn.execute("PRAGMA cache_size") as cur:
        row = await cur.fetchone()
    cache_size = int(row[0]) if row else -2000
    if cache_size > -LOAD_CACHE_KIB:
        await conn.execute(f"PRAGMA cache_size = {-LOAD_CACHE_KIB}")
    # Everything alive now (the bot, its caches) lives on after the load: leave it out of the
    # garbage collector's full passes meanwhile, which would otherwise stop the event loop
    # for tens of milliseconds each as the load churns through objects.
    gc.freeze()
    try:
        return await _Load(conn, folder, roster, progress, workers).run()
    finally:
        gc.unfreeze()
        if cache_size > -LOAD_CACHE_KIB:
            await conn.execute(f"PRAGMA cache_size = {cache_size}")


def _read_sidecar(path: Path) -> metadata.HeaderFields | None:
    return metadata.read_sidecar(path) if path.is_file() else None


def _new_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


async def sync_roster(conn: aiosqlite.Connection, roster: Roster) -> None:
    """Mirror the roster's characters and aliases into the database (cheap when unchanged)."""
    async with conn.execute("SELECT value FROM meta WHERE key = 'roster_digest'") as cur:
        row = await cur.fetchone()
    if row is not None and row[0] == roster.digest:
        return
    async with transaction(conn):
        await conn.executemany(
            "INSERT INTO characters (name, fandom, confirmed) VALUES (?, ?, 1) "
            "ON CONFLICT (name, fandom) DO UPDATE SET confirmed = 1",
            [(char.name, char.fandom) for char in roster.characters],
        )
        await conn.execute("DELETE FROM character_aliases")
        await conn.executemany(
            "INSERT OR IGNORE INTO character_aliases (folded, alias, character_id) "
            "SELECT ?, ?, id FROM characters WHERE name = ? AND fandom = ?",
            [(a.casefold(), a, c.name, c.fandom) for c in roster.characters for a in c.aliases],
        )
        await conn.execute(
            "INSERT OR IGNORE INTO character_aliases (folded, alias, character_id) "
            "SELECT lower(name), name, id FROM characters WHERE confirmed = 0"
        )
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES ('roster_digest', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (roster.digest,),
        )
        await _changed(conn)


async def _changed(conn: aiosqlite.Connection) -> None:
    """Mark the library changed (inside the transaction that changes it): what queries cache
    in memory, and the character counts, are recomputed for the new version."""
    await conn.execute(
        "INSERT INTO meta (key, value) VALUES ('library_version', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (uuid.uuid4().hex,),
    )


async def refresh_derived(conn: aiosqlite.Connection, *, force: bool = False) -> bool:
    """Recount the stories featuring each character and of each fandom, and renumber the
    titles in title order, if the library changed since the last time (or a load was cut
    short after changing it). Returns whether it did."""
    async with conn.execute(
        "SELECT key, value FROM meta WHERE key IN ('library_version', 'stats_version')"
    ) as cur:
        meta = {r[0]: r[1] for r in await cur.fetchall()}
    if not force and meta.get("library_version") == meta.get("stats_version"):
        return False
    async with transaction(conn):
        await conn.execute("DELETE FROM character_stats")
        await conn.execute(
            "INSERT INTO character_stats (character_id, stories, general) "
            "SELECT sc.character_id, count(*), sum(s.adult = 0) "
            "FROM story_characters sc JOIN stories s ON s.id = sc.story_id "
            "WHERE s.status = 'active' GROUP BY sc.character_id"
        )
        await conn.execute("DELETE FROM fandom_stats")
        await conn.execute(
            "INSERT INTO fandom_stats (fandom, stories) "
            "SELECT fandom, count(*) FROM stories WHERE status = 'active' GROUP BY fandom"
        )
        # A new table rather than 100,000 deletions from the old one.
        await conn.execute("DROP TABLE story_titles")
        await conn.execute(
            "CREATE VIRTUAL TABLE story_titles USING fts5 (title, id UNINDEXED, tokenize='trigram')"
        )
        await conn.execute(
            "INSERT INTO story_titles (rowid, title, id) "
            "SELECT row_number() OVER (ORDER BY title COLLATE NOCASE, id), title, id "
            "FROM stories WHERE status = 'active'"
        )
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES ('stats_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (meta.get("library_version", ""),),
        )
    return True


@dataclass(slots=True)
class _Rows:
    """Everything a batch inserts, gathered by ``_write_story`` and written in a few calls."""

    stories: list[tuple[object, ...]] = field(default_factory=list)
    characters: list[tuple[object, ...]] = field(default_factory=list)
    pairings: list[tuple[str, int, str, str]] = field(default_factory=list)
    # (story id, its first passage id, random keys of its passages, character ids by name)
    stories_written: list[tuple[str, Prepared, int, list[int], dict[str, int]]] = field(
        default_factory=list
    )


async def _character_ids(
    conn: aiosqlite.Connection, batch: list[_Written], known: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Ids of every character the batch names, adding the ones the database lacks."""
    ids: dict[tuple[str, str], int] = {}
    for written in batch:
        for name, fandom, confirmed, *_ in written.prepared.characters:
            key = (name, fandom)
            if key in ids:
                continue
            cid = known.get(key)
            if cid is None:
                async with conn.execute(
                    "SELECT id FROM characters WHERE name = ? AND fandom = ?", key
                ) as cur:
                    row = await cur.fetchone()
                if row is None:
                    cur2 = await conn.execute(
                        "INSERT INTO characters (name, fandom, confirmed) VALUES (?, ?, ?)",
                        (name, fandom, confirmed),
                    )
                    cid = int(cur2.lastrowid or 0)
                    await conn.execute(
                        "INSERT OR IGNORE INTO character_aliases (folded, alias, character_id) "
                        "VALUES (?, ?, ?)",
                        (name.casefold(), name, cid),
                    )
                else:
                    cid = int(row[0])
            ids[key] = cid
    return ids


async def _write_batch(
    conn: aiosqlite.Connection,
    batch: list[_Written],
    key: str,
    known: dict[tuple[str, str], int],
) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    async with transaction(conn):
        char_ids = await _character_ids(conn, batch, known)
        existing = [(w.story_id,) for w in batch if w.job.story_id is not None]
        if existing:
            await _clear_content(conn, existing)
        async with conn.execute("SELECT coalesce(max(id), 0) FROM passages") as cur:
            row = await cur.fetchone()
        next_passage = (int(row[0]) if row else 0) + 1
        rows = _Rows()
        for written in batch:
            await _write_story(conn, written, key, now, char_ids, rows, next_passage)
            next_passage += len(written.prepared.passage_texts)
        await _flush(conn, rows)
        await _changed(conn)
    # Committed: the characters it added are known from now on.
    known.update(char_ids)


async def _clear_content(conn: aiosqlite.Connection, ids: list[tuple[str]]) -> None:
    await _unindex_passages(conn, ids)
    for table in ("passages", "paragraphs", "story_characters", "pairings"):
        await conn.executemany(f"DELETE FROM {table} WHERE story_id = ?", ids)


async def _unindex_passages(conn: aiosqlite.Connection, ids: list[tuple[str]]) -> None:
    """Take the stories' passages out of the full-text index (before deleting them): the
    index keeps no text of its own, so removing an entry needs the text it was built from."""
    await conn.executemany(
        "INSERT INTO passages_fts (passages_fts, rowid, text) "
        "SELECT 'delete', id, text FROM passages WHERE story_id = ?",
        ids,
    )


async def _write_story(
    conn: aiosqlite.Connection,
    written: _Written,
    key: str,
    now: str,
    char_ids: dict[tuple[str, str], int],
    rows: _Rows,
    first_passage_id: int,
) -> None:
    """Gather one story's rows into the batch's (``_flush`` writes them all at once)."""
    p = written.prepared
    sid = written.story_id
    rows.stories.append(
        (
            sid,
            written.job.rel,
            p.digest,
            key,
            p.title,
            p.author,
            p.fandom,
            p.rating,
            p.adult,
            p.derived,
            p.summary,
            p.tags,
            p.words,
            p.reading_minutes,
            now,
            now,
        )
    )
    rows.characters.extend(
        (sid, char_ids[(name, fandom)], role, rank, mentions, score, called)
        for name, fandom, _confirmed, role, rank, mentions, score, called in p.characters
    )
    rows.pairings.extend((sid, i, a, b) for i, (a, b) in enumerate(p.pairings))
    keys = [random.getrandbits(62) for _ in p.passage_texts]
    by_name = {c[0]: char_ids[(c[0], c[1])] for c in p.characters}
    rows.stories_written.append((sid, p, first_passage_id, keys, by_name))


async def _flush(conn: aiosqlite.Connection, rows: _Rows) -> None:
    # The row generators below run on the connection's thread, inside executemany: the event
    # loop only hands them over.
    await conn.executemany(
        """
        INSERT INTO stories (id, file, content_hash, analysis_key, status, title, author, fandom,
                             rating, adult, derived, summary, tags, words, reading_minutes,
                             loaded_at, updated_at)
        VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
            file = excluded.file, content_hash = excluded.content_hash,
            analysis_key = excluded.analysis_key, status = 'active', title = excluded.title,
            author = excluded.author, fandom = excluded.fandom, rating = excluded.rating,
            adult = excluded.adult, derived = excluded.derived, summary = excluded.summary,
            tags = excluded.tags, words = excluded.words,
            reading_minutes = excluded.reading_minutes, updated_at = excluded.updated_at
        """,
        rows.stories,
    )
    await conn.executemany(
        "INSERT INTO paragraphs (story_id, idx, section, kind, scene_start, text) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        _paragraph_rows(rows),
    )
    await conn.executemany(
        "INSERT INTO story_characters (story_id, character_id, role, role_rank, mentions, "
        "score, called) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows.characters,
    )
    await conn.executemany(
        "INSERT INTO pairings (story_id, pos, a, b) VALUES (?, ?, ?, ?)", rows.pairings
    )
    await conn.executemany(
        "INSERT INTO passages (id, story_id, seq, first_para, last_para, text, rnd, adult, "
        "fandom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _passage_rows(rows),
    )
    # The full-text index, in one statement: written from a trigger, row by row, FTS5 would
    # flush its pending terms for every row (see migration 3).
    await conn.executemany(
        "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)",
        (
            (first + seq, text)
            for _sid, p, first, _keys, _by_name in rows.stories_written
            for seq, text in enumerate(p.passage_texts)
        ),
    )
    await conn.executemany(
        "INSERT INTO passage_characters (character_id, adult, rnd, passage_id) VALUES (?, ?, ?, ?)",
        _passage_characters(rows),
    )


# The row generators below run on the connection's thread, inside executemany: the event loop
# only hands them over, and each row lives only until SQLite has it.


def _paragraph_rows(rows: _Rows) -> Iterator[tuple[str, int, str, str, int, str]]:
    for sid, p, _first, _keys, _by_name in rows.stories_written:
        yield from zip(
            itertools.repeat(sid),
            itertools.count(),
            p.sections,
            p.kinds,
            p.scene_starts,
            p.texts,
        )


def _passage_rows(rows: _Rows) -> Iterator[tuple[int, str, int, int, int, str, int, int, str]]:
    for sid, p, first, keys, _by_name in rows.stories_written:
        for seq, (p_first, p_last, text, rnd) in enumerate(
            zip(p.passage_first, p.passage_last, p.passage_texts, keys, strict=True)
        ):
            yield (first + seq, sid, seq, p_first, p_last, text, rnd, p.adult, p.fandom)


def _passage_characters(rows: _Rows) -> Iterator[tuple[int, int, int, int]]:
    for _sid, p, first, keys, by_name in rows.stories_written:
        for seq, name in zip(p.featured_passage, p.featured_name, strict=True):
            if name in by_name:
                yield (by_name[name], p.adult, keys[seq], first + seq)


async def _withdraw(conn: aiosqlite.Connection, ids: list[str]) -> None:
    """Withdrawn stories stop being served; their row (and everything readers attached) stays."""
    async with transaction(conn):
        args = [(sid,) for sid in ids]
        await conn.executemany("UPDATE stories SET status = 'withdrawn' WHERE id = ?", args)
        await _unindex_passages(conn, args)
        await conn.executemany("DELETE FROM passages WHERE story_id = ?", args)
        await _changed(conn)
