"""The one "did you mean": prefixes first, then a word of the name, then typos."""

from __future__ import annotations

from bot.library.fuzzy import NameSuggester, fold

ALIASES = [
    ("aerith gainsborough", "Aerith Gainsborough"),
    ("aerith", "Aerith Gainsborough"),
    ("aeris", "Aerith Gainsborough"),
    ("elmyra gainsborough", "Elmyra Gainsborough"),
    ("cloud strife", "Cloud Strife"),
    ("cloud", "Cloud Strife"),
    ("sephiroth", "Sephiroth"),
    ("seph", "Sephiroth"),
]


def test_fold_collapses_spaces_and_case() -> None:
    assert fold("  Aerith   GAINSBOROUGH ") == "aerith gainsborough"


def test_prefix_matches_come_first() -> None:
    assert NameSuggester(ALIASES).suggest("ae")[0] == "Aerith Gainsborough"


def test_a_word_of_the_name_matches() -> None:
    assert NameSuggester(ALIASES).suggest("gains") == ["Aerith Gainsborough", "Elmyra Gainsborough"]


def test_typos_find_the_name() -> None:
    assert NameSuggester(ALIASES).suggest("Sephirot") == ["Sephiroth"]
    assert NameSuggester(ALIASES).suggest("Clowd") == ["Cloud Strife"]


def test_each_name_once_and_at_most_limit() -> None:
    names = NameSuggester(ALIASES).suggest("a", limit=1)
    assert names == ["Aerith Gainsborough"]


def test_nothing_typed_nothing_suggested() -> None:
    assert NameSuggester(ALIASES).suggest("   ") == []
    assert NameSuggester(ALIASES).suggest("zzzz") == []


def test_the_first_owner_of_an_alias_wins() -> None:
    assert NameSuggester([("red", "Red XIII"), ("red", "Someone")]).suggest("red") == ["Red XIII"]


def test_answers_are_kept_and_not_shared_out() -> None:
    suggester = NameSuggester(ALIASES)
    first = suggester.suggest("ae")
    first.append("mutated")
    assert suggester.suggest("ae") == ["Aerith Gainsborough"]
    assert ("ae", 5) in suggester.answers
