"""Query workers forked from the in-memory replica: the same answers as the on-disk store,
after writes too, and the same limits as any worker (time, network, memory)."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import LiveServer

from accordgraph import bundled_document
from accordgraph.graph.executor import (
    QueryPool,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    Snapshots,
    query_view,
)
from accordgraph.graph.replica import Replica
from accordgraph.graph.store import KnowledgeGraph

FIXTURES = Path(__file__).parent / "fixtures"
COUNTS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }
            GROUP BY ?g ORDER BY ?g"""
ACTORS = """SELECT ?c ?actor WHERE { ?c a ag:Commitment ; ag:actor ?actor } ORDER BY ?c ?actor"""
DOUBLING = (
    "SELECT (STRLEN(?s31) AS ?n) WHERE { BIND('ab' AS ?s0) "
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(31))
    + " }"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _request(query: str) -> dict[str, Any]:
    return {
        "query": query,
        "max_rows": 100_000,
        "formats": {"solutions": "json", "boolean": "json"},
    }


def _rows(body: bytes) -> list[dict[str, str]]:
    bindings = json.loads(body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[KnowledgeGraph, Snapshots]]:
    with KnowledgeGraph.open(tmp_path / "oxigraph") as kg:
        kg.load(bundled_document())
        yield kg, Snapshots(tmp_path / "snapshots")


def _select(kg: KnowledgeGraph, query: str) -> list[dict[str, str]]:
    result = kg.query(query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def _queried_counts(kg: KnowledgeGraph) -> list[dict[str, str]]:
    """The store's triples per graph, less its bookkeeping graph, which queries do not read."""
    return [row for row in _select(kg, COUNTS) if row["g"] != kg.meta_graph]


def test_answers_from_the_replica_equal_the_stores_after_writes(
    store: tuple[KnowledgeGraph, Snapshots],
) -> None:
    kg, snapshots = store
    uk = str(kg.ids.document_graph("us-uk-tpd-2025"))
    japan = str(kg.ids.document_graph("us-japan-tpd-2025"))
    writes: list[tuple[Callable[[], object], str]] = [
        (lambda: kg.load(FIXTURES / "us-uk-tpd-2025.md"), uk),  # a new document
        # the same id, other content: a replacement
        (lambda: kg.load(FIXTURES / "wh-us-japan-tpd-2025.md", doc_id="us-uk-tpd-2025"), uk),
        (lambda: kg.remove_document("us-japan-tpd-2025"), japan),
    ]

    async def scenario() -> list[tuple[bool, list[dict[str, str]], list[dict[str, str]]]]:
        pool = QueryPool(snapshots.take(kg), 2, replica=True)
        seen = []
        try:
            assert pool.standby is not None and pool.standby.wait(60)

            async def ask() -> None:
                counts = _rows((await pool.run(_request(COUNTS), 30)).body)
                actors = _rows((await pool.run(_request(ACTORS), 30)).body)
                seen.append((pool.in_memory, counts, actors))
                assert counts == _queried_counts(kg)
                assert actors == _select(kg, ACTORS)

            await ask()
            for write, graph in writes:
                write()
                # what the server passes after a write: the graphs it changed
                pool.refresh(snapshots.take(kg), {graph})
                await ask()
            pids = {w.process.pid for w in pool._workers}
            assert all(w.mirrors == pool.snapshot for w in pool._workers)
        finally:
            pool.close()
        return seen, pids

    seen, pids = asyncio.run(scenario())
    assert all(in_memory for in_memory, _, _ in seen)
    assert len({json.dumps(counts) for _, counts, _ in seen}) == 4  # each write showed
    assert not any("us-japan-tpd-2025/" in row["c"] for row in seen[-1][2])
    assert any("us-japan-tpd-2025/" in row["c"] for row in seen[0][2])
    for pid in pids:  # the workers ended with the pool
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_replica_worker_is_stopped_at_its_time_memory_and_network_limits(
    store: tuple[KnowledgeGraph, Snapshots],
) -> None:
    kg, snapshots = store

    async def scenario() -> tuple[bool, int | None]:
        pool = QueryPool(snapshots.take(kg), 1, replica=True)
        try:
            assert pool.standby is not None and pool.standby.wait(60)
            await pool.run(_request("ASK {}"), 10)  # the first worker on the replica
            assert pool.in_memory
            worker = pool._idle[0]
            assert worker.mirrors == pool.snapshot
            with pytest.raises(QueryTimeout):
                await pool.run(_request(RUNAWAY), 1.0)
            ended = worker.process.exitcode  # as the replica, its parent, reaped it
            service = "ASK { SERVICE <http://127.0.0.1:1099/x> { ?s ?p ?o } }"
            with pytest.raises(QueryRefused):
                await pool.run(_request(service), 10)
            with pytest.raises(QueryTooLarge):  # its limit counts from the replica's size
                await pool.run(_request(DOUBLING), 60)
            answer = await pool.run(_request("ASK { ?s a ag:Commitment }"), 10)
            return b"true" in answer.body, ended
        finally:
            pool.close()

    answered, ended = asyncio.run(scenario())
    assert answered  # the pool goes on with new workers
    assert ended == -9  # killed at the limit (the replica reaped it)


def test_a_replica_that_cannot_load_leaves_queries_on_the_snapshot(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "no-such-snapshot")
    try:
        assert not replica.wait(30)
        assert replica.failed
    finally:
        replica.close()


def test_a_server_answers_from_memory_and_reflects_an_upload_at_once(
    start_server: Callable[..., LiveServer],
) -> None:
    """Over HTTP: once the replica is loaded (/healthz says so), an upload shows in the
    lookups and in SPARQL answers (from the patched replica) as soon as it is answered,
    and a removal too."""
    server = start_server("--updates", "--token", "t")
    auth = {"Authorization": "Bearer t"}
    org = "gb-office-for-nuclear-regulation"  # named by the US-UK MOU only
    ask = "ASK { ?c a ag:Commitment ; ag:sourceDocument ?d . ?d ag:fileName ?f }"
    mentions = f"""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{
                     ?d ag:mentions <https://w3id.org/accordgraph/id/org/{org}> }}"""
    with httpx.Client(base_url=server.url, timeout=60) as client:

        def count() -> int:
            answer = client.get(
                "/sparql",
                params={"query": mentions},
                headers={"Accept": "application/sparql-results+json"},
            )
            return int(answer.json()["results"]["bindings"][0]["n"]["value"])

        deadline = time.monotonic() + 60
        while not client.get("/healthz").json()["in_memory"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.get("/healthz").json()["in_memory"]
        assert client.get("/sparql", params={"query": ask}).status_code == 200
        assert count() == 0 and client.get(f"/api/organizations/{org}").status_code == 404
        data = (FIXTURES / "us-uk-tpd-2025.md").read_bytes()
        created = client.post(
            "/api/documents", files={"file": ("us-uk-tpd-2025.md", data)}, headers=auth
        )
        assert created.status_code == 201, created.text
        assert count() == 1
        assert client.get(f"/api/organizations/{org}").json()["label"] == (
            "UK Office for Nuclear Regulation"
        )
        assert client.get("/healthz").json()["in_memory"]
        assert client.delete("/api/documents/us-uk-tpd-2025", headers=auth).status_code == 204
        assert count() == 0 and client.get(f"/api/organizations/{org}").status_code == 404


def test_a_write_while_the_replica_loads_is_copied_once_it_has_loaded(
    store: tuple[KnowledgeGraph, Snapshots],
) -> None:
    """Regression: a write while the replica was still loading started the load over
    (minutes on the corpus), and one while a fresh replica loaded after an update left
    it a snapshot behind for good."""
    kg, snapshots = store
    loading_from = snapshots.take(kg)
    kg.load(FIXTURES / "us-uk-tpd-2025.md")
    graphs = {str(kg.ids.document_graph("us-uk-tpd-2025"))}
    newest = snapshots.take(kg)

    async def scenario() -> tuple[list[dict[str, str]], bool]:
        pool = QueryPool(loading_from, 1)
        try:
            pool.start_replica()
            loading = pool.standby
            assert loading is not None and not loading.ready()
            pool.refresh(newest, graphs)  # while it loads
            assert pool.standby is loading  # not started over
            assert loading.wait(60)
            assert pool.in_memory  # it caught up with the newest snapshot
            answer = _rows((await pool.run(_request(COUNTS), 30)).body)
            return answer, all(w.mirrors == str(query_view(newest)) for w in pool._workers)
        finally:
            pool.close()

    counts, on_replica = asyncio.run(scenario())
    assert counts == _queried_counts(kg)
    assert on_replica
