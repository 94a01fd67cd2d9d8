"""Loading a folder of stories into the database: idempotent, incremental, crash-safe.

Files are known by content hash. An unchanged file costs no writes; a changed file is updated
in place and keeps its id (and the reviews and kudos attached to it); a removed file is marked
withdrawn, never deleted; the same text under two names loads once. Each story is written in
one transaction with others of its batch, so a crash leaves every story whole or absent.
Parsing runs off the event loop; writes go in batches.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable
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

STORY_SUFFIXES = frozenset({".txt", ".text"})
# Stories parsed before a write: large enough to amortise a transaction, small enough that the
# event loop gets control back often and memory stays flat.
BATCH_STORIES = 64
BATCH_BYTES = 8 * 1024 * 1024


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
    """Story files under ``folder``: .txt files, not hidden, not in hidden folders."""
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


@dataclass(slots=True)
class _Job:
    path: Path
    rel: str
    raw: bytes
    digest: str
    story_id: str
    existing: bool  # True: update the row in place


async def load_collection(
    conn: aiosqlite.Connection,
    folder: Path,
    roster: Roster,
    *,
    progress: ProgressCallback | None = None,
) -> LoadReport:
    """Load or refresh every story under ``folder``. Safe to run again at any time."""
    report = LoadReport()
    if not await asyncio.to_thread(folder.is_dir):
        raise FileNotFoundError(f"story folder not found: {folder}")
    key = analysis_key(roster)
    detector = Detector(roster)
    await sync_roster(conn, roster)

    rows = await (
        await conn.execute("SELECT id, file, content_hash, analysis_key, status FROM stories")
    ).fetchall()
    by_file = {r["file"]: r for r in rows}
    by_hash: dict[str, list[aiosqlite.Row]] = {}
    for r in rows:
        by_hash.setdefault(r["content_hash"], []).append(r)
    taken_ids = {r["id"] for r in rows}

    files = await asyncio.to_thread(story_files, folder)
    sizes = await asyncio.to_thread(lambda: [p.stat().st_size for p in files])
    total_bytes = sum(sizes)
    seen_files: set[str] = set()
    seen_hashes: dict[str, str] = {}
    claimed_ids: set[str] = set()
    batch: list[tuple[_Job, ParsedStory]] = []
    batch_bytes = 0
    done_bytes = 0

    for index, (path, size) in enumerate(zip(files, sizes, strict=True)):
        rel = path.relative_to(folder).as_posix()
        seen_files.add(rel)
        done_bytes += size
        if progress:
            progress(Progress(index + 1, len(files), done_bytes, total_bytes))
        if size > MAX_FILE_BYTES:
            _skip(report, rel, f"over the {MAX_FILE_BYTES // (1024 * 1024)} MB size limit")
            continue
        try:
            raw = await asyncio.to_thread(path.read_bytes)
        except OSError as exc:
            _skip(report, rel, f"cannot be read: {exc.strerror or exc}")
            continue
        digest = content_hash(raw)
        if digest in seen_hashes:
            msg = f"{rel}: same text as {seen_hashes[digest]}; loaded once"
            log.warning(msg)
            report.warnings.append(msg)
            _skip(report, rel, f"duplicate of {seen_hashes[digest]}")
            continue
        seen_hashes[digest] = rel

        row = by_file.get(rel)
        if row is None:
            # A file that moved or was renamed keeps its story (and its reviews).
            moved = [
                r
                for r in by_hash.get(digest, [])
                if r["file"] not in seen_files and not (folder / r["file"]).exists()
            ]
            row = moved[0] if moved else None
        if row is not None and row["id"] in claimed_ids:
            row = None
        if row is not None:
            claimed_ids.add(row["id"])
            if (
                row["content_hash"] == digest
                and row["analysis_key"] == key
                and row["status"] == "active"
                and row["file"] == rel
            ):
                report.unchanged += 1
                continue
            sid, existing = row["id"], True
        else:
            sid, existing = _new_id(story_id(path.stem), taken_ids), False
            taken_ids.add(sid)
            claimed_ids.add(sid)

        sidecar_path = path.with_suffix(".toml")
        try:
            sidecar = await asyncio.to_thread(_read_sidecar, sidecar_path)
        except metadata.SidecarError as exc:
            msg = f"{rel}: sidecar ignored, not valid TOML ({exc})"
            log.warning(msg)
            report.warnings.append(msg)
            sidecar = None
        try:
            parsed = await asyncio.to_thread(
                analyse, raw, stem=path.stem, roster=roster, sidecar=sidecar, detector=detector
            )
        except StoryError as exc:
            _skip(report, rel, str(exc))
            if not existing:
                taken_ids.discard(sid)
            continue
        except Exception as exc:  # a parser bug must not stop the whole load
            log.exception("unexpected error parsing %s", rel)
            _skip(report, rel, f"could not be parsed ({type(exc).__name__})")
            continue
        parsed.id = sid
        batch.append((_Job(path, rel, raw, digest, sid, existing), parsed))
        batch_bytes += len(raw)
        if existing:
            report.updated += 1
        else:
            report.loaded += 1
        if len(batch) >= BATCH_STORIES or batch_bytes >= BATCH_BYTES:
            await _write_batch(conn, batch, key)
            batch, batch_bytes = [], 0
    if batch:
        await _write_batch(conn, batch, key)

    gone = [
        r["id"]
        for r in rows
        if r["status"] == "active" and r["id"] not in claimed_ids and r["file"] not in seen_files
    ]
    if gone:
        await _withdraw(conn, gone)
        report.withdrawn = len(gone)
        for sid in gone:
            log.info("story %s withdrawn: its file is gone", sid)
    log.info("load of %s: %s", folder, report.summary())
    return report


def _read_sidecar(path: Path) -> metadata.HeaderFields | None:
    return metadata.read_sidecar(path) if path.is_file() else None


def _skip(report: LoadReport, rel: str, reason: str) -> None:
    log.warning("skipped %s: %s", rel, reason)
    report.skipped.append(Skip(rel, reason))


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
        for char in roster.characters:
            await conn.execute(
                "INSERT INTO characters (name, fandom, confirmed) VALUES (?, ?, 1) "
                "ON CONFLICT (name, fandom) DO UPDATE SET confirmed = 1",
                (char.name, char.fandom),
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


async def _character_ids(
    conn: aiosqlite.Connection, parsed: list[ParsedStory]
) -> dict[tuple[str, str], int]:
    wanted = {(c.name, c.fandom or "", c.confirmed) for p in parsed for c in p.characters}
    ids: dict[tuple[str, str], int] = {}
    for name, fandom, confirmed in wanted:
        async with conn.execute(
            "SELECT id FROM characters WHERE name = ? AND fandom = ?", (name, fandom)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            cur2 = await conn.execute(
                "INSERT INTO characters (name, fandom, confirmed) VALUES (?, ?, ?)",
                (name, fandom, int(confirmed)),
            )
            cid = int(cur2.lastrowid or 0)
            await conn.execute(
                "INSERT OR IGNORE INTO character_aliases (folded, alias, character_id) VALUES (?, ?, ?)",
                (name.casefold(), name, cid),
            )
        else:
            cid = int(row[0])
        ids[(name, fandom)] = cid
    return ids


async def _write_batch(
    conn: aiosqlite.Connection, batch: list[tuple[_Job, ParsedStory]], key: str
) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    async with transaction(conn):
        char_ids = await _character_ids(conn, [p for _, p in batch])
        existing = [(job.story_id,) for job, _ in batch if job.existing]
        if existing:
            await _clear_content(conn, existing)
        for job, parsed in batch:
            await _write_story(conn, job, parsed, key, now, char_ids)


async def _clear_content(conn: aiosqlite.Connection, ids: list[tuple[str]]) -> None:
    for table in ("passages", "paragraphs", "story_characters", "pairings"):
        await conn.executemany(f"DELETE FROM {table} WHERE story_id = ?", ids)


async def _write_story(
    conn: aiosqlite.Connection,
    job: _Job,
    parsed: ParsedStory,
    key: str,
    now: str,
    char_ids: dict[tuple[str, str], int],
) -> None:
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
    await conn.execute(
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
        (
            job.story_id,
            job.rel,
            job.digest,
            key,
            meta.title,
            meta.author,
            meta.fandom,
            meta.rating,
            int(meta.adult),
            ",".join(sorted(meta.derived)),
            meta.summary,
            tags,
            parsed.words,
            parsed.reading_minutes,
            now,
            now,
        ),
    )
    sid = job.story_id
    await conn.executemany(
        "INSERT INTO paragraphs (story_id, idx, section, kind, scene_start, text) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (sid, i, p.section.value, p.kind.value, int(p.scene_start), p.text)
            for i, p in enumerate(parsed.paragraphs)
        ],
    )
    await conn.executemany(
        "INSERT INTO story_characters (story_id, character_id, role, role_rank, mentions, score, called) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                sid,
                char_ids[(c.name, c.fandom or "")],
                c.role,
                ROLE_ORDER[c.role],
                c.mentions,
                c.score,
                c.called,
            )
            for c in parsed.characters
        ],
    )
    await conn.executemany(
        "INSERT INTO pairings (story_id, pos, a, b) VALUES (?, ?, ?, ?)",
        [(sid, i, a, b) for i, (a, b) in enumerate(parsed.pairings)],
    )
    by_name = {c.name: char_ids[(c.name, c.fandom or "")] for c in parsed.characters}
    adult = int(meta.adult)
    for seq, (passage, names) in enumerate(
        zip(parsed.passages, parsed.passage_characters, strict=True)
    ):
        rnd = random.getrandbits(62)
        cur = await conn.execute(
            "INSERT INTO passages (story_id, seq, first_para, last_para, text, rnd, adult, fandom) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (sid, seq, passage.first, passage.last, passage.text, rnd, adult, meta.fandom),
        )
        pid = cur.lastrowid
        await conn.executemany(
            "INSERT INTO passage_characters (character_id, adult, rnd, passage_id) VALUES (?, ?, ?, ?)",
            [(by_name[n], adult, rnd, pid) for n in names if n in by_name],
        )


async def _withdraw(conn: aiosqlite.Connection, ids: list[str]) -> None:
    """Withdrawn stories stop being served; their row (and everything readers attached) stays."""
    async with transaction(conn):
        args = [(sid,) for sid in ids]
        await conn.executemany("UPDATE stories SET status = 'withdrawn' WHERE id = ?", args)
        await conn.executemany("DELETE FROM passages WHERE story_id = ?", args)
