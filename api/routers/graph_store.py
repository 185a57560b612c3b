"""``/rdf-graphs``: the SPARQL 1.1 Graph Store HTTP Protocol. A graph is named directly by
its URL (``/rdf-graphs/any/path``: the graph whose IRI is that URL) or indirectly
(``/rdf-graphs?graph=<IRI>``, ``/rdf-graphs?default``). ``GET`` and ``HEAD`` are open to
anyone; ``PUT`` (replace), ``POST`` (merge; to ``/rdf-graphs`` itself: a new graph, named
in the ``Location`` header) and ``DELETE`` need the bearer token, and are bounded and
applied like uploads: the body is limited in size and time as it arrives, and parsed and
written in the store's writer process, each one write of the store.

``?default`` is the store's own default graph, the one SPARQL Update operations without
``GRAPH`` write; a query without a dataset reads the union of all graphs instead."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from accordgraph.api.dependencies import write_refusal
from accordgraph.api.problems import problem, problem_response
from accordgraph.api.server import GRAPH_STORE_PATH
from accordgraph.api.service import Service
from accordgraph.api.sparql_protocol import ProtocolError, negotiate
from accordgraph.graph.executor import WorkerError
from accordgraph.graph.graph_store import GRAPH_FORMATS, read_graph
from accordgraph.graph.prefixes import PREFIXES
from accordgraph.graph.sparql_text import valid_iri
from accordgraph.graph.worker import RDF_FORMATS
from accordgraph.graph.writer import WriteFailed

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
router = APIRouter(tags=["graph store"])


class _Target:
    """The graph a request names: ``iri`` None is the default graph; ``new`` a POST to
    the graph store itself, which names a graph of its own."""

    def __init__(self, iri: str | None, new: bool = False) -> None:
        self.iri = iri
        self.new = new


def _target(request: Request, path: str | None) -> _Target:
    if path is not None:  # direct identification: the request's URL is the graph's IRI
        return _Target(str(request.url).split("?", 1)[0])
    params = parse_qs(request.url.query, keep_blank_values=True)
    graphs, default = params.get("graph", []), "default" in params
    if len(graphs) > 1 or (graphs and default):
        raise ProtocolError("name one graph: 'graph=<IRI>' or 'default', once")
    if graphs:
        if not valid_iri(graphs[0]):
            raise ProtocolError(f"graph {graphs[0]!r} is not an absolute IRI")
        return _Target(graphs[0])
    if default:
        return _Target(None)
    if request.method == "POST":
        base = str(request.url).split("?", 1)[0].rstrip("/")
        return _Target(f"{base}/{uuid.uuid4()}", new=True)
    raise ProtocolError("name a graph: '?graph=<IRI>', '?default', or its URL under /rdf-graphs/")


RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The graph (GET, HEAD)", "content": {"text/turtle": {}}},
    201: {"description": "The graph was created (PUT, POST)"},
    204: {"description": "The graph was replaced, merged into or deleted"},
    400: problem_response("The body does not parse, or the request names no graph"),
    401: problem_response("A write without the server's bearer token"),
    403: problem_response("Writes are disabled, or the graph is the store's bookkeeping"),
    404: problem_response("The store has no such graph"),
    413: problem_response("The body, or the graph, is too large"),
    415: problem_response("The body is not a graph in a format the server reads"),
}


@router.api_route(
    GRAPH_STORE_PATH,
    methods=METHODS,
    summary="A graph named indirectly (?graph=<IRI> or ?default)",
    responses=RESPONSES,
)
async def indirect(request: Request) -> Response:
    return await _handle(request, None)


@router.api_route(
    GRAPH_STORE_PATH + "/{path:path}",
    methods=METHODS,
    summary="A graph named directly by its URL",
    responses=RESPONSES,
)
async def direct(request: Request) -> Response:
    return await _handle(request, request.path_params["path"])


async def _handle(request: Request, path: str | None) -> Response:
    service: Service = request.app.state.service
    try:
        target = _target(request, path)
        if request.method in ("GET", "HEAD"):
            return await _read(request, service, target)
        return await _write(request, service, target)
    except ProtocolError as exc:
        return problem(exc.status, str(exc))


async def _read(request: Request, service: Service, target: _Target) -> Response:
    kg = service.graph
    if target.iri is not None and (target.iri == kg.meta_graph or not kg.has_graph(target.iri)):
        return problem(404, f"the store has no graph <{target.iri}>")
    fmt = negotiate("CONSTRUCT", request.headers.get("accept"))
    rdf_format, media_type = RDF_FORMATS[fmt]
    limit = service.settings.max_rows
    triples = await asyncio.to_thread(read_graph, kg, target.iri, limit + 1)
    if len(triples) > limit:
        return problem(413, f"the graph has more than {limit:,} triples; page it with SPARQL")
    statements: list[ox.Triple] | list[ox.Quad] = triples
    if rdf_format.supports_datasets:  # TriG, N-Quads: the graph as a default graph
        statements = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    body = ox.serialize(statements, format=rdf_format, prefixes=PREFIXES) or b""
    headers = {"X-Store-Version": str(service.generation), "Vary": "Accept"}
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers=headers)


async def _documents(request: Request, limit: int) -> list[tuple[bytes, str]] | Response:
    """The RDF documents in the body: the body itself, or each file of a multipart form."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value.strip('"').lower() not in ("utf-8", "utf8"):
            return problem(415, "send RDF in UTF-8")
    if media == "multipart/form-data":
        try:
            form = await request.form(max_files=16, max_fields=16, max_part_size=limit)
        except MultiPartException as exc:
            return problem(400, f"the body is not a valid multipart form: {exc.message}")
        documents = []
        try:
            for _field, upload in form.multi_items():
                if isinstance(upload, UploadFile):
                    part = (upload.content_type or "").split(";")[0].strip().lower()
                    if part not in GRAPH_FORMATS:
                        return problem(415, f"a graph cannot be read from {part or 'no type'!r}")
                    documents.append((await upload.read(limit + 1), part))
        finally:
            await form.close()
        return documents
    if media not in GRAPH_FORMATS:
        offer = ", ".join(sorted(GRAPH_FORMATS))
        return problem(415, f"send the graph as one of {offer} (not {media or 'no type'!r})")
    return [(await request.body(), media)]


async def _write(request: Request, service: Service, target: _Target) -> Response:
    refusal = write_refusal(request, service)  # before a byte of the body is read
    if refusal is not None:
        return refusal
    if target.iri == service.graph.meta_graph:
        return problem(403, "the store's bookkeeping graph is not written through the protocol")
    documents: list[tuple[bytes, str]] = []
    if request.method != "DELETE":
        read = await _documents(request, service.settings.max_upload_bytes)
        if isinstance(read, Response):
            return read
        documents = read
    try:
        written = await service.write(
            "graph-store",
            (request.method, target.iri, documents),
            service.settings.write_timeout,
        )
    except WriteFailed as exc:
        return problem(400 if exc.kind in ("loader", "invalid") else 503, str(exc))
    except WorkerError as exc:
        return problem(503, f"the graph could not be written: {exc}")
    existed = bool(written.result)
    headers = {"X-Store-Version": str(written.generation)}
    if request.method == "DELETE" and not existed:
        return problem(404, f"the store has no graph <{target.iri}>")
    if target.new:
        assert target.iri is not None
        return Response(status_code=201, headers={**headers, "Location": target.iri})
    return Response(status_code=204 if existed else 201, headers=headers)
