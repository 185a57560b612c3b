"""Liveness and the store's version."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store_version: int
    documents: int


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> Health:
    service = request.app.state.service
    return Health(
        status="ok", store_version=service.version, documents=len(service.graph.documents())
    )
