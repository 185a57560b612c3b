"""The FastAPI application: ``create_app(settings)``; ``accordgraph serve`` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from accordgraph import __version__
from accordgraph.api.problems import problem
from accordgraph.api.routers import health, page, sparql
from accordgraph.api.service import Service
from accordgraph.api.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

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
        description="Who commits to what in government science-and-technology agreements: "
        "a SPARQL 1.1 endpoint over the knowledge graph.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=False,  # never credentials with a wildcard origin
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=["X-Result-Truncated", "X-Store-Version", "X-Cache"],
    )

    @app.exception_handler(HTTPException)
    async def http_problem(_: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_problem(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, "; ".join(str(e.get("msg")) for e in exc.errors()))

    static = resources.files("accordgraph.api").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(page.router)
    app.include_router(health.router)
    app.include_router(sparql.router)
    return app
