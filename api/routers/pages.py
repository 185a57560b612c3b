"""The pages a researcher reads: home, search, explore, agreements, organizations,
countries, technologies and source text. HTML rendered here from the lookup index;
``?lang=ja`` shows Japanese names where the graph has them."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from accordgraph.api.dependencies import LookupDep, QueryLists
from accordgraph.api.pages.agreement import agreement_commitments, agreement_page
from accordgraph.api.pages.compare import compare_page
from accordgraph.api.pages.explore import commitments_csv, explore, selected
from accordgraph.api.pages.home import home, search_page
from accordgraph.api.pages.layout import Links, Reader, page
from accordgraph.api.pages.organization import organization_page, source_page
from accordgraph.api.pages.places import (
    countries_page,
    country_page,
    technologies_page,
    technology_page,
)
from accordgraph.graph.facets import filters_of
from accordgraph.graph.lookup import BadParameter, NotFound

router = APIRouter(tags=["pages"], include_in_schema=False)
Lang = Annotated[Literal["en", "ja"], Query(description="Names in this language")]
Key = Annotated[str, Path(max_length=300)]


def get_reader(request: Request, lookup: LookupDep, lang: Lang = "en") -> Reader:
    """The request's view: the index it reads (one generation for the whole page), its
    language (``?lang=ja``), its links."""
    index = lookup.index
    return Reader(
        index=index,
        language=lang,
        links=Links(index.base),
        path=request.url.path,
        query=request.url.query,
    )


ReaderDep = Annotated[Reader, Depends(get_reader)]


def _html(render: Callable[[], str], reader: Reader) -> Response:
    """A page, or a page that says what was not found (404) or was wrong (422)."""
    try:
        return HTMLResponse(render())
    except NotFound as exc:
        status, title, detail = 404, "Not found", str(exc.args[0]) if exc.args else "not found"
    except BadParameter as exc:
        status, title, detail = 422, "Cannot show this", str(exc)
    body = (
        f"<h1>{title}</h1><p>{escape(detail)}.</p>"
        '<p><a href="/">Home</a> · <a href="/explore">Explore commitments</a></p>'
    )
    return HTMLResponse(page(title, body, reader), status_code=status)


def _csv(text: str, name: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/", response_class=HTMLResponse)
def home_page(reader: ReaderDep, lookup: LookupDep) -> Response:
    return _html(lambda: home(lookup, reader), reader)


@router.get("/find", response_class=HTMLResponse)
def find(
    reader: ReaderDep,
    lookup: LookupDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    return _html(lambda: search_page(lookup, reader, q), reader)


@router.get("/explore", response_class=HTMLResponse)
def explore_page(
    reader: ReaderDep,
    lookup: LookupDep,
    params: QueryLists,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    return _html(lambda: explore(lookup, reader, params, offset), reader)


@router.get("/explore.csv")
def explore_csv(lookup: LookupDep, params: QueryLists) -> Response:
    chosen = selected(lookup, filters_of(params))
    return _csv(commitments_csv(lookup.commitment_records(chosen)), "commitments.csv")


@router.get("/compare", response_class=HTMLResponse)
def compare(
    reader: ReaderDep,
    lookup: LookupDep,
    a: Annotated[str, Query(max_length=300, examples=["country:JP"])] = "",
    b: Annotated[str, Query(max_length=300, examples=["country:US"])] = "",
) -> Response:
    return _html(lambda: compare_page(lookup, reader, a, b), reader)


@router.get("/agreements/{key}", response_class=HTMLResponse)
def agreement(reader: ReaderDep, lookup: LookupDep, key: Key) -> Response:
    return _html(lambda: agreement_page(lookup, reader, key), reader)


@router.get("/agreements/{key}/commitments.csv")
def agreement_csv(lookup: LookupDep, key: Key) -> Response:
    commitments = agreement_commitments(lookup, lookup.agreement(key))
    return _csv(commitments_csv(commitments), f"{key}-commitments.csv")


@router.get("/organizations/{key}", response_class=HTMLResponse)
def organization(reader: ReaderDep, lookup: LookupDep, key: Key) -> Response:
    return _html(lambda: organization_page(lookup, reader, key), reader)


@router.get("/countries", response_class=HTMLResponse)
def countries(reader: ReaderDep, lookup: LookupDep) -> Response:
    return _html(lambda: countries_page(lookup, reader), reader)


@router.get("/countries/{code}", response_class=HTMLResponse)
def country(
    reader: ReaderDep,
    lookup: LookupDep,
    code: Annotated[str, Path(pattern="^[A-Za-z]{2}$")],
    partner: Annotated[str, Query(max_length=2)] = "",
    category: Annotated[str, Query(max_length=200)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    filters = {"partner": partner.upper(), "category": category, "year": year}
    return _html(lambda: country_page(lookup, reader, code.upper(), filters), reader)


@router.get("/technologies", response_class=HTMLResponse)
def technologies(reader: ReaderDep, lookup: LookupDep) -> Response:
    return _html(lambda: technologies_page(lookup, reader), reader)


@router.get("/technologies/{key}", response_class=HTMLResponse)
def technology(reader: ReaderDep, lookup: LookupDep, key: Key) -> Response:
    return _html(lambda: technology_page(lookup, reader, key), reader)


@router.get("/documents/{key}/text", response_class=HTMLResponse)
def source_text(
    reader: ReaderDep,
    lookup: LookupDep,
    key: Key,
    start: Annotated[int, Query(ge=0)] = 0,
    end: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    return _html(lambda: source_page(lookup, reader, key, start, end), reader)


@router.get("/favicon.svg")
@router.get("/favicon.ico")
def favicon() -> Response:
    svg = resources.files("accordgraph.api").joinpath("static/favicon.svg").read_bytes()
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
