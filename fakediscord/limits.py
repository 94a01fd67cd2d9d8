"""Discord's limits, checked on every payload the bot sends.

discord.py checks few of these itself; Discord answers a broken one with HTTP 400 and the reader
sees "This interaction failed". The numbers come from Discord's developer documentation, as
collected in /work/shared/design/discord-limits.md. Each check returns `Problem`s; `rejected`
says whether real Discord would refuse the request (then the fake Discord answers 400 too) or
whether it is a project rule Discord would let through (no pings: `allowed_mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from fakediscord.records import JSON, walk_components

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_AUTHOR_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBEDS_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
BUTTON_LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
SELECT_OPTION_TEXT_MAX = 100
SELECT_PLACEHOLDER_MAX = 150
CUSTOM_ID_MAX = 100
V2_COMPONENTS_MAX = 40
V2_TEXT_MAX = 4000
MODAL_TITLE_MAX = 45
MODAL_COMPONENTS_MAX = 5
LABEL_MAX = 45
LABEL_DESCRIPTION_MAX = 100
TEXT_INPUT_LENGTH_MAX = 4000
TEXT_INPUT_PLACEHOLDER_MAX = 100
AUTOCOMPLETE_CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
THREAD_NAME_MAX = 100
COMMAND_NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25
COMMAND_TOTAL_MAX = 8000

RESPONSE_DEADLINE = 3.0
TOKEN_LIFETIME = 15 * 60.0

SELECT_TYPES = (3, 5, 6, 7, 8)
COMPONENTS_V2_FLAG = discord.MessageFlags.components_v2.flag
Response = discord.InteractionResponseType


@dataclass(frozen=True)
class Problem:
    """One broken limit. `path` points into the checked JSON ("embeds.0.title")."""

    rule: str
    detail: str
    path: str | None = None
    rejected: bool = True


def _too_long(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) > limit


def _length(rule: str, value: Any, limit: int, path: str, what: str) -> list[Problem]:
    if _too_long(value, limit):
        return [Problem(rule, f"{what} is {len(value)} characters, the limit is {limit}", path)]
    return []


# -- messages -------------------------------------------------------------------------------


def embed_size(embed: Mapping[str, Any]) -> int:
    """Characters that count towards the 6,000 limit (as Discord counts them)."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    for fld in embed.get("fields") or []:
        total += len(fld.get("name") or "") + len(fld.get("value") or "")
    return total


def check_embeds(embeds: Sequence[Mapping[str, Any]], path: str = "embeds") -> list[Problem]:
    problems: list[Problem] = []
    if len(embeds) > EMBEDS_MAX:
        problems.append(
            Problem("embeds.count", f"{len(embeds)} embeds, the limit is {EMBEDS_MAX}", path)
        )
    for i, embed in enumerate(embeds):
        here = f"{path}.{i}"
        problems += _length(
            "embed.title", embed.get("title"), EMBED_TITLE_MAX, f"{here}.title", "title"
        )
        problems += _length(
            "embed.description",
            embed.get("description"),
            EMBED_DESCRIPTION_MAX,
            f"{here}.description",
            "description",
        )
        author = embed.get("author") or {}
        problems += _length(
            "embed.author", author.get("name"), EMBED_AUTHOR_MAX, f"{here}.author.name", "author"
        )
        footer = embed.get("footer") or {}
        problems += _length(
            "embed.footer", footer.get("text"), EMBED_FOOTER_MAX, f"{here}.footer.text", "footer"
        )
        fields = embed.get("fields") or []
        if len(fields) > EMBED_FIELDS_MAX:
            problems.append(
                Problem(
                    "embed.fields",
                    f"{len(fields)} fields, the limit is {EMBED_FIELDS_MAX}",
                    f"{here}.fields",
                )
            )
        for j, fld in enumerate(fields):
            name, value = fld.get("name"), fld.get("value")
            at = f"{here}.fields.{j}"
            problems += _length(
                "embed.field_name", name, EMBED_FIELD_NAME_MAX, f"{at}.name", "field name"
            )
            problems += _length(
                "embed.field_value", value, EMBED_FIELD_VALUE_MAX, f"{at}.value", "field value"
            )
            if not name or not value:
                problems.append(
                    Problem("embed.field_empty", "field name and value must be non-empty", at)
                )
    total = sum(embed_size(e) for e in embeds)
    if total > EMBEDS_TOTAL_MAX:
        problems.append(
            Problem(
                "embeds.total",
                f"embeds of one message total {total} characters, the limit is {EMBEDS_TOTAL_MAX}",
                path,
            )
        )
    return problems


def _check_custom_id(
    component: Mapping[str, Any], path: str, seen: dict[str, str]
) -> list[Problem]:
    custom_id = component.get("custom_id")
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= CUSTOM_ID_MAX:
        size = len(custom_id) if isinstance(custom_id, str) else 0
        return [
            Problem(
                "component.custom_id",
                f"custom_id must be 1 to {CUSTOM_ID_MAX} characters, got {size}",
                f"{path}.custom_id",
            )
        ]
    if custom_id in seen:
        return [
            Problem(
                "component.custom_id_duplicate",
                f"custom_id {custom_id!r} is also used at {seen[custom_id]}",
                f"{path}.custom_id",
            )
        ]
    seen[custom_id] = path
    return []


def _check_select(component: Mapping[str, Any], path: str) -> list[Problem]:
    problems = _length(
        "select.placeholder",
        component.get("placeholder"),
        SELECT_PLACEHOLDER_MAX,
        f"{path}.placeholder",
        "placeholder",
    )
    low, high = component.get("min_values", 1), component.get("max_values", 1)
    if not 0 <= int(low) <= 25 or not 1 <= int(high) <= 25 or int(low) > int(high):
        problems.append(
            Problem("select.values", f"min_values={low} max_values={high} out of range", path)
        )
    if component.get("type") == 3:
        options = component.get("options") or []
        if not 1 <= len(options) <= SELECT_OPTIONS_MAX:
            problems.append(
                Problem(
                    "select.options",
                    f"{len(options)} options, a select takes 1 to {SELECT_OPTIONS_MAX}",
                    f"{path}.options",
                )
            )
        values: set[str] = set()
        for k, option in enumerate(options):
            at = f"{path}.options.{k}"
            for key in ("label", "value", "description"):
                text = option.get(key)
                problems += _length(
                    f"select.option_{key}", text, SELECT_OPTION_TEXT_MAX, f"{at}.{key}", key
                )
                if key != "description" and not text:
                    problems.append(Problem(f"select.option_{key}", f"{key} is empty", at))
            value = str(option.get("value"))
            if value in values:
                problems.append(
                    Problem("select.option_duplicate", f"option value {value!r} repeats", at)
                )
            values.add(value)
    return problems


def _check_button(component: Mapping[str, Any], path: str, seen: dict[str, str]) -> list[Problem]:
    problems = _length(
        "button.label", component.get("label"), BUTTON_LABEL_MAX, f"{path}.label", "label"
    )
    style = component.get("style")
    if style == 5:
        if not component.get("url"):
            problems.append(Problem("button.url", "a link button needs a url", path))
    elif style != 6:
        problems += _check_custom_id(component, path, seen)
    if not component.get("label") and not component.get("emoji") and style != 6:
        problems.append(Problem("button.label", "a button needs a label or an emoji", path))
    return problems


def check_components(  # noqa: C901 (one branch per component type's rules)
    components: Sequence[Mapping[str, Any]], *, flags: int = 0, path: str = "components"
) -> list[Problem]:
    """Message components: rows, buttons, selects, custom ids (and the v2 totals)."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    v2 = bool(flags & COMPONENTS_V2_FLAG)
    if v2:
        total = sum(1 for _ in walk_components([dict(c) for c in components]))
        if total > V2_COMPONENTS_MAX:
            problems.append(
                Problem(
                    "components.count",
                    f"{total} components, the limit is {V2_COMPONENTS_MAX}",
                    path,
                )
            )
        text = sum(
            len(c.get("content") or "")
            for c in walk_components([dict(c) for c in components])
            if c.get("type") == 10
        )
        if text > V2_TEXT_MAX:
            problems.append(
                Problem(
                    "components.text",
                    f"text displays total {text} characters, the limit is {V2_TEXT_MAX}",
                    path,
                )
            )
    elif len(components) > ACTION_ROWS_MAX:
        problems.append(
            Problem(
                "components.rows",
                f"{len(components)} action rows, the limit is {ACTION_ROWS_MAX}",
                path,
            )
        )

    def visit(items: Sequence[Mapping[str, Any]], where: str) -> None:
        nonlocal problems
        for i, component in enumerate(items):
            at = f"{where}.{i}"
            kind = component.get("type")
            children = component.get("components") or []
            if kind == 1:
                buttons = [c for c in children if c.get("type") == 2]
                selects = [c for c in children if c.get("type") in SELECT_TYPES]
                if selects and (len(children) > 1):
                    problems.append(
                        Problem("components.row", "a row with a select holds nothing else", at)
                    )
                if len(buttons) > BUTTONS_PER_ROW_MAX:
                    problems.append(
                        Problem(
                            "components.row",
                            f"{len(buttons)} buttons in one row, the limit is "
                            f"{BUTTONS_PER_ROW_MAX}",
                            at,
                        )
                    )
                if not children:
                    problems.append(Problem("components.row", "an action row is empty", at))
            elif not v2 and where == path:
                problems.append(
                    Problem("components.row", "top-level components must be action rows", at)
                )
            if kind == 2:
                problems += _check_button(component, at, seen)
            elif kind in SELECT_TYPES:
                problems += _check_select(component, at)
                problems += _check_custom_id(component, at, seen)
            if children:
                visit(children, f"{at}.components")
            accessory = component.get("accessory")
            if isinstance(accessory, Mapping):
                visit([accessory], f"{at}.accessory")

    visit(components, path)
    return problems


def check_allowed_mentions(payload: Mapping[str, Any], path: str = "") -> list[Problem]:
    """The harness's house rule, stricter than Discord: every message sets `allowed_mentions`
    and allows no pings at all."""
    where = f"{path}allowed_mentions"
    allowed = payload.get("allowed_mentions")
    if allowed is None:
        return [
            Problem(
                "allowed_mentions.missing",
                "the message does not set allowed_mentions (Discord would ping everything)",
                where,
                rejected=False,
            )
        ]
    problems: list[Problem] = []
    if allowed.get("parse"):
        problems.append(
            Problem(
                "allowed_mentions.pings",
                f"allowed_mentions parses {allowed['parse']!r}; it must be []",
                f"{where}.parse",
                rejected=False,
            )
        )
    for key in ("users", "roles"):
        if allowed.get(key):
            problems.append(
                Problem(
                    "allowed_mentions.pings",
                    f"allowed_mentions lets {key} {allowed[key]!r} be pinged",
                    f"{where}.{key}",
                    rejected=False,
                )
            )
    if allowed.get("replied_user"):
        problems.append(
            Problem(
                "allowed_mentions.pings",
                "allowed_mentions pings the replied-to user",
                f"{where}.replied_user",
                rejected=False,
            )
        )
    return problems


def check_message(
    payload: Mapping[str, Any],
    *,
    creating: bool = True,
    has_files: bool = False,
    require_allowed_mentions: bool = True,
    path: str = "",
) -> list[Problem]:
    """A message create or edit body (channel post, callback 4/7 data, follow-up, edit)."""
    problems = _length(
        "message.content", payload.get("content"), CONTENT_MAX, f"{path}content", "content"
    )
    embeds = payload.get("embeds") or []
    problems += check_embeds(embeds, f"{path}embeds")
    flags = int(payload.get("flags") or 0)
    problems += check_components(
        payload.get("components") or [], flags=flags, path=f"{path}components"
    )
    if flags & COMPONENTS_V2_FLAG and (payload.get("content") or embeds):
        problems.append(
            Problem(
                "components.v2_content",
                "a components-v2 message cannot also carry content or embeds",
                path or None,
            )
        )
    if creating and not (
        payload.get("content")
        or embeds
        or payload.get("components")
        or has_files
        or payload.get("sticker_ids")
        or payload.get("poll")
    ):
        problems.append(Problem("message.empty", "Cannot send an empty message", path or None))
    if require_allowed_mentions:
        problems += check_allowed_mentions(payload, path)
    return problems


# -- modals and autocomplete ----------------------------------------------------------------


def _check_text_input(component: Mapping[str, Any], path: str, legacy: bool) -> list[Problem]:
    problems: list[Problem] = []
    if legacy:
        problems += _length(
            "modal.label", component.get("label"), LABEL_MAX, f"{path}.label", "label"
        )
    problems += _length(
        "text_input.placeholder",
        component.get("placeholder"),
        TEXT_INPUT_PLACEHOLDER_MAX,
        f"{path}.placeholder",
        "placeholder",
    )
    problems += _length(
        "text_input.value",
        component.get("value"),
        TEXT_INPUT_LENGTH_MAX,
        f"{path}.value",
        "pre-filled value",
    )
    low, high = component.get("min_length"), component.get("max_length")
    if low is not None and not 0 <= int(low) <= TEXT_INPUT_LENGTH_MAX:
        problems.append(Problem("text_input.min_length", f"min_length={low} is not 0..4000", path))
    if high is not None and not 1 <= int(high) <= TEXT_INPUT_LENGTH_MAX:
        problems.append(Problem("text_input.max_length", f"max_length={high} is not 1..4000", path))
    if low is not None and high is not None and int(low) > int(high):
        problems.append(Problem("text_input.length", "min_length is above max_length", path))
    return problems


def check_modal(data: Mapping[str, Any], path: str = "data.") -> list[Problem]:
    """A modal (callback type 9 data): title, 1..5 components, labels, text inputs, ids."""
    problems = _length("modal.title", data.get("title"), MODAL_TITLE_MAX, f"{path}title", "title")
    if not data.get("title"):
        problems.append(Problem("modal.title", "a modal needs a title", f"{path}title"))
    seen: dict[str, str] = {}
    problems += _check_custom_id(data, path.rstrip("."), {})
    components = data.get("components") or []
    if not 1 <= len(components) <= MODAL_COMPONENTS_MAX:
        problems.append(
            Problem(
                "modal.components",
                f"{len(components)} components, a modal takes 1 to {MODAL_COMPONENTS_MAX}",
                f"{path}components",
            )
        )
    for i, component in enumerate(components):
        at = f"{path}components.{i}"
        kind = component.get("type")
        inner: list[tuple[Mapping[str, Any], str, bool]] = []
        if kind == 18:
            problems += _length("modal.label", component.get("label"), LABEL_MAX, at, "label")
            problems += _length(
                "modal.label_description",
                component.get("description"),
                LABEL_DESCRIPTION_MAX,
                at,
                "label description",
            )
            if isinstance(component.get("component"), Mapping):
                inner.append((component["component"], f"{at}.component", False))
        elif kind == 1:
            for j, child in enumerate(component.get("components") or []):
                inner.append((child, f"{at}.components.{j}", True))
        for child, where, legacy in inner:
            if child.get("type") == 4:
                problems += _check_text_input(child, where, legacy)
            elif child.get("type") in SELECT_TYPES:
                problems += _check_select(child, where)
            if "custom_id" in child or child.get("type") in (4, *SELECT_TYPES):
                problems += _check_custom_id(child, where, seen)
    return problems


def check_autocomplete(data: Mapping[str, Any], path: str = "data.") -> list[Problem]:
    """Autocomplete choices (callback type 8 data)."""
    choices = data.get("choices") or []
    problems: list[Problem] = []
    if len(choices) > AUTOCOMPLETE_CHOICES_MAX:
        problems.append(
            Problem(
                "autocomplete.count",
                f"{len(choices)} choices, the limit is {AUTOCOMPLETE_CHOICES_MAX}",
                f"{path}choices",
            )
        )
    for i, choice in enumerate(choices):
        at = f"{path}choices.{i}"
        name = choice.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= CHOICE_NAME_MAX:
            size = len(name) if isinstance(name, str) else 0
            problems.append(
                Problem(
                    "autocomplete.name",
                    f"choice name must be 1 to {CHOICE_NAME_MAX} characters, got {size}",
                    f"{at}.name",
                )
            )
        problems += _length(
            "autocomplete.value", choice.get("value"), CHOICE_VALUE_MAX, f"{at}.value", "value"
        )
    return problems


# -- everything else ------------------------------------------------------------------------


def check_callback(payload: Mapping[str, Any]) -> list[Problem]:
    """An interaction response body `{"type": ..., "data": ...}` by callback type."""
    kind = payload.get("type")
    data = payload.get("data") or {}
    if kind in (Response.channel_message.value, Response.message_update.value):
        return check_message(data, creating=kind == Response.channel_message.value, path="data.")
    if kind == Response.modal.value:
        return check_modal(data)
    if kind == Response.autocomplete_result.value:
        return check_autocomplete(data)
    return []


def check_thread(payload: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    name = payload.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= THREAD_NAME_MAX:
        size = len(name) if isinstance(name, str) else 0
        problems.append(
            Problem("thread.name", f"thread name must be 1 to 100 characters, got {size}", "name")
        )
    message = payload.get("message")
    if isinstance(message, Mapping):
        problems += check_message(message, path="message.")
    return problems


def _command_chars(node: Mapping[str, Any]) -> int:
    total = len(node.get("name") or "") + len(node.get("description") or "")
    for mapping_key in ("name_localizations", "description_localizations"):
        total += sum(len(v) for v in (node.get(mapping_key) or {}).values())
    for choice in node.get("choices") or []:
        total += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
        total += sum(len(v) for v in (choice.get("name_localizations") or {}).values())
    for option in node.get("options") or []:
        total += _command_chars(option)
    return total


def check_commands(commands: Iterable[Mapping[str, Any]]) -> list[Problem]:
    """A bulk command registration (PUT .../commands)."""
    problems: list[Problem] = []

    def visit(node: Mapping[str, Any], at: str, chat_input: bool) -> None:
        name = str(node.get("name") or "")
        if chat_input and (not COMMAND_NAME_RE.match(name) or name != name.lower()):
            problems.append(Problem("command.name", f"bad name {name!r}", f"{at}.name"))
        description = node.get("description")
        if chat_input and (not description or len(description) > COMMAND_DESCRIPTION_MAX):
            problems.append(
                Problem("command.description", "description must be 1 to 100 characters", at)
            )
        options = node.get("options") or []
        if len(options) > COMMAND_OPTIONS_MAX:
            problems.append(
                Problem("command.options", f"{len(options)} options, the limit is 25", at)
            )
        if len(node.get("choices") or []) > 25:
            problems.append(Problem("command.choices", "more than 25 choices", at))
        for k, option in enumerate(options):
            visit(option, f"{at}.options.{k}", chat_input)

    for i, command in enumerate(commands):
        chat_input = command.get("type", 1) == 1
        visit(command, str(i), chat_input)
        size = _command_chars(command)
        if size > COMMAND_TOTAL_MAX:
            problems.append(
                Problem(
                    "command.size",
                    f"command {command.get('name')!r} totals {size} characters, the limit is "
                    f"{COMMAND_TOTAL_MAX}",
                    str(i),
                )
            )
    return problems


def errors_body(problems: Iterable[Problem]) -> JSON:
    """Discord's nested `errors` object for a 400 Invalid Form Body answer."""
    root: JSON = {}
    for problem in problems:
        node = root
        for part in (problem.path or "_root").split("."):
            if part:
                node = node.setdefault(part, {})
        node.setdefault("_errors", []).append(
            {"code": problem.rule.upper().replace(".", "_"), "message": problem.detail}
        )
    return root
