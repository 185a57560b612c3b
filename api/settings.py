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
    workers: int = Field(2, ge=1, le=32, description="query worker processes")
    updates: bool = Field(False, description="accept SPARQL updates (with the token)")
    update_token: str | None = Field(None, description="bearer token required for updates")
    outbound_allow: list[str] = Field(
        default_factory=list,
        description="IRI prefixes that SERVICE and LOAD may reach (empty: none)",
    )
    cors_origins: list[str] = Field(default_factory=lambda: ["*"])
    cache_entries: int = Field(256, ge=0, description="cached answers, keyed by store version")
