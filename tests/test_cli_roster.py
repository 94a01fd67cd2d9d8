"""``ficbot roster``: the roster learned from the stories' tags, and its corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.library import learned
from tests.library.characters import stories


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "stories"
    path.mkdir()
    (path / "001_hp.txt").write_text(stories.HP_TAGGED, encoding="utf-8")
    (path / "002_naruto.txt").write_text(
        "Fandom: Naruto\nCharacters: Uzumaki Naruto | Naruto, Haruno Sakura\n\n"
        + stories.NARUTO_UNTAGGED,
        encoding="utf-8",
    )
    return path


def _run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str]:
    code = main(["roster", "--dir", str(folder), *args])
    return code, capsys.readouterr().out


def test_roster_shows_what_was_learned(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, out = _run(capsys, folder, "--json")
    assert code == 0
    data = json.loads(out)
    by_fandom = {
        f["name"]: {c["name"]: c["aliases"] for c in f["characters"]} for f in data["fandoms"]
    }
    assert set(by_fandom) == {"Harry Potter - J. K. Rowling", "Naruto"}
    assert "Draco" in by_fandom["Harry Potter - J. K. Rowling"]["Draco Malfoy"]
    assert "Naruto" in by_fandom["Naruto"]["Uzumaki Naruto"]
    code, out = _run(capsys, folder, "--fandom", "naruto")
    assert code == 0
    assert "Uzumaki Naruto" in out and "Draco" not in out


def test_roster_corrections_are_written_and_applied(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    assert _run(capsys, folder, "alias", "Draco Malfoy", "Dray")[0] == 0
    assert _run(capsys, folder, "merge", "Harry Potter", "Hermione Granger")[0] == 0
    assert _run(capsys, folder, "not-a-character", "Haruno Sakura")[0] == 0
    saved = learned.Corrections.load(folder / learned.CORRECTIONS_FILE)
    assert saved.aliases == {"Draco Malfoy": ["Dray"]}
    assert saved.merges == [("Harry Potter", "Hermione Granger")]
    assert saved.not_characters == ["Haruno Sakura"]
    _code, out = _run(capsys, folder, "--json")
    chars = {c["name"]: c["aliases"] for f in json.loads(out)["fandoms"] for c in f["characters"]}
    assert "Dray" in chars["Draco Malfoy"]
    assert "Hermione Granger" in chars["Harry Potter"] and "Hermione Granger" not in chars
    assert "Haruno Sakura" not in chars


def test_roster_of_a_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["roster", "--dir", str(tmp_path / "nowhere")]) == 2
