"""The W3C SPARQL 1.1 update-evaluation tests (``tests/w3c/rdf-tests``), run in-process on
pyoxigraph and through a live server's SPARQL endpoint (updates enabled, with the token).

A test gives a dataset (ut:data in the default graph, each ut:graphData in the graph its
rdfs:label names), an update (ut:request) and the dataset expected after it (mf:result).
In-process: a fresh store, loaded, updated (base IRI: the update file's), read back.

Over HTTP, on one server for the module: one request drops everything (``DROP ALL``)
and writes the dataset (``INSERT DATA``, its triples as N-Triples); a second sends the
update, with ``BASE <update file>`` first; then the dataset is read back with the SPARQL
1.1 Graph Store HTTP Protocol (``GET /rdf-graphs?default``,
``GET /rdf-graphs?graph=<iri>``, as N-Triples), the named graphs listed by a query. The
store's own graphs (``https://w3id.org/accordgraph/…``) are left out.

The default graph and every non-empty named graph are compared, each by isomorphism,
with the expected ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pyoxigraph as ox
import pytest
from live_server import LiveServer
from rdflib import Graph
from w3c_suites import (
    DEFAULT,
    OWN_GRAPHS,
    TOKEN,
    UPDATE_EVALUATION,
    W3CTest,
    compare_datasets,
    expected_dataset,
    graph_of,
    load_file,
    parse_file,
    select_tests,
    store_dataset,
    with_base,
    with_expected_failures,
    writable_server,
)

FAILS_IN_PROCESS: dict[str, str] = {}

TESTS = select_tests(UPDATE_EVALUATION)
AUTHORIZATION = {"Authorization": f"Bearer {TOKEN}"}
NAMED_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def _expected(test: W3CTest) -> dict[str, Graph]:
    return expected_dataset(test.result_data, test.result_graph_data)


@pytest.mark.parametrize("test", with_expected_failures(TESTS, FAILS_IN_PROCESS))
def test_in_process(test: W3CTest) -> None:
    store = ox.Store()
    for iri in test.data:
        load_file(store, iri, None)
    for name, iri in test.graph_data:
        load_file(store, iri, name)
    store.update(test.text, base_iri=test.action)
    problem = compare_datasets(_expected(test), store_dataset(store))
    assert problem is None, f"{test.name}: {problem}"


@pytest.fixture(scope="module")
def update_server(
    start_server: Callable[..., LiveServer], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server with updates enabled; each test replaces its whole dataset."""
    yield from writable_server(start_server, tmp_path_factory.mktemp("w3c-update") / "data")


def _n_triples(iri: str) -> str:
    triples = [quad.triple for quad in parse_file(iri)]
    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _reset(test: W3CTest) -> str:
    """DROP ALL, then the test's initial dataset as INSERT DATA operations (each file
    parsed on its own, so that no blank node label is shared between operations)."""
    operations = ["DROP ALL"]
    operations += [f"INSERT DATA {{\n{_n_triples(iri)}}}" for iri in test.data]
    operations += [
        f"INSERT DATA {{ GRAPH <{name}> {{\n{_n_triples(iri)}}} }}" for name, iri in test.graph_data
    ]
    return " ;\n".join(operations)


def _excerpt(response: httpx.Response) -> str:
    return f"HTTP {response.status_code}, body: {response.text[:300]!r}"


def _update(client: httpx.Client, text: str) -> httpx.Response:
    return client.post("/sparql", data={"update": text}, headers=AUTHORIZATION)


def _read_graph(client: httpx.Client, url: str, failures: list[str]) -> Graph | None:
    response = client.get(url, headers={"Accept": "application/n-triples"})
    media = response.headers.get("content-type", "").split(";")[0]
    if response.status_code != 200 or media != "application/n-triples":
        failures.append(f"GET {url}: {_excerpt(response)}")
        return None
    return graph_of(ox.parse(response.content, ox.RdfFormat.N_TRIPLES))


def _read_dataset(client: httpx.Client, failures: list[str]) -> dict[str, Graph] | None:
    """The server's default graph and non-empty named graphs but its own."""
    listed = client.get(
        "/sparql",
        params={"query": NAMED_GRAPHS},
        headers={"Accept": "application/sparql-results+json"},
    )
    if listed.status_code != 200:
        failures.append(f"listing the named graphs: {_excerpt(listed)}")
        return None
    names = [
        str(row["g"]["value"])
        for row in listed.json()["results"]["bindings"]
        if not str(row["g"]["value"]).startswith(OWN_GRAPHS)
    ]
    graphs = {DEFAULT: _read_graph(client, "/rdf-graphs?default", failures)}
    for name in names:
        url = str(httpx.URL("/rdf-graphs", params={"graph": name}))
        graphs[name] = _read_graph(client, url, failures)
    dataset = {k: g for k, g in graphs.items() if g is not None}
    if len(dataset) < len(graphs):
        return None
    return {k: g for k, g in dataset.items() if k == DEFAULT or len(g)}


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_over_http(update_server: LiveServer, test: W3CTest) -> None:
    """The update, applied over HTTP to the test's dataset, leaves the expected dataset;
    for a test pyoxigraph fails in-process, only no server error is required."""
    failures: list[str] = []
    with httpx.Client(base_url=update_server.url, timeout=60) as client:
        # One request resets the dataset and writes the test's (an update request's
        # operations apply in order), one runs the test's update.
        steps = [
            ("DROP ALL and INSERT DATA (the initial dataset)", _reset(test)),
            ("the update", with_base(test.text, test.action)),
        ]
        for what, text in steps:
            response = _update(client, text)
            if test.id in FAILS_IN_PROCESS:
                if response.status_code >= 500:
                    failures.append(f"{what}: {_excerpt(response)}")
            elif response.status_code != 204:
                failures.append(f"{what}: {_excerpt(response)}")
        if test.id not in FAILS_IN_PROCESS and not failures:
            actual = _read_dataset(client, failures)
            if actual is not None:
                problem = compare_datasets(_expected(test), actual)
                if problem is not None:
                    failures.append(problem)
    assert not failures, f"{test.name}:\n" + "\n".join(failures)


def test_expected_failures_are_tests() -> None:
    assert set(FAILS_IN_PROCESS) <= {t.id for t in TESTS}
