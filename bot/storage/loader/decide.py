"""What a load does with each file found, given what the database holds. No I/O here.

A file is known by its content hash. It is *unchanged* when its story's row has the same
path, text and analysis, and the status it should have (active; withdrawn while a librarian
holds it back: an import not yet published, a story withdrawn); *changed* when a row is found for it (by path, or by
hash for a file that moved or was renamed) that differs; *new* otherwise. Files over the size
limit, unreadable, or the same text as an earlier file are *skipped*. Active stories whose
file was not found are *withdrawn*.

``Ledger`` decides one file at a time, in file order, so that a load can start parsing the
first changed files while it is still hashing the rest; ``decide`` is the same over a whole
listing at once.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# A story row as the database holds it: (id, file, content hash, analysis key, status).
# Plain tuples: the garbage collector stops scanning them, unlike sqlite3.Row, named tuples
# or dataclasses, and a library holds 100,000 of them.
StoredRow = tuple[str, str, str, str, str]
_ID, _FILE, _HASH, _KEY, _STATUS = range(5)

# A hashed file: its content hash, None when over the size limit (not read), or the error
# that kept it from being read.
Digest = str | OSError | None


class Verdict(enum.Enum):
    NEW = "new"  # parsed; a new story, given its id if it parses
    CHANGED = "changed"  # parsed; updates ``story_id`` in place (which keeps its reviews)
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    story_id: str | None = None  # CHANGED: the story the file updates
    reason: str = ""  # SKIPPED: why, for the load report
    duplicate_of: str | None = None  # SKIPPED as the same text as this earlier file


class Ledger:
    """Decisions for the files of one load, taken in file order.

    The order matters: of two files with the same text, the first is loaded and the second
    skipped; of two files that could claim a moved story, the first does.
    """

    def __init__(
        self,
        stored: list[StoredRow],
        *,
        key: str,
        max_bytes: int,
        exists: Callable[[str], bool],
        held: Callable[[str, str], bool] | None = None,
    ) -> None:
        """``key``: the analysis key of this load (parser version, roster); ``exists``:
        whether a file (relative path) is still there, asked only of a moved story's file;
        ``held``: whether a story (id, file) is held back from readers."""
        self.stored = stored
        self.key = key
        self.max_bytes = max_bytes
        self.exists = exists
        self.held = held
        self.by_file = {r[_FILE]: r for r in stored}
        self.by_hash: dict[str, list[StoredRow]] | None = None  # built on the first miss
        self.claimed: set[str] = set()
        self.seen_files: set[str] = set()
        self.seen_hashes: dict[str, str] = {}

    def decide(self, rel: str, digest: Digest) -> Decision:
        self.seen_files.add(rel)
        if digest is None:
            limit = self.max_bytes // (1024 * 1024)
            return Decision(Verdict.SKIPPED, reason=f"over the {limit} MB size limit")
        if isinstance(digest, OSError):
            return Decision(Verdict.SKIPPED, reason=f"cannot be read: {digest.strerror or digest}")
        first = self.seen_hashes.get(digest)
        if first is not None:
            return Decision(Verdict.SKIPPED, reason=f"duplicate of {first}", duplicate_of=first)
        self.seen_hashes[digest] = rel

        row = self.by_file.get(rel)
        if row is None:
            row = self._moved(digest)
        if row is None or row[_ID] in self.claimed:
            return Decision(Verdict.NEW)
        self.claimed.add(row[_ID])
        held = self.held is not None and self.held(row[_ID], rel)
        if (
            row[_HASH] == digest
            and row[_KEY] == self.key
            and row[_STATUS] == ("withdrawn" if held else "active")
            and row[_FILE] == rel
        ):
            return Decision(Verdict.UNCHANGED, story_id=row[_ID])
        return Decision(Verdict.CHANGED, story_id=row[_ID])

    def _moved(self, digest: str) -> StoredRow | None:
        """The story of a file that moved or was renamed: the same text, and its old file
        neither seen in this load nor still there. It keeps its story (and its reviews)."""
        if self.by_hash is None:
            self.by_hash = {}
            for r in self.stored:
                self.by_hash.setdefault(r[_HASH], []).append(r)
        for r in self.by_hash.get(digest, []):
            if r[_FILE] not in self.seen_files and not self.exists(r[_FILE]):
                return r
        return None

    def withdrawn(self) -> list[str]:
        """Active stories no file was found for (call once every file is decided)."""
        return [
            r[_ID]
            for r in self.stored
            if r[_STATUS] == "active"
            and r[_ID] not in self.claimed
            and r[_FILE] not in self.seen_files
        ]


def decide(
    stored: list[StoredRow],
    found: Iterable[tuple[str, Digest]],
    *,
    key: str,
    max_bytes: int,
    exists: Callable[[str], bool],
) -> tuple[list[Decision], list[str]]:
    """Each found file's decision, in order, and the ids of the stories to withdraw."""
    ledger = Ledger(stored, key=key, max_bytes=max_bytes, exists=exists)
    decisions = [ledger.decide(rel, digest) for rel, digest in found]
    return decisions, ledger.withdrawn()


def new_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no story has yet."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
