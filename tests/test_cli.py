"""The command line, end to end on the seeds: what a person or a script sees."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.fixtures.paths import REPO


@pytest.fixture
def cli(
    tmp_path: Path,
    seeds_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    """Run ``ficbot ARGS --db tmp`` and return (exit code, stdout, stderr)."""
    monkeypatch.setenv("FICBOT_SEEDS", str(seeds_dir))
    monkeypatch.delenv("FICBOT_DB", raising=False)
    db = tmp_path / "cli.sqlite3"

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--db", str(db)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _json(run, *args: str):  # type: ignore[no-untyped-def]
    code, out, _ = run(*args, "--json")
    return code, json.loads(out)


def test_load_json_shape_and_idempotence(cli) -> None:  # type: ignore[no-untyped-def]
    code, data = _json(cli, "load")
    assert code == 0
    assert data == {
        "loaded": 2,
        "updated": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "skipped": [],
        "warnings": [],
    }
    _, again = _json(cli, "load")
    assert (again["loaded"], again["unchanged"]) == (0, 2)
    code, out, _ = cli("load")
    assert out.startswith("loaded 0, updated 0, unchanged 2, withdrawn 0, skipped 0")


def test_load_reports_each_skip(cli, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    (seeds_dir / "empty.txt").write_bytes(b"")
    code, out, _ = cli("load")
    assert code == 0
    assert "skipped 1" in out and "skipped empty.txt: empty file" in out


def test_by_character_aeris_and_aerith_find_the_sephiroth_aeris_story(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    for typed in ("Aeris", "aerith", "AERITH GAINSBOROUGH"):
        code, data = _json(cli, "by-character", typed)
        assert code == 0
        assert data["character"] == "Aerith Gainsborough" and data["query"] == typed
        assert [(s["id"], s["role"]) for s in data["stories"]] == [("004", "lead")]


def test_by_character_sephiroth_leads_both_and_genesis_the_first(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    _, seph = _json(cli, "by-character", "Sephiroth")
    assert sorted((s["id"], s["role"]) for s in seph["stories"]) == [
        ("000", "lead"),
        ("004", "lead"),
    ]
    _, genesis = _json(cli, "by-character", "Genesis")
    assert [(s["id"], s["role"]) for s in genesis["stories"]] == [("000", "lead")]


def test_unknown_character_exits_1_with_close_matches(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    code, data = _json(cli, "by-character", "Sephirot")
    assert code == 1
    assert "Sephiroth" in data["suggestions"] and data["error"]
    code, _, err = cli("by-character", "Aerth")
    assert code == 1 and "Aerith Gainsborough" in err


def test_stories_shows_the_pairing_of_the_second_seed(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    code, stories = _json(cli, "stories")
    assert code == 0
    by_id = {s["id"]: s for s in stories}
    assert by_id["004"]["pairings"] == [["Sephiroth", "Aerith Gainsborough"]]
    for key in (
        "id",
        "title",
        "title_derived",
        "author",
        "fandom",
        "rating",
        "words",
        "characters",
        "pairings",
    ):
        assert key in by_id["000"]
    assert by_id["000"]["title_derived"] is True and by_id["000"]["author"] == "unknown"
    assert len(by_id["000"]["title"]) <= 60 and by_id["000"]["title"].endswith("…")
    code, out, _ = cli("stories")
    assert "Sephiroth/Aerith Gainsborough" in out


def test_show_splits_the_seeds_exactly(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    _, first = _json(cli, "show", "000")
    sections = first["sections"]
    assert [p[:20] for p in sections["notes"]] == ["A/N: Quick drabble. ", "Oh, and I never play"]
    assert sections["disclaimer"] == [] and sections["end_notes"] == []
    assert sections["body"][0].startswith("Sephiroth thought he knew his best friend.")
    assert sections["body"][-1].startswith("He was not Genesis.")
    _, second = _json(cli, "show", "004")
    sections = second["sections"]
    assert len(sections["notes"]) == 1 and sections["notes"][0].startswith(
        "A/N: Oh, this is so far out"
    )
    assert len(sections["disclaimer"]) == 1 and sections["disclaimer"][0].startswith(
        "Disclaimer: I do not own"
    )
    assert sections["body"][0].startswith("The field was littered")
    assert sections["body"][-1].startswith("But he was the wind")
    assert len(sections["end_notes"]) == 1 and sections["end_notes"][0].startswith(
        "Like it, hate it"
    )


def test_excerpt_never_quotes_notes_or_disclaimers(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    scaffolding: list[str] = []
    bodies: dict[str, str] = {}
    for sid in ("000", "004"):
        _, shown = _json(cli, "show", sid)
        s = shown["sections"]
        scaffolding += s["notes"] + s["disclaimer"] + s["end_notes"]
        bodies[sid] = "\n\n".join(s["body"])
    seen = set()
    for _ in range(150):
        code, ex = _json(cli, "excerpt")
        assert code == 0
        assert ex["text"] in bodies[ex["story"]]
        assert not any(note[:40] in ex["text"] for note in scaffolding)
        assert "A/N" not in ex["text"] and "Disclaimer" not in ex["text"]
        seen.add(ex["text"])
    assert len(seen) > 5, "draws should vary"


def test_excerpt_featuring_a_character(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    for _ in range(30):
        code, ex = _json(cli, "excerpt", "--character", "genesis")
        assert code == 0 and ex["story"] == "000" and "Genesis Rhapsodos" in ex["characters"]
    code, ex = _json(cli, "excerpt", "--story", "004")
    assert code == 0 and ex["story"] == "004"
    code, _, err = cli("excerpt", "--story", "999")
    assert code == 1 and "999" in err


@pytest.mark.parametrize(
    "text",
    ['"', "*", "NEAR(", "AND", "-", ":", "love AND", 'a"b', "OR NOT", "text:foo", "(((", "^", ""],
)
def test_search_is_safe_for_any_text(cli, text: str) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    code, hits = _json(cli, "search", text)
    assert code == 0 and isinstance(hits, list)


def test_search_finds_passages_with_highlighted_snippets(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    code, hits = _json(cli, "search", "mythic hero")
    assert code == 0 and hits
    assert all(h["story"] == "004" for h in hits)
    assert "\x02" in hits[0]["snippet"]
    code, out, _ = cli("search", "masamune")
    assert "000" in out and "[Masamune" in out


def test_characters_lists_aliases_and_counts(cli) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    _, chars = _json(cli, "characters")
    by_name = {c["name"]: c for c in chars}
    assert by_name["Sephiroth"]["stories"] == 2
    assert "Aeris" in by_name["Aerith Gainsborough"]["aliases"]
    assert by_name["Aerith Gainsborough"]["fandom"] == "Final Fantasy VII"
    assert by_name["Vincent Valentine"]["stories"] == 0


def test_withdrawn_story_after_removal(cli, seeds_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("load")
    shutil.move(seeds_dir / "000_b328c468dee5ffa1.txt", tmp_path / "away.txt")
    _, report = _json(cli, "load")
    assert report["withdrawn"] == 1
    _, stories = _json(cli, "stories")
    assert [s["id"] for s in stories] == ["004"]


def test_python_dash_m_bot_is_the_same_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "ficbot" in result.stdout and "by-character" in result.stdout
