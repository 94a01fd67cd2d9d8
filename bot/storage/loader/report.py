"""What a load reports: counts, skipped files with their reasons, warnings, progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(slots=True)
class Skip:
    file: str
    reason: str


@dataclass(slots=True)
class LoadReport:
    loaded: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"loaded {self.loaded}, updated {self.updated}, unchanged {self.unchanged}, "
            f"withdrawn {self.withdrawn}, skipped {len(self.skipped)}"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "loaded": self.loaded,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "skipped": [{"file": s.file, "reason": s.reason} for s in self.skipped],
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int


ProgressCallback = Callable[[Progress], None]
