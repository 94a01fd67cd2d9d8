"""The fake Discord REST API: answers the requests the bot makes, as Discord would.

Every request discord.py makes (through `HTTPClient.request` or the webhook adapter) lands in
`FakeDiscord.handle`, which records it, applies injected failures, enforces Discord's limits and
interaction rules, updates the `World`, and answers with the JSON Discord returns (message
objects with ids, thread channel objects, ...). Broken rules become `Violation`s on the exchange;
where Discord itself would refuse the request, the answer is Discord's error as well, so the bot
experiences exactly what it would in production.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fakediscord import limits
from fakediscord.clock import Clock
from fakediscord.limits import Problem
from fakediscord.records import (
    CALLBACK_AUTOCOMPLETE,
    CALLBACK_DEFER,
    CALLBACK_DEFER_UPDATE,
    CALLBACK_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_PONG,
    CALLBACK_UPDATE,
    EPHEMERAL,
    INTERACTION_AUTOCOMPLETE,
    INTERACTION_COMMAND,
    INTERACTION_COMPONENT,
    INTERACTION_MODAL_SUBMIT,
    JSON,
    LOADING,
    DiscordAPIError,
    Exchange,
    InteractionState,
    Sent,
    SentFile,
    Violation,
    current_exchange,
)
from fakediscord.world import (
    CHANNEL_DM,
    CHANNEL_FORUM,
    CHANNEL_NEWS,
    CHANNEL_NEWS_THREAD,
    CHANNEL_PUBLIC_THREAD,
    NONCE_WINDOW_SECONDS,
    REQUIRE_TAG,
    FakeChannel,
    World,
)

_MANAGE_CHANNELS = 1 << 4
_MANAGE_THREADS = 1 << 34
_READ_MESSAGE_HISTORY = 1 << 16

# Which callback types Discord accepts for which interaction type.
ALLOWED_CALLBACKS: dict[int, tuple[int, ...]] = {
    1: (CALLBACK_PONG,),
    INTERACTION_COMMAND: (CALLBACK_MESSAGE, CALLBACK_DEFER, CALLBACK_MODAL, 10, 12),
    INTERACTION_COMPONENT: (
        CALLBACK_MESSAGE,
        CALLBACK_DEFER,
        CALLBACK_DEFER_UPDATE,
        CALLBACK_UPDATE,
        CALLBACK_MODAL,
        10,
        12,
    ),
    INTERACTION_AUTOCOMPLETE: (CALLBACK_AUTOCOMPLETE,),
    INTERACTION_MODAL_SUBMIT: (
        CALLBACK_MESSAGE,
        CALLBACK_DEFER,
        CALLBACK_DEFER_UPDATE,
        CALLBACK_UPDATE,
        10,
        12,
    ),
}

HAS_THREAD = 1 << 5


@dataclass
class Request:
    """One HTTP request as the fake API sees it (route template plus concrete values)."""

    method: str
    route: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    payload: Any
    files: list[SentFile]
    reason: str | None = None
    webhook: bool = False

    @property
    def body(self) -> JSON:
        return self.payload if isinstance(self.payload, dict) else {}

    def snowflake(self, name: str) -> int:
        raw = self.params.get(name, "")
        if not raw.isdigit():
            raise DiscordAPIError(404, 0, "404: Not Found")
        return int(raw)


Handler = Callable[[Request, Sent], tuple[int, Any]]
GatewaySink = Callable[[str, JSON], None]


@dataclass
class _Route:
    method: str
    template: str
    kind: str
    handler: Handler
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        self.pattern = re.compile(f"^{regex}$")


_API_PREFIX = re.compile(r"^/api/v\d+")


def route_params(template: str, path: str) -> dict[str, str]:
    """The `{name}` values of a concrete path under a route template."""
    regex = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template))
    match = re.match(f"^{regex}$", path)
    return dict(match.groupdict()) if match else {}


def strip_api_prefix(path: str) -> str:
    return _API_PREFIX.sub("", path)


class FakeDiscord:
    """Discord's REST API over a `World`, with Discord's limits and interaction rules."""

    def __init__(
        self,
        world: World,
        *,
        response_deadline: float = limits.RESPONSE_DEADLINE,
        token_lifetime: float = limits.TOKEN_LIFETIME,
        reject_invalid: bool = True,
    ) -> None:
        self.world = world
        self.response_deadline = response_deadline
        self.token_lifetime = token_lifetime
        self.reject_invalid = reject_invalid
        self.gateway: GatewaySink | None = None
        self.log: list[Sent] = []
        self.unattributed: list[Sent] = []
        self.violations: list[Violation] = []
        self._owners: dict[int, Exchange | None] = {}
        self._routes: list[_Route] = []
        self._register_defaults()

    @property
    def clock(self) -> Clock:
        return self.world.clock

    # -- routing -----------------------------------------------------------------------------

    def add_route(self, method: str, template: str, handler: Handler, kind: str = "http") -> None:
        """Serve (or override) a route: `handler(request, record) -> (status, json)`."""
        self._routes.insert(0, _Route(method.upper(), template, kind, handler))

    def _find(self, method: str, template: str, path: str) -> _Route | None:
        candidates = [r for r in self._routes if r.method == method]
        for route in candidates:
            if route.template == template:
                return route
        for route in candidates:
            if route.pattern.match(path):
                return route
        return None

    def handle(self, request: Request) -> Sent:
        """Answer one request. Returns the record; raises `DiscordAPIError` for error answers."""
        route = self._find(request.method, request.route, request.path)
        if route is not None and route.template != request.route:
            request.params = {**request.params, **route_params(route.template, request.path)}
        record = Sent(
            kind=route.kind if route is not None else "http",
            method=request.method,
            route=request.route,
            path=request.path,
            params=dict(request.params),
            query=dict(request.query),
            payload=request.payload,
            files=list(request.files),
            at=self.clock.now(),
        )
        self._attribute(record, request)
        try:
            self._inject_failures(request)
            if route is None:
                self.violate(
                    "route.unsupported",
                    f"the harness does not simulate {request.method} {request.route}; "
                    "add it with Harness.route()",
                    record=record,
                )
                raise DiscordAPIError(404, 0, "404: Not Found")
            status, body = route.handler(request, record)
        except DiscordAPIError as error:
            record.status = error.status
            record.error = error.body
            raise
        record.status = status
        record.response = body
        return record

    def _attribute(self, record: Sent, request: Request) -> None:
        self.log.append(record)
        self._owners[id(record)] = self._owner_of(record, request)

    def _owner_of(self, record: Sent, request: Request) -> Exchange | None:
        exchange: Exchange | None = None
        token = request.params.get("webhook_token")
        if request.webhook and token is not None:
            state = self.world.interactions.get(token)
            if state is not None:
                record.interaction_id = state.id
                exchange = state.exchange
        if exchange is None:
            exchange = current_exchange.get()
        if exchange is not None:
            exchange.sent.append(record)
        else:
            self.unattributed.append(record)
        return exchange

    def _inject_failures(self, request: Request) -> None:
        for rule in self.world.failures:
            if rule.matches(request.method, request.route, request.path, request.params):
                raise rule.error()
        for key in ("channel_id", "thread_id"):
            raw = request.params.get(key)
            if raw is not None and raw.isdigit():
                channel = self.world.channels.get(int(raw))
                if channel is not None and channel.deleted:
                    raise DiscordAPIError(404, 10003)

    # -- violations ----------------------------------------------------------------------------

    def violate(
        self,
        rule: str,
        detail: str,
        *,
        path: str | None = None,
        record: Sent | None = None,
        exchange: Exchange | None = None,
    ) -> Violation:
        """Record a broken rule on the exchange it belongs to (and in `violations`)."""
        violation = Violation(rule, detail, path, record)
        self.violations.append(violation)
        if exchange is None:
            if record is not None:
                exchange = self._owners.get(id(record))
            else:
                exchange = current_exchange.get()
        if exchange is not None:
            exchange.violations.append(violation)
        return violation

    def _enforce(self, problems: list[Problem], record: Sent, prefix: str = "") -> None:
        """Record limit problems; answer 400 Invalid Form Body if Discord would refuse."""
        for problem in problems:
            self.violate(problem.rule, problem.detail, path=problem.path, record=record)
        rejected = [p for p in problems if p.rejected]
        if rejected and self.reject_invalid:
            raise DiscordAPIError(400, 50035, errors=limits.errors_body(rejected))

    def emit(self, event: str, payload: JSON) -> None:
        """Send a gateway event to the connected bot (if a harness is listening)."""
        if self.gateway is not None:
            self.gateway(event, payload)

    # -- helpers -------------------------------------------------------------------------------

    def _channel(self, request: Request, key: str = "channel_id") -> FakeChannel:
        channel = self.world.channels.get(request.snowflake(key))
        if channel is None or channel.deleted:
            raise DiscordAPIError(404, 10003)
        return channel

    def _message(self, channel: FakeChannel, request: Request) -> JSON:
        message = self.world.messages_by_id.get(request.snowflake("message_id"))
        if message is None or int(message["channel_id"]) != channel.id:
            raise DiscordAPIError(404, 10008)
        return message

    def _files(self, request: Request) -> list[tuple[str, bytes, str | None]]:
        return [(f.filename, f.data, f.content_type) for f in request.files]

    def _message_created(self, channel: FakeChannel, message: JSON) -> None:
        if int(message.get("flags", 0)) & EPHEMERAL:
            return
        event = dict(message)
        if channel.guild_id is not None:
            member = self.world.guilds[channel.guild_id].members.get(int(message["author"]["id"]))
            if member is not None:
                member_data = self.world.member_payload(member)
                member_data.pop("user")
                event["member"] = member_data
        self.emit("MESSAGE_CREATE", event)

    # -- interactions ------------------------------------------------------------------------

    def _interaction(self, request: Request, record: Sent) -> InteractionState:
        token = request.params.get("webhook_token", "")
        state = self.world.interactions.get(token)
        if state is None:
            self.violate(
                "interaction.unknown_token",
                "the bot used an interaction token Discord never issued",
                record=record,
            )
            raise DiscordAPIError(404, 10015)
        record.interaction_id = state.id
        return state

    def _check_token_alive(self, state: InteractionState, record: Sent, what: str) -> None:
        if state.initial is None:
            self.violate(
                "interaction.followup_before_response",
                f"{what} before any initial response (Discord: Unknown Webhook)",
                record=record,
            )
            raise DiscordAPIError(404, 10015)
        age = self.clock.now() - state.created
        if age > self.token_lifetime:
            self.violate(
                "interaction.token_expired",
                f"{what} {age / 60:.1f} minutes after the interaction; tokens live "
                f"{self.token_lifetime / 60:.0f} minutes",
                record=record,
            )
            raise DiscordAPIError(401, 50027)

    def _metadata(self, state: InteractionState) -> JSON:
        user = self.world.users[state.user_id]
        owners = {"0": str(state.guild_id)} if state.guild_id else {"1": str(state.user_id)}
        data: JSON = {
            "id": str(state.id),
            "type": state.type,
            "user": user.payload(),
            "authorizing_integration_owners": owners,
        }
        if state.type == INTERACTION_COMPONENT and state.message_id is not None:
            data["interacted_message_id"] = str(state.message_id)
        if state.original_message_id is not None:
            data["original_response_message_id"] = str(state.original_message_id)
        return data

    def _interaction_message(
        self,
        state: InteractionState,
        data: JSON,
        files: list[tuple[str, bytes, str | None]],
        *,
        flags: int = 0,
    ) -> JSON:
        channel = self.world.channels[state.channel_id]
        message_type = 20 if state.type == INTERACTION_COMMAND else 0
        message = self.world.build_message(
            channel,
            self.world.bot_user,
            data,
            files,
            type=message_type,
            flags=flags,
            webhook_id=self.world.application_id,
            interaction_metadata=self._metadata(state),
        )
        self.world.store_message(channel, message)
        return message

    def callback(self, request: Request, record: Sent) -> tuple[int, Any]:  # noqa: C901 (one branch per interaction callback type of Discord's API)
        """POST /interactions/{id}/{token}/callback: the initial response."""
        token = request.params.get("webhook_token", "")
        state = self.world.interactions.get(token)
        if state is None or str(state.id) != request.params.get("webhook_id"):
            raise DiscordAPIError(404, 10062)
        record.interaction_id = state.id
        body = request.body
        kind = int(body.get("type", 0))
        record.callback_type = kind
        if state.initial is not None:
            if kind == CALLBACK_MODAL:
                self.violate(
                    "interaction.modal_not_first",
                    "a modal can only be the first response; this interaction was already "
                    f"answered with callback type {state.initial_type}",
                    record=record,
                )
            else:
                self.violate(
                    "interaction.double_response",
                    f"second initial response (type {kind}) after type {state.initial_type}",
                    record=record,
                )
            raise DiscordAPIError(400, 40060)
        if kind not in ALLOWED_CALLBACKS.get(state.type, ()):
            rule = (
                "interaction.autocomplete_type"
                if CALLBACK_AUTOCOMPLETE in (kind,) or state.type == INTERACTION_AUTOCOMPLETE
                else "interaction.callback_type"
            )
            self.violate(
                rule,
                f"callback type {kind} is not allowed for interaction type {state.type}",
                path="type",
                record=record,
            )
            problem = Problem(rule, f"callback type {kind} is not valid here", "type")
            raise DiscordAPIError(400, 50035, errors=limits.errors_body([problem]))
        elapsed = record.at - state.created
        if elapsed > self.response_deadline:
            self.violate(
                "interaction.late_response",
                f"first response after {elapsed:.2f} s; Discord allows {self.response_deadline} s",
                record=record,
            )
            raise DiscordAPIError(404, 10062)
        self._enforce(limits.check_callback(body), record)

        data: JSON = body.get("data") or {}
        state.initial = record
        state.initial_type = kind
        interaction: JSON = {"id": str(state.id), "type": state.type}
        resource: JSON | None = {"type": kind}
        files = self._files(request)
        message: JSON | None = None
        if kind == CALLBACK_MESSAGE:
            message = self._interaction_message(state, data, files)
            state.original_message_id = int(message["id"])
            record.message = message
        elif kind == CALLBACK_DEFER:
            flags = LOADING | (int(data.get("flags", 0)) & EPHEMERAL)
            message = self._interaction_message(state, {}, [], flags=flags)
            state.original_message_id = int(message["id"])
            record.message = None
            interaction["response_message_loading"] = True
        elif kind in (CALLBACK_DEFER_UPDATE, CALLBACK_UPDATE):
            state.original_message_id = state.message_id
            message = (
                self.world.messages_by_id.get(state.message_id)
                if state.message_id is not None
                else None
            )
            if kind == CALLBACK_UPDATE:
                if message is None:
                    raise DiscordAPIError(404, 10008)
                self.world.apply_edit(message, data, files)
                record.message = message
            else:
                resource = None
        elif kind != CALLBACK_MODAL:
            resource = None
        if message is not None:
            interaction["response_message_id"] = message["id"]
            interaction["response_message_ephemeral"] = bool(
                int(message.get("flags", 0)) & EPHEMERAL
            )
            if resource is not None:
                resource["message"] = message
            if kind == CALLBACK_MESSAGE:
                self._message_created(self.world.channels[state.channel_id], message)
        answer: JSON = {"interaction": interaction}
        if resource is not None:
            answer["resource"] = resource
        return 200, answer

    def followup(self, request: Request, record: Sent) -> tuple[int, Any]:
        """POST /webhooks/{application_id}/{token}: a follow-up message."""
        state = self._interaction(request, record)
        self._check_token_alive(state, record, "follow-up")
        files = self._files(request)
        self._enforce(limits.check_message(request.body, has_files=bool(files)), record)
        original = (
            self.world.messages_by_id.get(state.original_message_id)
            if state.original_message_id is not None
            else None
        )
        if (
            state.initial_type == CALLBACK_DEFER
            and original is not None
            and int(original.get("flags", 0)) & LOADING
        ):
            # The first follow-up after a "thinking" defer replaces the loading message.
            self.world.apply_edit(original, request.body, files)
            message = original
        else:
            flags = int(request.body.get("flags", 0)) & (EPHEMERAL | 4 | 4096 | (1 << 15))
            message = self._interaction_message(state, request.body, files, flags=flags)
            self._message_created(self.world.channels[state.channel_id], message)
        record.message = message
        return 200, message

    def _webhook_target(self, request: Request, record: Sent, state: InteractionState) -> JSON:
        raw = request.params.get("message_id", "@original")
        if raw == "@original":
            target_id = state.original_message_id
        else:
            target_id = int(raw) if raw.isdigit() else None
        message = self.world.messages_by_id.get(target_id) if target_id is not None else None
        if message is None:
            raise DiscordAPIError(404, 10008)
        return message

    def edit_webhook_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        """PATCH /webhooks/{application_id}/{token}/messages/{@original|id}."""
        state = self._interaction(request, record)
        self._check_token_alive(state, record, "editing the response")
        message = self._webhook_target(request, record, state)
        files = self._files(request)
        self._enforce(
            limits.check_message(request.body, creating=False, has_files=bool(files)), record
        )
        self.world.apply_edit(message, request.body, files)
        record.message = message
        return 200, message

    def get_webhook_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        state = self._interaction(request, record)
        self._check_token_alive(state, record, "fetching the response")
        return 200, self._webhook_target(request, record, state)

    def delete_webhook_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        state = self._interaction(request, record)
        self._check_token_alive(state, record, "deleting the response")
        message = self._webhook_target(request, record, state)
        self.world.remove_message(int(message["id"]))
        return 204, None

    # -- channels and messages -----------------------------------------------------------------

    def create_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        if channel.is_thread and channel.archived:
            if channel.locked:
                raise DiscordAPIError(403, 160005)
            channel.archived = False
        files = self._files(request)
        self._enforce(limits.check_message(request.body, has_files=bool(files)), record)
        repeat = self._nonce_repeat(request.body)
        if repeat is not None:
            # Discord: the same nonce from the same author within a few minutes returns the
            # message it already made, and makes none.
            record.message = repeat
            return 200, repeat
        message = self.world.build_message(channel, self.world.bot_user, request.body, files)
        self.world.store_message(channel, message)
        nonce = request.body.get("nonce")
        if nonce is not None:
            message["nonce"] = nonce
            if request.body.get("enforce_nonce"):
                key = (self.world.bot_user.id, str(nonce))
                self.world.nonces[key] = (int(message["id"]), self.clock.now())
        record.message = message
        self._message_created(channel, message)
        return 200, message

    def _nonce_repeat(self, body: JSON) -> JSON | None:
        nonce = body.get("nonce")
        if nonce is None or not body.get("enforce_nonce"):
            return None
        seen = self.world.nonces.get((self.world.bot_user.id, str(nonce)))
        if seen is None or self.clock.now() - seen[1] > NONCE_WINDOW_SECONDS:
            return None
        return self.world.messages_by_id.get(seen[0])

    def edit_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        message = self._message(channel, request)
        if int(message["author"]["id"]) != self.world.bot_user.id:
            raise DiscordAPIError(403, 50005, "Cannot edit a message authored by another user")
        files = self._files(request)
        self._enforce(
            limits.check_message(request.body, creating=False, has_files=bool(files)), record
        )
        self.world.apply_edit(message, request.body, files, channel=channel)
        record.message = message
        return 200, message

    def delete_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        message = self._message(channel, request)
        self.world.remove_message(int(message["id"]))
        return 204, None

    def get_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        message = self._message(channel, request)
        if int(message.get("flags", 0)) & EPHEMERAL:
            raise DiscordAPIError(404, 10008)
        return 200, message

    def history(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        if not self._bot_may(channel, _READ_MESSAGE_HISTORY):
            return 200, []  # Discord answers no messages, not an error
        visible = [m for m in channel.messages if not int(m.get("flags", 0)) & EPHEMERAL]
        limit = int(request.query.get("limit", 50))
        before = request.query.get("before")
        after = request.query.get("after")
        if before is not None:
            visible = [m for m in visible if int(m["id"]) < int(before)]
        if after is not None:
            visible = [m for m in visible if int(m["id"]) > int(after)]
            return 200, list(reversed(visible[:limit]))
        return 200, list(reversed(visible[-limit:] if limit else visible))

    def bulk_delete(self, request: Request, record: Sent) -> tuple[int, Any]:
        self._channel(request)
        for raw in request.body.get("messages", []):
            self.world.remove_message(int(raw))
        return 204, None

    def react(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        message = self._message(channel, request)
        emoji = request.params.get("emoji", "")
        reactions: list[JSON] = message.setdefault("reactions", [])
        existing = next((r for r in reactions if r["emoji"].get("name") == emoji), None)
        if request.method == "PUT":
            if existing is None:
                reactions.append({"emoji": {"id": None, "name": emoji}, "count": 1, "me": True})
            elif not existing.get("me"):
                existing["count"] += 1
                existing["me"] = True
        elif existing is not None and existing.get("me"):
            existing["count"] -= 1
            existing["me"] = False
            if existing["count"] <= 0:
                reactions.remove(existing)
        return 204, None

    def no_content(self, request: Request, record: Sent) -> tuple[int, Any]:
        if "channel_id" in request.params:
            self._channel(request)
        return 204, None

    def get_channel(self, request: Request, record: Sent) -> tuple[int, Any]:
        return 200, self.world.channel_payload(self._channel(request))

    def edit_channel(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        body = request.body
        if (
            channel.is_thread
            and channel.locked
            and body.get("archived") is False
            and not self._bot_may(channel, _MANAGE_THREADS)
        ):
            raise DiscordAPIError(403, 50013)  # only Manage Threads reopens a locked thread
        if "available_tags" in body:
            if not self._bot_may(channel, _MANAGE_CHANNELS):
                raise DiscordAPIError(403, 50013)
            channel.available_tags = [
                {
                    "id": str(t.get("id") or self.world.ids.next()),
                    "name": t["name"],
                    "moderated": bool(t.get("moderated", False)),
                    "emoji_id": t.get("emoji_id"),
                    "emoji_name": t.get("emoji_name"),
                }
                for t in body["available_tags"]
            ]
        for key in ("name", "topic", "nsfw", "archived", "locked", "auto_archive_duration"):
            if key in body and body[key] is not None:
                setattr(channel, key, body[key])
        if "rate_limit_per_user" in body:
            channel.rate_limit_per_user = int(body["rate_limit_per_user"] or 0)
        payload = self.world.channel_payload(channel)
        self.emit("THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE", payload)
        return 200, payload

    def delete_channel(self, request: Request, record: Sent) -> tuple[int, Any]:
        channel = self._channel(request)
        payload = self.world.channel_payload(channel)
        self.world.delete_channel(channel)
        self.emit("THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE", payload)
        return 200, payload

    def _bot_may(self, channel: FakeChannel, bit: int) -> bool:
        return bool(self.world.permissions(self.world.bot_user, channel) & bit)

    def _new_thread(
        self, parent: FakeChannel, body: JSON, record: Sent, *, thread_id: int | None = None
    ) -> FakeChannel:
        self._enforce(limits.check_thread(body), record)
        if parent.is_thread or parent.type == CHANNEL_DM:
            raise DiscordAPIError(400, 50024, "Cannot execute action on this channel type")
        kind = int(body.get("type") or CHANNEL_PUBLIC_THREAD)
        if thread_id is None and parent.type == CHANNEL_NEWS and kind != CHANNEL_NEWS_THREAD:
            # A thread without a starter message in an announcement channel must be one.
            raise DiscordAPIError(400, 50024, "Cannot execute action on this channel type")
        if thread_id is None and parent.type != CHANNEL_NEWS and kind == CHANNEL_NEWS_THREAD:
            raise DiscordAPIError(400, 50024, "Cannot execute action on this channel type")
        if parent.type == CHANNEL_FORUM and parent.flags & REQUIRE_TAG:
            known = {str(t["id"]) for t in parent.available_tags}
            if not {str(t) for t in body.get("applied_tags") or []} & known:
                raise DiscordAPIError(400, 40067, "A tag is required to create a forum post")
        thread = self.world.create_thread(
            parent,
            str(body.get("name")),
            type=CHANNEL_NEWS_THREAD if parent.type == CHANNEL_NEWS else None,
            private=kind == 12,
            thread_id=thread_id,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        if body.get("rate_limit_per_user"):
            thread.rate_limit_per_user = int(body["rate_limit_per_user"])
        return thread

    def _thread_payload(self, thread: FakeChannel) -> JSON:
        payload = self.world.channel_payload(thread)
        payload["member"] = {
            "id": str(thread.id),
            "user_id": str(self.world.bot_user.id),
            "join_timestamp": thread.created_at,
            "flags": 0,
        }
        return payload

    def create_thread(self, request: Request, record: Sent) -> tuple[int, Any]:
        """POST /channels/{id}/threads (thread without message, or forum post)."""
        parent = self._channel(request)
        body = request.body
        thread = self._new_thread(parent, body, record)
        payload = self._thread_payload(thread)
        if parent.type == CHANNEL_FORUM and isinstance(body.get("message"), dict):
            files = self._files(request)
            starter = self.world.build_message(
                thread, self.world.bot_user, body["message"], files, message_id=thread.id
            )
            self.world.store_message(thread, starter)
            payload["message"] = starter
            record.message = starter
        self.emit("THREAD_CREATE", {**payload, "newly_created": True})
        return 201, payload

    def create_thread_from_message(self, request: Request, record: Sent) -> tuple[int, Any]:
        """POST /channels/{id}/messages/{message_id}/threads (thread id = message id)."""
        parent = self._channel(request)
        message = self._message(parent, request)
        if message.get("thread"):
            raise DiscordAPIError(400, 160004, "A thread has already been created for this message")
        thread = self._new_thread(parent, request.body, record, thread_id=int(message["id"]))
        payload = self._thread_payload(thread)
        message["thread"] = self.world.channel_payload(thread)
        message["flags"] = int(message.get("flags", 0)) | HAS_THREAD
        self.emit("THREAD_CREATE", {**payload, "newly_created": True})
        return 201, payload

    def active_threads(self, request: Request, record: Sent) -> tuple[int, Any]:
        guild_id = request.snowflake("guild_id")
        threads = [
            self.world.channel_payload(c)
            for c in self.world.threads()
            if c.guild_id == guild_id and not c.deleted and not c.archived
        ]
        return 200, {"threads": threads, "members": []}

    def archived_threads(self, request: Request, record: Sent) -> tuple[int, Any]:
        parent = self._channel(request)
        threads = [
            self.world.channel_payload(c)
            for c in self.world.threads(parent)
            if c.archived and not c.deleted
        ]
        return 200, {"threads": threads, "members": [], "has_more": False}

    # -- guilds, users, application ------------------------------------------------------------

    def _guild(self, request: Request) -> Any:
        guild = self.world.guilds.get(request.snowflake("guild_id"))
        if guild is None:
            raise DiscordAPIError(404, 10004)
        return guild

    def get_guild(self, request: Request, record: Sent) -> tuple[int, Any]:
        payload = self.world.guild_create_payload(self._guild(request))
        for key in ("members", "channels", "threads", "presences", "voice_states"):
            payload.pop(key, None)
        return 200, payload

    def guild_channels(self, request: Request, record: Sent) -> tuple[int, Any]:
        guild = self._guild(request)
        return 200, [
            self.world.channel_payload(self.world.channels[c])
            for c in guild.channel_ids
            if not self.world.channels[c].deleted
        ]

    def guild_member(self, request: Request, record: Sent) -> tuple[int, Any]:
        guild = self._guild(request)
        member = guild.members.get(request.snowflake("member_id"))
        if member is None:
            raise DiscordAPIError(404, 10007, "Unknown Member")
        return 200, self.world.member_payload(member)

    def guild_members(self, request: Request, record: Sent) -> tuple[int, Any]:
        guild = self._guild(request)
        return 200, [self.world.member_payload(m) for m in guild.members.values()]

    def get_user(self, request: Request, record: Sent) -> tuple[int, Any]:
        user = self.world.users.get(request.snowflake("user_id"))
        if user is None:
            raise DiscordAPIError(404, 10013)
        return 200, user.payload()

    def me(self, request: Request, record: Sent) -> tuple[int, Any]:
        return 200, self.world.bot_user.payload()

    def open_dm(self, request: Request, record: Sent) -> tuple[int, Any]:
        raw = str(request.body.get("recipient_id", ""))
        if not raw.isdigit() or int(raw) not in self.world.users:
            raise DiscordAPIError(400, 50035)
        return 200, self.world.channel_payload(self.world.dm_channel(int(raw)))

    def application(self, request: Request, record: Sent) -> tuple[int, Any]:
        return 200, self.world.application_payload()

    def _command_scope(self, request: Request) -> int | None:
        if request.params.get("application_id") != str(self.world.application_id):
            raise DiscordAPIError(403, 50001)
        raw = request.params.get("guild_id")
        if raw is None:
            return None
        guild_id = int(raw)
        if guild_id not in self.world.guilds:
            raise DiscordAPIError(403, 50001)
        return guild_id

    def _register(self, scope: int | None, command: JSON, previous: list[JSON]) -> JSON:
        same = next(
            (
                c
                for c in previous
                if c["name"] == command.get("name") and c.get("type", 1) == command.get("type", 1)
            ),
            None,
        )
        registered: JSON = {
            "type": 1,
            "description": "",
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "id": same["id"] if same else str(self.world.ids.next()),
            "application_id": str(self.world.application_id),
            "version": str(self.world.ids.next()),
        }
        if scope is not None:
            registered["guild_id"] = str(scope)
        return registered

    def put_commands(self, request: Request, record: Sent) -> tuple[int, Any]:
        scope = self._command_scope(request)
        commands = request.payload if isinstance(request.payload, list) else []
        self._enforce(limits.check_commands(commands), record)
        previous = self.world.commands.get(scope, [])
        registered = [self._register(scope, c, previous) for c in commands]
        self.world.commands[scope] = registered
        return 200, registered

    def post_command(self, request: Request, record: Sent) -> tuple[int, Any]:
        scope = self._command_scope(request)
        self._enforce(limits.check_commands([request.body]), record)
        previous = self.world.commands.get(scope, [])
        registered = self._register(scope, request.body, previous)
        self.world.commands[scope] = [c for c in previous if c["id"] != registered["id"]] + [
            registered
        ]
        return 200, registered

    def get_commands(self, request: Request, record: Sent) -> tuple[int, Any]:
        return 200, list(self.world.commands.get(self._command_scope(request), []))

    def delete_command(self, request: Request, record: Sent) -> tuple[int, Any]:
        scope = self._command_scope(request)
        command_id = request.params.get("command_id")
        self.world.commands[scope] = [
            c for c in self.world.commands.get(scope, []) if c["id"] != command_id
        ]
        return 204, None

    # -- table ---------------------------------------------------------------------------------

    def _register_defaults(self) -> None:
        webhook_message = "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
        original = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
        table: list[tuple[str, str, str, Handler]] = [
            (
                "POST",
                "/interactions/{webhook_id}/{webhook_token}/callback",
                "callback",
                self.callback,
            ),
            ("POST", "/webhooks/{webhook_id}/{webhook_token}", "followup", self.followup),
            ("PATCH", original, "edit_original", self.edit_webhook_message),
            ("GET", original, "get_original", self.get_webhook_message),
            ("DELETE", original, "delete_original", self.delete_webhook_message),
            ("PATCH", webhook_message, "edit_followup", self.edit_webhook_message),
            ("GET", webhook_message, "get_followup", self.get_webhook_message),
            ("DELETE", webhook_message, "delete_followup", self.delete_webhook_message),
            ("POST", "/channels/{channel_id}/messages", "channel_message", self.create_message),
            ("GET", "/channels/{channel_id}/messages", "history", self.history),
            (
                "POST",
                "/channels/{channel_id}/messages/bulk-delete",
                "delete_message",
                self.bulk_delete,
            ),
            (
                "PATCH",
                "/channels/{channel_id}/messages/{message_id}",
                "edit_message",
                self.edit_message,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}",
                "delete_message",
                self.delete_message,
            ),
            (
                "GET",
                "/channels/{channel_id}/messages/{message_id}",
                "get_message",
                self.get_message,
            ),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                "reaction",
                self.react,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                "reaction",
                self.react,
            ),
            (
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads",
                "thread_create",
                self.create_thread_from_message,
            ),
            ("POST", "/channels/{channel_id}/threads", "thread_create", self.create_thread),
            ("POST", "/channels/{channel_id}/typing", "typing", self.no_content),
            ("PUT", "/channels/{channel_id}/thread-members/@me", "http", self.no_content),
            ("DELETE", "/channels/{channel_id}/thread-members/@me", "http", self.no_content),
            ("PUT", "/channels/{channel_id}/thread-members/{user_id}", "http", self.no_content),
            ("DELETE", "/channels/{channel_id}/thread-members/{user_id}", "http", self.no_content),
            (
                "GET",
                "/channels/{channel_id}/threads/archived/public",
                "http",
                self.archived_threads,
            ),
            ("GET", "/channels/{channel_id}", "get_channel", self.get_channel),
            ("PATCH", "/channels/{channel_id}", "channel_edit", self.edit_channel),
            ("DELETE", "/channels/{channel_id}", "channel_delete", self.delete_channel),
            ("GET", "/guilds/{guild_id}", "http", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", "http", self.guild_channels),
            ("GET", "/guilds/{guild_id}/members/{member_id}", "http", self.guild_member),
            ("GET", "/guilds/{guild_id}/members", "http", self.guild_members),
            ("GET", "/guilds/{guild_id}/threads/active", "http", self.active_threads),
            ("GET", "/users/@me", "http", self.me),
            ("POST", "/users/@me/channels", "http", self.open_dm),
            ("GET", "/users/{user_id}", "http", self.get_user),
            ("GET", "/oauth2/applications/@me", "http", self.application),
            ("GET", "/applications/@me", "http", self.application),
            ("PUT", "/applications/{application_id}/commands", "command_sync", self.put_commands),
            ("GET", "/applications/{application_id}/commands", "http", self.get_commands),
            ("POST", "/applications/{application_id}/commands", "command_sync", self.post_command),
            (
                "DELETE",
                "/applications/{application_id}/commands/{command_id}",
                "http",
                self.delete_command,
            ),
            (
                "PUT",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                "command_sync",
                self.put_commands,
            ),
            (
                "GET",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                "http",
                self.get_commands,
            ),
            (
                "POST",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                "command_sync",
                self.post_command,
            ),
            (
                "DELETE",
                "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
                "http",
                self.delete_command,
            ),
        ]
        for method, template, kind, handler in table:
            self._routes.append(_Route(method, template, kind, handler))
