"""One load, start to end: list and hash the files, decide, parse, write, withdraw.

The event loop only routes work: hashing runs in a worker thread, parsing in worker
processes (``parse_worker``), writing on the connection's thread (``writes``). Results are
settled in file order, so a load's report and ids do not depend on which worker was fastest.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.library import learned
from bot.library.roster import Roster
from bot.library.story import MAX_FILE_BYTES, PARSER_VERSION, story_id
from bot.storage.imports import NO_HOLDS, read_holds
from bot.storage.loader.decide import Ledger, StoredRow, Verdict, new_id
from bot.storage.loader.files import hash_files, list_files
from bot.storage.loader.ids import repair_story_ids
from bot.storage.loader.lock import folder_lock
from bot.storage.loader.parse_worker import Failed, ParseOutcome, ParsePool
from bot.storage.loader.report import LoadReport, Progress, ProgressCallback, Skip
from bot.storage.loader.writes import (
    ToWrite,
    refresh_derived,
    sync_roster,
    withdraw,
    write_batch,
)

log = logging.getLogger(__name__)

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


def analysis_key(roster: Roster) -> str:
    """What a story's analysis depends on besides its file: the parser, and the roster (the
    shipped one with what the collection's tags taught it: ``learned``), by digest."""
    return f"{PARSER_VERSION}:{roster.digest}"


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
        async with folder_lock(folder):
            return await _Load(conn, folder, roster, progress, workers).run()
    finally:
        gc.unfreeze()
        if cache_size > -LOAD_CACHE_KIB:
            await conn.execute(f"PRAGMA cache_size = {cache_size}")


@dataclass(slots=True)
class _Job:
    index: int  # position in the file list: results are settled in this order
    path: Path
    rel: str
    size: int
    story_id: str | None  # the row updated in place; None: a new story, id given on success


# A parse task in flight: its jobs and their outcomes to come.
_Pending = collections.deque[tuple[list[_Job], asyncio.Future[list[ParseOutcome]]]]


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
        self.taken_ids: set[str] = set()
        self.holds = NO_HOLDS
        self.writes: asyncio.Queue[list[tuple[_Job, ToWrite]] | None] = asyncio.Queue(maxsize=2)
        self.writer: asyncio.Task[None] | None = None
        self.batch: list[tuple[_Job, ToWrite]] = []
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

    async def run(self) -> LoadReport:  # noqa: C901 (the load's steps in order; each step is already its own function)
        conn, folder = self.conn, self.folder
        files, sizes = await asyncio.to_thread(list_files, folder)
        self.files_total, self.bytes_total = len(files), sum(sizes)
        # The collection's tags teach the roster before any story is read with it (cheap: the
        # top of each file only), and the analysis key follows what it learned.
        self.roster, _tags = await asyncio.to_thread(
            learned.learn_from_folder, folder, files, self.roster
        )
        self.key = analysis_key(self.roster)
        await sync_roster(conn, self.roster)
        for old, new in (await repair_story_ids(conn)).items():
            self.report.warnings.append(f"story id {old!r} is now {new!r} (buttons can carry it)")
        async with conn.execute("SELECT id, name, fandom FROM characters") as cur:
            self.char_ids = {(r[1], r[2]): int(r[0]) for r in await cur.fetchall()}
        async with conn.execute(
            "SELECT id, file, content_hash, analysis_key, status FROM stories"
        ) as cur:
            stored: list[StoredRow] = [(r[0], r[1], r[2], r[3], r[4]) for r in await cur.fetchall()]
        self.taken_ids = {r[0] for r in stored}
        max_bytes = MAX_FILE_BYTES  # read at run time: tests may lower it

        # After listing (above): an import records its hold before its file appears, so every
        # file listed that is held back has its hold seen here too (even from another process).
        self.holds = await read_holds(conn)
        ledger = Ledger(
            stored,
            key=self.key,
            max_bytes=max_bytes,
            exists=lambda rel: (folder / rel).exists(),
            held=self.holds.held,
        )

        writer = self.writer = asyncio.create_task(self._writer(), name="ficbot-load-writer")
        parser = ParsePool(self.roster, workers=self.workers)
        try:
            pending: _Pending = collections.deque()
            to_parse = _ToParse()
            for start in range(0, len(files), HASH_CHUNK):
                rels = files[start : start + HASH_CHUNK]
                digests = await asyncio.to_thread(
                    hash_files, folder, rels, sizes[start : start + HASH_CHUNK], max_bytes
                )
                for offset, (rel, digest) in enumerate(zip(rels, digests, strict=True)):
                    index = start + offset
                    job = self._decided(ledger, index, rel, sizes[index], digest)
                    if job is not None:
                        to_parse.add(job)
                # Start the parser once we know how much there is to parse (or have plenty).
                if not parser.started and (start + HASH_CHUNK >= len(files) or to_parse.plenty()):
                    parser.start(use_processes=to_parse.plenty())
                if parser.started:
                    for group in to_parse.take_chunks(final=False):
                        pending.append((group, parser.submit(_jobs(group))))
                    await self._drain(pending, keep=parser.window)
            if not parser.started:
                parser.start(use_processes=to_parse.plenty())
            for group in to_parse.take_chunks(final=True):
                pending.append((group, parser.submit(_jobs(group))))
            await self._drain(pending, keep=0)
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

        gone = ledger.withdrawn()
        if gone:
            await withdraw(conn, gone)
            self.report.withdrawn = len(gone)
            for sid in gone:
                log.info("story %s withdrawn: its file is gone", sid)
        await refresh_derived(conn)
        self.report.skipped.sort(key=lambda s: self.skip_order.get(s.file, 0))
        log.info("load of %s: %s", folder, self.report.summary())
        return self.report

    def _decided(
        self, ledger: Ledger, index: int, rel: str, size: int, digest: str | OSError | None
    ) -> _Job | None:
        """Act on the ledger's decision for one file: the job to parse it, if any."""
        decision = ledger.decide(rel, digest)
        if decision.verdict is Verdict.NEW or decision.verdict is Verdict.CHANGED:
            return _Job(index, self.folder / rel, rel, size, decision.story_id)
        if decision.verdict is Verdict.UNCHANGED:
            self.report.unchanged += 1
        else:
            if decision.duplicate_of is not None:
                self._warn(f"{rel}: same text as {decision.duplicate_of}; loaded once")
            self._skip(index, rel, decision.reason)
        self._settled(size)
        return None

    async def _drain(self, pending: _Pending, *, keep: int) -> None:
        """Settle parse results in file order until at most ``keep`` tasks are in flight."""
        while len(pending) > keep or (pending and pending[0][1].done()):
            jobs, future = pending.popleft()
            outcomes = await future
            for job, outcome in zip(jobs, outcomes, strict=True):
                written = self._settle_parsed(job, outcome)
                if written is None:
                    continue
                self.batch.append((job, written))
                self.batch_bytes += written.prepared.size
                if len(self.batch) >= BATCH_STORIES or self.batch_bytes >= BATCH_BYTES:
                    await self._put(self.batch)
                    self.batch, self.batch_bytes = [], 0

    async def _put(self, batch: list[tuple[_Job, ToWrite]] | None) -> None:
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

    def _settle_parsed(self, job: _Job, outcome: ParseOutcome) -> ToWrite | None:
        for warning in outcome.warnings:
            self._warn(f"{job.rel}: {warning}")
        result = outcome.result
        if isinstance(result, Failed):
            if result.unexpected:
                log.error("unexpected error parsing %s\n%s", job.rel, result.detail)
                if job.story_id is None:  # a crash keeps the id it would have had
                    self.taken_ids.add(new_id(story_id(job.path.stem), self.taken_ids))
            self._skip(job.index, job.rel, result.reason)
            self._settled(job.size)
            return None
        if job.story_id is None:
            sid = new_id(story_id(job.path.stem), self.taken_ids)
            self.taken_ids.add(sid)
            self.report.loaded += 1
        else:
            sid = job.story_id
            self.report.updated += 1
        return ToWrite(
            sid, job.rel, job.story_id is not None, result, held=self.holds.held(sid, job.rel)
        )

    async def _writer(self) -> None:
        while True:
            batch = await self.writes.get()
            if batch is None:
                return
            await write_batch(self.conn, [w for _job, w in batch], self.key, self.char_ids)
            for job, _written in batch:
                self._settled(job.size)


def _jobs(group: list[_Job]) -> list[tuple[str, str]]:
    return [(str(job.path), job.path.stem) for job in group]


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
