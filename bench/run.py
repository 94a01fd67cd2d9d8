"""The benchmark, end to end: ``python -m bench --sizes 1000,10000,100000 --out bench/out``.

For each size it generates (or reuses) the corpus, then runs each measurement in its own
process so that memory figures are that process's own:

1. **load** - a cold load into an empty database inside the live bot, with the event-loop probe
   running; a reload with nothing changed; a reload after 1% of the files changed. Wall time,
   CPU, stories/s, MB/s, database size, peak RSS (the bot process, and with its parsing
   workers), the loop's longest stall.
2. **floor** - the same files read and their paragraphs inserted into a bare FTS5 table with the
   standard library's ``sqlite3``: the cold load's time is reported as a multiple of it.
3. **commands** - p50/p99 latency of each command through the real command tree, beside the
   bare SQL that fetches the same answer.
4. **concurrency** - 500 readers submit reviews at once (at the smallest size only: it does not
   depend on the library's size).

Then it prints a table, writes ``results-<timestamp>.json`` and ``latest.json`` and a plot of
latency against library size (``latency.png``) into ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import corpus
from bench.common import REPO, machine

DEFAULT_OUT = REPO / "bench" / "out"


@dataclass
class Sampled:
    """Peak memory and CPU of a process tree, sampled from outside every 50 ms."""

    rss_peak_tree: int = 0
    rss_peak_main: int = 0
    cpu: float = 0.0


def _watch(pid: int, stop: threading.Event, out: Sampled) -> None:
    import psutil  # type: ignore[import-untyped]

    try:
        main = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    cpu: dict[int, float] = {}
    while not stop.is_set():
        try:
            procs = [main, *main.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        total = 0
        for p in procs:
            try:
                mem = p.memory_info().rss
                times = p.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += mem
            if p.pid == pid:
                out.rss_peak_main = max(out.rss_peak_main, mem)
            cpu[p.pid] = times.user + times.system
        out.rss_peak_tree = max(out.rss_peak_tree, total)
        out.cpu = sum(cpu.values())
        stop.wait(0.05)


def child(module: str, *args: str, timeout: float = 7200) -> tuple[dict[str, Any], Sampled]:
    """Run ``python -m <module> <args> --out <tmp>`` and return its JSON and what we saw."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args, "--out", str(out)], cwd=REPO, env=env
        )
        sampled = Sampled()
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(proc.pid, stop, sampled), daemon=True)
        watcher.start()
        try:
            code = proc.wait(timeout=timeout)
        finally:
            stop.set()
            watcher.join()
            if proc.poll() is None:
                proc.kill()
        if code != 0:
            raise RuntimeError(f"{module} {' '.join(args)} failed with exit code {code}")
        return json.loads(out.read_text()), sampled


def _mb(n: int) -> float:
    return round(n / 1e6, 1)


def bench_size(
    stories: int, seed: int, out: Path, samples: int, *, concurrency: bool, readers: int
) -> dict[str, Any]:
    print(f"\n== {stories:,} stories ==", flush=True)
    info = corpus.ensure_corpus(out, stories, seed)
    folder = str(info.folder)
    db = out / "db" / f"n{stories}-s{seed}.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"stories": stories, "corpus": info.as_json()}

    print("load: cold ...", flush=True)
    cold, seen = child("bench.loadrun", "--folder", folder, "--db", str(db), "--fresh")
    cold["rss_tree_peak_mb"] = _mb(seen.rss_peak_tree)
    cold["cpu_total_s"] = round(seen.cpu, 1)
    cold["stories_per_s"] = round(cold["report"]["loaded"] / cold["wall_s"], 1)
    cold["mb_per_s"] = round(info.bytes / 1e6 / cold["wall_s"], 2)
    print("load: again, nothing changed ...", flush=True)
    again, seen = child("bench.loadrun", "--folder", folder, "--db", str(db))
    again["rss_tree_peak_mb"] = _mb(seen.rss_peak_tree)
    changed_files = corpus.changed_indices(stories)
    originals = {}
    for index in changed_files:
        path = info.folder / corpus.file_name(index)
        originals[path] = path.read_bytes()
        path.write_bytes(corpus.edited(originals[path]))
    try:
        print(f"load: again, {len(changed_files)} files (1%) changed ...", flush=True)
        changed, seen = child("bench.loadrun", "--folder", folder, "--db", str(db))
        changed["rss_tree_peak_mb"] = _mb(seen.rss_peak_tree)
    finally:
        for path, data in originals.items():
            path.write_bytes(data)

    print("floor: bare FTS5 insert of the same files ...", flush=True)
    floor, _ = child("bench.floor", "--folder", folder, "--db", str(out / "db" / "floor.sqlite3"))
    (out / "db" / "floor.sqlite3").unlink(missing_ok=True)
    result["load"] = {
        "cold": cold,
        "unchanged": again,
        "changed_1pct": changed | {"files_changed": len(changed_files)},
        "floor": floor,
        "cold_vs_floor": round(cold["wall_s"] / floor["wall_s"], 2),
    }
    print(
        f"  cold {cold['wall_s']:.1f} s ({cold['mb_per_s']} MB/s, {cold['stories_per_s']} "
        f"stories/s), floor {floor['wall_s']:.1f} s -> {result['load']['cold_vs_floor']}x; "
        f"unchanged {again['wall_s']:.2f} s; 1% changed {changed['wall_s']:.2f} s; "
        f"longest loop stall {cold['loop']['stall_max_ms']} ms",
        flush=True,
    )

    print(f"commands: {samples} samples each ...", flush=True)
    commands, seen = child(
        "bench.commands", "--db", str(db), "--folder", folder, "--samples", str(samples)
    )
    commands["rss_tree_peak_mb"] = _mb(seen.rss_peak_tree)
    result["commands"] = commands
    if concurrency:
        print(f"concurrency: {readers} readers review at once ...", flush=True)
        conc, _ = child(
            "bench.concurrency", "--db", str(db), "--folder", folder, "--readers", str(readers)
        )
        result["concurrency"] = conc
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="ficbot's scale benchmark (see BENCHMARKS.md)"
    )
    parser.add_argument("--sizes", default="1000,10000", help="library sizes, comma-separated")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpora, databases, results")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--samples", type=int, default=200, help="samples per command")
    parser.add_argument("--readers", type=int, default=500, help="concurrent reviewers")
    parser.add_argument("--no-plot", action="store_true", help="skip the PNG")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    results: dict[str, Any] = {
        "started": started,
        "machine": machine(),
        "seed": args.seed,
        "samples": args.samples,
        "sizes": {},
    }
    for size in sorted(sizes):
        results["sizes"][str(size)] = bench_size(
            size,
            args.seed,
            out,
            args.samples,
            concurrency=True,
            readers=args.readers,
        )
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    from bench import report

    results["targets"] = report.check_targets(results)
    stamp = started.replace(":", "").replace("-", "")
    text = json.dumps(results, indent=2, sort_keys=True) + "\n"
    (out / f"results-{stamp}.json").write_text(text)
    (out / "latest.json").write_text(text)
    report.print_table(results)
    if not args.no_plot:
        png = report.plot(results, out / "latency.png")
        if png is not None:
            print(f"plot: {png}")
    print(f"results: {out / 'latest.json'}")
    return 0
