"""One message ficbot sends (``Reply``), and the short plain answer (``notice``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

from bot.ui import limits

NO_PINGS = discord.AllowedMentions.none()


@dataclass(slots=True)
class Reply:
    """One message: what to send, and whether only the reader sees it."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    file: discord.File | None = None
    ephemeral: bool = False

    def check(self) -> Reply:
        problems: list[str] = []
        if self.content and len(self.content) > limits.CONTENT:
            problems.append(f"content {len(self.content)} > {limits.CONTENT}")
        if len(self.embeds) > limits.EMBEDS_PER_MESSAGE:
            problems.append("too many embeds")
        total = 0
        for embed in self.embeds:
            data = embed.to_dict()
            problems += limits.embed_problems(dict(data))
            total += limits.embed_chars(dict(data))
        if total > limits.EMBED_TOTAL:
            problems.append(f"embeds total {total} > {limits.EMBED_TOTAL}")
        if problems:
            raise ValueError("message breaks Discord's limits: " + "; ".join(problems))
        return self

    def send_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"allowed_mentions": NO_PINGS, "embeds": self.embeds}
        if self.content is not None:
            kwargs["content"] = self.content
        if self.view is not None:
            # Every button is a DynamicItem, dispatched by its custom id alone (and so after a
            # restart too). A stopped view is not kept by discord.py, which would otherwise hold
            # each one, with a 15-minute timeout task for ephemeral answers, for nothing.
            self.view.stop()
            kwargs["view"] = self.view
        if self.file is not None:
            kwargs["file"] = self.file
        return kwargs


def notice(text: str, *, ephemeral: bool = True) -> Reply:
    """A short answer in plain words: errors, refusals, confirmations."""
    return Reply(content=limits.fit(text, limits.CONTENT), ephemeral=ephemeral)
