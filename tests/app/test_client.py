"""The client's own answers: presses and forms that no handler will take."""

from __future__ import annotations

import copy

import discord

from bot.app.client import STALE
from fakediscord import Harness

RESPONSE = discord.InteractionResponseType


async def test_a_button_no_longer_on_the_message_is_answered_out_of_date(h: Harness) -> None:
    opened = await h.slash("fic read", story="004", public=True)
    nxt = next(c for c in opened.custom_ids if c.startswith("fb:nav:n:"))
    where = h.builder.where("ayla", "general")
    # Pressed on the message as it was; by the time Discord delivers the press, the message was
    # turned to page 2 (another press, another device) and that button is gone from it.
    stale = h.builder.component(copy.deepcopy(h._stored_message(opened)), nxt, where)
    turned = await h.click(opened, nxt)
    assert turned.response_type == RESPONSE.message_update.value
    now = h._stored_message(opened)
    assert nxt not in str(now["components"])
    stale["message"] = copy.deepcopy(now)
    answer = await h.send(stale, strict=False)
    assert answer.response is not None, "the reader got no answer at all"
    assert answer.ephemeral and STALE in (answer.content or ""), answer.summary()
    assert h._stored_message(opened)["embeds"] == now["embeds"]
