"""A quick, deterministic corpus for fault tests: many distinct stories built from the seeds."""

from __future__ import annotations

import random
from pathlib import Path

from tests.fixtures.paths import SEEDS

NAMES = [
    "Cloud",
    "Tifa",
    "Aerith",
    "Zack",
    "Vincent",
    "Yuffie",
    "Reno",
    "Rude",
    "Genesis",
    "Angeal",
]


def make_corpus(folder: Path, count: int, *, seed: int = 7, paragraphs: int = 40) -> list[Path]:
    """``count`` stories of about ``paragraphs`` paragraphs each, with notes, breaks and cast."""
    rng = random.Random(seed)
    pool: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pool += [
            p
            for p in text.split("\n\n")
            if len(p) > 80 and not p.startswith(("A/N", "Disclaimer", "Like it"))
        ]
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        lead, other = rng.sample(NAMES, 2)
        body = []
        for k in range(paragraphs):
            para = (
                rng.choice(pool)
                .replace("Sephiroth", lead)
                .replace("Aeris", other)
                .replace("Genesis", lead)
            )
            body.append(para)
            if k and k % 15 == 0:
                body.append("* * *")
        text = (
            f"A/N: Story number {n} for the fault tests. Please review!\n\n"
            f"Disclaimer: I don't own Final Fantasy VII.\n\n"
            + "\n\n".join(body)
            + f"\n\nThanks for reading story {n}! Feedback is welcome.\n"
        )
        path = folder / f"{1000 + n}_story.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files
