"""Extra story files for bot tests, written into the test's private seed folder."""

from __future__ import annotations

from pathlib import Path

EXPLICIT = """Title: After Hours
Author: nightowl
Fandom: Final Fantasy VII
Rating: Explicit
Relationships: Cloud Strife/Tifa Lockhart

Cloud came home late to Seventh Heaven, and Tifa was waiting for him by the bar with the lights turned low. She did not say anything at first, and neither did he, because there was nothing that needed saying between them any more.

He crossed the room and she met him halfway, and the rest of the night belonged to the two of them and nobody else in the whole sleeping city.
"""


def cloud_story(n: int) -> str:
    return (
        f"Cloud walked the road to Kalm for the {n}th time that year, the Buster Sword heavy on his back. "
        "He thought about the things he had lost and the people he still had, and about Tifa waiting at home. "
        "The road was long and dusty and the sun was merciless, but Cloud kept walking, one step after another, "
        "because that was all he knew how to do.\n\n"
        "When he reached the town gates he stopped and looked back at the way he had come. Cloud had never been "
        "one for looking back, but tonight he allowed himself that much, and then he went in to find an inn."
    )


def add(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


MATURE_VINCENT = """Title: Coffin Hours
Author: nightowl
Fandom: Final Fantasy VII
Rating: Mature

Vincent Valentine woke in the coffin under the Shinra Mansion and did not move for a long time. Vincent listened to the house settle above him and counted the years he had lost to the dark.

When Vincent finally rose, the mansion was empty, and he walked its halls alone with the old wounds that would not close.
"""

EXPLICIT_ELSEWHERE = """Title: Thedas Nights
Author: nightowl
Fandom: Dragon Age
Rating: Explicit

The camp was quiet, and the fire had burned down to embers. Nobody else was awake to see who left whose tent before dawn.
"""
