"""Linked Data: every IRI accordgraph mints resolves here, and the ontology is served at
its namespace. Machines get Turtle, JSON-LD, N-Triples or RDF/XML by content negotiation
(or ``?format=``); browsers get a readable page with labels, types, links to neighbours
and the source-text quotes behind the statements.

A w3id.org redirect maps ``https://w3id.org/accordgraph/id/…`` to ``/id/…`` here and
``…/ontology`` to ``/ontology``; with another instance base (``--base``) the instances
also resolve under that base's own path.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from accordgraph.api.dependencies import ServiceDep
from accordgraph.api.linked_data_page import entity_page, ontology_page
from accordgraph.api.pages.layout import Links
from accordgraph.api.problems import problem, problem_response
from accordgraph.api.sparql_protocol import accepted
from accordgraph.graph.describe import describe
from accordgraph.graph.prefixes import PREFIXES
from accordgraph.ontology import AG

W3ID = "https://w3id.org/accordgraph/"
RDF_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_NAMES = {
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "html": "text/html",
}
RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The resource in the negotiated format",
        "content": {
            media: {
                "schema": {"type": ["object", "array"]} if "json" in media else {"type": "string"}
            }
            for media in (*RDF_MEDIA, "text/html")
        },
    },
    404: problem_response("Nothing is known about this IRI"),
    406: problem_response("None of the accepted media types is offered"),
    422: problem_response("An unknown format"),
}
RdfFormatName = Literal[
    "ttl", "turtle", "jsonld", "json-ld", "nt", "ntriples", "rdf", "rdfxml", "html"
]
FormatParam = Annotated[RdfFormatName | None, Query(description="Instead of the Accept header")]


def linked_data_path(base: str) -> str | None:
    """The path under which this server resolves instance IRIs minted under ``base``
    other than ``/id/`` (None when that is the one)."""
    from urllib.parse import urlsplit

    path = "/" + base[len(W3ID) :] if base.startswith(W3ID) else urlsplit(base).path
    return None if path in ("/id/", "") or not path.endswith("/") else path


def choose_media(accept: str | None, explicit: str | None) -> str | None:
    """The media type to answer with; None if nothing acceptable is offered."""
    if explicit:
        return FORMAT_NAMES.get(explicit.lower())
    for media, _quality in accepted(accept):
        if media in ("text/html", "application/xhtml+xml"):
            return "text/html"
        if media in RDF_MEDIA:
            return media
        if media in ("application/json",):
            return "application/ld+json"
        if media in ("*/*", "text/*", "application/*"):
            return "text/turtle"
    return None


def _not_acceptable(explicit: str | None) -> Response:
    if explicit:
        return problem(422, f"unknown format {explicit!r} (choose from {', '.join(FORMAT_NAMES)})")
    return problem(406, f"offered: {', '.join((*RDF_MEDIA, 'text/html'))}")


def _rdf(triples: list[ox.Triple], media: str) -> Response:
    # No prefix for the instance base: Turtle would write id:org\/nsf for its IRIs.
    body = ox.serialize(triples, format=RDF_MEDIA[media], prefixes=PREFIXES)
    return Response(body or b"", media_type=media, headers={"Vary": "Accept"})


def resolve(request: Request, service: ServiceDep, path: str, format: str | None) -> Response:
    base = service.graph.ids.base
    iri = base + path
    media = choose_media(request.headers.get("accept"), format)
    if media is None:
        return _not_acceptable(format)
    try:
        description = describe(service.graph, iri)
    except ValueError:
        return problem(404, f"{iri} is not a valid IRI")
    if not description.found:
        return problem(404, f"nothing is known about {iri}")
    if media == "text/html":
        page = Links(base).href(iri)
        if page and not page.startswith("/id/") and format is None:
            # organizations, agreements, countries, technologies: the reader's page (the
            # statements stay at ?format=html)
            return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
        html = entity_page(description, base, service.lookup.index.labels)
        return HTMLResponse(html, headers={"Vary": "Accept"})
    triples = description.triples()
    if description.graph_triples:
        # A graph's IRI dereferences to the graph (and what the store says about it).
        triples += [ox.Triple(q.subject, q.predicate, q.object) for q in service.graph.quads(iri)]
    return _rdf(triples, media)


router = APIRouter(tags=["linked data"])


@router.get("/id/{path:path}", summary="Dereference an instance IRI", responses=RESPONSES)
def instance(
    request: Request,
    service: ServiceDep,
    path: Annotated[str, Path(examples=["org/nsf"])],
    format: FormatParam = None,
) -> Response:
    """``https://w3id.org/accordgraph/id/{path}``: what the store says about it."""
    return resolve(request, service, path, format)


def _ontology_triples() -> list[ox.Triple]:
    text = resources.files("accordgraph.ontology").joinpath("accordgraph.ttl").read_bytes()
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(text, format=ox.RdfFormat.TURTLE)
    ]


@router.get("/ontology", summary="The accordgraph ontology", responses=RESPONSES)
def ontology(request: Request, format: FormatParam = None) -> Response:
    """The ontology at its namespace ``https://w3id.org/accordgraph/ontology#``: Turtle
    (its source file), JSON-LD, N-Triples, RDF/XML, or a page listing every class and
    property (``#Term`` anchors, so term IRIs land on their entry)."""
    media = choose_media(request.headers.get("accept"), format)
    if media is None:
        return _not_acceptable(format)
    if media == "text/turtle":
        text = resources.files("accordgraph.ontology").joinpath("accordgraph.ttl").read_bytes()
        return Response(text, media_type=media, headers={"Vary": "Accept"})
    triples = _ontology_triples()
    if media == "text/html":
        return HTMLResponse(ontology_page(triples, str(AG)), headers={"Vary": "Accept"})
    return _rdf(triples, media)


def base_router(path: str) -> APIRouter:
    """Resolution under a configured instance base's own path (e.g. ``/resource/``)."""
    extra = APIRouter(tags=["linked data"])

    @extra.get(path + "{path:path}", summary="Dereference an instance IRI", responses=RESPONSES)
    def under_base(
        request: Request, service: ServiceDep, path: str, format: FormatParam = None
    ) -> Response:
        return resolve(request, service, path, format)

    return extra
