"""The FastAPI application: ``create_app(settings)``; ``accordgraph serve`` runs it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.routing import Match

from accordgraph import __version__
from accordgraph.api.problems import problem
from accordgraph.api.routers import (
    agreements,
    analytics,
    commitments,
    documents,
    graph_store,
    health,
    linked_data,
    organizations,
    page,
    pages,
    search,
    sparql,
    technologies,
)
from accordgraph.api.server import BodyLimits, ServerTiming
from accordgraph.api.service import Service
from accordgraph.api.settings import Settings
from accordgraph.api.validators import ConditionalGet
from accordgraph.graph.lookup import BadParameter, NotFound
from accordgraph.ontology.ids import DEFAULT_INSTANCE_BASE

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def allowed_methods(app: FastAPI, scope: MutableMapping[str, Any]) -> list[str]:
    """Every method some route of ``app`` accepts at the request's path: each method is
    tried against the routes (FastAPI wraps included routers in routes that do not list
    their methods)."""
    return [
        method
        for method in HTTP_METHODS
        if any(
            route.matches({**scope, "method": method})[0] == Match.FULL
            for route in app.router.routes
        )
    ]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # rdflib warns with the offending text (a literal it cannot convert, say): what a client
    # sent must not end up in the server's log, one line per request.
    logging.getLogger("rdflib").setLevel(logging.ERROR)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = Service(settings)
        try:
            yield
        finally:
            app.state.service.close()

    app = FastAPI(
        title="accordgraph",
        version=__version__,
        description="Who commits to what in government science-and-technology agreements. "
        "Lookups of organizations, technology areas, commitments, documents and agreements "
        "(JSON, or JSON-LD with `Accept: application/ld+json`); a SPARQL 1.1 endpoint at "
        "`/sparql`; every minted IRI resolves under `/id/`. Lists are paged (`offset`, "
        "`limit`, with a `total`); answers carry an `ETag` that changes with the store; "
        "errors are RFC 9457 problem details.",
        lifespan=lifespan,
        docs_url=None,  # served below with local assets: the docs page works offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(
        ConditionalGet, etag=lambda resource, accept: app.state.service.etag(resource, accept)
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=False,  # never credentials with a wildcard origin
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=["X-Result-Truncated", "X-Store-Version", "X-Cache"],
    )
    app.add_middleware(BodyLimits, settings=settings)  # before anything reads
    app.add_middleware(ServerTiming)  # outermost: the time of everything below

    @app.exception_handler(HTTPException)
    async def http_problem(request: Request, exc: HTTPException) -> JSONResponse:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            # Starlette names only the methods of the first route that matches the path;
            # a resource served by several routes (GET and DELETE …) allows them all.
            headers = {"Allow": ", ".join(allowed_methods(app, request.scope))}
        return problem(exc.status_code, str(exc.detail), headers)

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return problem(404, str(exc.args[0]) if exc.args else "not found")

    @app.exception_handler(BadParameter)
    async def bad_parameter(_: Request, exc: BadParameter) -> JSONResponse:
        return problem(422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_problem(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, "; ".join(str(e.get("msg")) for e in exc.errors()))

    static = resources.files("accordgraph.api").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    # Swagger UI 5 (OpenAPI 3.1) from the fastapi-offline package: no CDN.
    swagger = resources.files("fastapi_offline").joinpath("static")
    app.mount("/assets/swagger", StaticFiles(directory=str(swagger)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="accordgraph API",
            swagger_js_url="/assets/swagger/swagger-ui-bundle.js",
            swagger_css_url="/assets/swagger/swagger-ui.css",
            swagger_favicon_url="/assets/swagger/favicon.png",
        )

    app.include_router(pages.router)
    app.include_router(page.router)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    for router in (
        organizations, technologies, commitments, documents, agreements, search, analytics
    ):  # fmt: skip
        app.include_router(router.router)
    app.include_router(linked_data.router)
    extra = linked_data.linked_data_path(settings.base or DEFAULT_INSTANCE_BASE)
    if extra:
        app.include_router(linked_data.base_router(extra))
    return app
