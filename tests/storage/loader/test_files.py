"""Finding story files and hashing them."""

from __future__ import annotations

from pathlib import Path

from bot.library.story import content_hash
from bot.storage.loader.files import hash_files, list_files, story_files


def test_story_files_are_visible_text_files(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.TEXT", "sub/c.txt", ".hidden.txt", ".drafts/d.txt", "e.md", "f.toml"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in story_files(tmp_path)] == [
        "a.TEXT",
        "b.txt",
        "sub/c.txt",
    ]


def test_list_files_gives_relative_paths_and_sizes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("four")
    (tmp_path / "b.txt").write_text("")
    assert list_files(tmp_path) == (["b.txt", "sub/a.txt"], [0, 4])


def test_hash_files_skips_the_oversized_and_reports_the_unreadable(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"small")
    (tmp_path / "big.txt").write_bytes(b"x" * 100)
    small, big, gone = hash_files(tmp_path, ["a.txt", "big.txt", "gone.txt"], [5, 100, 1], 50)
    assert small == content_hash(b"small")
    assert big is None
    assert isinstance(gone, FileNotFoundError)
