"""``/sparql``: the SPARQL 1.1 Protocol (query by GET, form POST and direct POST; update
by POST with the bearer token), with a Service Description on a bare GET."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import Namespace

from accordgraph.api.dependencies import authorized
from accordgraph.api.problems import problem
from accordgraph.api.routers.page import page_html
from accordgraph.api.service import Service
from accordgraph.api.sparql_protocol import (
    RDF_TYPES,
    Operation,
    ProtocolError,
    negotiate,
    query_form,
    read_operation,
)
from accordgraph.graph.executor import QueryFailed, QuerySyntaxError, QueryTimeout
from accordgraph.graph.sparql_text import DatasetConflict, apply_using, outbound_targets
from accordgraph.graph.store import StoreError

router = APIRouter(tags=["sparql"])
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_RDFLIB_FORMATS = {
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}
_MEDIA = {
    v: k
    for k, v in RDF_TYPES.items()
    if k not in ("text/plain", "application/json", "application/xml", "application/x-turtle")
}


@router.get("/sparql", summary="SPARQL query (GET), or the service description")
async def sparql_get(request: Request) -> Response:
    return await _handle(request, b"")


@router.post("/sparql", summary="SPARQL query or update (form or direct POST)")
async def sparql_post(request: Request) -> Response:
    service: Service = request.app.state.service
    limit = service.settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return problem(413, f"the request body is larger than {limit:,} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return problem(413, f"the request body is larger than {limit:,} bytes")
    return await _handle(request, body)


async def _handle(request: Request, body: bytes) -> Response:
    service: Service = request.app.state.service
    try:
        operation = read_operation(
            request.method, request.url.query, request.headers.get("content-type"), body
        )
        if operation.update is not None:
            return await _update(request, service, operation)
        if operation.query is None:
            if _wants_html(request.headers.get("accept")):
                return HTMLResponse(page_html())  # a browser: the query page
            return _service_description(request, service, operation)
        return await _query(request, service, operation)
    except ProtocolError as exc:
        return problem(exc.status, str(exc))


def _wants_html(accept: str | None) -> bool:
    """Whether text/html is the client's first choice (browsers), not merely acceptable."""
    first = (accept or "").split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


def _refuse(service: Service, text: str, what: str) -> Response | None:
    """A problem response for a query or update that is too long or would make the engine
    fetch a URL that is not allow-listed; None if it may run."""
    limit = service.settings.max_query_length
    if len(text) > limit:
        return problem(413, f"the {what} is longer than {limit:,} characters")
    refused = _check_outbound(service, text)
    return problem(403, refused) if refused else None


def _check_outbound(service: Service, text: str) -> str | None:
    allowed = service.settings.outbound_allow
    for target in outbound_targets(text):
        if not target or not any(target.startswith(prefix) for prefix in allowed if prefix):
            return (
                f"SERVICE and LOAD may not reach {target or 'an unnamed target'!r}: "
                "this server makes no outbound requests unless they are allow-listed"
            )
    return None


async def _query(request: Request, service: Service, operation: Operation) -> Response:
    settings = service.settings
    query = operation.query or ""
    refusal = _refuse(service, query, "query")
    if refusal is not None:
        return refusal
    form = query_form(query)
    fmt = negotiate(form, request.headers.get("accept"), operation.format)
    timeout = min(settings.query_timeout, operation.timeout or settings.query_timeout)
    job = {
        "query": query,
        "default_graph": operation.default_graph,
        "named_graphs": operation.named_graphs,
        "results_format": fmt,
        "rdf_format": fmt,
        "max_rows": settings.max_rows,
        "base_iri": str(request.url).split("?", 1)[0],  # relative IRIs resolve here
    }
    key = (
        service.generation,
        query,
        tuple(operation.default_graph),
        tuple(operation.named_graphs),
        fmt,
        settings.max_rows,
        job["base_iri"],
    )
    answer = service.cache.get(key)
    cached = answer is not None
    if answer is None:
        try:
            answer = await service.pool.run(job, timeout)
        except QuerySyntaxError as exc:
            return problem(400, f"SPARQL syntax error: {exc}")
        except QueryTimeout as exc:
            return problem(
                503, f"{exc}; simplify the query or add a LIMIT", headers={"Retry-After": "1"}
            )
        except QueryFailed as exc:
            return problem(400, f"the query could not be evaluated: {exc}")
        service.cache.put(key, answer)
    headers = {
        "X-Store-Version": str(service.version),
        "X-Cache": "hit" if cached else "miss",
        "Vary": "Accept",
    }
    if answer.truncated:
        headers["X-Result-Truncated"] = (
            f"true; the result was cut at {settings.max_rows:,} rows; add LIMIT/OFFSET to page"
        )
    media_type = answer.media_type
    if media_type.startswith("text/") or media_type.endswith(("json", "xml")):
        media_type += "; charset=utf-8"
    return Response(answer.body, media_type=media_type, headers=headers)


async def _update(request: Request, service: Service, operation: Operation) -> Response:
    if not authorized(request, service):
        reason = (
            "updates are disabled on this server"
            if not service.settings.updates
            else "updates need the server's bearer token (Authorization: Bearer …)"
        )
        return problem(403, reason)
    update = operation.update or ""
    refusal = _refuse(service, update, "update")
    if refusal is not None:
        return refusal
    try:
        update = apply_using(update, operation.using_graph, operation.using_named_graph)
    except DatasetConflict as exc:
        return problem(400, str(exc))
    base = str(request.url).split("?", 1)[0]
    async with service.write_lock:
        try:
            await asyncio.to_thread(service.graph.update, update, base)
        except StoreError as exc:
            return problem(400, str(exc))
        except (OSError, ValueError) as exc:
            return problem(400, f"the update could not be applied: {exc}")
        service.after_write()
    return Response(status_code=204, headers={"X-Store-Version": str(service.version)})


def _service_description(request: Request, service: Service, operation: Operation) -> Response:
    endpoint = URIRef(str(request.url).split("?", 1)[0])
    graph = Graph()
    graph.bind("sd", SD)
    node = URIRef(str(endpoint) + "#service")
    graph.add((node, RDF.type, SD.Service))
    graph.add((node, SD.endpoint, endpoint))
    graph.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    if service.settings.updates:
        graph.add((node, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((node, SD.feature, SD.UnionDefaultGraph))
    for format_name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "TriG",
        "N-Quads",
    ):
        graph.add((node, SD.resultFormat, URIRef(f"http://www.w3.org/ns/formats/{format_name}")))
    dataset = URIRef(str(endpoint) + "#dataset")
    graph.add((node, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = URIRef(str(endpoint) + "#default-graph")
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for graph_name in service.graph.store.named_graphs():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(graph_name.value)))
    fmt = negotiate("DESCRIBE", request.headers.get("accept"), operation.format)
    body = graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
    return Response(body, media_type=_MEDIA.get(fmt, "text/turtle"), headers={"Vary": "Accept"})
