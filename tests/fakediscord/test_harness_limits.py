"""Discord's limits, checked on raw payloads (no bot needed)."""

from __future__ import annotations

from typing import Any

import discord

from fakediscord import limits
from fakediscord.limits import Problem

SAFE: dict[str, Any] = {"allowed_mentions": {"parse": []}}
ACTION_ROW = discord.ComponentType.action_row.value
BUTTON = discord.ComponentType.button.value
STRING_SELECT = discord.ComponentType.string_select.value
TEXT_INPUT = discord.ComponentType.text_input.value
TEXT_DISPLAY = discord.ComponentType.text_display.value
CONTAINER = discord.ComponentType.container.value
LABEL = discord.ComponentType.label.value
SHORT = discord.TextStyle.short.value
COMPONENTS_V2 = discord.MessageFlags.components_v2.flag
CHAT_INPUT = discord.AppCommandType.chat_input.value
STRING = discord.AppCommandOptionType.string.value
Response = discord.InteractionResponseType


def rule_names(problems: list[Problem]) -> list[str]:
    return [p.rule for p in problems]


def button(custom_id: str, label: str = "Go") -> dict[str, Any]:
    return {
        "type": BUTTON,
        "style": discord.ButtonStyle.primary.value,
        "label": label,
        "custom_id": custom_id,
    }


def row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": ACTION_ROW, "components": list(components)}


def test_a_plain_safe_message_passes() -> None:
    assert limits.check_message({"content": "hi", **SAFE}) == []


def test_content_and_empty_message() -> None:
    assert rule_names(limits.check_message({"content": "x" * 2001, **SAFE})) == ["message.content"]
    assert rule_names(limits.check_message({"content": "", **SAFE})) == ["message.empty"]
    assert limits.check_message({"content": "", **SAFE}, has_files=True) == []
    assert limits.check_message({"content": "", **SAFE}, creating=False) == []


def test_embed_limits() -> None:
    embed = {
        "title": "t" * 257,
        "description": "d" * 4097,
        "author": {"name": "a" * 257},
        "footer": {"text": "f" * 2049},
        "fields": [{"name": "n" * 257, "value": "v" * 1025}] + [{"name": "n", "value": "v"}] * 25,
    }
    found = rule_names(limits.check_embeds([embed]))
    for rule in (
        "embed.title",
        "embed.description",
        "embed.author",
        "embed.footer",
        "embed.fields",
        "embed.field_name",
        "embed.field_value",
        "embeds.total",
    ):
        assert rule in found
    assert rule_names(limits.check_embeds([{"title": "x"}] * 11)) == ["embeds.count"]


def test_embed_total_counts_every_embed_of_the_message() -> None:
    part = {"description": "x" * 3000}
    assert limits.check_embeds([part, part]) == []
    assert rule_names(limits.check_embeds([part, part, {"title": "!"}])) == ["embeds.total"]
    assert limits.embed_size({"title": "ab", "fields": [{"name": "c", "value": "de"}]}) == 5


def test_component_limits() -> None:
    six_rows = [row(button(f"b{i}")) for i in range(6)]
    assert "components.rows" in rule_names(limits.check_components(six_rows))
    crowded = [row(*(button(f"b{i}") for i in range(6)))]
    assert "components.row" in rule_names(limits.check_components(crowded))
    duplicate = [row(button("same"), button("same"))]
    assert rule_names(limits.check_components(duplicate)) == ["component.custom_id_duplicate"]
    long_id = [row(button("x" * 101))]
    assert rule_names(limits.check_components(long_id)) == ["component.custom_id"]
    long_label = [row(button("ok", label="L" * 81))]
    assert rule_names(limits.check_components(long_label)) == ["button.label"]
    link = [
        row(
            {
                "type": BUTTON,
                "style": discord.ButtonStyle.link.value,
                "label": "Read",
                "url": "https://example.org",
            }
        )
    ]
    assert limits.check_components(link) == []
    bare = [button("loose")]
    assert "components.row" in rule_names(limits.check_components(bare))


def test_components_v2_messages() -> None:
    text = {"type": TEXT_DISPLAY, "content": "t" * 4001}
    v2 = {"flags": COMPONENTS_V2, "components": [{"type": CONTAINER, "components": [text]}], **SAFE}
    assert rule_names(limits.check_message(v2)) == ["components.text"]
    mixed = {
        "flags": COMPONENTS_V2,
        "content": "hi",
        "components": [{"type": TEXT_DISPLAY, "content": "x"}],
    }
    assert "components.v2_content" in rule_names(limits.check_message({**mixed, **SAFE}))
    many = {
        "flags": COMPONENTS_V2,
        "components": [{"type": TEXT_DISPLAY, "content": "x"}] * 41,
        **SAFE,
    }
    assert rule_names(limits.check_message(many)) == ["components.count"]


def test_select_limits() -> None:
    options = [{"label": f"o{i}", "value": str(i)} for i in range(26)]
    select = {"type": STRING_SELECT, "custom_id": "s", "options": options, "placeholder": "p" * 151}
    found = rule_names(limits.check_components([row(select)]))
    assert "select.options" in found and "select.placeholder" in found
    long_option = {
        "type": STRING_SELECT,
        "custom_id": "s",
        "options": [{"label": "l" * 101, "value": "v"}],
    }
    assert rule_names(limits.check_components([row(long_option)])) == ["select.option_label"]
    with_button = [
        row(
            {"type": STRING_SELECT, "custom_id": "s", "options": [{"label": "a", "value": "a"}]},
            button("b"),
        )
    ]
    assert "components.row" in rule_names(limits.check_components(with_button))


def test_allowed_mentions_rule() -> None:
    assert rule_names(limits.check_allowed_mentions({})) == ["allowed_mentions.missing"]
    assert limits.check_allowed_mentions({"allowed_mentions": {"parse": []}}) == []
    pinging = {"allowed_mentions": {"parse": ["everyone"], "users": ["1"], "replied_user": True}}
    assert rule_names(limits.check_allowed_mentions(pinging)) == ["allowed_mentions.pings"] * 3
    assert all(not p.rejected for p in limits.check_allowed_mentions(pinging))


def test_modal_limits() -> None:
    def label(custom_id: str, **extra: Any) -> dict[str, Any]:
        text_input = {"type": TEXT_INPUT, "custom_id": custom_id, "style": SHORT, **extra}
        return {"type": LABEL, "label": "Label", "component": text_input}

    good = {"custom_id": "m", "title": "Feedback", "components": [label("a")]}
    assert limits.check_modal(good) == []
    bad = {
        "custom_id": "m",
        "title": "T" * 46,
        "components": [
            {
                "type": LABEL,
                "label": "L" * 46,
                "description": "D" * 101,
                "component": {
                    "type": TEXT_INPUT,
                    "custom_id": "a",
                    "style": SHORT,
                    "max_length": 4001,
                    "placeholder": "p" * 101,
                },
            },
            label("a"),
        ],
    }
    found = rule_names(limits.check_modal(bad))
    for rule in (
        "modal.title",
        "modal.label",
        "modal.label_description",
        "text_input.max_length",
        "text_input.placeholder",
        "component.custom_id_duplicate",
    ):
        assert rule in found
    six = {"custom_id": "m", "title": "T", "components": [label(str(i)) for i in range(6)]}
    assert rule_names(limits.check_modal(six)) == ["modal.components"]
    empty = {"custom_id": "m", "title": "T", "components": []}
    assert rule_names(limits.check_modal(empty)) == ["modal.components"]


def test_autocomplete_limits() -> None:
    ok = {"choices": [{"name": "Aerith", "value": "aerith"}, {"name": "Seven", "value": 7}]}
    assert limits.check_autocomplete(ok) == []
    bad = {"choices": [{"name": "", "value": "v" * 101}] + [{"name": "n", "value": "v"}] * 25}
    assert rule_names(limits.check_autocomplete(bad)) == [
        "autocomplete.count",
        "autocomplete.name",
        "autocomplete.value",
    ]


def test_callback_dispatch_by_type() -> None:
    assert limits.check_callback({"type": Response.deferred_channel_message.value}) == []
    assert rule_names(
        limits.check_callback({"type": Response.channel_message.value, "data": {"content": "x"}})
    ) == ["allowed_mentions.missing"]
    assert rule_names(
        limits.check_callback(
            {"type": Response.modal.value, "data": {"title": "t", "custom_id": "m"}}
        )
    ) == ["modal.components"]


def test_command_registration_limits() -> None:
    good = [{"name": "fic", "description": "Stories", "type": CHAT_INPUT, "options": []}]
    assert limits.check_commands(good) == []
    bad = [
        {
            "name": "Fic Random",
            "description": "d" * 101,
            "type": CHAT_INPUT,
            "options": [
                {"name": f"o{i}", "description": "x" * 100, "type": STRING} for i in range(26)
            ],
        }
    ]
    found = rule_names(limits.check_commands(bad))
    assert {"command.name", "command.description", "command.options"} <= set(found)
    huge = [
        {
            "name": "fic",
            "description": "d",
            "type": CHAT_INPUT,
            "options": [
                {
                    "name": f"o{i}",
                    "description": "x" * 100,
                    "type": STRING,
                    "choices": [{"name": "c" * 100, "value": "v" * 100}] * 25,
                }
                for i in range(3)
            ],
        }
    ]
    assert "command.size" in rule_names(limits.check_commands(huge))


def test_errors_body_is_discords_nested_shape() -> None:
    problems = [Problem("embeds.total", "too big", "data.embeds"), Problem("x", "y", None)]
    assert limits.errors_body(problems) == {
        "data": {"embeds": {"_errors": [{"code": "EMBEDS_TOTAL", "message": "too big"}]}},
        "_root": {"_errors": [{"code": "X", "message": "y"}]},
    }
