"""The floor: what the machine and SQLite do with the same files and nothing else.

``python -m bench.floor --folder F --db D`` reads every story file, decodes it, splits it into
paragraphs at blank lines, and inserts them into a bare FTS5 table with the standard library's
``sqlite3``: one process, one thread, WAL, ``synchronous = NORMAL``, a commit every 256 files,
like ficbot's own database. No parsing, no analysis, no other table. Prints JSON.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.common import cpu_seconds, db_bytes, emit, remove_db

COMMIT_EVERY = 256


def run(folder: Path, db: Path) -> dict[str, Any]:
    remove_db(db)
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    files = sorted(p for p in folder.rglob("*.txt") if not p.name.startswith("."))
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("CREATE VIRTUAL TABLE paragraphs USING fts5 (text)")
    total_bytes = paragraphs = 0
    con.execute("BEGIN")
    for n, path in enumerate(files, start=1):
        raw = path.read_bytes()
        total_bytes += len(raw)
        text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        rows = [(p,) for p in text.split("\n\n") if p.strip()]
        paragraphs += len(rows)
        con.executemany("INSERT INTO paragraphs (text) VALUES (?)", rows)
        if n % COMMIT_EVERY == 0:
            con.execute("COMMIT")
            con.execute("BEGIN")
    con.execute("COMMIT")
    con.close()
    wall = time.perf_counter() - t0
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu_seconds() - cpu0, 2),
        "files": len(files),
        "bytes": total_bytes,
        "paragraphs": paragraphs,
        "db_bytes": db_bytes(db),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    emit(run(args.folder, args.db), args.out)


if __name__ == "__main__":
    main()
