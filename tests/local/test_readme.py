"""The README's console examples are the journey's real transcript, so they cannot drift.

A code block in README.md right after ``<!-- journey: LINE | LINE ... -->`` must be exactly what
``ficbot console --script examples/journey.fic`` prints for those script lines, in order (the
passages' random keys and draws seeded, so the passages shown are always the same). After a change to what the bot
prints, regenerate them: ``FICBOT_WRITE_README=1 .venv/bin/python -m pytest tests/local/test_readme.py``.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from bot.storage.loader import writes
from bot.storage.queries import passages
from tests.local.test_script import JOURNEY, Run

README = Path(__file__).resolve().parents[2] / "README.md"
SEED = 2024
_PROMPT = re.compile(r"^\w+ #[\w-]+(?: › [^\n]*?)? › (?P<typed>.*)$", re.MULTILINE)
_BLOCK = re.compile(r"(<!-- journey: (?P<lines>[^>]*?) -->\n```\n)(?P<body>.*?)(```)", re.DOTALL)


def sections(transcript: str) -> list[tuple[str, str]]:
    """(line typed, what the console printed for it, prompt included), in order."""
    found = list(_PROMPT.finditer(transcript))
    out = []
    for match, after in zip(found, [*found[1:], None], strict=True):
        text = transcript[match.start() : after.start() if after else len(transcript)]
        lines = [line.rstrip() for line in text.splitlines()]
        while lines and (not lines[-1] or lines[-1].startswith("# ")):
            lines.pop()  # the script's comments and blank lines before the next prompt
        out.append((match["typed"], "\n".join(lines)))
    return out


def excerpt(transcript: str, wanted: list[str]) -> str:
    """The sections for the typed lines ``wanted``, each the first one after the previous."""
    shown, rest = [], sections(transcript)
    for typed in wanted:
        at = next((i for i, (t, _) in enumerate(rest) if t == typed), None)
        assert at is not None, f"the journey has no line {typed!r} (after the previous ones)"
        shown.append(rest[at][1])
        rest = rest[at + 1 :]
    return "\n\n".join(shown) + "\n"


def test_readme_examples_are_the_journeys_transcript(
    run_script: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The passages' random keys (written by the loader) and the draws (/fic random) each get
    # a seeded generator of their own, so nothing else that uses `random` changes them.
    monkeypatch.setattr(writes, "random", random.Random(SEED))
    monkeypatch.setattr(passages, "random", random.Random(SEED + 1))
    code, transcript = run_script(JOURNEY)
    assert code == 0, transcript
    readme = README.read_text(encoding="utf-8")
    blocks = list(_BLOCK.finditer(readme))
    assert len(blocks) >= 2, "README.md lost its journey examples"
    if os.environ.get("FICBOT_WRITE_README"):
        readme = _BLOCK.sub(lambda m: m[1] + excerpt(transcript, _lines(m["lines"])) + m[4], readme)
        README.write_text(readme, encoding="utf-8")
        return
    for block in blocks:
        expected = excerpt(transcript, _lines(block["lines"]))
        assert block["body"] == expected, (
            f"README.md's example for {block['lines']!r} is not what the journey prints now; "
            "regenerate it with FICBOT_WRITE_README=1 (see this module's docstring)"
        )


def _lines(spec: str) -> list[str]:
    return [part.strip() for part in spec.split(" | ")]
