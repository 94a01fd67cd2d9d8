"""A small library for the query tests: four stories with known titles, ratings and casts."""

from __future__ import annotations

from pathlib import Path

# (file stem, sidecar TOML, text)
STORIES: list[tuple[str, str, str]] = [
    (
        "101_bar",
        'title = "Last Orders"\nrating = "General Audiences"\n'
        'relationships = ["Cloud Strife/Tifa Lockhart"]\n',
        """Cloud walked into the bar and ordered a drink. Tifa looked up from the glass she was polishing and smiled at him, the way she always did when he came home late.

"You're back," she said. Cloud nodded and sat down, and for a while neither of them said anything at all, which was how they liked it.
""",
    ),
    (
        "102_church",
        'title = "Flowers in the Church"\nrating = "Explicit"\n',
        """Aerith knelt among the flowers in the old church and listened to the rain on the broken roof. She hummed while she worked, and the lilies seemed to lean toward her voice.

When the door creaked, Aerith did not turn around. She knew the footsteps by now, heavy boots and a sword that scraped the pews.
""",
    ),
    (
        "103_rain",
        'title = "Last Rain in Midgar"\nrating = "Teen And Up Audiences"\n',
        """Zack held the umbrella over Cloud and laughed at the storm. The rain fell on Midgar in sheets, and the neon signs of the sector blurred into long smears of colour.

"You'll catch cold," Zack said, and Cloud told him he was the one who was soaked to the bone.
""",
    ),
    (
        "104_letters",
        'title = "Letters"\nrating = "Mature"\nfandom = "Original Work"\n',
        """Tifa wrote the letter three times before she was happy with it. Each version said less than the last, and the last said almost nothing at all.

She sealed it, addressed it to Cloud, and left it on the counter of the bar where he would see it in the morning.
""",
    ),
]


def write_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, sidecar, text in STORIES:
        (folder / f"{stem}.txt").write_text(text)
        (folder / f"{stem}.toml").write_text(sidecar)
    return folder
