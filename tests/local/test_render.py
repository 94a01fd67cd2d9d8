"""Messages drawn for the terminal: embeds, numbered buttons and menus, ephemeral marks, markdown."""

from __future__ import annotations

from typing import Any

import discord
from rich.console import Console
from rich.text import Text

from bot.local.markup import to_text
from bot.local.render import MessageRenderer, Numbering

EMBED: dict[str, Any] = {
    "title": "The field was littered…",
    "author": {"name": "by unknown"},
    "description": "**Bold** and *quiet* words, ||the twist||, see <#10>.",
    "color": 0x9E9E9E,
    "fields": [
        {"name": "Fandom", "value": "Final Fantasy VII", "inline": True},
        {"name": "Rating", "value": "Not Rated", "inline": True},
        {"name": "Featuring", "value": "Aerith, Sephiroth", "inline": False},
    ],
    "footer": {"text": "Story 004 · /fic read 004"},
}


def button(
    custom_id: str, label: str, *, disabled: bool = False, emoji: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": discord.ComponentType.button.value,
        "style": discord.ButtonStyle.secondary.value,
        "label": label,
        "custom_id": custom_id,
        "disabled": disabled,
    }
    if emoji:
        data["emoji"] = {"name": emoji}
    return data


MESSAGE: dict[str, Any] = {
    "id": "99",
    "channel_id": "10",
    "content": "Page 1 of 3",
    "flags": discord.MessageFlags.ephemeral.flag,
    "embeds": [EMBED],
    "components": [
        {
            "type": discord.ComponentType.action_row.value,
            "components": [
                button("fb:nav:f", "First", disabled=True),
                button("fb:nav:n", "Next"),
                button("fb:another", "Another", emoji="🎲"),
            ],
        },
        {
            "type": discord.ComponentType.action_row.value,
            "components": [
                {
                    "type": discord.ComponentType.string_select.value,
                    "custom_id": "fb:open:1",
                    "placeholder": "Open a story…",
                    "options": [
                        {"label": "The field", "value": "004", "description": "lead"},
                        {"label": "Sephiroth thought", "value": "000"},
                    ],
                }
            ],
        },
    ],
}


class Names:
    def channel_name(self, channel_id: int) -> str | None:
        return {10: "#feedback", 11: "#feedback › Reviews: The field"}.get(channel_id)

    def user_name(self, user_id: int) -> str | None:
        return {7: "ayla"}.get(user_id)


def draw(renderable: Any, width: int = 100) -> str:
    console = Console(width=width, color_system=None, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def render(message: dict[str, Any], *, reveal: bool = False) -> tuple[str, Numbering]:
    numbering = Numbering()
    drawn = MessageRenderer(Names(), reveal=reveal).message(message, Text("ficbot"), numbering)
    return draw(drawn), numbering


def test_an_embed_shows_title_author_fields_and_footer() -> None:
    out, _ = render(MESSAGE)
    for part in (
        "The field was littered…",
        "by unknown",
        "Fandom",
        "Final Fantasy VII",
        "Rating",
        "Not Rated",
        "Featuring",
        "Aerith, Sephiroth",
        "Story 004 · /fic read 004",
    ):
        assert part in out, part
    assert "╭" in out and "╰" in out  # a panel
    assert "Bold and quiet words" in out and "**" not in out
    assert "see #feedback." in out  # a channel mention by name
    # Inline fields sit side by side; the non-inline one gets its own line.
    line = next(x for x in out.splitlines() if "Fandom" in x)
    assert "Rating" in line and "Featuring" not in line


def test_ephemeral_mark_and_content() -> None:
    out, _ = render(MESSAGE)
    assert out.splitlines()[0] == "ficbot · only you can see this"
    assert "Page 1 of 3" in out
    public, _ = render({**MESSAGE, "flags": discord.MessageFlags().value})
    assert "only you can see this" not in public


def test_buttons_and_menus_are_numbered_and_disabled_ones_are_not_pressable() -> None:
    out, numbering = render(MESSAGE)
    assert "[First]" in out and "[1 First]" not in out
    assert "[2 Next]" in out and "[3 🎲 Another]" in out
    assert (
        "[4 ▾ Open a story…]" in out
        and "4.1  The field — lead" in out
        and "4.2  Sephiroth thought" in out
    )
    items = {i.number: i for i in numbering.items}
    assert items[1].disabled and items[1].custom_id == "fb:nav:f"
    assert items[3].custom_id == "fb:another" and items[3].message_id == 99
    assert items[4].kind == "select" and [o.value for o in items[4].options] == ["004", "000"]


def test_numbers_continue_across_the_messages_of_one_answer() -> None:
    numbering = Numbering()
    renderer = MessageRenderer(Names())
    renderer.message(MESSAGE, Text("a"), numbering)
    renderer.message({**MESSAGE, "id": "100"}, Text("b"), numbering)
    assert [i.number for i in numbering.items] == list(range(1, 9))
    assert numbering.items[5].message_id == 100


def test_spoilers_are_hidden_until_revealed() -> None:
    hidden, _ = render(MESSAGE)
    assert "[spoiler]" in hidden and "the twist" not in hidden
    shown, _ = render(MESSAGE, reveal=True)
    assert "[spoiler: the twist]" in shown


def test_attachments_show_a_preview_of_text_files() -> None:
    url = "https://cdn.discordapp.com/attachments/1/2/reviews.csv"
    message = {
        "id": "5",
        "content": "1 review",
        "attachments": [{"filename": "reviews.csv", "size": 20, "url": url}],
    }
    drawn = MessageRenderer(
        Names(), blobs={url: "\ufeffstory_id,rating\n004,5\n".encode()}
    ).message(message, Text("ficbot"), Numbering())
    out = draw(drawn)
    assert "📎 reviews.csv · 20 bytes" in out and "story_id,rating" in out and "004,5" in out


def test_markdown() -> None:
    def plain(source: str, **kw: Any) -> str:
        return to_text(source, names=Names(), **kw).plain

    assert plain("**b** *i* _u_ __un__ ~~s~~ `code`") == "b i u un s code"
    assert (
        plain("snake_case stays, 2 * 3 too, a lone ** as well")
        == "snake_case stays, 2 * 3 too, a lone ** as well"
    )
    assert plain("\\*not italic\\*") == "*not italic*"
    assert plain("@\u200beveryone") == "@everyone"
    assert plain("# Title\n-# small\n> quoted\n- item") == "Title\nsmall\n▌ quoted\n• item"
    assert plain("||two\nlines|| after") == "[spoiler] after"
    assert plain("||two\nlines||", reveal=True) == "[spoiler: two\nlines]"
    assert plain("by <@7> and <@8>") == "by @ayla and @unknown-user"
    assert (
        plain("posted: https://discord.com/channels/1/11/12")
        == "posted: #feedback › Reviews: The field ↗"
    )
    assert plain("[the docs](https://example.com)") == "the docs"
    assert plain("```\n**raw**\n```") == "**raw**"
    bold = to_text("**b**")
    assert bold.spans and "bold" in str(bold.spans[0].style)
