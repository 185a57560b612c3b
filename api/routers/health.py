"""Liveness, the store's version, and whether queries are answered from memory yet."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    model_config = {
        "json_schema_extra": {
            "examples": [{"status": "ok", "store_version": 4, "documents": 1, "in_memory": True}]
        }
    }
    status: str
    store_version: int
    documents: int
    in_memory: bool  # queries answered from the in-memory replica (it loads after start)


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> Health:
    service = request.app.state.service
    documents = service.graph.document_count()
    return Health(
        status="ok",
        store_version=service.generation,
        documents=documents,
        in_memory=service.pool.in_memory,
    )
