"""Whether a story is finished: complete, in progress, or unknown.

What the file says wins, in this order:

1. a ``Status`` field (FanFicFare's ``Completed`` / ``In-Progress``; fanfiction.net's
   ``Status: Complete``; a header's or a sidecar's ``status``, or a sidecar's ``complete = true``);
2. AO3's ``Chapters: 5/5`` (complete) or ``5/?`` / ``3/10`` (in progress), and its
   ``Completed:`` date;
3. a fanfiction.net copy with no ``Complete`` in its facts line: fanfiction.net prints it
   only for finished stories, so its absence means in progress.

A file that says none of these (plain text, a page from elsewhere) is judged by how it ends:
an author's closing promise of more ("TBC", "To be continued", "next chapter soon", "more to
come", "I'll update soon") means in progress; a closing "The End" or "Fin" means complete;
anything else is unknown. Only the last few paragraphs and the end notes count: a story
often says "to be continued" at the end of an early chapter and finishes later on.

Readers who filter on it get only what is known: ``complete: yes`` never shows an unknown
story, so nobody asking for finished works is handed a work in progress.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Completion(StrEnum):
    COMPLETE = "complete"
    IN_PROGRESS = "in-progress"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Progress:
    """A story's completion and, when the source says, its chapters posted and planned."""

    completion: Completion = Completion.UNKNOWN
    chapters_posted: int | None = None
    chapters_total: int | None = None  # None: the source does not say ("5/?")


_DONE_WORDS = frozenset({"complete", "completed", "finished", "done", "yes", "true", "1"})
_OPEN_WORDS = frozenset(
    {
        "in-progress",
        "in progress",
        "inprogress",
        "ongoing",
        "incomplete",
        "wip",
        "work in progress",
        "unfinished",
        "hiatus",
        "on hiatus",
        "abandoned",
        "no",
        "false",
        "0",
    }
)
# "5/5", "3/?", "3/10"; or one number, as FanFicFare and fanfiction.net print it.
_CHAPTERS = re.compile(r"^\s*(?P<posted>\d{1,6})\s*(?:/\s*(?P<total>\d{1,6}|\?))?\s*$")


def read_status(value: str) -> Completion | None:
    """A status as written ("Completed", "In-Progress", "complete", "WIP"); None if unclear."""
    word = " ".join(value.replace("_", " ").split()).casefold()
    if word in _DONE_WORDS:
        return Completion.COMPLETE
    if word in _OPEN_WORDS:
        return Completion.IN_PROGRESS
    return None


def read_chapters(value: str) -> tuple[int | None, int | None, Completion | None]:
    """AO3's "posted/total": (posted, total, what it says). One number says nothing of
    completion; "?" or a total above the posted count is in progress."""
    m = _CHAPTERS.match(value)
    if m is None:
        return None, None, None
    posted = int(m.group("posted"))
    total = m.group("total")
    if total is None:
        return posted, None, None
    if total == "?":
        return posted, None, Completion.IN_PROGRESS
    planned = int(total)
    return posted, planned, Completion.COMPLETE if posted >= planned else Completion.IN_PROGRESS


def from_fields(fields: Mapping[str, str], *, ffn: bool) -> Progress | None:
    """What the header (or sidecar) says; None when it says nothing. ``ffn``: the fields
    come from fanfiction.net's facts line, where a missing "Complete" means in progress."""
    posted, total, by_chapters = read_chapters(fields.get("chapters", ""))
    said = read_status(fields.get("status", "")) or by_chapters
    if said is None and fields.get("completed", "").strip():
        said = Completion.COMPLETE  # AO3's stats print "Completed: <date>" for finished works
    if said is None and ffn:
        said = Completion.IN_PROGRESS
    if said is None:
        return None
    if said is Completion.COMPLETE and total is None and posted is not None:
        total = posted
    return Progress(said, posted, total)


_MORE_TO_COME = re.compile(
    r"\b(?:tbc|t\.b\.c\.?|to\s+be\s+continued|to\s+be\s+cont(?:'|’)?d|continued\s+in\s+"
    r"(?:the\s+)?next|next\s+(?:chapter|part|installment|instalment|update)\s+"
    r"(?:soon|coming|is\s+coming|will|should|out|up)|more\s+(?:to\s+come|soon|coming\s+soon)|"
    r"(?:i(?:'|’)ll|i\s+will|will)\s+update\s+soon|update\s+soon|updates?\s+coming|"
    r"stay\s+tuned|(?:chapter|part)\s+\d+\s+(?:coming\s+)?soon)\b",
    re.IGNORECASE,
)
_THE_END = re.compile(
    r"^\W{0,4}(?:the\s+end|fin|finis|finite|owari|end|\[?\s*end\s*\]?|complete)\W{0,4}$",
    re.IGNORECASE,
)
# How far from the end a closing mark may be: the last paragraphs, not the whole story.
CLOSING_PARAGRAPHS = 3


def from_ending(closing: Sequence[str]) -> Completion:
    """The rule for files with no status: ``closing`` is the story's last few paragraphs
    (text or the author's notes), then its end notes, in reading order."""
    for text in closing:
        if _MORE_TO_COME.search(text):
            return Completion.IN_PROGRESS
    for text in closing:
        if _THE_END.match(text.strip()):
            return Completion.COMPLETE
    return Completion.UNKNOWN
