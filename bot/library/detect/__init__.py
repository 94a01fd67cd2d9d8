"""Finding characters in a story: mentions, roles and pairings.

Counting names alone misleads. Leads in pronoun-heavy stories are named once and called "he"
for pages; names that are ordinary words ("a cloud", "genesis", "red") are not mentions; and
the characters an author names in the notes or the metadata are the ones the story is about.

One module per step, each usable alone:

- ``names``: roster characters found by any alias (``Detector``, ``Mention``), a name told
  from an ordinary word by where it stands (``sentences``);
- ``pronouns``: where a text says he or she;
- ``roles``: lead, supporting or mentioned, each pronoun credited to the character it stands for;
- ``pairing``: who is paired with whom;
- ``unconfirmed``: recurring names the roster does not know;
- ``matching``: the fast word matching the others run on (``Scan``, ``prepare``).

The word lists they read are data: ``bot/library/data/words.toml`` (``bot.library.words``).
"""

from bot.library.detect.matching import Scan, prepare
from bot.library.detect.names import Detector, Mention
from bot.library.detect.pairing import PairingInput, pairings
from bot.library.detect.pronouns import PronounStarts, pronoun_count, pronoun_counts, pronoun_starts
from bot.library.detect.roles import ROLE_ORDER, CastInput, CharacterRole, assign_roles
from bot.library.detect.unconfirmed import lower_case_words, unconfirmed_names

__all__ = [
    "ROLE_ORDER",
    "CastInput",
    "CharacterRole",
    "Detector",
    "Mention",
    "PairingInput",
    "PronounStarts",
    "Scan",
    "assign_roles",
    "lower_case_words",
    "pairings",
    "prepare",
    "pronoun_count",
    "pronoun_counts",
    "pronoun_starts",
    "unconfirmed_names",
]
