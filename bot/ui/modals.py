"""The review form, and reading what a reader submitted in it.

The form is a ``discord.ui.Modal`` (rating select, review text, spoiler checkbox, each inside a
``Label``). Its submission is handled by the feedback cog's interaction listener from the raw
payload rather than by ``Modal.on_submit``: discord.py only routes a submit to a modal object
opened by this process, and a reader may press Submit after the bot restarted.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import discord

from bot.storage.feedback import REVIEW_MAX_CHARS, REVIEW_MIN_CHARS, Review
from bot.storage.models import StoredStory
from bot.ui import ids, limits, style

RATING_FIELD = "rating"
TEXT_FIELD = "text"
SPOILER_FIELD = "spoiler"


# What each rating says, next to its stars in the review form.
RATING_WORDS = {
    5: "Loved it",
    4: "Liked it",
    3: "It was all right",
    2: "Not for me",
    1: "Disliked it",
}


class ReviewModal(discord.ui.Modal):
    def __init__(self, story: StoredStory, existing: Review | None) -> None:
        verb = "Edit your review" if existing else "Review"
        super().__init__(
            title=limits.fit(f"{verb}: {story.title}", limits.MODAL_TITLE),
            custom_id=ids.review_modal(story.id, secrets.token_hex(4)),
            timeout=None,
        )
        current = existing.rating if existing else None
        self.rating: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=RATING_FIELD,
            placeholder="How many stars?",
            min_values=1,
            max_values=1,
            options=[
                discord.SelectOption(
                    # The value is the number: words in the label, so that it is not said twice
                    # where both are shown.
                    label=f"{style.stars(n)}  {RATING_WORDS[n]}",
                    value=str(n),
                    default=(n == current),
                )
                for n in range(5, 0, -1)
            ],
        )
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=TEXT_FIELD,
            style=discord.TextStyle.paragraph,
            min_length=REVIEW_MIN_CHARS,
            max_length=REVIEW_MAX_CHARS,
            placeholder="What did you love? What stayed with you?",
            default=existing.body if existing else None,
        )
        self.spoiler: discord.ui.Checkbox[Any] = discord.ui.Checkbox(
            custom_id=SPOILER_FIELD, default=existing.spoiler if existing else False
        )
        self.add_item(discord.ui.Label(text="Your rating", component=self.rating))
        self.add_item(
            discord.ui.Label(
                text="Your review",
                description=f"{REVIEW_MIN_CHARS} to {REVIEW_MAX_CHARS} characters",
                component=self.text,
            )
        )
        self.add_item(
            discord.ui.Label(
                text="Contains spoilers",
                description="Hide it behind a spoiler tag",
                component=self.spoiler,
            )
        )

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:  # noqa: ARG002
        # Handled by the feedback cog's listener (see the module docstring); nothing to do here.
        return None


@dataclass(frozen=True, slots=True)
class Submission:
    story_id: str
    rating: str
    text: str
    spoiler: bool


def submitted_fields(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The fields of a modal-submit payload, in both shapes Discord sends (action rows, and
    labels holding one component); anything of another shape is passed over."""
    rows = data.get("components")
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        inner = row.get("component")
        children = [inner] if isinstance(inner, dict) else row.get("components")
        for component in children if isinstance(children, list) else []:
            if isinstance(component, dict):
                yield component


def read_submission(data: dict[str, Any]) -> Submission | None:
    """A review form's values from a modal-submit payload (None if it is not one of ours)."""
    match = ids.REVIEW_MODAL.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return None
    # A forged submit can carry anything: only the shapes Discord sends are read, and a field
    # of the wrong shape (two ratings, a list for the text) counts as not filled in.
    values: dict[str, Any] = {}
    for component in submitted_fields(data):
        cid = str(component.get("custom_id", ""))
        if "values" in component:
            chosen = component.get("values")
            values[cid] = chosen[0] if isinstance(chosen, list) and len(chosen) == 1 else ""
        else:
            values[cid] = component.get("value")
    rating, text = values.get(RATING_FIELD), values.get(TEXT_FIELD)
    return Submission(
        story_id=match.group("story"),
        rating=rating if isinstance(rating, str) else "",
        text=text if isinstance(text, str) else "",
        spoiler=values.get(SPOILER_FIELD) is True,
    )
