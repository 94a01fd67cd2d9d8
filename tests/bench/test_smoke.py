"""The benchmark's 1,000-story size, end to end, as a smoke test: every figure is produced.

No timing is asserted (this machine is shared and noisy); BENCHMARKS.md holds the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.paths import REPO

COMMANDS = {
    "random",
    "random_character",
    "by_character_popular",
    "by_character_rare",
    "character_autocomplete",
    "story_autocomplete",
    "story",
    "read_page_turn",
    "search",
    "review_submit",
}


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


@pytest.mark.slow
def test_benchmark_at_1000_stories_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--sizes",
            "1000",
            "--out",
            str(out),
            "--samples",
            "12",
            "--readers",
            "60",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = json.loads((out / "latest.json").read_text())
    assert data["machine"]["nproc"] >= 1 and data["machine"]["cpu"] is not None
    size = data["sizes"]["1000"]
    assert size["corpus"]["stories"] == 1000 and size["corpus"]["bytes"] > 5_000_000

    load = size["load"]
    cold = load["cold"]
    assert cold["report"]["loaded"] == 1000 and cold["stories_active"] == 1000
    for key in ("wall_s", "cpu_main_s", "stories_per_s", "mb_per_s", "db_bytes"):
        assert _number(cold[key]) and cold[key] > 0, key
    for key in ("rss_main_peak_mb", "rss_tree_peak_mb"):
        assert _number(cold[key]) and cold[key] > 10, key
    assert _number(cold["loop"]["stall_max_ms"]) and cold["loop"]["wakeups"] > 10
    assert load["unchanged"]["report"]["unchanged"] == 1000
    assert load["changed_1pct"]["report"]["updated"] == load["changed_1pct"]["files_changed"] == 10
    assert _number(load["floor"]["wall_s"]) and load["floor"]["files"] == 1000
    assert _number(load["cold_vs_floor"]) and load["cold_vs_floor"] > 0

    commands = size["commands"]["commands"]
    assert set(commands) == COMMANDS
    for name, figures in commands.items():
        for side in ("bot", "sql"):
            assert figures[side]["n"] == 12, (name, side)
            assert _number(figures[side]["p50_ms"]) and _number(figures[side]["p99_ms"]), name
            assert figures[side]["p50_ms"] <= figures[side]["p99_ms"], name
    shares = size["commands"]["character_shares"]
    assert 0.15 < shares["Cloud Strife"] < 0.45 and 0 < shares["Shelke"] < 0.05
    assert _number(size["commands"]["rss_main_peak_mb"])

    conc = size["concurrency"]
    assert conc["readers"] == 60
    for wave in (conc["stored_only"], conc["posted"]):
        assert wave["stored"] == 60 and wave["thanked"] == 60, wave
        assert _number(wave["latency"]["p99_ms"])
    assert conc["stored_only"]["posted"] == 0 and conc["posted"]["posted"] >= 60

    assert {t["target"] for t in data["targets"]}, "targets are checked"
    assert all("met" in t and "value" in t for t in data["targets"])
    png = out / "latency.png"
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        pass
    else:
        assert png.is_file() and png.stat().st_size > 10_000
    assert "Loading" in result.stdout and "Targets" in result.stdout
