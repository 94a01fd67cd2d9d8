"""Finding the story files of a folder and hashing them (run in a worker thread)."""

from __future__ import annotations

from pathlib import Path

from bot.library.story import content_hash

STORY_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".epub"})


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


def list_files(folder: Path) -> tuple[list[str], list[int]]:
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


def hash_files(
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
