"""The HTTP server's own limits, below the application: what uvicorn does not bound.

- **Request heads**: headers larger than ``max_head_bytes`` get a 431, and a request line
  longer than a URL can be here (65,535 bytes) a 413 (a long query goes by POST), as soon
  as that many bytes have arrived; a head
  not complete within ``head_timeout`` seconds gets a 408; the connection closes. Idle
  connections (slowloris) are closed after ``head_timeout`` too, and at most
  ``max_connections`` are open at once (more are answered 503 and closed at once).
- **Request bodies** (:class:`BodyLimits`, ASGI middleware): a declared or actual size
  past the limit is a 413 while the bytes arrive, and a body that pauses longer than
  ``body_idle_timeout`` or takes longer than ``body_timeout`` in all is a 408.

Every answer is an RFC 9457 problem document.
"""

from __future__ import annotations

import asyncio
import errno
import json
import socket
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from accordgraph.api.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_PATH = "/api/documents"
GRAPH_STORE_PATH = "/rdf-graphs"  # api/routers/graph_store.py
# httptools reads no URL longer than this (16-bit offsets); uvicorn would answer a plain 400.
MAX_REQUEST_LINE = 65_535
MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the small form fields
FILES_KEPT = 512  # descriptors kept for the store, workers' pipes and snapshots


def raw_problem(status: int, detail: str) -> bytes:
    """A whole HTTP/1.1 response carrying a problem document, closing the connection."""
    body = json.dumps(
        {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        "content-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def guarded_protocol(settings: Settings) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol with limits on request heads and connections."""
    max_head = settings.max_head_bytes
    head_timeout = settings.head_timeout
    max_connections = settings.max_connections

    class GuardedProtocol(HttpToolsProtocol):
        _awaiting_head = True
        _head_bytes = 0
        _line_bytes = 0
        _line_done = False
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                transport.write(
                    raw_problem(503, "the server has too many open connections; try again")
                )
                transport.close()
                return
            self._expect_head()

        def _expect_head(self) -> None:
            self._awaiting_head = True
            self._head_bytes = 0
            self._line_bytes = 0
            self._line_done = False
            self._cancel_head_timer()
            self._head_timer = self.loop.call_later(head_timeout, self._head_too_slow)

        def _cancel_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_too_slow(self) -> None:
            self._head_timer = None
            if self._awaiting_head and not self.transport.is_closing():
                if self._head_bytes:
                    self.transport.write(
                        raw_problem(408, f"the request head took longer than {head_timeout:g} s")
                    )
                self.transport.close()

        def data_received(self, data: bytes) -> None:
            if self._awaiting_head:
                self._head_bytes += len(data)
                if not self._line_done:
                    newline = data.find(b"\n")
                    self._line_bytes += len(data) if newline < 0 else newline
                    self._line_done = newline >= 0
                    if self._line_bytes > MAX_REQUEST_LINE:
                        self._refuse(
                            413,
                            f"the request line is longer than {MAX_REQUEST_LINE:,} bytes; "
                            "send a long query with POST (application/sparql-query)",
                        )
                        return
                if self._head_bytes > max_head:
                    self._refuse(431, f"the request headers are larger than {max_head:,} bytes")
                    return
            super().data_received(data)

        def _refuse(self, status: int, detail: str) -> None:
            self._cancel_head_timer()
            self.transport.write(raw_problem(status, detail))
            self.transport.close()

        def on_headers_complete(self) -> None:
            self._awaiting_head = False
            self._cancel_head_timer()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._expect_head()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            super().connection_lost(exc)

    return GuardedProtocol


class BodyLimits:
    """ASGI middleware: request bodies bounded in bytes and time (module docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def limit_for(self, scope: Scope) -> int:
        if scope.get("method") == "POST" and scope.get("path", "").rstrip("/") == UPLOAD_PATH:
            return self.settings.max_upload_bytes + MULTIPART_OVERHEAD
        path = scope.get("path", "")
        if scope.get("method") in ("PUT", "POST") and (
            path == GRAPH_STORE_PATH or path.startswith(GRAPH_STORE_PATH + "/")
        ):  # a graph is an upload too
            return self.settings.max_upload_bytes + MULTIPART_OVERHEAD
        return self.settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        # Checked when the route first reads the body, not before: a write without the
        # token is a 403 whatever size it declares, and no byte of it is read.
        too_large = declared.isdigit() and int(declared) > limit
        settings = self.settings
        deadline = time.monotonic() + settings.body_timeout
        received = 0
        body_done = False

        async def limited_receive() -> Message:
            nonlocal received, body_done
            if body_done:  # after the body: waiting for a disconnect, with no limit
                return await receive()
            if too_large:
                raise HTTPException(413, f"the request body is larger than {limit:,} bytes")
            wait = min(settings.body_idle_timeout, deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), max(0.0, wait))
            except TimeoutError:
                raise HTTPException(
                    408,
                    f"the request body was not sent within {settings.body_timeout:g} s "
                    f"(or paused longer than {settings.body_idle_timeout:g} s)",
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, f"the request body is larger than {limit:,} bytes")
                body_done = not message.get("more_body", False)
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except HTTPException as exc:  # raised while reading the body, outside a route
            if started:
                raise
            await _send_problem(send, exc.status_code, str(exc.detail))


class ServerTiming:
    """ASGI middleware: every answer says how long the server took to start it, as a
    ``Server-Timing: app;dur=…`` header (milliseconds), which browsers' developer tools
    and ``benchmarks/pages.py`` read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        begin = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - begin) * 1000
                headers = [*message.get("headers", []), (b"server-timing", b"app;dur=%.1f" % took)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed_send)


async def _send_problem(send: Send, status: int, detail: str) -> None:
    body = json.dumps(
        {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
         "detail": detail}
    ).encode()  # fmt: skip
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def raise_open_files_limit() -> int | None:
    """Let the process hold as many connections as the system allows it; the limit."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY:
            hard = 1 << 20
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return int(hard)
    except (ImportError, ValueError, OSError):
        return None


class PortInUse(OSError):
    """The address the server was to listen on is taken."""


def listen(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound before anything starts, so that a taken port
    is one clear error rather than a failure after startup."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} on {host} is in use (another server?)") from None
        raise
    sock.set_inheritable(True)
    return sock


def run(
    app: Any,
    settings: Settings,
    sock: socket.socket,
    on_listening: Callable[[], None] | None = None,
) -> None:
    """Serve ``app`` with uvicorn under the limits above on ``sock`` (see :func:`listen`);
    ``on_listening`` runs once the application has started and requests are answered."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started and not self.should_exit and on_listening is not None:
                on_listening()

    files = raise_open_files_limit()
    if files is not None and settings.max_connections > files - FILES_KEPT:
        # Connections past what the process can open would fail in accept(), unanswered.
        settings.max_connections = max(1, files - FILES_KEPT)
        print(
            f"accordgraph: at most {settings.max_connections:,} connections "
            f"(the process may open {files:,} files)",
            file=sys.stderr,
        )
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=guarded_protocol(settings),
        timeout_keep_alive=int(max(1, settings.keep_alive_timeout)),
        limit_concurrency=settings.max_connections + 100,
        backlog=2048,
    )
    Server(config).run(sockets=[sock])
