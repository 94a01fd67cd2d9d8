"""Passages: the stretches of a story an excerpt may quote.

A passage is one or more whole paragraphs of prose from one scene, about 300 to 1,200
characters, never from notes or disclaimers and never across a scene break. A paragraph longer
than the maximum is cut at sentence ends, never mid-sentence. Precomputing them at load time
makes "a random passage featuring X" a single indexed query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.library.sections import Kind, Paragraph, Section

MIN_CHARS = 300
MAX_CHARS = 1200
_JOIN = "\n\n"

# A sentence ends at . ! ? or … (and any closing quotes) before a space and a new sentence.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    first: int  # index of its first paragraph among the story's paragraphs
    last: int


def build(paragraphs: list[Paragraph]) -> list[Passage]:
    scenes: list[list[tuple[int, str]]] = []
    for idx, p in enumerate(paragraphs):
        if p.section is not Section.BODY or p.kind is not Kind.TEXT:
            if scenes and scenes[-1]:
                scenes.append([])
            continue
        if p.scene_start or not scenes:
            scenes.append([])
        scenes[-1].append((idx, p.text))

    passages: list[Passage] = []
    for scene in scenes:
        passages.extend(_scene_passages(scene))
    if not passages:
        # A very short story: its scenes, whole, are the only passages it has.
        for scene in scenes:
            passages.extend(_scene_passages(scene, min_chars=1))
    return passages


def _scene_passages(scene: list[tuple[int, str]], min_chars: int = MIN_CHARS) -> list[Passage]:
    out: list[Passage] = []
    group: list[tuple[int, str]] = []
    # The size of the group's text once joined, kept as paragraphs are added (not re-summed).
    group_size = 0

    def emit() -> None:
        nonlocal group_size
        if group and group_size >= min_chars:
            out.append(Passage(_JOIN.join(t for _, t in group), group[0][0], group[-1][0]))
        elif group and out and out[-1].last == group[0][0] - 1:
            # A short tail joins the passage before it when that stays within the maximum.
            merged = out[-1].text + _JOIN + _JOIN.join(t for _, t in group)
            if len(merged) <= MAX_CHARS:
                out[-1] = Passage(merged, out[-1].first, group[-1][0])
        group.clear()
        group_size = 0

    for idx, text in scene:
        if len(text) > MAX_CHARS:
            emit()
            out.extend(Passage(piece, idx, idx) for piece in _split_long(text))
            continue
        if group and group_size + len(_JOIN) + len(text) > MAX_CHARS:
            emit()
        group_size += len(text) + (len(_JOIN) if group else 0)
        group.append((idx, text))
        if group_size >= MIN_CHARS * 2:
            emit()  # long enough: keep passages readable rather than always near the maximum
    emit()
    return out


def _split_long(text: str) -> list[str]:
    """Cut an over-long paragraph into runs of whole sentences within the maximum."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    pieces: list[str] = []
    current: tuple[int, int] | None = None
    for begin, end in spans:
        if current is None:
            current = (begin, end)
        elif end - current[0] <= MAX_CHARS:
            current = (current[0], end)
        else:
            pieces.append(text[current[0] : current[1]])
            current = (begin, end)
    if current is not None:
        pieces.append(text[current[0] : current[1]])
    # A single sentence over the maximum cannot be cut without breaking it: leave it out.
    return [p for p in pieces if MIN_CHARS // 3 <= len(p) <= MAX_CHARS]
