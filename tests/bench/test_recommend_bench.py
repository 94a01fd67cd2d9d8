"""The recommendation benchmark at a small size, as a smoke test: it runs, and with a fixed seed
the recommender beats both baselines. No timing is asserted (BENCHMARKS.md has the figures)."""

from __future__ import annotations

from pathlib import Path

from bench import recommend as bench


def test_recommender_beats_most_loved_and_random_at_small_size(tmp_path: Path) -> None:
    result = bench.run(stories=1500, readers=300, seed=7, evaluated=120, out=tmp_path)
    hits = result["hits"]
    ours, loved, drawn = hits["recommender"], hits["most_loved"], hits["random"]
    for k in ("hit_rate_at_5", "hit_rate_at_10"):
        assert ours[k] > loved[k] and ours[k] > drawn[k], hits
    assert result["readers_evaluated"] == 120
    assert result["time_ms"]["n"] == 120 and result["time_new_reader_ms"]["n"] == 100
