"""A Discord message (as the fake Discord stored it) drawn with rich, with numbered controls.

Embeds become panels in the embed's colour (author, title, description, fields three to a row
when inline, footer); buttons and menus get numbers, so typing the number presses them; a
disabled button is shown dimmed and without a number; ephemeral messages say only you see them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rich.color import Color
from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from bot.local.markup import Names, to_text

JSON = dict[str, Any]
EPHEMERAL = 1 << 6
LOADING = 1 << 7
EMBED_WIDTH = 92
BUTTON_STYLES = {
    1: "bold white on #5865f2",  # primary (blurple)
    2: "white on grey35",  # secondary
    3: "bold white on green4",  # success
    4: "bold white on red3",  # danger
}
TEXT_FILES = (".txt", ".csv", ".md", ".json", ".log")
PREVIEW_LINES = 4


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    description: str = ""
    default: bool = False


@dataclass(slots=True)
class Item:
    """A numbered control: typing `number` presses it (a menu also needs one of `options`)."""

    number: int
    message_id: int
    custom_id: str
    kind: str  # "button" or "select"
    label: str
    disabled: bool = False
    options: list[Option] = field(default_factory=list)
    min_values: int = 1
    max_values: int = 1


@dataclass(slots=True)
class Numbering:
    """Hands out item numbers across every message of one answer."""

    next: int = 1
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> Item:
        self.items.append(item)
        self.next += 1
        return item


def colour(value: int | None) -> Style:
    if not value:
        return Style(color="grey50")
    return Style(color=Color.from_rgb((value >> 16) & 255, (value >> 8) & 255, value & 255))


class MessageRenderer:
    def __init__(
        self, names: Names, *, blobs: Mapping[str, bytes] | None = None, reveal: bool = False
    ) -> None:
        self.names = names
        self.blobs = blobs or {}
        self.reveal = reveal

    def text(self, markdown: str, style: str = "") -> Text:
        return to_text(markdown, names=self.names, reveal=self.reveal, style=style)

    # -- a whole message ----------------------------------------------------------------------

    def message(self, message: JSON, header: Text, numbering: Numbering) -> RenderableType:
        flags = int(message.get("flags", 0))
        parts: list[RenderableType] = []
        head = header.copy()
        if flags & EPHEMERAL:
            head.append(" · only you can see this", style="italic yellow")
        if message.get("edited_timestamp") and "interaction_metadata" not in message:
            head.append(" (edited)", style="dim")
        parts.append(head)
        if flags & LOADING:
            parts.append(Text("ficbot is thinking…", style="italic dim"))
        if message.get("content"):
            parts.append(self.text(str(message["content"])))
        for embed in message.get("embeds") or []:
            parts.append(self.embed(embed))
        for attachment in message.get("attachments") or []:
            parts.append(self.attachment(attachment))
        parts += self.components(message, numbering)
        return Group(*parts)

    # -- embeds -------------------------------------------------------------------------------

    def embed(self, embed: JSON) -> RenderableType:
        parts: list[RenderableType] = []
        author = (embed.get("author") or {}).get("name")
        if author:
            parts.append(Text(str(author), style="bold"))
        if embed.get("title"):
            title = self.text(str(embed["title"]), style="bold")
            if embed.get("url"):
                title.stylize(Style(link=str(embed["url"])))
            parts.append(title)
        if embed.get("description"):
            if parts:
                parts.append(Text(""))
            parts.append(self.text(str(embed["description"])))
        fields = embed.get("fields") or []
        if fields:
            parts.append(Text(""))
            parts += self.fields(fields)
        for key in ("image", "thumbnail"):
            url = (embed.get(key) or {}).get("url")
            if url:
                parts.append(Text(f"🖼 {url}", style="dim"))
        footer = (embed.get("footer") or {}).get("text")
        if footer:
            parts.append(Text(""))
            parts.append(self.text(str(footer), style="dim"))
        panel = Panel(
            Group(*parts), border_style=colour(embed.get("color")), padding=(0, 1), expand=True
        )
        return Constrain(panel, width=EMBED_WIDTH)

    def fields(self, fields: list[JSON]) -> list[RenderableType]:
        rows: list[list[JSON]] = []
        for f in fields:
            if f.get("inline") and rows and rows[-1][0].get("inline") and len(rows[-1]) < 3:
                rows[-1].append(f)
            else:
                rows.append([f])
        out: list[RenderableType] = []
        for row in rows:
            grid = Table.grid(padding=(0, 3), expand=False)
            for _ in row:
                grid.add_column(ratio=1 if len(row) > 1 else None)
            grid.add_row(
                *(
                    Group(
                        self.text(str(f.get("name", "")), style="bold"),
                        self.text(str(f.get("value", ""))),
                    )
                    for f in row
                )
            )
            out.append(grid)
        return out

    def attachment(self, attachment: JSON) -> RenderableType:
        name = str(attachment.get("filename", "file"))
        size = int(attachment.get("size", 0))
        line = Text.assemble(("📎 ", ""), (name, "bold underline"), (f" · {size:,} bytes", "dim"))
        blob = self.blobs.get(str(attachment.get("url", "")))
        if blob is None or not name.lower().endswith(TEXT_FILES):
            return line
        lines = blob.decode("utf-8-sig", errors="replace").splitlines()
        preview = Text("\n".join("   " + x[:96] for x in lines[:PREVIEW_LINES]), style="dim")
        more = len(lines) - PREVIEW_LINES
        if more > 0:
            preview.append(f"\n   … {more} more line{'s' if more != 1 else ''}", style="dim italic")
        return Group(line, preview)

    # -- buttons and menus --------------------------------------------------------------------

    def components(self, message: JSON, numbering: Numbering) -> list[RenderableType]:
        out: list[RenderableType] = []
        message_id = int(message["id"])
        for top in message.get("components") or []:
            kind = int(top.get("type", 0))
            children = top.get("components") if kind in (1, 17) else [top]
            row = Text()
            for component in children or []:
                ctype = int(component.get("type", 0))
                if ctype == 2:
                    if row:
                        row.append(" ")
                    row.append_text(self.button(component, message_id, numbering))
                elif ctype in (3, 5, 6, 7, 8):
                    if row:
                        out.append(row)
                        row = Text()
                    out.append(self.select(component, message_id, numbering))
                elif ctype == 10:
                    out.append(self.text(str(component.get("content", ""))))
                elif ctype == 1:
                    out += self.components({"id": message_id, "components": [component]}, numbering)
            if row:
                out.append(row)
        return out

    def button(self, component: JSON, message_id: int, numbering: Numbering) -> Text:
        emoji = (component.get("emoji") or {}).get("name")
        label = " ".join(str(x) for x in (emoji, component.get("label")) if x)
        style = int(component.get("style", 2))
        if style == 5 or "custom_id" not in component:  # a link button opens a URL
            url = str(component.get("url", ""))
            return Text(f"[↗ {label}]", style=Style(underline=True, color="blue", link=url))
        disabled = bool(component.get("disabled"))
        item = numbering.add(
            Item(numbering.next, message_id, str(component["custom_id"]), "button", label, disabled)
        )
        if disabled:
            return Text(f"[{label}]", style="dim")
        return Text(f"[{item.number} {label}]", style=BUTTON_STYLES.get(style, BUTTON_STYLES[2]))

    def select(self, component: JSON, message_id: int, numbering: Numbering) -> RenderableType:
        options = [
            Option(
                str(o.get("value", "")),
                str(o.get("label", "")),
                str(o.get("description") or ""),
                bool(o.get("default")),
            )
            for o in component.get("options") or []
        ]
        placeholder = str(component.get("placeholder") or "Choose…")
        disabled = bool(component.get("disabled"))
        item = numbering.add(
            Item(
                numbering.next,
                message_id,
                str(component.get("custom_id", "")),
                "select",
                placeholder,
                disabled,
                options,
                int(component.get("min_values", 1)),
                int(component.get("max_values", 1)),
            )
        )
        if disabled:
            return Text(f"[▾ {placeholder}]", style="dim")
        lines = Text(f"[{item.number} ▾ {placeholder}]", style=BUTTON_STYLES[2])
        for k, option in enumerate(options, start=1):
            lines.append(f"\n   {item.number}.{k}  ", style="bold")
            lines.append(option.label)
            if option.description:
                lines.append(f" — {option.description}", style="dim")
            if option.default:
                lines.append(" ✓", style="green")
        return lines
