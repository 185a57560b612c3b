"""Server settings, from the environment (``ACCORDGRAPH_…``) or ``accordgraph serve``."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from accordgraph.settings import data_dir


class Settings(BaseSettings):
    """Every setting has a safe default: read-only, no outbound requests, bounded work."""

    model_config = SettingsConfigDict(env_prefix="ACCORDGRAPH_", extra="ignore")

    data: Path = Field(default_factory=data_dir, description="data directory")
    base: str | None = Field(None, description="instance IRI base")
    query_timeout: float = Field(30.0, gt=0, description="seconds a query may run")
    max_rows: int = Field(10_000, gt=0, description="rows (or triples) in one result")
    max_query_length: int = Field(100_000, gt=0, description="characters in a query or update")
    max_body_bytes: int = Field(1_000_000, gt=0, description="bytes in a request body")
    max_upload_bytes: int = Field(20_000_000, gt=0, description="bytes in an uploaded document")
    workers: int = Field(2, ge=1, le=32, description="query worker processes kept ready")
    max_workers: int = Field(
        8, ge=1, le=64, description="query workers at most, counting demoted slow queries"
    )
    slow_after: float = Field(
        0.25, gt=0, description="seconds after which a query is demoted to the slow lane"
    )
    slow_per_client: int = Field(
        2, ge=1, description="slow-lane queries of one client address at once"
    )
    worker_memory_bytes: int = Field(
        2 * 1024**3,
        ge=3 * 1024**3 // 2,  # a worker on a small store reserves about 0.9 GiB
        description="address space of one query worker",
    )
    replica: bool = Field(
        True,
        description="answer queries from an in-memory copy of the store, read at start and "
        "patched after writes (2-7x faster; about 0.4 GB of memory per million quads)",
    )
    writer_memory_bytes: int = Field(
        4 * 1024**3, ge=1024**3, description="address space of the store's writer"
    )
    max_result_bytes: int = Field(
        64 * 1024**2, gt=0, description="bytes in one query result (rows past it are cut)"
    )
    write_timeout: float = Field(
        120.0, gt=0, description="seconds an upload's extraction and storing may take"
    )
    allow_unconfined: bool = Field(
        False, description="serve although workers cannot be kept off the network"
    )
    updates: bool = Field(False, description="accept SPARQL updates (with the token)")
    update_token: str | None = Field(None, description="bearer token required for updates")
    cors_origins: list[str] = Field(default_factory=lambda: ["*"])
    cache_entries: int = Field(256, ge=0, description="cached answers, keyed by store version")
    cache_bytes: int = Field(
        64 * 1024**2, ge=0, description="bytes of cached answers (SPARQL and exports) at most"
    )
    # The HTTP server's own limits (``accordgraph serve``; see api/server.py).
    max_head_bytes: int = Field(
        1024**2, ge=8 * 1024, description="bytes in a request line and headers"
    )
    head_timeout: float = Field(10.0, gt=0, description="seconds to send a request's headers")
    body_timeout: float = Field(30.0, gt=0, description="seconds to send a request's body")
    body_idle_timeout: float = Field(
        10.0, gt=0, description="seconds a request body may pause between chunks"
    )
    keep_alive_timeout: float = Field(5.0, gt=0, description="seconds an idle connection stays")
    max_connections: int = Field(
        10_000, ge=1, description="open connections at most (idle ones close at head_timeout)"
    )
