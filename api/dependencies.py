"""FastAPI dependencies: the service, its lookups, the write token; and the JSON-LD
route class that the lookup routers share."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute

from accordgraph.api.problems import problem, problem_response
from accordgraph.api.service import Service
from accordgraph.api.sparql_protocol import accepted
from accordgraph.graph.lookup import Lookup


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def get_lookup(request: Request) -> Lookup:
    return get_service(request).lookup


def query_lists(request: Request) -> dict[str, list[str]]:
    """Every query parameter with all its values (a facet may be given several times)."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


ServiceDep = Annotated[Service, Depends(get_service)]
QueryLists = Annotated[dict[str, list[str]], Depends(query_lists)]
LookupDep = Annotated[Lookup, Depends(get_lookup)]


def authorized(request: Request, service: Service) -> bool:
    """Whether the server accepts writes and the request carries its bearer token."""
    settings = service.settings
    if not settings.updates or not settings.update_token:
        return False
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), settings.update_token.encode()
    )


def write_refusal(request: Request, service: Service) -> Response | None:
    """The answer to a write that may not go ahead (None: it may). As RFC 6750 says: a
    request without a token, or with a wrong one, is 401 with a ``WWW-Authenticate``
    challenge; on a server that takes no writes at all, 403."""
    if authorized(request, service):
        return None
    if not service.settings.updates or not service.settings.update_token:
        return problem(
            403, "writes are disabled on this server (start it with --updates and a token)"
        )
    challenge = 'Bearer realm="accordgraph"'
    scheme = request.headers.get("authorization", "").partition(" ")[0]
    if scheme.lower() != "bearer":  # no bearer token at all: a bare challenge
        return problem(
            401,
            "writes need the server's bearer token (Authorization: Bearer …)",
            headers={"WWW-Authenticate": challenge},
        )
    return problem(
        401,
        "the bearer token is not this server's",
        headers={"WWW-Authenticate": f'{challenge}, error="invalid_token"'},
    )


# JSON-LD: the lookup records read as linked data once ``iri`` is taken as ``@id`` and
# the other keys as terms of an API vocabulary; labels are rdfs:label.
JSON_LD_CONTEXT: dict[str, Any] = {
    "@vocab": "https://w3id.org/accordgraph/api#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "iri": "@id",
    "label": "rdfs:label",
    "id": "https://w3id.org/accordgraph/api#key",
}
JSON_LD_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/ld+json": {"schema": {"type": "object"}}}},
    404: problem_response("Nothing with that id"),
    422: problem_response("A parameter has a value that cannot be used"),
}


def wants_json_ld(request: Request) -> bool:
    for media, _quality in accepted(request.headers.get("accept")):
        if media == "application/ld+json":
            return True
        if media in ("application/json", "*/*", "application/*"):
            return False
    return False


class JsonLdRoute(APIRoute):
    """Answers ``Accept: application/ld+json`` with the same JSON plus a ``@context``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            response = await handler(request)
            if (
                response.status_code == 200
                and response.media_type == "application/json"
                and wants_json_ld(request)
            ):
                data = json.loads(bytes(response.body))
                if isinstance(data, list):
                    data = {"items": data}
                body = {"@context": JSON_LD_CONTEXT, **data}
                headers = {
                    k: v
                    for k, v in response.headers.items()
                    if k.lower() not in ("content-length", "content-type")
                }
                return Response(
                    json.dumps(body, ensure_ascii=False).encode(),
                    media_type="application/ld+json",
                    headers=headers,
                )
            return response

        return route
