"""The benchmark's output: the targets checked, a table in the terminal, a plot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

COMMANDS = (
    ("random", "/fic random", 20.0),
    ("random_character", "/fic random character", 20.0),
    ("by_character_popular", "/fic by-character (30%)", 20.0),
    ("by_character_rare", "/fic by-character (1%)", 20.0),
    ("character_autocomplete", "by-character autocomplete", 10.0),
    ("story_autocomplete", "story autocomplete", 10.0),
    ("story", "/fic story", 20.0),
    ("read_page_turn", "/fic read: next page", 20.0),
    ("search", "/fic search", 50.0),
    ("review_submit", "review submission", 20.0),
)
GROWTH_LIMIT = 1.5


def _size(results: dict[str, Any], n: int) -> dict[str, Any] | None:
    found: dict[str, Any] | None = results["sizes"].get(str(n))
    return found


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 5 with the figure measured for it and whether it is met."""
    checks: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, unit: str, note: str = "") -> None:
        checks.append(
            {
                "target": name,
                "value": value,
                "limit": limit,
                "unit": unit,
                "met": value is not None and value <= limit,
                "note": note,
            }
        )

    sizes = sorted(int(s) for s in results["sizes"])
    ten = _size(results, 10_000)
    if ten is not None:
        load = ten["load"]
        add("10k cold load", load["cold"]["wall_s"], 60, "s")
        add("10k cold load vs floor", load["cold_vs_floor"], 2.5, "x")
        add("10k reload, nothing changed", load["unchanged"]["wall_s"], 3, "s")
        add("10k reload, 1% changed", load["changed_1pct"]["wall_s"], 5, "s")
        add("longest loop stall, 10k load", load["cold"]["loop"]["stall_max_ms"], 100, "ms")
    else:
        biggest = _size(results, sizes[-1])
        assert biggest is not None
        add(
            f"longest loop stall, {sizes[-1]:,} load",
            biggest["load"]["cold"]["loop"]["stall_max_ms"],
            100,
            "ms",
        )
    top_n = sizes[-1]
    top = _size(results, top_n)
    low = _size(results, sizes[0])
    assert top is not None and low is not None
    label = f"{top_n // 1000}k" if top_n >= 1000 else str(top_n)
    note = "" if top_n >= 100_000 else "target is at 100k: largest size run"
    for key, title, limit in COMMANDS:
        cmd = top["commands"]["commands"].get(key)
        if cmd is None:
            continue
        add(f"{title} p99 at {label}", cmd["bot"]["p99_ms"], limit, "ms", note)
        if top_n > sizes[0]:
            base = low["commands"]["commands"][key]["bot"]["p99_ms"]
            growth = round(cmd["bot"]["p99_ms"] / base, 2) if base else None
            add(
                f"{title} p99 growth {sizes[0] // 1000}k->{label}",
                growth,
                GROWTH_LIMIT,
                "x",
                note,
            )
    add(f"bot peak RSS serving {label}", top["commands"]["rss_main_peak_mb"], 250, "MB", note)
    add(f"bot peak RSS loading {label}", top["load"]["cold"]["rss_main_peak_mb"], 250, "MB", note)
    for n in sizes:
        conc = _size(results, n)
        if conc is None or "concurrency" not in conc:
            continue
        c = conc["concurrency"]
        for mode, what in (("stored_only", "no channel"), ("posted", "posted")):
            wave = c[mode]
            checks.append(
                {
                    "target": f"{c['readers']} concurrent reviews stored ({what}, {n:,})",
                    "value": wave["stored"],
                    "limit": c["readers"],
                    "unit": "reviews",
                    "met": wave["stored"] == c["readers"] and not wave["failures"],
                    "note": "",
                }
            )
            floor = c.get("floor", {}).get("latency", {}).get("p99_ms")
            add(
                f"{c['readers']} concurrent reviews p99 ({what}, {n:,})",
                wave["latency"]["p99_ms"],
                200,
                "ms",
                f"floor (bare discord.py) {floor:.0f} ms" if floor else "",
            )
    return checks


def print_table(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    sizes = sorted(int(s) for s in results["sizes"])
    m = results["machine"]
    console.print(
        f"[bold]ficbot benchmark[/] {results['started']} · {m['nproc']} cores · {m['cpu']} · "
        f"{m['ram_gb']} GB · Python {m['python']} · SQLite {m['sqlite']}"
    )

    load = Table(title="Loading")
    load.add_column("")
    for n in sizes:
        load.add_column(f"{n:,} stories", justify="right")
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("corpus", lambda r: f"{r['corpus']['bytes'] / 1e6:,.0f} MB"),
        ("words", lambda r: f"{r['load']['cold']['words_active'] / 1e6:,.1f} M"),
        ("cold load", lambda r: f"{r['load']['cold']['wall_s']:,.1f} s"),
        ("  stories/s", lambda r: f"{r['load']['cold']['stories_per_s']:,.0f}"),
        ("  MB/s", lambda r: f"{r['load']['cold']['mb_per_s']:.2f}"),
        ("  CPU, all processes", lambda r: f"{r['load']['cold']['cpu_total_s']:,.0f} s"),
        ("floor (bare FTS5)", lambda r: f"{r['load']['floor']['wall_s']:,.1f} s"),
        ("  cold / floor", lambda r: f"{r['load']['cold_vs_floor']:.2f}x"),
        ("reload, unchanged", lambda r: f"{r['load']['unchanged']['wall_s']:.2f} s"),
        ("reload, 1% changed", lambda r: f"{r['load']['changed_1pct']['wall_s']:.2f} s"),
        ("database", lambda r: f"{r['load']['cold']['db_bytes'] / 1e6:,.0f} MB"),
        ("peak RSS, bot loading", lambda r: f"{r['load']['cold']['rss_main_peak_mb']:.0f} MB"),
        ("  with parse workers", lambda r: f"{r['load']['cold']['rss_tree_peak_mb']:.0f} MB"),
        ("peak RSS, bot serving", lambda r: f"{r['commands']['rss_main_peak_mb']:.0f} MB"),
        ("longest loop stall", lambda r: f"{r['load']['cold']['loop']['stall_max_ms']:.0f} ms"),
    ]
    for label, cell in rows:
        load.add_row(label, *(cell(results["sizes"][str(n)]) for n in sizes))
    console.print(load)

    cmds = Table(title="Commands: p50 / p99 ms (bare SQL p50 / p99)")
    cmds.add_column("command")
    for n in sizes:
        cmds.add_column(f"{n:,}", justify="right")
        cmds.add_column("SQL", justify="right", style="dim")
    for key, title, _limit in COMMANDS:
        row = [title]
        for n in sizes:
            c = results["sizes"][str(n)]["commands"]["commands"].get(key)
            if c is None:
                row += ["", ""]
                continue
            row.append(f"{c['bot']['p50_ms']:.1f} / {c['bot']['p99_ms']:.1f}")
            row.append(f"{c['sql']['p50_ms']:.2f} / {c['sql']['p99_ms']:.2f}")
        cmds.add_row(*row)
    console.print(cmds)

    for n in sizes:
        conc = results["sizes"][str(n)].get("concurrency")
        if not conc:
            continue
        for mode, what in (("stored_only", "no feedback channel"), ("posted", "posted")):
            w = conc[mode]
            console.print(
                f"{conc['readers']} readers review at once ({n:,} stories, {what}): "
                f"{w['stored']} stored, {w['thanked']} thanked, {w['posted']} posts, "
                f"p50 {w['latency']['p50_ms']:.0f} ms, p99 {w['latency']['p99_ms']:.0f} ms, "
                f"{w.get('p99_vs_floor', '?')}x the floor, all done in {w['wall_s']:.2f} s"
            )
        if "floor" in conc:
            f = conc["floor"]
            console.print(
                f"  floor, a bare discord.py bot answering the same forms: "
                f"p50 {f['latency']['p50_ms']:.0f} ms, p99 {f['latency']['p99_ms']:.0f} ms"
            )

    targets = Table(title="Targets")
    targets.add_column("target")
    targets.add_column("measured", justify="right")
    targets.add_column("limit", justify="right")
    targets.add_column("")
    for t in results["targets"]:
        value = "-" if t["value"] is None else f"{t['value']:g} {t['unit']}"
        targets.add_row(
            t["target"],
            value,
            f"{t['limit']:g} {t['unit']}",
            "[green]met[/]" if t["met"] else "[red]missed[/]",
        )
    console.print(targets)


def plot(results: dict[str, Any], path: Path) -> Path | None:
    """p50 and p99 latency of each command against the library's size (log-log)."""
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no plot")
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(s) for s in results["sizes"])
    fig, (ax50, ax99) = plt.subplots(1, 2, figsize=(13, 5.5), sharey=True)
    for key, title, _limit in COMMANDS:
        p50, p99, xs = [], [], []
        for n in sizes:
            c = results["sizes"][str(n)]["commands"]["commands"].get(key)
            if c is not None:
                xs.append(n)
                p50.append(c["bot"]["p50_ms"])
                p99.append(c["bot"]["p99_ms"])
        ax50.plot(xs, p50, marker="o", label=title)
        ax99.plot(xs, p99, marker="o", label=title)
    for ax, what in ((ax50, "p50"), (ax99, "p99")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("stories in the library")
        ax.set_title(f"{what} latency, dispatch to response")
        ax.grid(True, which="both", alpha=0.3)
        ax.axhline(20, color="red", linestyle="--", linewidth=0.8)
    ax50.set_ylabel("milliseconds")
    ax99.legend(fontsize=8, loc="upper left")
    m = results["machine"]
    fig.suptitle(f"ficbot commands vs library size · {m['nproc']} cores · {m['cpu']}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
