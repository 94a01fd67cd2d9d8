"""The filter a reader's request gets: the channel's age rule, the options they gave (rating at
most, length, complete) and their own and their server's exclusions. Every command that lists
or draws stories builds its ``StoryFilter`` here.

The options travel in list buttons' custom ids as three letters (``code``/``decode``), so a
page turn keeps them; exclusions are read afresh at every press.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app.common import allows_adult, bot_of
from bot.library import ratings
from bot.storage import exclusions
from bot.storage.queries.filters import Length, StoryFilter
from bot.ui.refusal import Refusal

RATING_CHOICES = [
    app_commands.Choice(name="General", value=ratings.GENERAL),
    app_commands.Choice(name="Teen", value=ratings.TEEN),
    app_commands.Choice(name="Mature", value=ratings.MATURE),
    app_commands.Choice(name="Explicit", value=ratings.EXPLICIT),
]
LENGTH_CHOICES = [
    app_commands.Choice(name="drabble (under 1,000 words)", value=str(Length.DRABBLE)),
    app_commands.Choice(name="short (1,000 to 10,000)", value=str(Length.SHORT)),
    app_commands.Choice(name="long (10,000 to 50,000)", value=str(Length.LONG)),
    app_commands.Choice(name="epic (50,000 and more)", value=str(Length.EPIC)),
]
FILTER_DESCRIPTIONS = {
    "rating": "Rated at most this",
    "length": "drabble <1k words, short <10k, long <50k, epic",
    # Stories whose files never say are in neither list (bot.library.completion).
    "complete": "True: only finished stories; False: only works in progress. Status unknown: neither",
}

_RATING_LETTER = {
    ratings.GENERAL: "g",
    ratings.TEEN: "t",
    ratings.MATURE: "m",
    ratings.EXPLICIT: "e",
}
_LENGTH_LETTER = {Length.DRABBLE: "d", Length.SHORT: "s", Length.LONG: "l", Length.EPIC: "e"}


def _rating(value: str | None) -> str | None:
    if value is None or value in _RATING_LETTER:
        return value
    raise Refusal("A rating is one of General, Teen, Mature or Explicit.")


def _length(value: str | None) -> Length | None:
    try:
        return Length(value) if value is not None else None
    except ValueError:
        raise Refusal("A length is drabble, short, long or epic.") from None


async def reader_filter(
    interaction: discord.Interaction[Any],
    *,
    rating: str | None = None,
    length: str | None = None,
    complete: bool | None = None,
) -> StoryFilter:
    excluded = await exclusions.load(
        bot_of(interaction).db, interaction.guild_id, interaction.user.id
    )
    return StoryFilter(
        allow_adult=allows_adult(interaction),
        max_rating=_rating(rating),
        length=_length(length),
        complete=complete,
        exclusions=excluded,
    )


def code(flt: StoryFilter) -> str:
    """The options, in three letters: rating, length, complete (``-`` for none)."""
    complete = "-" if flt.complete is None else ("y" if flt.complete else "n")
    return (
        _RATING_LETTER.get(flt.max_rating or "", "-")
        + (_LENGTH_LETTER[flt.length] if flt.length else "-")
        + complete
    )


async def decode(interaction: discord.Interaction[Any], letters: str) -> StoryFilter:
    """The reader's filter with the options ``code`` wrote (a forged code is out of date)."""
    if len(letters) != 3:
        raise Refusal("That list is out of date. Ask again.")
    by_rating = {v: k for k, v in _RATING_LETTER.items()}
    by_length = {v: k for k, v in _LENGTH_LETTER.items()}
    r, n, c = letters[0], letters[1], letters[2]
    if (r != "-" and r not in by_rating) or (n != "-" and n not in by_length) or c not in "-yn":
        raise Refusal("That list is out of date. Ask again.")
    return await reader_filter(
        interaction,
        rating=by_rating.get(r),
        length=str(by_length[n]) if n in by_length else None,
        complete=None if c == "-" else c == "y",
    )
