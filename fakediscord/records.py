"""What the harness records: everything the bot sent, what broke the rules, and the result object.

An `Exchange` is one stimulus (a slash command, a button press, a modal submit, ...) and every
request the bot made because of it. Tests assert on it; the interactive console prints it.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

# Discord's own error texts for the JSON error codes the harness answers with.
ERROR_MESSAGES: dict[int, str] = {
    0: "General error",
    10003: "Unknown Channel",
    10004: "Unknown Guild",
    10008: "Unknown Message",
    10013: "Unknown User",
    10015: "Unknown Webhook",
    10062: "Unknown interaction",
    10063: "Unknown Application Command",
    40060: "Interaction has already been acknowledged.",
    50001: "Missing Access",
    50013: "Missing Permissions",
    50027: "Invalid Webhook Token",
    50035: "Invalid Form Body",
    50083: "Thread is archived",
    160005: "This thread is locked",
}

STATUS_REASONS: dict[int, str] = {
    200: "OK",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

# Interaction types (what Discord sends) and callback types (what the bot answers).
INTERACTION_COMMAND = 2
INTERACTION_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
INTERACTION_MODAL_SUBMIT = 5

CALLBACK_PONG = 1
CALLBACK_MESSAGE = 4
CALLBACK_DEFER = 5
CALLBACK_DEFER_UPDATE = 6
CALLBACK_UPDATE = 7
CALLBACK_AUTOCOMPLETE = 8
CALLBACK_MODAL = 9

EPHEMERAL = 1 << 6
LOADING = 1 << 7


class DiscordAPIError(Exception):
    """An error answer from the fake Discord API: status, JSON body, optional retry_after.

    The transport turns it into the exception discord.py itself would raise for that answer
    (Forbidden, NotFound, HTTPException, DiscordServerError, or a retried 429 / 5xx).
    """

    def __init__(
        self,
        status: int,
        code: int = 0,
        message: str | None = None,
        *,
        errors: JSON | None = None,
        retry_after: float | None = None,
        is_global: bool = False,
    ) -> None:
        self.status = status
        self.code = code
        self.retry_after = retry_after
        text = message if message is not None else ERROR_MESSAGES.get(code, "")
        if status == 429:
            body: JSON = {
                "message": text or "You are being rate limited.",
                "retry_after": retry_after if retry_after is not None else 1.0,
                "global": is_global,
                "code": code,
            }
        else:
            if not text:
                text = f"{status}: {STATUS_REASONS.get(status, 'Error')}"
            body = {"message": text, "code": code}
            if errors:
                body["errors"] = errors
        self.body = body
        super().__init__(f"{status} {text} (code {code})")


@dataclass
class SentFile:
    """A file the bot uploaded with a request."""

    filename: str
    data: bytes
    content_type: str | None = None

    @property
    def text(self) -> str:
        """The file decoded as UTF-8 (replacing undecodable bytes)."""
        return self.data.decode("utf-8", errors="replace")


@dataclass
class Sent:
    """One request the bot made, as the fake Discord saw it, and what it answered.

    `kind` names the request in Discord terms: "callback" (initial interaction response),
    "followup", "edit_original", "delete_original", "get_original", "edit_followup",
    "delete_followup", "channel_message", "edit_message", "delete_message", "thread_create",
    "command_sync", or "http" for anything else. `payload` is the JSON body exactly as the bot
    sent it (for callbacks: `{"type": ..., "data": ...}`), `files` the uploaded files.
    """

    kind: str
    method: str
    route: str
    path: str
    params: dict[str, str]
    payload: Any
    files: list[SentFile]
    at: float
    query: dict[str, str] = field(default_factory=dict)
    status: int = 0
    response: Any = None
    error: JSON | None = None
    interaction_id: int | None = None
    callback_type: int | None = None
    message: JSON | None = None

    @property
    def ok(self) -> bool:
        """True when the fake Discord accepted the request (2xx)."""
        return 200 <= self.status < 300

    @property
    def data(self) -> JSON:
        """The message-like body: `payload["data"]` for callbacks, else the payload itself."""
        if self.kind == "callback":
            inner = self.payload.get("data") if isinstance(self.payload, dict) else None
            return inner if isinstance(inner, dict) else {}
        return self.payload if isinstance(self.payload, dict) else {}

    @property
    def channel_id(self) -> int | None:
        """The channel the request was about (for message records, the message's channel)."""
        if self.message is not None:
            return int(self.message["channel_id"])
        raw = self.params.get("channel_id")
        return int(raw) if raw is not None and raw.isdigit() else None

    def describe(self) -> str:
        extra = f" type={self.callback_type}" if self.callback_type is not None else ""
        return f"{self.kind} {self.method} {self.path}{extra} -> {self.status}"


@dataclass
class Violation:
    """A broken Discord limit or interaction rule (or a harness-level problem)."""

    rule: str
    detail: str
    path: str | None = None
    record: Sent | None = None

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        what = f" [{self.record.describe()}]" if self.record is not None else ""
        return f"{self.rule}{where}: {self.detail}{what}"


@dataclass
class InteractionState:
    """What the fake Discord remembers about one interaction token."""

    id: int
    token: str
    type: int
    created: float
    channel_id: int
    guild_id: int | None
    user_id: int
    message_id: int | None = None
    initial: Sent | None = None
    initial_type: int | None = None
    original_message_id: int | None = None
    exchange: Exchange | None = None


class Exchange:
    """One stimulus sent to the bot and everything the bot did about it.

    Message accessors (`content`, `embeds`, `components`, `ephemeral`, `message`) describe the
    bot's *reply*: the last message it created or edited through this interaction (callback,
    follow-up or edit of the original). When the bot did not reply through the interaction at all,
    they fall back to the last message it posted in a channel.
    """

    def __init__(self, kind: str, payload: JSON | None, started: float) -> None:
        self.kind = kind
        self.payload = payload
        self.started = started
        self.sent: list[Sent] = []
        self.violations: list[Violation] = []
        self.errors: list[BaseException] = []
        self.logs: list[str] = []
        self.interaction: InteractionState | None = None
        self.finished = False
        # Tasks started while this stimulus was dispatched (filled by the harness).
        self.tasks: list[asyncio.Future[Any]] = []
        self.harness_id = 0

    # -- records -----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Sent]:
        return iter(self.sent)

    def __len__(self) -> int:
        return len(self.sent)

    def of_kind(self, *kinds: str) -> list[Sent]:
        """Records of the given kinds, in order."""
        return [s for s in self.sent if s.kind in kinds]

    @property
    def callbacks(self) -> list[Sent]:
        return self.of_kind("callback")

    @property
    def response(self) -> Sent | None:
        """The initial interaction response (first callback the bot sent), if any."""
        callbacks = self.callbacks
        return callbacks[0] if callbacks else None

    @property
    def response_type(self) -> int | None:
        response = self.response
        return response.callback_type if response is not None else None

    @property
    def followups(self) -> list[Sent]:
        return self.of_kind("followup")

    @property
    def posts(self) -> list[Sent]:
        """Messages the bot posted through channel routes (not through the interaction)."""
        return [s for s in self.of_kind("channel_message") if s.ok]

    @property
    def threads(self) -> list[JSON]:
        """Thread channel objects the bot created."""
        return [s.response for s in self.of_kind("thread_create") if s.ok]

    @property
    def replies(self) -> list[Sent]:
        """Successful requests that created or edited a message through the interaction."""
        kinds = ("callback", "followup", "edit_original", "edit_followup")
        return [s for s in self.sent if s.kind in kinds and s.ok and s.message is not None]

    @property
    def reply(self) -> Sent | None:
        """The last message-bearing reply, else the last channel post."""
        replies = self.replies
        if replies:
            return replies[-1]
        posts = self.posts
        return posts[-1] if posts else None

    # -- message accessors -------------------------------------------------------------------

    @property
    def message(self) -> JSON | None:
        """The reply as Discord stored it (usable for `Harness.click`)."""
        reply = self.reply
        return reply.message if reply is not None else None

    @property
    def content(self) -> str | None:
        message = self.message
        return None if message is None else message.get("content")

    @property
    def embeds(self) -> list[JSON]:
        message = self.message
        return [] if message is None else list(message.get("embeds") or [])

    @property
    def embed(self) -> JSON | None:
        embeds = self.embeds
        return embeds[0] if embeds else None

    @property
    def components(self) -> list[JSON]:
        message = self.message
        return [] if message is None else list(message.get("components") or [])

    @property
    def custom_ids(self) -> list[str]:
        """Every custom_id in the reply's components, depth first."""
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    @property
    def ephemeral(self) -> bool:
        """Whether the reply is ephemeral (flags & 64), as Discord stored it."""
        message = self.message
        return bool(message is not None and int(message.get("flags", 0)) & EPHEMERAL)

    @property
    def files(self) -> list[SentFile]:
        reply = self.reply
        return [] if reply is None else list(reply.files)

    @property
    def modal(self) -> JSON | None:
        """The modal the bot opened (callback type 9 data), if it did."""
        for record in self.callbacks:
            if record.callback_type == CALLBACK_MODAL and record.ok:
                return record.data
        return None

    @property
    def choices(self) -> list[JSON] | None:
        """The autocomplete choices the bot answered with (callback type 8)."""
        for record in self.callbacks:
            if record.callback_type == CALLBACK_AUTOCOMPLETE:
                return list(record.data.get("choices") or [])
        return None

    @property
    def latency(self) -> float | None:
        """Seconds from dispatch to the first callback (by the harness clock)."""
        response = self.response
        return None if response is None else response.at - self.started

    time_to_first_response = latency

    @property
    def ok(self) -> bool:
        return not self.violations and not self.errors

    def rules(self) -> list[str]:
        """The rule names of the violations, for compact assertions."""
        return [v.rule for v in self.violations]

    def summary(self) -> str:
        lines = [f"{self.kind}: {len(self.sent)} request(s)"]
        lines += [f"  sent {s.describe()}" for s in self.sent]
        lines += [f"  VIOLATION {v}" for v in self.violations]
        for error in self.errors:
            formatted = "".join(traceback.format_exception(error)).rstrip()
            lines.append("  ERROR " + formatted.replace("\n", "\n    "))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Exchange {self.kind} sent={len(self.sent)} violations={len(self.violations)} "
            f"errors={len(self.errors)}>"
        )


# The exchange whose stimulus is being handled. Set by the harness around the dispatch of a
# payload; asyncio copies context into every task created there (and their children), so any
# request the bot makes because of that stimulus can be attributed to it.
current_exchange: ContextVar[Exchange | None] = ContextVar("harness_exchange", default=None)


class ExchangeFailed(AssertionError):
    """Raised (in strict mode) when an exchange broke a rule or the bot raised unhandled."""

    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange
        super().__init__("the bot broke Discord's rules or crashed:\n" + exchange.summary())


def walk_components(components: list[JSON]) -> Iterator[JSON]:
    """Yield every component in a (possibly nested) component list, depth first."""
    for component in components:
        yield component
        children = component.get("components")
        if isinstance(children, list):
            yield from walk_components(children)
        inner = component.get("component")
        if isinstance(inner, dict):
            yield from walk_components([inner])
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            yield from walk_components([accessory])
