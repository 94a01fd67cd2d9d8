"""Names close to what a reader typed: the one "did you mean" for every command and the CLI.

Prefix matches first ("aer" -> Aerith), then a word of the name starting with it ("gain" ->
Aerith Gainsborough), then typos (``difflib``'s ratio). The alias list is small (a roster plus
the names the loader found) and every answer is kept, so a C matcher such as rapidfuzz would
not pay for its dependency here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# Answers kept per suggester before the memo starts over: an autocomplete asks the same few
# prefixes over and over, but a long session must not grow it without end.
_MEMO_LIMIT = 4096


def fold(typed: str) -> str:
    """What a reader typed, as names are compared: spaces collapsed, case folded."""
    return " ".join(typed.split()).casefold()


class NameSuggester:
    """Canonical names whose aliases are close to what was typed."""

    def __init__(self, aliases: Iterable[tuple[str, str]]) -> None:
        """``aliases``: (alias folded with ``fold``, canonical name); the first pair of an
        alias wins."""
        self.by_alias: dict[str, str] = {}
        for alias, name in aliases:
            self.by_alias.setdefault(alias, name)
        self.aliases = list(self.by_alias)
        self.answers: dict[tuple[str, int], list[str]] = {}

    def suggest(self, typed: str, limit: int = 5) -> list[str]:
        folded = fold(typed)
        if not folded:
            return []
        key = (folded, limit)
        found = self.answers.get(key)
        if found is None:
            found = self._suggest(folded, limit)
            if len(self.answers) > _MEMO_LIMIT:
                self.answers.clear()
            self.answers[key] = found
        return list(found)

    def _suggest(self, folded: str, limit: int) -> list[str]:
        by_alias = self.by_alias
        ranked = [a for a in self.aliases if a.startswith(folded)]
        ranked += [
            a
            for a in self.aliases
            if any(w.startswith(folded) for w in a.split()) and a not in ranked
        ]
        ranked += difflib.get_close_matches(folded, self.aliases, n=limit * 4, cutoff=0.6)
        names: list[str] = []
        for alias in ranked:
            if by_alias[alias] not in names:
                names.append(by_alias[alias])
        return names[:limit]
