"""INTERACTION_CREATE payloads, built the way Discord builds them.

The bot under test only ever sees raw gateway dicts, parsed by discord.py's own
`ConnectionState.parse_interaction_create`. So these builders follow Discord's documented shape
(id, application_id, type, data, guild_id, guild, channel, channel_id, member / user, token,
version, app_permissions, locale, guild_locale, entitlements, authorizing_integration_owners,
context, attachment_size_limit) and take the command structure from the bot's real
`CommandTree`: option names, types, choices, channel types and `resolved` data all come from
what the bot registered, as Discord's client would offer them to a reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.enums import AppCommandOptionType

from fakediscord.records import (
    INTERACTION_AUTOCOMPLETE,
    INTERACTION_COMMAND,
    INTERACTION_COMPONENT,
    INTERACTION_MODAL_SUBMIT,
    JSON,
    walk_components,
)
from fakediscord.world import (
    CHANNEL_DM,
    THREAD_TYPES,
    FakeChannel,
    FakeGuild,
    FakeRole,
    FakeUser,
    Ref,
    World,
)

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class CommandUnavailable(LookupError):
    """Discord's client would not offer this command (or option value) to this reader."""


@dataclass
class Upload:
    """A file a reader attaches to an attachment option."""

    filename: str
    data: bytes
    content_type: str | None = None


@dataclass
class Where:
    """Who acts where: the reader, the channel and (unless a DM) the guild."""

    user: FakeUser
    channel: FakeChannel
    guild: FakeGuild | None


class PayloadBuilder:
    """Builds the raw INTERACTION_CREATE dicts for one bot over one World."""

    def __init__(self, world: World, tree: app_commands.CommandTree[Any]) -> None:
        self.world = world
        self.tree = tree

    # -- who and where -------------------------------------------------------------------------

    def where(
        self, user: Ref, channel: Ref | None, guild: Ref | None = None, *, dm: bool = False
    ) -> Where:
        who = self.world.user(user)
        if dm:
            return Where(who, self.world.dm_channel(who), None)
        place = self.world.channel(channel if channel is not None else "general", guild=guild)
        if place.deleted:
            raise CommandUnavailable(f"#{place.name} was deleted")
        if place.type == CHANNEL_DM:
            return Where(who, place, None)
        if place.guild_id is None:
            raise ValueError(f"{place.name} is not in a guild")
        where_guild = self.world.guilds[place.guild_id]
        if who.id not in where_guild.members:
            raise CommandUnavailable(f"{who.name} is not a member of {where_guild.name}")
        return Where(who, place, where_guild)

    def base(self, kind: int, where: Where, *, locale: str = "en-US") -> JSON:
        """Fields every interaction carries."""
        interaction_id = self.world.ids.next()
        world = self.world
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(world.application_id),
            "type": kind,
            "token": f"harness-token-{interaction_id}",
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "channel_id": str(where.channel.id),
            "app_permissions": str(world.permissions(world.bot_user, where.channel)),
        }
        user_permissions = world.permissions(where.user, where.channel)
        payload["channel"] = world.channel_payload(where.channel, permissions=user_permissions)
        if where.guild is not None:
            member = where.guild.members[where.user.id]
            payload["guild_id"] = str(where.guild.id)
            payload["guild"] = {
                "id": str(where.guild.id),
                "locale": where.guild.locale,
                "features": [],
            }
            payload["guild_locale"] = where.guild.locale
            payload["member"] = world.member_payload(member, permissions=user_permissions)
            payload["authorizing_integration_owners"] = {"0": str(where.guild.id)}
            payload["context"] = 0
        else:
            payload["user"] = where.user.payload()
            payload["authorizing_integration_owners"] = {"0": "0"}
            payload["context"] = 1
        return payload

    # -- slash commands ------------------------------------------------------------------------

    def resolve(
        self, path: str, guild: FakeGuild | None
    ) -> tuple[app_commands.Command[Any, ..., Any], list[str], int | None]:
        """The command for "group sub" (Discord names), its name chain, and its guild scope."""
        parts = path.strip().lstrip("/").split()
        if not parts:
            raise ValueError("empty command path")
        root: Any = None
        scope: int | None = None
        if guild is not None:
            root = self.tree.get_command(parts[0], guild=discord.Object(guild.id))
            scope = guild.id if root is not None else None
        if root is None:
            root = self.tree.get_command(parts[0])
        if root is None:
            raise CommandUnavailable(f"/{parts[0]} is not a slash command of the bot's tree")
        node: Any = root
        for part in parts[1:]:
            if not isinstance(node, app_commands.Group):
                raise CommandUnavailable(f"/{path}: {node.qualified_name} has no subcommands")
            child = node.get_command(part)
            if child is None:
                names = ", ".join(c.name for c in node.commands)
                raise CommandUnavailable(f"/{node.qualified_name} has no {part!r} (has {names})")
            node = child
        if isinstance(node, app_commands.Group):
            names = ", ".join(c.name for c in node.commands)
            raise CommandUnavailable(f"/{path} is a group; pick one of: {names}")
        if not isinstance(node, app_commands.Command):
            raise CommandUnavailable(f"/{path} is not a slash command")
        return node, parts, scope

    def check_visible(self, command: app_commands.Command[Any, ..., Any], where: Where) -> None:
        """Raise if Discord's client would hide the command from this reader here."""
        root: Any = command.root_parent or command
        spec = root.to_dict(self.tree)
        if where.guild is None:
            contexts = spec.get("contexts")
            if spec.get("dm_permission") is False or (contexts is not None and 1 not in contexts):
                raise CommandUnavailable(f"/{root.name} is not available in DMs")
        else:
            contexts = spec.get("contexts")
            if contexts is not None and 0 not in contexts:
                raise CommandUnavailable(f"/{root.name} is not available in servers")
            required = spec.get("default_member_permissions")
            if required is not None:
                have = self.world.permissions(where.user, where.channel)
                if int(required) & ~have:
                    raise CommandUnavailable(
                        f"/{root.name} needs {permission_names(int(required) & ~have)}, "
                        f"which {where.user.name} lacks (Discord hides it)"
                    )
        if spec.get("nsfw") and not where.channel.nsfw and where.guild is not None:
            raise CommandUnavailable(
                f"/{root.name} is age-restricted and #{where.channel.name} is not"
            )

    def command_id(self, name: str, scope: int | None) -> str:
        for command in self.world.commands.get(scope, []):
            if command["name"] == name and command.get("type", 1) == 1:
                return str(command["id"])
        return str(self.world.ids.next())

    def slash(
        self,
        path: str,
        options: Mapping[str, Any],
        where: Where,
        *,
        focused: str | None = None,
        focused_value: str = "",
        locale: str = "en-US",
        force: bool = False,
    ) -> JSON:
        """An application command (type 2) or, with `focused`, autocomplete (type 4) payload."""
        command, parts, scope = self.resolve(path, where.guild)
        if not force:
            self.check_visible(command, where)
        resolved: JSON = {}
        leaf = self.options(command, options, where, resolved, focused, focused_value)
        nested: list[JSON] = leaf
        names = parts[1:]
        for depth, name in reversed(list(enumerate(names))):
            kind = 1 if depth == len(names) - 1 else 2
            nested = [{"type": kind, "name": name, "options": nested}]
        data: JSON = {"id": self.command_id(parts[0], scope), "name": parts[0], "type": 1}
        if nested:
            data["options"] = nested
        if resolved:
            data["resolved"] = resolved
        if scope is not None:
            data["guild_id"] = str(scope)
        kind = INTERACTION_AUTOCOMPLETE if focused is not None else INTERACTION_COMMAND
        payload = self.base(kind, where, locale=locale)
        payload["data"] = data
        return payload

    def options(
        self,
        command: app_commands.Command[Any, ..., Any],
        given: Mapping[str, Any],
        where: Where,
        resolved: JSON,
        focused: str | None,
        focused_value: str,
    ) -> list[JSON]:
        parameters = command.parameters  # a fresh list of wrappers on every access
        by_name: dict[str, app_commands.Parameter] = {}
        for param in parameters:
            by_name[param.display_name] = param
            by_name[param.name] = param
        unknown = [k for k in given if k not in by_name]
        if unknown:
            known = ", ".join(p.display_name for p in parameters) or "none"
            raise CommandUnavailable(
                f"/{command.qualified_name} has no option {unknown[0]!r} (options: {known})"
            )
        if focused is not None and focused not in by_name:
            raise CommandUnavailable(f"/{command.qualified_name} has no option {focused!r}")
        focused_param = by_name[focused] if focused is not None else None
        if focused_param is not None and not focused_param.autocomplete:
            raise CommandUnavailable(
                f"option {focused!r} of /{command.qualified_name} has no autocomplete"
            )
        result: list[JSON] = []
        for param in parameters:
            if focused_param is not None and param.name == focused_param.name:
                result.append(
                    {
                        "type": param.type.value,
                        "name": param.display_name,
                        "value": focused_value,
                        "focused": True,
                    }
                )
                continue
            key = param.display_name if param.display_name in given else param.name
            if key not in given or given[key] is None:
                if param.required and focused is None:
                    raise CommandUnavailable(
                        f"/{command.qualified_name} needs option {param.display_name!r}"
                    )
                continue
            value = self.option_value(param, given[key], where, resolved)
            result.append({"type": param.type.value, "name": param.display_name, "value": value})
        return result

    def option_value(  # noqa: C901 (one branch per application-command option type)
        self, param: app_commands.Parameter, value: Any, where: Where, resolved: JSON
    ) -> Any:
        """Convert a test's value into what Discord sends, adding `resolved` entries."""
        kind = param.type
        label = f"option {param.display_name!r}"
        if kind is AppCommandOptionType.string:
            text = value.value if isinstance(value, app_commands.Choice) else value
            if param.choices:
                for choice in param.choices:
                    if text in (choice.value, choice.name):
                        return choice.value
                offered = ", ".join(repr(c.name) for c in param.choices)
                raise CommandUnavailable(f"{label} only offers {offered}, not {text!r}")
            return str(text)
        if kind in (AppCommandOptionType.integer, AppCommandOptionType.number):
            raw = value.value if isinstance(value, app_commands.Choice) else value
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise TypeError(f"{label} needs a number, got {raw!r}")
            number: int | float = int(raw) if kind is AppCommandOptionType.integer else float(raw)
            if param.choices and number not in [c.value for c in param.choices]:
                raise CommandUnavailable(f"{label} does not offer {number!r}")
            if param.min_value is not None and number < param.min_value:
                raise CommandUnavailable(f"{label} must be at least {param.min_value}")
            if param.max_value is not None and number > param.max_value:
                raise CommandUnavailable(f"{label} must be at most {param.max_value}")
            return number
        if kind is AppCommandOptionType.boolean:
            if not isinstance(value, bool):
                raise TypeError(f"{label} needs True or False, got {value!r}")
            return value
        if kind is AppCommandOptionType.user:
            return self.resolve_user(value, where, resolved)
        if kind is AppCommandOptionType.channel:
            channel = self.world.channel(value, guild=where.guild)
            if channel.deleted:
                raise CommandUnavailable(f"{label}: #{channel.name} was deleted")
            if param.channel_types and discord.ChannelType(channel.type) not in param.channel_types:
                raise CommandUnavailable(f"{label} does not accept #{channel.name}")
            return self.resolve_channel(channel, where, resolved)
        if kind is AppCommandOptionType.role:
            return self.resolve_role(value, where, resolved)
        if kind is AppCommandOptionType.mentionable:
            try:
                return self.resolve_user(value, where, resolved)
            except LookupError:
                return self.resolve_role(value, where, resolved)
        if kind is AppCommandOptionType.attachment:
            return self.resolve_attachment(value, where, resolved)
        raise TypeError(f"unsupported option type {kind!r}")

    def resolve_user(self, value: Any, where: Where, resolved: JSON) -> str:
        user = self.world.user(value)
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        if where.guild is not None and user.id in where.guild.members:
            member = self.world.member_payload(
                where.guild.members[user.id],
                permissions=self.world.permissions(user, where.channel),
            )
            member.pop("user")
            resolved.setdefault("members", {})[str(user.id)] = member
        return str(user.id)

    def resolve_channel(self, channel: FakeChannel, where: Where, resolved: JSON) -> str:
        data = self.world.channel_payload(
            channel, permissions=self.world.permissions(where.user, channel)
        )
        if channel.type not in THREAD_TYPES:
            data.pop("permission_overwrites", None)
        resolved.setdefault("channels", {})[str(channel.id)] = data
        return str(channel.id)

    def resolve_role(self, value: Any, where: Where, resolved: JSON) -> str:
        if where.guild is None:
            raise CommandUnavailable("roles only exist in servers")
        role: FakeRole | None = None
        if isinstance(value, FakeRole):
            role = value
        else:
            for candidate in where.guild.roles.values():
                if str(value).lstrip("@") in (candidate.name, str(candidate.id)):
                    role = candidate
        if role is None:
            raise LookupError(f"no role {value!r} in {where.guild.name}")
        resolved.setdefault("roles", {})[str(role.id)] = role.payload()
        return str(role.id)

    def resolve_attachment(self, value: Any, where: Where, resolved: JSON) -> str:
        if isinstance(value, Upload):
            upload = value
        elif isinstance(value, tuple) and len(value) == 2:
            upload = Upload(str(value[0]), bytes(value[1]))
        else:
            raise TypeError("attachment options take Upload(...) or (filename, bytes)")
        attachment = self.world.store_attachment(
            where.channel.id, upload.filename, upload.data, content_type=upload.content_type
        )
        attachment["ephemeral"] = True
        resolved.setdefault("attachments", {})[attachment["id"]] = attachment
        return str(attachment["id"])

    # -- components and modals -----------------------------------------------------------------

    def component(
        self,
        message: JSON,
        custom_id: str,
        where: Where,
        *,
        values: Sequence[Any] | None = None,
        locale: str = "en-US",
    ) -> JSON:
        """A message component interaction (type 3) on a stored message."""
        component = find_component(message, custom_id)
        kind = int(component["type"])
        if component.get("disabled"):
            raise CommandUnavailable(f"{custom_id!r} is disabled; a reader cannot use it")
        data: JSON = {"custom_id": custom_id, "component_type": kind}
        if kind == 2:
            if values is not None:
                raise TypeError(f"{custom_id!r} is a button; use click() without values")
        else:
            if values is None:
                raise TypeError(f"{custom_id!r} is a select; use select() with values")
            resolved: JSON = {}
            data["values"] = self.select_values(component, list(values), where, resolved)
            if resolved:
                data["resolved"] = resolved
        payload = self.base(INTERACTION_COMPONENT, where, locale=locale)
        payload["message"] = message
        payload["data"] = data
        return payload

    def select_values(
        self, component: JSON, values: list[Any], where: Where, resolved: JSON
    ) -> list[str]:
        low = int(component.get("min_values", 1))
        high = int(component.get("max_values", 1))
        if not low <= len(values) <= high:
            raise CommandUnavailable(
                f"{component.get('custom_id')!r} takes {low} to {high} values, got {len(values)}"
            )
        kind = int(component["type"])
        if kind == 3:
            offered = {str(o["value"]): o for o in component.get("options") or []}
            labels = {str(o["label"]): str(o["value"]) for o in component.get("options") or []}
            out: list[str] = []
            for value in values:
                text = str(value)
                if text not in offered and text in labels:
                    text = labels[text]
                if text not in offered:
                    raise CommandUnavailable(
                        f"{component.get('custom_id')!r} offers {sorted(offered)}, not {value!r}"
                    )
                out.append(text)
            return out
        result: list[str] = []
        for value in values:
            if kind == 5:
                result.append(self.resolve_user(value, where, resolved))
            elif kind == 6:
                result.append(self.resolve_role(value, where, resolved))
            elif kind == 8:
                channel = self.world.channel(value, guild=where.guild)
                result.append(self.resolve_channel(channel, where, resolved))
            else:
                try:
                    result.append(self.resolve_user(value, where, resolved))
                except LookupError:
                    result.append(self.resolve_role(value, where, resolved))
        return result

    def modal_submit(
        self,
        modal: JSON,
        values: Mapping[str, Any],
        where: Where,
        *,
        message: JSON | None = None,
        locale: str = "en-US",
    ) -> JSON:
        """A modal submit (type 5) answering the modal the bot opened (callback type 9 data)."""
        known: set[str] = set()
        components: list[JSON] = []
        next_id = 1

        def component_id(component: JSON) -> int:
            nonlocal next_id
            raw = component.get("id")
            if raw is None:
                raw = next_id
            next_id = max(next_id, int(raw)) + 1
            return int(raw)

        resolved: JSON = {}
        for top in modal.get("components") or []:
            kind = int(top.get("type", 0))
            if kind == 18:
                label_id = component_id(top)
                inner = dict(top["component"])
                answer = self._answer(inner, values, where, resolved, known)
                answer["id"] = component_id(inner)
                components.append({"type": 18, "id": label_id, "component": answer})
            elif kind == 1:
                row_id = component_id(top)
                answers = []
                for child in top.get("components") or []:
                    answer = self._answer(dict(child), values, where, resolved, known)
                    answer["id"] = component_id(child)
                    answers.append(answer)
                components.append({"type": 1, "id": row_id, "components": answers})
            elif kind == 10:
                components.append({"type": 10, "id": component_id(top)})
        unknown = [k for k in values if k not in known]
        if unknown:
            raise CommandUnavailable(
                f"the modal has no input {unknown[0]!r} (inputs: {sorted(known)})"
            )
        payload = self.base(INTERACTION_MODAL_SUBMIT, where, locale=locale)
        data: JSON = {"custom_id": modal["custom_id"], "components": components}
        if resolved:
            data["resolved"] = resolved
        payload["data"] = data
        if message is not None:
            payload["message"] = message
        return payload

    def _answer(
        self,
        component: JSON,
        values: Mapping[str, Any],
        where: Where,
        resolved: JSON,
        known: set[str],
    ) -> JSON:
        custom_id = str(component.get("custom_id"))
        known.add(custom_id)
        kind = int(component.get("type", 0))
        given = values.get(custom_id)
        if kind == 4:
            text = str(given) if given is not None else str(component.get("value") or "")
            required = component.get("required", True)
            if required and not text:
                raise CommandUnavailable(f"text input {custom_id!r} is required")
            low, high = component.get("min_length"), component.get("max_length")
            if text and low is not None and len(text) < int(low):
                raise CommandUnavailable(f"{custom_id!r} needs at least {low} characters")
            if high is not None and len(text) > int(high):
                raise CommandUnavailable(f"{custom_id!r} takes at most {high} characters")
            return {"type": 4, "custom_id": custom_id, "value": text}
        if kind == 23:
            return {"type": 23, "custom_id": custom_id, "value": bool(given)}
        if kind == 21:
            return {"type": 21, "custom_id": custom_id, "value": given}
        picked = (
            list(given) if isinstance(given, list | tuple) else ([] if given is None else [given])
        )
        if kind in (3, 5, 6, 7, 8):
            if not picked and not component.get("required", True):
                return {"type": kind, "custom_id": custom_id, "values": []}
            return {
                "type": kind,
                "custom_id": custom_id,
                "values": self.select_values(component, picked, where, resolved),
            }
        return {"type": kind, "custom_id": custom_id, "values": [str(v) for v in picked]}


def find_component(message: JSON, custom_id: str) -> JSON:
    """The component with `custom_id` in a message (raises if a reader could not press it)."""
    for component in walk_components(list(message.get("components") or [])):
        if component.get("custom_id") == custom_id:
            return component
    present = [
        c["custom_id"]
        for c in walk_components(list(message.get("components") or []))
        if "custom_id" in c
    ]
    raise CommandUnavailable(
        f"message {message.get('id')} has no component {custom_id!r}: {present}"
    )


# Where Discord's client calls a permission otherwise than discord.py does.
_CLIENT_NAMES = {"manage_guild": "Manage Server", "moderate_members": "Timeout Members"}


def permission_names(value: int) -> str:
    """The permissions in ``value`` as Discord's client names them: "the Manage Server
    permission", "the Manage Roles and Manage Server permissions"."""
    names = [
        _CLIENT_NAMES.get(name, name.replace("_", " ").title())
        for name, on in discord.Permissions(value)
        if on
    ]
    if len(names) == 1:
        return f"the {names[0]} permission"
    return f"the {', '.join(names[:-1])} and {names[-1]} permissions"
