"""Shared fixtures: the bundled document and a second agreement, extracted once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live_server import LiveServer

from accordgraph import bundled_document
from accordgraph.graph.analytics import Analytics
from accordgraph.graph.store import KnowledgeGraph
from accordgraph.loaders import Extraction, extract_file

FIXTURES = Path(__file__).parent / "fixtures"
JAPAN = FIXTURES / "us-japan-tpd-2025.txt"
UK = FIXTURES / "us-uk-tpd-2025.md"


@pytest.fixture(scope="session")
def uk_file() -> Path:
    """The US–UK MOU (Markdown with front matter), a fixture copied from the corpus."""
    return UK


@pytest.fixture(scope="session")
def japan() -> Extraction:
    return extract_file(bundled_document())


@pytest.fixture(scope="session")
def uk() -> Extraction:
    return extract_file(UK)


@pytest.fixture(scope="session")
def japan_only() -> Analytics:
    """Analytics over a store holding only the bundled document (read-only use)."""
    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    return Analytics(kg)


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., LiveServer]]:
    """Start servers (``start_server(*serve_args, data=None, env=None)``; ``env`` adds
    ``ACCORDGRAPH_*`` settings); all stop at the end."""
    servers: list[LiveServer] = []

    def start(
        *args: str, data: Path | None = None, env: dict[str, str] | None = None
    ) -> LiveServer:
        server = LiveServer(data or tmp_path_factory.mktemp("server") / "data", *args, env=env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def server(start_server: Callable[..., LiveServer]) -> LiveServer:
    """A read-only server over the bundled document (loaded on its first run)."""
    return start_server("--timeout", "3")
