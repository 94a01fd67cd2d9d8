"""Where a text says he or she: the same on lower-cased text as with the plain patterns."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.library.detect.pronouns import pronoun_count, pronoun_counts, pronoun_starts

MALE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)


def test_pronouns_by_gender() -> None:
    text = "He gave her his sword; she thanked him. Hers was lost. Shelf, the, Heroes."
    assert pronoun_counts(text) == {"m": 3, "f": 3}
    assert pronoun_count(text, "f") == 3


@given(st.text(alphabet=st.sampled_from(list("hesimrlfHESIMRLF '-\u212a\u017fé")), max_size=50))
def test_starts_are_those_of_the_plain_patterns(text: str) -> None:
    he, she = pronoun_starts(text)
    assert he == [m.start() for m in MALE.finditer(text)]
    assert she == [m.start() for m in FEMALE.finditer(text)]
