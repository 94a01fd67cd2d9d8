"""The HTTP seam: where discord.py's outgoing requests are caught and answered locally.

discord.py sends everything through two functions:

* `discord.http.HTTPClient.request(route, *, files, form, **kwargs)` for the bot's REST calls
  (channel posts, threads, fetches, command sync). The harness replaces `request` on the bot's own
  `HTTPClient` instance.
* `discord.webhook.async_.AsyncWebhookAdapter.request(route, session, *, payload, multipart,
  files, params, ...)` for interaction callbacks, follow-ups and edits of the original response.
  `InteractionResponse` and `Interaction.followup` get the adapter from the `async_context`
  ContextVar (whose default is one shared instance) and pass the bot's HTTP session along. The
  harness patches `AsyncWebhookAdapter.request` on the class while any harness is active and
  routes each call by that session, which is a `FakeSession` owned by the harness.

Both paths then behave like discord.py's own request loops do with a real answer: 429s are
waited out (on the harness clock) and retried, 5xx retried with back-off, 403 becomes
`discord.Forbidden`, 404 `discord.NotFound`, other errors `discord.HTTPException` — built from an
aiohttp-like response object, as `HTTPException(response, message)` expects. Nothing can reach
the network: the fake session refuses every real request.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import discord
from discord.http import HTTPClient, Route
from discord.webhook.async_ import AsyncWebhookAdapter

from fakediscord.fake_discord import FakeDiscord, Request, route_params, strip_api_prefix
from fakediscord.records import STATUS_REASONS, DiscordAPIError, SentFile

Sleep = Callable[[float], Awaitable[None]]


class NetworkBlocked(RuntimeError):
    """Raised when anything tries to reach the real network from under the harness."""


class FakeResponse:
    """The parts of `aiohttp.ClientResponse` that discord.py's exceptions read."""

    def __init__(self, status: int, method: str, url: str, headers: dict[str, str] | None = None):
        self.status = status
        self.reason = STATUS_REASONS.get(status, "Error")
        self.method = method
        self.url = url
        self.headers = headers or {}

    def __repr__(self) -> str:
        return f"<FakeResponse {self.status} {self.reason} {self.method} {self.url}>"


class _CdnResponse:
    def __init__(self, status: int, data: bytes, url: str) -> None:
        self.status = status
        self.reason = STATUS_REASONS.get(status, "Error")
        self._data = data
        self.url = url
        self.method = "GET"
        self.headers: dict[str, str] = {}

    async def __aenter__(self) -> _CdnResponse:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def read(self) -> bytes:
        return self._data


class FakeSession:
    """Stands in for the `aiohttp.ClientSession` of the bot's `HTTPClient`.

    It serves attachment downloads (`Attachment.read()` → `HTTPClient.get_from_cdn`) from the
    World's stored uploads and refuses everything else. Interactions capture it at creation, which
    is how webhook-adapter calls are routed back to the right harness.
    """

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.closed = False

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        raise NetworkBlocked(f"blocked {method} {url}: the harness allows no network access")

    def ws_connect(self, url: str, **kwargs: Any) -> Any:
        raise NetworkBlocked(f"blocked websocket {url}: the harness allows no network access")

    def get(self, url: str, **kwargs: Any) -> _CdnResponse:
        blob = self.transport.fake.world.blobs.get(url)
        if blob is None:
            return _CdnResponse(404, b"", url)
        return _CdnResponse(200, blob, url)

    async def close(self) -> None:
        self.closed = True


def _read_files(
    files: Sequence[discord.File] | None, form: Iterable[dict[str, Any]] | None
) -> tuple[Any, list[SentFile]]:
    """The JSON body inside a multipart form, and the uploaded files' bytes."""
    payload: Any = None
    entries = list(form or [])
    content_types = [e.get("content_type") for e in entries if "filename" in e]
    sent: list[SentFile] = []
    for entry in entries:
        if entry.get("name") == "payload_json":
            payload = json.loads(entry["value"])
    if files:
        for index, file in enumerate(files):
            file.reset(seek=True)
            data = file.fp.read()
            file.reset(seek=True)
            kind = content_types[index] if index < len(content_types) else None
            sent.append(SentFile(file.filename, bytes(data), kind))
    else:
        for entry in entries:
            if "filename" in entry:
                value = entry["value"]
                if isinstance(value, io.IOBase):
                    position = value.tell()
                    data = value.read()
                    value.seek(position)
                else:
                    data = value
                raw = data if isinstance(data, bytes) else str(data).encode()
                sent.append(SentFile(entry["filename"], raw, entry.get("content_type")))
    return payload, sent


class Transport:
    """Turns discord.py requests into `FakeDiscord` requests and its answers back into what
    discord.py's request loops would return or raise."""

    def __init__(self, fake: FakeDiscord, *, sleep: Sleep) -> None:
        self.fake = fake
        self.sleep = sleep
        self.session = FakeSession(self)
        self._http: HTTPClient | None = None

    # -- building the request ----------------------------------------------------------------

    def _request(
        self,
        route: Route,
        payload: Any,
        files: list[SentFile],
        query: dict[str, Any] | None,
        reason: str | None,
        *,
        webhook: bool,
    ) -> Request:
        path = strip_api_prefix(urlsplit(route.url).path)
        return Request(
            method=route.method.upper(),
            route=route.path,
            path=path,
            params=route_params(route.path, path),
            query={k: str(v) for k, v in (query or {}).items()},
            payload=payload,
            files=files,
            reason=reason,
            webhook=webhook,
        )

    # -- HTTPClient.request ------------------------------------------------------------------

    def install(self, http: HTTPClient) -> None:
        """Replace the bot's HTTP session and `request` with the harness's (instance level)."""
        self._http = http
        setattr(http, "_HTTPClient__session", self.session)  # noqa: B010 - name-mangled private
        http._global_over = asyncio.Event()
        http._global_over.set()
        setattr(http, "request", self.http_request)  # noqa: B010 - instance-level override

    async def http_request(
        self,
        route: Route,
        *,
        files: Sequence[discord.File] | None = None,
        form: Iterable[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Stand-in for `HTTPClient.request`, with the same status handling."""
        if form:
            payload, sent_files = _read_files(files, form)
        else:
            payload, sent_files = kwargs.get("json"), _read_files(files, None)[1]
        request = self._request(
            route,
            payload,
            sent_files,
            kwargs.get("params"),
            kwargs.get("reason"),
            webhook=False,
        )
        max_wait = self._http.max_ratelimit_timeout if self._http is not None else None
        last: DiscordAPIError | None = None
        for tries in range(5):
            await asyncio.sleep(0)  # a request is never instantaneous: let other tasks run
            try:
                record = self.fake.handle(request)
            except DiscordAPIError as error:
                last = error
                response = FakeResponse(error.status, request.method, route.url, {"Via": "1.1"})
                if error.status == 429:
                    retry_after = float(error.body.get("retry_after", 1.0))
                    if max_wait and retry_after > max_wait:
                        raise discord.RateLimited(retry_after) from None
                    await self.sleep(retry_after)
                    continue
                if error.status in {500, 502, 504, 524}:
                    await self.sleep(1 + tries * 2)
                    continue
                if error.status == 403:
                    raise discord.Forbidden(response, error.body) from None
                if error.status == 404:
                    raise discord.NotFound(response, error.body) from None
                if error.status >= 500:
                    raise discord.DiscordServerError(response, error.body) from None
                raise discord.HTTPException(response, error.body) from None
            return record.response
        assert last is not None
        response = FakeResponse(last.status, request.method, route.url)
        if last.status >= 500:
            raise discord.DiscordServerError(response, last.body)
        raise discord.HTTPException(response, last.body)

    # -- AsyncWebhookAdapter.request ---------------------------------------------------------

    async def webhook_request(
        self,
        route: Route,
        *,
        payload: dict[str, Any] | None = None,
        multipart: list[dict[str, Any]] | None = None,
        files: Sequence[discord.File] | None = None,
        reason: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """Stand-in for `AsyncWebhookAdapter.request`, with the same status handling."""
        if multipart:
            body, sent_files = _read_files(files, multipart)
        else:
            body, sent_files = payload, _read_files(files, None)[1]
        request = self._request(route, body, sent_files, params, reason, webhook=True)
        last: DiscordAPIError | None = None
        for attempt in range(5):
            await asyncio.sleep(0)
            try:
                record = self.fake.handle(request)
            except DiscordAPIError as error:
                last = error
                response = FakeResponse(error.status, request.method, route.url, {"Via": "1.1"})
                if error.status == 429:
                    await self.sleep(float(error.body.get("retry_after", 1.0)))
                    continue
                if error.status >= 500:
                    await self.sleep(1 + attempt * 2)
                    continue
                if error.status == 403:
                    raise discord.Forbidden(response, error.body) from None
                if error.status == 404:
                    raise discord.NotFound(response, error.body) from None
                raise discord.HTTPException(response, error.body) from None
            return record.response
        assert last is not None
        response = FakeResponse(last.status, request.method, route.url)
        if last.status >= 500:
            raise discord.DiscordServerError(response, last.body)
        raise discord.HTTPException(response, last.body)


# -- process-wide patches (while any harness is active) ------------------------------------------

_active: list[Transport] = []
_original_webhook_request: Any = None
_original_utcnow: Any = None


# AsyncWebhookAdapter.request's signature, which this replaces; callers pass these by keyword.
async def _webhook_request(
    self: AsyncWebhookAdapter,  # noqa: ARG001
    route: Route,
    session: Any,
    *,
    payload: dict[str, Any] | None = None,
    multipart: list[dict[str, Any]] | None = None,
    proxy: str | None = None,  # noqa: ARG001
    proxy_auth: Any = None,  # noqa: ARG001
    files: Sequence[discord.File] | None = None,
    reason: str | None = None,
    auth_token: str | None = None,  # noqa: ARG001
    params: dict[str, Any] | None = None,
) -> Any:
    if isinstance(session, FakeSession):
        transport = session.transport
    elif len(_active) == 1:
        transport = _active[0]
    else:
        raise NetworkBlocked(f"blocked webhook request {route.method} {route.url}")
    return await transport.webhook_request(
        route, payload=payload, multipart=multipart, files=files, reason=reason, params=params
    )


def activate(transport: Transport) -> None:
    """Route webhook-adapter calls to the harness and make `discord.utils.utcnow` follow the
    harness clock (so `Interaction.is_expired()` agrees with an advanced clock). Patched once
    for all active harnesses; the newest harness's clock wins."""
    global _original_webhook_request, _original_utcnow
    if not _active:
        _original_webhook_request = AsyncWebhookAdapter.request
        _original_utcnow = discord.utils.utcnow
        setattr(AsyncWebhookAdapter, "request", _webhook_request)  # noqa: B010
    _active.append(transport)
    discord.utils.utcnow = transport.fake.clock.utcnow


def deactivate(transport: Transport) -> None:
    """Undo `activate`; the originals come back when the last harness leaves."""
    if transport in _active:
        _active.remove(transport)
    if _active:
        discord.utils.utcnow = _active[-1].fake.clock.utcnow
    elif _original_webhook_request is not None:
        setattr(AsyncWebhookAdapter, "request", _original_webhook_request)  # noqa: B010
        discord.utils.utcnow = _original_utcnow
