"""``/api/analytics`` and ``/api/export``: graph analytics and graph files of a projection.

Each takes the projection (``organizations`` by default) and the same restrictions as the
command line: ``document``, ``country``, ``technology`` (a subtree), ``rollup``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from accordgraph.api.dependencies import JSON_LD_RESPONSE, QueryLists
from accordgraph.graph.analytics import (
    EXPORT_FORMATS,
    Analytics,
    Communities,
    Comparison,
    Node,
    Paths,
    Ranked,
    Similar,
    Summary,
)
from accordgraph.graph.facets import filters_of

router = APIRouter(
    tags=["analytics"], responses={k: v for k, v in JSON_LD_RESPONSE.items() if k != 200}
)
ProjectionName = Literal["organizations", "organization-technology", "technologies", "entities"]
Measure = Literal["degree", "betweenness", "closeness", "eigenvector", "pagerank"]
GraphFormat = Literal["graphml", "gexf", "cytoscape", "node-link", "dot", "nodes-csv", "edges-csv",
                      "svg", "png", "html"]  # fmt: skip
SUFFIXES = {"graphml": "graphml", "gexf": "gexf", "cytoscape": "cyjs", "node-link": "json",
            "dot": "dot", "nodes-csv": "nodes.csv", "edges-csv": "edges.csv", "svg": "svg",
            "png": "png", "html": "html"}  # fmt: skip
SHOWN = {"svg", "png", "html"}  # a browser shows these; the graph files are downloads


def get_analytics(request: Request) -> Analytics:
    analytics: Analytics = request.app.state.service.analytics
    return analytics


AnalyticsDep = Annotated[Analytics, Depends(get_analytics)]


def restriction(
    projection: Annotated[ProjectionName, Query()] = "organizations",
    document: Annotated[str | None, Query(examples=["us-japan-tpd-2025"])] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", examples=["JP"])] = None,
    technology: Annotated[
        str | None, Query(description="A technology area and everything below it")
    ] = None,
    rollup: Annotated[
        bool | None,
        Query(
            description="Technology areas as their CET category (pictures and the page: by "
            "default when they would show more than 30 areas)"
        ),
    ] = None,
) -> dict[str, Any]:
    where: dict[str, Any] = {"projection": projection}
    for key, value in (("document", document), ("country", country), ("technology", technology)):
        if value:
            where[key] = value
    if rollup is not None:
        where["rollup"] = rollup
    return where


Where = Annotated[dict[str, Any], Depends(restriction)]
FacetValues = Annotated[list[str], Query(default_factory=list)]
PICTURE_MEDIA = {"svg": "image/svg+xml", "png": "image/png"}


@router.get("/api/analytics/summary", summary="Counts by type, density, components")
def summary(analytics: AnalyticsDep, where: Where) -> Summary:
    return analytics.summary(**where)


@router.get("/api/analytics/centrality", summary="Nodes ranked by a centrality measure")
def centrality(
    analytics: AnalyticsDep,
    where: Where,
    measure: Annotated[Measure, Query()] = "degree",
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> list[Ranked]:
    projection = where.pop("projection")
    return analytics.centrality(projection, measure, **where)[:top]


@router.get("/api/analytics/communities", summary="Communities with their modularity")
def communities(
    analytics: AnalyticsDep,
    where: Where,
    method: Annotated[Literal["louvain", "label-propagation"], Query()] = "louvain",
) -> Communities:
    projection = where.pop("projection")
    return analytics.communities(projection, method, **where)


@router.get("/api/analytics/paths", summary="How two entities are connected, with quotes")
def paths(
    analytics: AnalyticsDep,
    where: Where,
    source: Annotated[str, Query(min_length=1, examples=["NTIA"])],
    target: Annotated[str, Query(min_length=1, examples=["NSF"])],
    max_length: Annotated[int, Query(ge=1, le=5)] = 3,
) -> Paths:
    projection = where.pop("projection")
    return analytics.paths(source, target, projection, max_length, **where)


@router.get("/api/analytics/neighbours", summary="The ego network of an entity")
def neighbours(
    analytics: AnalyticsDep,
    where: Where,
    entity: Annotated[str, Query(min_length=1, examples=["NSF"])],
    radius: Annotated[int, Query(ge=1, le=3)] = 1,
) -> list[Node]:
    projection = where.pop("projection")
    return analytics.neighbours(entity, projection, radius, **where)


@router.get("/api/analytics/similar", summary="Organizations with similar technology areas")
def similar(
    analytics: AnalyticsDep,
    where: Where,
    organization: Annotated[str, Query(min_length=1, examples=["MIC"])],
) -> list[Similar]:
    where.pop("projection")
    return analytics.similar(organization, **where)


@router.get("/api/analytics/compare", summary="Two documents' shared and unique content")
def compare(
    analytics: AnalyticsDep,
    first: Annotated[str, Query(min_length=1, examples=["us-japan-tpd-2025"])],
    second: Annotated[str, Query(min_length=1, examples=["us-uk-tpd-2025"])],
) -> Comparison:
    """Organizations named and technology categories linked in each document: shared,
    only in the first, only in the second, and the Jaccard similarity of each."""
    return analytics.compare(first, second)


@router.get(
    "/api/charts/{chart}.{format}",
    summary="A heatmap or timeline of the commitments some facets select",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {"schema": {"type": "string"}},
                                 "image/png": {"schema": {"type": "string"}}}}},
)  # fmt: skip
def chart(
    analytics: AnalyticsDep,
    params: QueryLists,
    chart: Annotated[Literal["heatmap", "timeline"], Path()],
    format: Annotated[Literal["svg", "png"], Path()],
    country: FacetValues,
    partner: FacetValues,
    organization: FacetValues,
    category: FacetValues,
    area: FacetValues,
    modality: FacetValues,
    agreement: FacetValues,
    kind: FacetValues,
    document: FacetValues,
    year: FacetValues,
) -> Response:
    """``heatmap``: organizations (those in the most commitments, up to 30) × CET
    categories, the number of commitments linking each pair. ``timeline``: commitments
    per CET category (the ten most frequent) per year. The parameters select commitments
    as Explore's do (values of one facet are alternatives; facets narrow each other)."""
    body = analytics.chart(chart, format, filters_of(params))
    return Response(
        body,
        media_type=PICTURE_MEDIA[format],
        headers={"Content-Disposition": f'inline; filename="accordgraph-{chart}.{format}"'},
    )


@router.get(
    "/api/export/{format}",
    summary="A projection as a graph file, a picture or an interactive page",
    response_class=Response,
    responses={
        200: {
            "content": {
                media.split(";")[0]: {
                    "schema": {"type": "object" if media.endswith("json") else "string"}
                }
                for media in set(EXPORT_FORMATS.values())
            }
        }
    },
)
def export(
    analytics: AnalyticsDep,
    where: Where,
    format: Annotated[GraphFormat, Path()],
    language: Annotated[Literal["en", "ja"], Query()] = "en",
    size_by: Annotated[
        Measure, Query(description="Node size in GEXF, pictures and the page")
    ] = "degree",
) -> Response:
    """Graph files (GraphML, GEXF 1.3, Cytoscape.js JSON, node-link JSON, DOT, CSV), SVG
    and PNG pictures, or a self-contained interactive HTML page (pan, zoom, search, click
    a node for its commitments and quotes)."""
    projection = where.pop("projection")
    body = analytics.export(format, projection, language, size_by, **where)
    name = f"accordgraph-{projection}.{SUFFIXES[format]}"
    disposition = "inline" if format in SHOWN else "attachment"
    return Response(
        body,
        media_type=EXPORT_FORMATS[format],
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )
