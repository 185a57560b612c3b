"""``/sparql``: the SPARQL 1.1 Protocol (query by GET, form POST and direct POST; update
by POST with the bearer token), with a Service Description on a bare GET."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import Namespace

from accordgraph.api.dependencies import write_refusal
from accordgraph.api.problems import problem
from accordgraph.api.routers.page import page_html
from accordgraph.api.server import GRAPH_STORE_PATH
from accordgraph.api.service import Service
from accordgraph.api.sparql_protocol import (
    RDF_TYPES,
    Operation,
    ProtocolError,
    negotiate,
    read_operation,
)
from accordgraph.graph.executor import (
    PoolBusy,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLarge,
    WorkerError,
    run_once,
)
from accordgraph.graph.sandbox import Limits
from accordgraph.graph.sparql_text import DatasetConflict, apply_using, names_dataset, valid_iri
from accordgraph.graph.writer import WriteFailed
from accordgraph.ontology.namespace import AG

router = APIRouter(tags=["sparql"])
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
# The description is one graph: as TriG it is written as Turtle, as N-Quads as N-Triples
# (each a subset of the other), in the default graph.
_RDFLIB_FORMATS = {
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "turtle",
    "nquads": "nt",
}
DATASET_SEMANTICS = (
    "A query's dataset is the one the protocol names (default-graph-uri, named-graph-uri); "
    "else the one the query names (FROM, FROM NAMED); else the store's: every graph is a "
    "named graph, and the default graph is the union of all graphs (the named graphs and "
    "the store's own default graph; not the store's bookkeeping). Updates read and write "
    "the store's own default graph, as the SPARQL 1.1 Update graph store defines it "
    "(USING, WITH and GRAPH name others); so does the Graph Store Protocol's ?default."
)
_MEDIA = {
    v: k
    for k, v in RDF_TYPES.items()
    if k not in ("text/plain", "application/json", "application/xml", "application/x-turtle")
}


@router.get("/sparql", summary="SPARQL query (GET), or the service description")
async def sparql_get(request: Request) -> Response:
    return await _handle(request, b"")


@router.head("/sparql", include_in_schema=False)
async def sparql_head(request: Request) -> Response:
    """The headers a GET would have (uvicorn sends no body for HEAD)."""
    return await _handle(request, b"")


@router.post("/sparql", summary="SPARQL query or update (form or direct POST)")
async def sparql_post(request: Request) -> Response:
    # The body's size and time are bounded as it arrives (api/server.py, BodyLimits).
    return await _handle(request, await request.body())


async def _handle(request: Request, body: bytes) -> Response:
    service: Service = request.app.state.service
    try:
        operation = read_operation(
            "GET" if request.method == "HEAD" else request.method,
            request.url.query,
            request.headers.get("content-type"),
            body,
        )
        if operation.update is not None:
            return await _update(request, service, operation)
        if operation.query is None:
            if request.method == "POST":
                raise ProtocolError("a POST to /sparql carries a 'query' or an 'update'")
            others = sorted(operation.parameters - {"format", "output", "results", "timeout"})
            if others:
                hint = (
                    " (graphs are read at /rdf-graphs)"
                    if {"graph", "default"} & set(others)
                    else ""
                )
                raise ProtocolError(
                    f"a GET with {', '.join(others)} and no 'query' is not a SPARQL request{hint}"
                )
            if _wants_html(request.headers.get("accept")):
                return HTMLResponse(page_html(service.graph.ids.base))  # a browser: the query page
            return _service_description(request, service, operation)
        return await _query(request, service, operation)
    except ProtocolError as exc:
        return problem(exc.status, str(exc))


def client_address(request: Request) -> str | None:
    """Whom a query counts against in the slow lane: the peer's address (behind a reverse
    proxy, run uvicorn's proxy-header handling so that this is the real client)."""
    return request.client.host if request.client else None


def _wants_html(accept: str | None) -> bool:
    """Whether text/html is the client's first choice (browsers), not merely acceptable."""
    first = (accept or "").split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


def _too_long(service: Service, text: str, what: str) -> Response | None:
    limit = service.settings.max_query_length
    if len(text) > limit:
        return problem(413, f"the {what} is longer than {limit:,} characters")
    return None


FORMS = {"solutions": "SELECT", "boolean": "ASK", "graph": "CONSTRUCT"}


def _formats(
    accept: str | None, hints: list[str]
) -> tuple[dict[str, str | None], dict[str, ProtocolError]]:
    """The result format for each kind of result (solutions, boolean, graph): the query's
    form is known only once the engine has parsed it, in the worker, which picks the one
    that fits. The errors are what to answer for a kind that has none."""
    chosen: dict[str, str | None] = {}
    errors: dict[str, ProtocolError] = {}
    for kind, form in FORMS.items():
        try:
            chosen[kind] = negotiate(form, accept, hints)
        except ProtocolError as exc:
            chosen[kind] = None
            errors[kind] = exc
    if not any(chosen.values()):
        raise errors["solutions"]
    return chosen, errors


def _worker_problem(exc: WorkerError, what: str = "query") -> Response:
    """The answer for a request a worker could not answer, by what happened to it."""
    if isinstance(exc, QuerySyntaxError):
        return problem(400, f"SPARQL syntax error: {exc}")
    if isinstance(exc, QueryRefused):
        return problem(403, str(exc))
    if isinstance(exc, QueryTooLarge):
        return problem(413, f"{exc}; add a LIMIT or select less")
    if isinstance(exc, QueryTimeout):
        return problem(
            503, f"{exc}; simplify the query or add a LIMIT", headers={"Retry-After": "1"}
        )
    if isinstance(exc, PoolBusy):
        return problem(503, str(exc), headers={"Retry-After": "1"})
    if what == "update":
        return problem(400, f"the update could not be applied: {exc}")
    return problem(400, f"the query could not be evaluated: {exc}")


async def _query(request: Request, service: Service, operation: Operation) -> Response:
    settings = service.settings
    query = operation.query or ""
    refusal = _too_long(service, query, "query")
    if refusal is not None:
        return refusal
    formats, unfit = _formats(request.headers.get("accept"), operation.formats)
    timeout = min(settings.query_timeout, operation.timeout or settings.query_timeout)
    job = {
        "query": query,
        "default_graph": operation.default_graph,
        "named_graphs": operation.named_graphs,
        # the union of all graphs is the default graph only when neither the protocol
        # nor the query names a dataset
        "union": not (operation.default_graph or operation.named_graphs or names_dataset(query)),
        "formats": formats,
        "max_rows": settings.max_rows,
        "max_bytes": settings.max_result_bytes,
        "base_iri": str(request.url).split("?", 1)[0],  # relative IRIs resolve here
    }
    key = (
        service.generation,
        query,
        tuple(operation.default_graph),
        tuple(operation.named_graphs),
        tuple(formats.values()),
        job["base_iri"],
    )
    answer = service.cache.get(key)
    cached = answer is not None
    if answer is None:
        try:
            answer = await service.pool.run(job, timeout, client_address(request))
        except WorkerError as exc:
            return _worker_problem(exc)
        if answer.media_type == "":  # no format of the accepted ones fits its form
            error = unfit[answer.body.decode()]
            return problem(error.status, str(error))
        service.cache.put(key, answer)
    headers = {
        "X-Store-Version": str(service.generation),
        "X-Cache": "hit" if cached else "miss",
        "Vary": "Accept",
    }
    if answer.truncated:
        headers["X-Result-Truncated"] = (
            f"true; the result was cut at {answer.rows:,} rows (limits: "
            f"{settings.max_rows:,} rows, {settings.max_result_bytes:,} bytes); "
            "add LIMIT/OFFSET to page"
        )
    media_type = answer.media_type
    if media_type.startswith("text/") or media_type.endswith(("json", "xml")):
        media_type += "; charset=utf-8"
    return Response(answer.body, media_type=media_type, headers=headers)


async def _update(request: Request, service: Service, operation: Operation) -> Response:
    refusal = write_refusal(request, service)
    if refusal is not None:
        return refusal
    update = operation.update or ""
    refusal = _too_long(service, update, "update")
    if refusal is not None:
        return refusal
    for iri in operation.using_graph + operation.using_named_graph:
        if not valid_iri(iri):
            return problem(400, f"using-graph-uri/using-named-graph-uri {iri!r} is not an IRI")
    try:
        update = apply_using(update, operation.using_graph, operation.using_named_graph)
    except DatasetConflict as exc:
        return problem(400, str(exc))
    base = str(request.url).split("?", 1)[0]
    timeout = min(service.settings.query_timeout, operation.timeout or 1e9)
    try:
        # The engine says, in a confined worker, whether the text is one complete update
        # and whether it would reach the network, before the writer applies it.
        check = {"kind": "check-update", "update": update, "base_iri": base}
        try:
            await service.pool.run(check, timeout, client_address(request))
        except QueryRefused as refused:
            # It reached for the network. Where the network merely fails (as for the
            # writer), does the engine carry on? Only for SILENT: a LOAD SILENT is a no-op.
            limits = Limits(service.settings.worker_memory_bytes, refuse_network=True)
            try:
                strict = {**check, "strict": True}
                await asyncio.to_thread(run_once, None, strict, timeout, limits)
            except WorkerError:
                raise refused from None
        written = await service.write("update", (update, base), timeout)
    except WriteFailed as exc:
        return problem(400, f"the update could not be applied: {exc}")
    except WorkerError as exc:
        return _worker_problem(exc, "update")
    return Response(status_code=204, headers={"X-Store-Version": str(written.generation)})


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
    # What a default graph is, here (SPARQL leaves it to the service):
    graph.add((node, SD.feature, SD.UnionDefaultGraph))
    graph.add((node, RDFS.comment, Literal(DATASET_SEMANTICS, lang="en")))
    graph_store = str(request.url.replace(path=GRAPH_STORE_PATH, query=""))
    graph.add((node, AG.graphStoreEndpoint, URIRef(graph_store)))
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
    for graph_name in service.graph.named_graphs():
        if graph_name == service.graph.meta_graph:
            continue  # the store's bookkeeping: not in the dataset queries read
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(graph_name)))
    fmt = negotiate("DESCRIBE", request.headers.get("accept"), operation.formats)
    body = graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
    return Response(body, media_type=_MEDIA[fmt], headers={"Vary": "Accept"})
