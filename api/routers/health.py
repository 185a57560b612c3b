"""Liveness and the store's version."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    model_config = {
        "json_schema_extra": {"examples": [{"status": "ok", "store_version": 4, "documents": 1}]}
    }
    status: str
    store_version: int
    documents: int


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> Health:
    service = request.app.state.service
    documents = service.graph.document_count()
    return Health(status="ok", store_version=service.generation, documents=documents)
