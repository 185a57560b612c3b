"""Conditional GET for the lookup, Linked Data and ontology resources: an ``ETag`` keyed
by the store's content, ``Cache-Control``, and 304 when the client's copy is current.

A plain ASGI middleware rather than ``@app.middleware("http")``: requests to other paths
(``/sparql``) pass straight through, without the response being streamed through an
extra task and queue.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

VALIDATED_PATHS = ("/api/", "/id/", "/ontology")
CACHE_CONTROL = b"public, no-cache"


class ConditionalGet:
    def __init__(self, app: ASGIApp, etag: Callable[[str, str], str]) -> None:
        self.app = app
        self.etag = etag  # (resource, Accept) -> validator for the current store state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not path.startswith(VALIDATED_PATHS)
        ):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        query = scope.get("query_string", b"").decode("latin-1")
        tag = self.etag(f"{path}?{query}", headers.get("accept", ""))
        validators = [
            (b"etag", tag.encode()),
            (b"cache-control", CACHE_CONTROL),
            (b"vary", b"Accept"),
        ]
        if tag in [t.strip() for t in headers.get("if-none-match", "").split(",")]:
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_validators(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"vary"]
                message = {**message, "headers": kept + validators}
            await send(message)

        await self.app(scope, receive, send_with_validators)


def _headers(scope: MutableMapping[str, Any]) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
