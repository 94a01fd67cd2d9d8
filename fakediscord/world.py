"""A small fake Discord: guilds, channels, readers, and every message the bot has posted.

The `World` is the state the fake Discord API serves and mutates. It outlives a bot: a test can
close one bot, start another on the same World and press a button on a message the first bot
posted, exactly as after a restart in production. Everything is built as the JSON Discord would
send (snowflake ids, ISO timestamps, permission strings), so discord.py parses it with its real
code paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import discord

from fakediscord.clock import Clock
from fakediscord.records import JSON, DiscordAPIError, InteractionState

DISCORD_EPOCH_MS = 1420070400000

CHANNEL_TEXT = 0
CHANNEL_DM = 1
CHANNEL_CATEGORY = 4
CHANNEL_NEWS = 5
CHANNEL_NEWS_THREAD = 10
CHANNEL_PUBLIC_THREAD = 11
CHANNEL_PRIVATE_THREAD = 12
CHANNEL_FORUM = 15
THREAD_TYPES = (CHANNEL_NEWS_THREAD, CHANNEL_PUBLIC_THREAD, CHANNEL_PRIVATE_THREAD)
# A forum's flag: every post must carry one of its tags.
REQUIRE_TAG = 1 << 4
# How long Discord remembers a message's nonce for enforce_nonce ("the past few minutes").
NONCE_WINDOW_SECONDS = 5 * 60

# Bits a plain reader has everywhere (the @everyone role of a fresh server, roughly).
EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    read_message_history=True,
    add_reactions=True,
    embed_links=True,
    attach_files=True,
    use_application_commands=True,
    use_external_emojis=True,
    change_nickname=True,
    create_instant_invite=True,
    connect=True,
    speak=True,
).value

# What the bot's managed role gets when it is invited to read and post: messages, threads,
# embeds, files, history and reactions.
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    manage_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    add_reactions=True,
    use_external_emojis=True,
).value

# What anyone may do in a DM with the bot.
DM_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    read_message_history=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_external_emojis=True,
    use_application_commands=True,
).value

ADMIN_PERMISSIONS = discord.Permissions(administrator=True, manage_guild=True).value
ALL_PERMISSIONS = discord.Permissions.all().value

SUPPRESS_EMBEDS = discord.MessageFlags.suppress_embeds.flag
EPHEMERAL = discord.MessageFlags.ephemeral.flag
LOADING = discord.MessageFlags.loading.flag
COMPONENTS_V2 = discord.MessageFlags.components_v2.flag

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def iso(moment: Any) -> str:
    """Discord's timestamp format."""
    return str(moment.isoformat())


@dataclass(eq=False)
class FakeUser:
    id: int
    name: str
    global_name: str | None = None
    bot: bool = False

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
            "flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass(eq=False)
class FakeRole:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }


@dataclass(eq=False)
class FakeMember:
    user: FakeUser
    role_ids: list[int]
    joined_at: str
    nick: str | None = None


@dataclass(eq=False)
class FakeChannel:
    id: int
    name: str
    type: int
    guild_id: int | None
    created_at: str
    nsfw: bool = False
    topic: str | None = None
    position: int = 0
    parent_id: int | None = None
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440
    rate_limit_per_user: int = 0
    recipient_id: int | None = None
    deleted: bool = False
    messages: list[JSON] = field(default_factory=list)
    flags: int = 0  # e.g. REQUIRE_TAG on a forum
    available_tags: list[JSON] = field(default_factory=list)  # a forum's tags

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    @property
    def last_message_id(self) -> str | None:
        return self.messages[-1]["id"] if self.messages else None


@dataclass(eq=False)
class FakeGuild:
    id: int
    name: str
    owner_id: int
    joined_at: str
    locale: str = "en-US"
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]


@dataclass
class FailureRule:
    """Make matching requests fail the way Discord does.

    `path` is either discord.py's route template ("/channels/{channel_id}/messages") or a concrete
    path ("/channels/123/messages"); `params` narrows a template to given path parameters.
    `times=None` fails forever, otherwise only the next `times` matching requests fail.
    """

    method: str
    path: str
    status: int
    code: int
    message: str | None = None
    retry_after: float | None = None
    times: int | None = None
    params: dict[str, str] = field(default_factory=dict)
    hits: int = 0

    def matches(self, method: str, template: str, path: str, params: dict[str, str]) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if "{" in self.path:
            if self.path != template:
                return False
        elif self.path.rstrip("/") != path.rstrip("/"):
            return False
        return all(params.get(k) == v for k, v in self.params.items())

    def error(self) -> DiscordAPIError:
        self.hits += 1
        return DiscordAPIError(self.status, self.code, self.message, retry_after=self.retry_after)


_DEFAULT_CODES = {403: 50013, 404: 10003, 401: 0, 400: 50035}


class Snowflakes:
    """Time-based, strictly increasing snowflake ids (so `created_at` means something)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last = 0

    def next(self) -> int:
        ms = int(self._clock.utcnow().timestamp() * 1000) - DISCORD_EPOCH_MS
        candidate = max(ms, 0) << 22
        if candidate <= self._last:
            candidate = self._last + 1
        self._last = candidate
        return candidate


Ref = int | str | FakeUser | FakeChannel | FakeGuild | discord.abc.Snowflake


def ref_id(ref: Ref) -> int | None:
    """The id a reference names, or None when it is a name to look up."""
    if isinstance(ref, bool):
        raise TypeError("a bool is not a reference")
    if isinstance(ref, int):
        return ref
    if isinstance(ref, str):
        return int(ref) if ref.isdigit() else None
    return int(ref.id)


class World:
    """The fake Discord's data: one application, its bot user, guilds, channels and readers.

    By default it holds one guild, "Local Library", with #general, #feedback and the
    age-restricted #after-dark, and three readers: ayla and bram (plain readers) and cass
    (ADMINISTRATOR + Manage Server). Add more with `add_guild`, `add_channel`, `add_user`.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        guild_name: str = "Local Library",
        bot_name: str = "ficbot",
        populate: bool = True,
    ) -> None:
        self.clock = clock or Clock()
        self.ids = Snowflakes(self.clock)
        self.application_id = self.ids.next()
        self.bot_user = FakeUser(self.application_id, bot_name, bot=True)
        self.users: dict[int, FakeUser] = {self.bot_user.id: self.bot_user}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages_by_id: dict[int, JSON] = {}
        self.blobs: dict[str, bytes] = {}
        self.commands: dict[int | None, list[JSON]] = {}
        self.interactions: dict[str, InteractionState] = {}
        self.failures: list[FailureRule] = []
        # (author id, nonce) -> (message id, when): messages sent with enforce_nonce.
        self.nonces: dict[tuple[int, str], tuple[int, float]] = {}
        self.owner: FakeUser | None = None
        self.default_guild: FakeGuild | None = None
        if populate:
            guild = self.add_guild(guild_name)
            self.add_channel("general", guild=guild, topic="Chat about stories")
            self.add_channel("feedback", guild=guild, topic="Tell the librarians what you think")
            self.add_channel("after-dark", guild=guild, nsfw=True, topic="Mature stories")
            self.add_user("ayla", guild=guild, global_name="Ayla")
            self.add_user("bram", guild=guild, global_name="Bram")
            self.owner = self.add_user("cass", guild=guild, global_name="Cass", admin=True)

    # -- building the world ------------------------------------------------------------------

    def now_iso(self) -> str:
        return iso(self.clock.utcnow())

    def add_guild(self, name: str, *, owner: FakeUser | None = None) -> FakeGuild:
        """Create a guild the bot is a member of (with @everyone and the bot's managed role)."""
        guild_id = self.ids.next()
        guild = FakeGuild(
            id=guild_id,
            name=name,
            owner_id=(owner or self.bot_user).id,
            joined_at=self.now_iso(),
        )
        guild.roles[guild_id] = FakeRole(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0)
        bot_role = FakeRole(self.ids.next(), self.bot_user.name, BOT_PERMISSIONS, 1, managed=True)
        guild.roles[bot_role.id] = bot_role
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, [bot_role.id], self.now_iso())
        self.guilds[guild_id] = guild
        if self.default_guild is None:
            self.default_guild = guild
        return guild

    def add_role(
        self, name: str, *, guild: Ref | None = None, permissions: int = 0, position: int = 1
    ) -> FakeRole:
        target = self.guild(guild)
        role = FakeRole(self.ids.next(), name, permissions, position)
        target.roles[role.id] = role
        return role

    def add_channel(
        self,
        name: str,
        *,
        guild: Ref | None = None,
        nsfw: bool = False,
        topic: str | None = None,
        type: int = CHANNEL_TEXT,
    ) -> FakeChannel:
        target = self.guild(guild)
        channel = FakeChannel(
            id=self.ids.next(),
            name=name.lstrip("#"),
            type=type,
            guild_id=target.id,
            created_at=self.now_iso(),
            nsfw=nsfw,
            topic=topic,
            position=len(target.channel_ids),
        )
        self.channels[channel.id] = channel
        target.channel_ids.append(channel.id)
        return channel

    def add_user(
        self,
        name: str,
        *,
        guild: Ref | bool | None = None,
        admin: bool = False,
        roles: Iterable[FakeRole] = (),
        global_name: str | None = None,
        bot: bool = False,
    ) -> FakeUser:
        """Create a user; unless `guild=False` they also join `guild` (default: the first one)."""
        user = FakeUser(self.ids.next(), name, global_name=global_name, bot=bot)
        self.users[user.id] = user
        if guild is not False:
            self.join(user, guild=None if guild is True else guild, admin=admin, roles=roles)
        return user

    def join(
        self,
        user: Ref,
        *,
        guild: Ref | None = None,
        admin: bool = False,
        roles: Iterable[FakeRole] = (),
        nick: str | None = None,
    ) -> FakeMember:
        """Make `user` a member of `guild` (an admin gets a role with ADMINISTRATOR)."""
        target = self.guild(guild)
        who = self.user(user)
        role_ids = [r.id for r in roles]
        if admin:
            admin_role = next((r for r in target.roles.values() if r.name == "Admin"), None)
            if admin_role is None:
                admin_role = self.add_role(
                    "Admin", guild=target, permissions=ADMIN_PERMISSIONS, position=2
                )
            role_ids.append(admin_role.id)
        member = FakeMember(who, role_ids, self.now_iso(), nick)
        target.members[who.id] = member
        return member

    def create_thread(
        self,
        parent: Ref,
        name: str,
        *,
        owner: Ref | None = None,
        private: bool = False,
        thread_id: int | None = None,
        auto_archive_duration: int = 1440,
        type: int | None = None,
    ) -> FakeChannel:
        """Create a thread under a text channel (`thread_id` = starter message id if any)."""
        base = self.channel(parent)
        if base.guild_id is None:
            raise ValueError("threads only exist in guild channels")
        thread = FakeChannel(
            id=thread_id if thread_id is not None else self.ids.next(),
            name=name,
            type=type or (CHANNEL_PRIVATE_THREAD if private else CHANNEL_PUBLIC_THREAD),
            guild_id=base.guild_id,
            created_at=self.now_iso(),
            nsfw=base.nsfw,
            parent_id=base.id,
            owner_id=self.user(owner).id if owner is not None else self.bot_user.id,
            auto_archive_duration=auto_archive_duration,
        )
        self.channels[thread.id] = thread
        return thread

    def dm_channel(self, user: Ref) -> FakeChannel:
        """The DM channel between the bot and `user` (created on first use)."""
        who = self.user(user)
        for channel in self.channels.values():
            if channel.type == CHANNEL_DM and channel.recipient_id == who.id:
                return channel
        channel = FakeChannel(
            id=self.ids.next(),
            name=who.name,
            type=CHANNEL_DM,
            guild_id=None,
            created_at=self.now_iso(),
            recipient_id=who.id,
        )
        self.channels[channel.id] = channel
        return channel

    def delete_channel(self, channel: Ref) -> FakeChannel:
        """Delete a channel (and its threads): its routes answer 404 Unknown Channel from now on."""
        target = self.channel(channel)
        target.deleted = True
        for other in self.channels.values():
            if other.parent_id == target.id:
                other.deleted = True
        if target.guild_id is not None:
            guild = self.guilds[target.guild_id]
            if target.id in guild.channel_ids:
                guild.channel_ids.remove(target.id)
        return target

    # -- failure injection -------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path: str,
        *,
        status: int,
        code: int | None = None,
        message: str | None = None,
        retry_after: float | None = None,
        times: int | None = None,
        **params: Any,
    ) -> FailureRule:
        """Make matching requests fail, e.g. `fail("POST", "/channels/{channel_id}/messages",
        status=403, code=50013)`; pass `channel_id=...` to target one channel, `times=1` for a
        transient failure. 429s carry `retry_after` (default 1 s of harness clock time)."""
        if code is None:
            code = _DEFAULT_CODES.get(status, 0)
        if status == 429 and retry_after is None:
            retry_after = 1.0
        rule = FailureRule(
            method=method.upper(),
            path=path,
            status=status,
            code=code,
            message=message,
            retry_after=retry_after,
            times=times,
            params={k: str(v.id if hasattr(v, "id") else v) for k, v in params.items()},
        )
        self.failures.append(rule)
        return rule

    def clear_failures(self) -> None:
        self.failures.clear()

    # -- lookups -----------------------------------------------------------------------------

    def guild(self, ref: Ref | None = None) -> FakeGuild:
        if ref is None:
            if self.default_guild is None:
                raise LookupError("the world has no guild yet")
            return self.default_guild
        if isinstance(ref, FakeGuild):
            return ref
        rid = ref_id(ref)
        if rid is not None:
            return self.guilds[rid]
        for guild in self.guilds.values():
            if guild.name == ref:
                return guild
        raise LookupError(f"no guild {ref!r}")

    def user(self, ref: Ref) -> FakeUser:
        if isinstance(ref, FakeUser):
            return ref
        rid = ref_id(ref)
        if rid is not None:
            return self.users[rid]
        name = str(ref).lstrip("@")
        for user in self.users.values():
            if user.name == name:
                return user
        raise LookupError(f"no user {ref!r}")

    def channel(self, ref: Ref, *, guild: Ref | None = None) -> FakeChannel:
        """A channel or thread by object, id, or name (names are looked up in `guild`, then
        in the default guild, then anywhere)."""
        if isinstance(ref, FakeChannel):
            return ref
        rid = ref_id(ref)
        if rid is not None:
            return self.channels[rid]
        name = str(ref).lstrip("#")
        candidates = [c for c in self.channels.values() if c.name == name and c.type != CHANNEL_DM]
        if guild is not None:
            gid = self.guild(guild).id
            candidates = [c for c in candidates if c.guild_id == gid]
        live = [c for c in candidates if not c.deleted] or candidates
        if not live:
            raise LookupError(f"no channel {ref!r}")
        if len(live) > 1 and self.default_guild is not None:
            preferred = [c for c in live if c.guild_id == self.default_guild.id]
            live = preferred or live
        # Same-named threads: the newest wins; channels: the first one created.
        return live[-1] if all(c.is_thread for c in live) else live[0]

    def thread(self, ref: Ref) -> FakeChannel:
        channel = self.channel(ref)
        if not channel.is_thread:
            raise LookupError(f"{ref!r} is not a thread")
        return channel

    def threads(self, parent: Ref | None = None) -> list[FakeChannel]:
        """Threads (optionally only those under `parent`), oldest first."""
        parent_id = self.channel(parent).id if parent is not None else None
        return [
            c
            for c in self.channels.values()
            if c.is_thread and (parent_id is None or c.parent_id == parent_id)
        ]

    def member(self, user: Ref, guild: Ref | None = None) -> FakeMember | None:
        return self.guild(guild).members.get(self.user(user).id)

    def messages(self, channel: Ref, *, ephemeral: bool = False) -> list[JSON]:
        """What is in a channel or thread, oldest first (ephemeral replies only if asked)."""
        target = self.channel(channel)
        return [m for m in target.messages if ephemeral or not int(m.get("flags", 0)) & EPHEMERAL]

    def contents(self, channel: Ref) -> list[str]:
        """The text of the (non-ephemeral) messages in a channel, oldest first."""
        return [m.get("content", "") for m in self.messages(channel)]

    def message(self, message_id: int | str) -> JSON:
        return self.messages_by_id[int(message_id)]

    # -- permissions -------------------------------------------------------------------------

    def permissions(self, user: Ref, channel: Ref | None = None, guild: Ref | None = None) -> int:
        """The user's permission bits (no channel overwrites are modelled)."""
        who = self.user(user)
        if channel is not None:
            target = self.channel(channel)
            if target.guild_id is None:
                return DM_PERMISSIONS
            guild = target.guild_id
        where = self.guild(guild)
        if where.owner_id == who.id:
            return ALL_PERMISSIONS
        member = where.members.get(who.id)
        bits = where.everyone.permissions
        if member is not None:
            for role_id in member.role_ids:
                role = where.roles.get(role_id)
                if role is not None:
                    bits |= role.permissions
        if bits & discord.Permissions(administrator=True).value:
            return ALL_PERMISSIONS
        return bits

    # -- JSON as Discord sends it ------------------------------------------------------------

    def member_payload(self, member: FakeMember, *, permissions: int | None = None) -> JSON:
        data: JSON = {
            "user": member.user.payload(),
            "roles": [str(r) for r in member.role_ids],
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "joined_at": member.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data

    def channel_payload(self, channel: FakeChannel, *, permissions: int | None = None) -> JSON:
        """A channel object (as in GET /channels/{id}; with `permissions` as in interactions)."""
        if channel.type == CHANNEL_DM:
            recipient = self.users[channel.recipient_id] if channel.recipient_id else None
            data: JSON = {
                "id": str(channel.id),
                "type": CHANNEL_DM,
                "last_message_id": channel.last_message_id,
                "flags": 0,
                "recipients": [recipient.payload()] if recipient else [],
            }
            if permissions is not None:
                data["permissions"] = str(permissions)
            return data
        data = {
            "id": str(channel.id),
            "type": channel.type,
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "nsfw": channel.nsfw,
            "rate_limit_per_user": channel.rate_limit_per_user,
            "last_message_id": channel.last_message_id,
            "flags": channel.flags,
            "parent_id": str(channel.parent_id) if channel.parent_id else None,
        }
        if channel.type == CHANNEL_FORUM:
            data["available_tags"] = [dict(t) for t in channel.available_tags]
        if channel.is_thread:
            data.update(
                owner_id=str(channel.owner_id),
                message_count=len(channel.messages),
                member_count=1,
                total_message_sent=len(channel.messages),
                thread_metadata={
                    "archived": channel.archived,
                    "auto_archive_duration": channel.auto_archive_duration,
                    "archive_timestamp": channel.created_at,
                    "locked": channel.locked,
                    "invitable": True,
                    "create_timestamp": channel.created_at,
                },
            )
        else:
            data.update(
                position=channel.position,
                permission_overwrites=[],
                topic=channel.topic,
                default_auto_archive_duration=1440,
            )
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data

    def guild_create_payload(self, guild: FakeGuild) -> JSON:
        """A GUILD_CREATE gateway payload: every member and channel, so the cache is complete."""
        channels = [
            self.channel_payload(self.channels[cid])
            for cid in guild.channel_ids
            if not self.channels[cid].deleted
        ]
        threads = [
            self.channel_payload(c)
            for c in self.channels.values()
            if c.is_thread and c.guild_id == guild.id and not c.deleted and not c.archived
        ]
        members = [self.member_payload(m) for m in guild.members.values()]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": guild.locale,
            "features": [],
            "roles": [r.payload() for r in guild.roles.values()],
            "emojis": [],
            "stickers": [],
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "joined_at": guild.joined_at,
            "large": False,
            "unavailable": False,
            "member_count": len(members),
            "members": members,
            "channels": channels,
            "threads": threads,
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def application_payload(self) -> JSON:
        """GET /oauth2/applications/@me."""
        owner = self.owner or self.bot_user
        return {
            "id": str(self.application_id),
            "name": self.bot_user.name,
            "icon": None,
            "description": "A local stand-in application",
            "summary": "",
            "type": None,
            "hook": True,
            "bot_public": False,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": owner.payload(),
            "team": None,
            "flags": 0,
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "bot": self.bot_user.payload(),
        }

    # -- messages ----------------------------------------------------------------------------

    def store_attachment(
        self,
        channel_id: int,
        filename: str,
        data: bytes,
        *,
        content_type: str | None = None,
        description: str | None = None,
    ) -> JSON:
        """Keep uploaded bytes under a CDN URL, so `Attachment.read()` works later."""
        attachment_id = self.ids.next()
        url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{filename}"
        self.blobs[url] = data
        attachment: JSON = {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
            "content_type": content_type or _guess_content_type(filename),
        }
        if description:
            attachment["description"] = description
        return attachment

    def resolve_mentions(
        self, content: str, allowed: JSON | None
    ) -> tuple[bool, list[JSON], list[str]]:
        """Who the content would actually ping: (mention_everyone, users, role ids).

        Without `allowed_mentions` Discord parses everything in the content.
        """
        parse = set(allowed.get("parse", [])) if allowed is not None else None
        allowed_users = {str(u) for u in (allowed or {}).get("users", [])}
        allowed_roles = {str(r) for r in (allowed or {}).get("roles", [])}
        everyone = ("@everyone" in content or "@here" in content) and (
            parse is None or "everyone" in parse
        )
        users: list[JSON] = []
        for raw in dict.fromkeys(_USER_MENTION.findall(content)):
            if parse is None or "users" in parse or raw in allowed_users:
                user = self.users.get(int(raw))
                if user is not None:
                    users.append(user.payload())
        roles: list[str] = []
        for raw in dict.fromkeys(_ROLE_MENTION.findall(content)):
            if parse is None or "roles" in parse or raw in allowed_roles:
                roles.append(raw)
        return everyone, users, roles

    def build_message(
        self,
        channel: FakeChannel,
        author: FakeUser,
        data: JSON,
        files: list[tuple[str, bytes, str | None]] | None = None,
        *,
        type: int = 0,
        flags: int = 0,
        webhook_id: int | None = None,
        interaction_metadata: JSON | None = None,
        message_id: int | None = None,
    ) -> JSON:
        """A message object as Discord returns it for a create request with body `data`."""
        message: JSON = {
            "id": str(message_id if message_id is not None else self.ids.next()),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": "",
            "timestamp": self.now_iso(),
            "edited_timestamp": None,
            "tts": bool(data.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": type,
            "flags": flags,
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        if webhook_id is not None:
            message["webhook_id"] = str(webhook_id)
            message["application_id"] = str(self.application_id)
        if interaction_metadata is not None:
            message["interaction_metadata"] = interaction_metadata
        if data.get("message_reference"):
            reference = dict(data["message_reference"])
            reference.setdefault("channel_id", str(channel.id))
            message["message_reference"] = reference
            message["type"] = 19
            ref_id = reference.get("message_id")
            if ref_id is not None and int(ref_id) in self.messages_by_id:
                message["referenced_message"] = self.messages_by_id[int(ref_id)]
        self.apply_edit(message, data, files, channel=channel, creating=True)
        return message

    def apply_edit(  # noqa: C901 (one branch per editable message field)
        self,
        message: JSON,
        data: JSON,
        files: list[tuple[str, bytes, str | None]] | None = None,
        *,
        channel: FakeChannel | None = None,
        creating: bool = False,
    ) -> JSON:
        """Apply a create/edit body to a stored message, as Discord does (only given fields)."""
        target = channel or self.channels[int(message["channel_id"])]
        if "content" in data:
            message["content"] = data["content"] or ""
        if "embeds" in data:
            message["embeds"] = [
                {"type": "rich", **e} if "type" not in e else dict(e)
                for e in (data["embeds"] or [])
            ]
        if "components" in data:
            message["components"] = list(data["components"] or [])
        flags = int(message.get("flags", 0))
        if data.get("flags") is not None:
            if creating:
                flags |= int(data["flags"])
            else:
                # Only "suppress embeds" can be toggled and "components v2" switched on later;
                # ephemerality is fixed when the message is created.
                flags = (flags & ~SUPPRESS_EMBEDS) | (int(data["flags"]) & SUPPRESS_EMBEDS)
                flags |= int(data["flags"]) & COMPONENTS_V2
        if not creating:
            flags &= ~LOADING
        message["flags"] = flags
        if data.get("poll"):
            message["poll"] = data["poll"]
        if "attachments" in data or files:
            uploads = files or []
            kept: list[JSON] = []
            existing = {a["id"]: a for a in message.get("attachments", [])}
            specs = data.get("attachments")
            if specs is None:
                specs = [{"id": i} for i in range(len(uploads))]
            for spec in specs:
                spec_id = str(spec.get("id"))
                if spec_id in existing:
                    kept.append(existing[spec_id])
                    continue
                if spec_id.isdigit() and int(spec_id) < len(uploads):
                    filename, blob, content_type = uploads[int(spec_id)]
                    kept.append(
                        self.store_attachment(
                            target.id,
                            spec.get("filename") or filename,
                            blob,
                            content_type=content_type,
                            description=spec.get("description"),
                        )
                    )
            message["attachments"] = kept
        everyone, users, roles = self.resolve_mentions(
            message.get("content", ""), data.get("allowed_mentions")
        )
        message["mention_everyone"] = everyone
        message["mentions"] = users
        message["mention_roles"] = roles
        if not creating:
            message["edited_timestamp"] = self.now_iso()
        return message

    def store_message(self, channel: FakeChannel, message: JSON) -> JSON:
        channel.messages.append(message)
        self.messages_by_id[int(message["id"])] = message
        return message

    def remove_message(self, message_id: int) -> JSON | None:
        message = self.messages_by_id.pop(message_id, None)
        if message is not None:
            channel = self.channels.get(int(message["channel_id"]))
            if channel is not None and message in channel.messages:
                channel.messages.remove(message)
        return message

    def post(self, channel: Ref, content: str, *, user: Ref = "ayla") -> JSON:
        """Store a message a reader typed (the gateway MESSAGE_CREATE shape, with `member`)."""
        target = self.channel(channel)
        author = self.user(user)
        message = self.build_message(target, author, {"content": content})
        if target.guild_id is not None:
            member = self.guilds[target.guild_id].members.get(author.id)
            if member is not None:
                member_data = self.member_payload(member)
                member_data.pop("user")
                message["member"] = member_data
        return self.store_message(target, message)


def _guess_content_type(filename: str) -> str:
    lower = filename.lower()
    for suffix, kind in (
        (".txt", "text/plain; charset=utf-8"),
        (".md", "text/markdown; charset=utf-8"),
        (".json", "application/json"),
        (".png", "image/png"),
        (".jpg", "image/jpeg"),
        (".jpeg", "image/jpeg"),
        (".gif", "image/gif"),
        (".html", "text/html; charset=utf-8"),
        (".epub", "application/epub+zip"),
        (".pdf", "application/pdf"),
    ):
        if lower.endswith(suffix):
            return kind
    return "application/octet-stream"
