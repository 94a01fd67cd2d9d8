"""Wording helpers shared by every answer."""

from __future__ import annotations

from bot.ui import style


def test_permissions_are_named_as_discords_client_names_them() -> None:
    """Issue 12, a new user met "/ficadmin needs permissions 32"."""
    assert style.permissions(["manage_guild"]) == "the Manage Server permission"
    assert (
        style.permissions(["embed_links", "send_messages_in_threads"])
        == "the Embed Links and Send Messages In Threads permissions"
    )


def test_counts_agree_in_number() -> None:
    assert style.plural(1, "word") == "1 word" and style.plural(2, "word") == "2 words"
    assert style.length(1, 1).startswith("1 word ·")
