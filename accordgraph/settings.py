"""Where accordgraph keeps its data, from the command line or the environment."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATA_ENV = "ACCORDGRAPH_DATA"
BASE_ENV = "ACCORDGRAPH_BASE"


def data_dir(explicit: str | Path | None = None) -> Path:
    """``--data DIR``, else ``$ACCORDGRAPH_DATA``, else the per-user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return Path(user_data_dir("accordgraph", appauthor=False))


def store_dir(data: Path) -> Path:
    """The Oxigraph database inside a data directory (snapshots for query workers go
    beside it, in ``snapshots/``)."""
    return data / "oxigraph"


def instance_base(explicit: str | None = None) -> str | None:
    """``--base IRI``, else ``$ACCORDGRAPH_BASE``, else None (the default w3id.org base)."""
    return explicit or os.environ.get(BASE_ENV) or None


def lookup_cache(data: Path) -> Path:
    """The lookup index kept between runs, beside the store."""
    return data / "lookup-index.pickle"
