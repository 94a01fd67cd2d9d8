"""What every answer to bad input must be: handled, within Discord's rules, and ping-free."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.app.client import STALE
from bot.app.errors import APOLOGY
from fakediscord import Exchange, Harness, Sent

# Interaction callbacks that carry a message body.
MESSAGE_CALLBACKS = (
    discord.InteractionResponseType.channel_message.value,
    discord.InteractionResponseType.message_update.value,
)
SUBCOMMAND_TYPES = (
    discord.AppCommandOptionType.subcommand.value,
    discord.AppCommandOptionType.subcommand_group.value,
)

# What Discord would render as a mention (and, without allowed_mentions, ping).
RAW_MENTION = re.compile(r"@everyone|@here|<@[!&]?\d+>")

# Right-to-left overrides and isolates: echoed back, they turn the rest of our sentence around.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Requests whose body is a message (create or edit).
MESSAGE_KINDS = ("followup", "edit_original", "edit_followup", "channel_message", "edit_message")


def message_bodies(records: list[Sent]) -> list[dict[str, Any]]:
    """The message bodies the bot sent (message and update callbacks, follow-ups, edits, posts)."""
    bodies: list[dict[str, Any]] = []
    for record in records:
        if record.kind == "callback":
            if record.callback_type in MESSAGE_CALLBACKS:
                bodies.append(record.data)
        elif record.kind in MESSAGE_KINDS and isinstance(record.payload, dict):
            bodies.append(record.payload)
        elif record.kind == "thread_create" and isinstance(record.payload, dict):
            inner = record.payload.get("message")
            if isinstance(inner, dict):
                bodies.append(inner)
    return bodies


def visible_text(body: dict[str, Any]) -> list[str]:
    """Every piece of text a reader sees in a message body."""
    texts = [str(body.get("content") or "")]
    for embed in body.get("embeds") or []:
        texts.append(str(embed.get("title") or ""))
        texts.append(str(embed.get("description") or ""))
        texts.append(str((embed.get("author") or {}).get("name") or ""))
        texts.append(str((embed.get("footer") or {}).get("text") or ""))
        for f in embed.get("fields") or []:
            texts.append(str(f.get("name") or ""))
            texts.append(str(f.get("value") or ""))
    return [t for t in texts if t]


def assert_no_pings(records: list[Sent]) -> None:
    for body in message_bodies(records):
        assert body.get("allowed_mentions") == {"parse": []}, body.get("allowed_mentions")
        for text in visible_text(body):
            found = RAW_MENTION.search(text)
            assert found is None, f"raw mention {found.group(0)!r} shown in {text[:200]!r}"


def assert_handled(ex: Exchange, *, forged: bool = False) -> None:
    """The bot answered, broke no rule, raised nothing, logged no error, and pinged nobody.

    ``forged``: the stimulus was something Discord's client never sends; the "out of date"
    answer for an unknown custom id is then a fine answer too. The apology for an unexpected
    error never is.
    """
    assert ex.errors == [], ex.summary()
    assert ex.violations == [], ex.summary()
    assert ex.logs == [], f"errors were logged: {ex.logs}"
    assert ex.response is not None, ex.summary()
    assert_no_pings(ex.sent)
    if ex.content is not None:
        assert APOLOGY not in ex.content, ex.summary()
        assert "****" not in ex.content, f"an empty bold name in {ex.content!r}"
        assert not BIDI_CONTROLS.search(ex.content), f"direction controls in {ex.content!r}"
        if not ex.embeds:
            assert len(ex.content) <= 600, f"not a short answer: {ex.content!r}"
        if not forged:
            assert STALE not in ex.content, ex.summary()


def assert_harness_clean(h: Harness) -> None:
    """Nothing anywhere in this harness's life broke a rule or pinged anyone."""
    assert h.violations == [], [str(v) for v in h.violations]
    assert h.stray_errors == []
    assert_no_pings(h.log)


def leaf_options(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The option list of the subcommand a slash-command payload invokes."""
    options: list[dict[str, Any]] = payload["data"].setdefault("options", [])
    while options and options[0].get("type") in SUBCOMMAND_TYPES:
        options = options[0].setdefault("options", [])
    return options


async def forced_slash(
    h: Harness,
    command: str,
    options: dict[str, Any],
    override: dict[str, Any],
    *,
    user: str = "ayla",
    channel: str = "general",
    unresolved: bool = False,
) -> Exchange:
    """A slash command whose option values are replaced after the harness built the payload:
    what a forged request could carry that Discord's client (and the harness) would refuse."""
    where = h.builder.where(user, channel)
    payload = h.builder.slash(command, options, where, force=True)
    for option in leaf_options(payload):
        if option["name"] in override:
            option["value"] = override[option["name"]]
    if unresolved:  # channels, users and roles Discord did not send the details of
        payload["data"].pop("resolved", None)
    return await h.send(payload)
