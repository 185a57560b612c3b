"""The W3C SPARQL 1.0 and 1.1 query-evaluation tests (``tests/w3c/rdf-tests``), run
in-process on pyoxigraph and through a live server's SPARQL endpoint: every test that
pyoxigraph passes in-process must pass over HTTP too, in every way a client may ask
(GET and POST, JSON and XML results; CSV/TSV too for the tests about those formats).

In-process, each test gets a fresh store: qt:data in the default graph, each qt:graphData
in a named graph named by its file's IRI, and the files the query names in FROM /
FROM NAMED likewise (as the W3C runners do). Over HTTP, one server holds every data file
of every test in a named graph named by the file's IRI; each request names its dataset
with the protocol's parameters (``w3c_suites.dataset_parameters``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pyoxigraph as ox
import pytest
from live_server import LiveServer
from w3c_suites import (
    PUBLIC,
    QUERY_EVALUATION,
    ROOT,
    TOKEN,
    Result,
    Solutions,
    W3CTest,
    all_tests,
    as_csv,
    build_server_store,
    compare,
    dataset_clause,
    dataset_parameters,
    expected_result,
    from_pyoxigraph,
    has_order_by,
    iri_of,
    load_file,
    manifest_files,
    parse_response,
    select_tests,
    with_base,
    with_expected_failures,
)

_STORED_BY_VALUE = (
    "Oxigraph stores literals of numeric, boolean and date/time datatypes by value and "
    "gives them back in its own lexical form ('01'^^xsd:integer as '1', '1.0e0'^^xsd:double "
    "as '1', '2006-08-23+00:00'^^xsd:date as '2006-08-23Z'); the test compares terms"
)
_NUMBER_FORM = (
    "Oxigraph writes xsd:decimal/xsd:double values in its own lexical form ('1', '32100', "
    "'0.2') where the expected results use the XSD canonical one ('1.0', '3.21E4', "
    "'2.0E-1'); stored values are also given back in that form"
)
_GRAPH_SCOPE = (
    "Oxigraph binds the GRAPH ?g variable inside the graph pattern (the test expects ?g "
    "out of scope there)"
)
_EMPTY_PATH = (
    "a zero-length path (p* or p?) from a constant that is not in the data gives no "
    "solution in Oxigraph (the test expects the constant itself)"
)
_GROUP_CONCAT_LANGUAGE = (
    "Oxigraph's GROUP_CONCAT keeps the language tag its inputs share ('1 2'@en); the test "
    "expects a simple literal"
)

FAILS_IN_PROCESS: dict[str, str] = {
    "sparql10/open-world/open-eq-01": (
        "Oxigraph stores integers by value, so '001'^^xsd:integer in the query matches the "
        "stored '1' and '01' (the test expects only syntactic matches)"
    ),
    "sparql10/open-world/open-eq-03": _STORED_BY_VALUE,
    "sparql10/open-world/open-eq-04": _STORED_BY_VALUE,
    "sparql10/open-world/date-2": (
        "Oxigraph decides '2006-08-23'^^xsd:date != '2006-08-23Z'^^xsd:date (with an "
        "implicit timezone) where the test expects a type error that drops the solution"
    ),
    "sparql10/open-world/date-3": _STORED_BY_VALUE,
    "sparql10/graph/graph-variable-scope": _GRAPH_SCOPE,
    "sparql10/graph/graph-optional": _GRAPH_SCOPE,
    "sparql10/expr-builtin/dawg-str-1": _STORED_BY_VALUE + " (so STR() does not give them)",
    "sparql10/expr-builtin/dawg-str-2": _STORED_BY_VALUE + " (so STR() does not give them)",
    "sparql10/expr-builtin/dawg-datatype-1": _STORED_BY_VALUE,
    "sparql10/expr-builtin/sameTerm-simple": _STORED_BY_VALUE + " (so sameTerm holds)",
    "sparql10/expr-builtin/sameTerm-eq": _STORED_BY_VALUE + " (so sameTerm holds)",
    "sparql10/expr-builtin/sameTerm-not-eq": _STORED_BY_VALUE + " (so sameTerm holds)",
    "sparql10/expr-builtin/case-insensitive-booleans": (
        "Oxigraph's parser takes only lowercase true/false (a Proposed test: keywords "
        "are case-insensitive); syntax error"
    ),
    "sparql10/expr-equals/eq-2-1": _STORED_BY_VALUE,
    "sparql10/expr-equals/eq-2-2": _STORED_BY_VALUE,
    "sparql10/expr-equals/eq-graph-1": _STORED_BY_VALUE + " (graph matching by value)",
    "sparql10/expr-equals/eq-graph-2": _STORED_BY_VALUE + " (graph matching by value)",
    "sparql10/distinct/no-distinct-1": _STORED_BY_VALUE,
    "sparql10/distinct/distinct-1": _STORED_BY_VALUE + " (DISTINCT merges them)",
    "sparql10/distinct/no-distinct-9": _STORED_BY_VALUE,
    "sparql10/distinct/distinct-9": _STORED_BY_VALUE + " (DISTINCT merges them)",
    "sparql10/sort/dawg-sort-7": _STORED_BY_VALUE,
    "sparql11/aggregates/agg-groupconcat-04": _GROUP_CONCAT_LANGUAGE,
    "sparql11/aggregates/agg-groupconcat-06": _GROUP_CONCAT_LANGUAGE,
    "sparql11/aggregates/agg-sum-02": _NUMBER_FORM,
    "sparql11/aggregates/agg-avg-02": _NUMBER_FORM,
    "sparql11/aggregates/agg-min-01": _NUMBER_FORM,
    "sparql11/aggregates/agg-min-02": _NUMBER_FORM,
    "sparql11/aggregates/agg-max-01": _NUMBER_FORM,
    "sparql11/aggregates/agg-max-02": _NUMBER_FORM,
    "sparql11/aggregates/agg-err-02": _NUMBER_FORM,
    "sparql11/aggregates/agg-max-distinct": _NUMBER_FORM,
    "sparql11/aggregates/agg-min-distinct": _NUMBER_FORM,
    "sparql11/aggregates/agg-empty-group-count-graph": (
        "Oxigraph evaluates an aggregate subquery inside GRAPH ?g once, not once per named "
        "graph (one row without ?g instead of a count per graph)"
    ),
    "sparql11/bindings/graph": (
        "VALUES inside GRAPH ?g with ?g UNDEF: Oxigraph leaves ?g unbound instead of "
        "binding it to each graph name"
    ),
    "sparql11/cast/cast-bool": _STORED_BY_VALUE,
    "sparql11/cast/cast-int": _STORED_BY_VALUE,
    "sparql11/cast/cast-float": _NUMBER_FORM,
    "sparql11/cast/cast-double": _NUMBER_FORM,
    "sparql11/cast/cast-decimal": _NUMBER_FORM,
    "sparql11/cast/cast-string": _STORED_BY_VALUE + " (so STR() casts give that form)",
    "sparql11/functions/plus-1-corrected": _STORED_BY_VALUE,
    "sparql11/functions/plus-2-corrected": _STORED_BY_VALUE,
    "sparql11/functions/bnode01": (
        "Oxigraph's BNODE(string) gives the same blank node for the same string in every "
        "solution; the test expects a new one per solution"
    ),
    "sparql11/functions/coalesce01": _NUMBER_FORM,
    "sparql11/negation/graph-minus": (
        "Oxigraph counts the outer GRAPH ?g variable as shared by both sides of MINUS, so "
        "nothing is left (the test expects the sides disjoint)"
    ),
    "sparql11/property-path/zero_or_more_set_start": _EMPTY_PATH,
    "sparql11/property-path/zero_or_more_set_end": _EMPTY_PATH,
    "sparql11/property-path/zero_or_one_set_start": _EMPTY_PATH,
    "sparql11/property-path/zero_or_one_set_end": _EMPTY_PATH,
    "sparql11/csv-tsv-res/csv03": _STORED_BY_VALUE + " ('1.0E6'^^xsd:double as '1000000')",
    "sparql11/csv-tsv-res/tsv03": (
        _STORED_BY_VALUE + "; it also stores xsd:negativeInteger as xsd:integer"
    ),
}

TESTS = select_tests(QUERY_EVALUATION)
IDS = [t.id for t in TESTS]


def _expected(test: W3CTest) -> tuple[Result, bool]:
    """The expected result and whether its order counts."""
    expected = expected_result(test.result)
    ordered = isinstance(expected, Solutions) and has_order_by(test.text)
    return expected, ordered


def _as_compared(test: W3CTest, actual: Result) -> Result:
    """A CSV expected result carries values only: compare what CSV would carry."""
    if test.result.endswith(".csv") and isinstance(actual, Solutions):
        return as_csv(actual)
    return actual


def _in_process(test: W3CTest) -> Result:
    store = ox.Store()
    for iri in test.data:
        load_file(store, iri, None)
    loaded = set()
    for name, iri in test.graph_data:
        load_file(store, iri, name)
        loaded.add(name)
    default, named = dataset_clause(test.text, test.action)
    for iri in default + named:
        if iri.startswith(PUBLIC) and iri not in loaded:
            load_file(store, iri, iri)
            loaded.add(iri)
    return from_pyoxigraph(store.query(test.text, base_iri=test.action))


@pytest.mark.parametrize("test", with_expected_failures(TESTS, FAILS_IN_PROCESS))
def test_in_process(test: W3CTest) -> None:
    expected, ordered = _expected(test)
    actual = _as_compared(test, _in_process(test))
    problem = compare(expected, actual, ordered=ordered, lax=test.lax_cardinality)
    assert problem is None, f"{test.name}: {problem}"


@pytest.fixture(scope="module")
def w3c_server(
    start_server: Callable[..., LiveServer], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server whose store holds every data file of every test in a named graph named
    by the file's IRI."""
    data = tmp_path_factory.mktemp("w3c-query") / "data"
    build_server_store(data, set().union(*(t.data_files() for t in TESTS)))
    server = start_server("--updates", "--token", TOKEN, data=data)
    yield server
    server.stop()  # now, not with the session's other servers at its end


@dataclass(frozen=True)
class Variant:
    """One way of sending a query: method, encoding and the result format asked for."""

    name: str
    method: str  # "GET", "POST-form" or "POST-direct"
    accept: str

    def send(
        self, client: httpx.Client, query: str, dataset: tuple[tuple[str, str], ...]
    ) -> httpx.Response:
        headers = {"Accept": self.accept}
        params = httpx.QueryParams(dataset)
        if self.method == "GET":
            return client.get("/sparql", params=params.add("query", query), headers=headers)
        if self.method == "POST-form":
            return client.post("/sparql", data={"query": query}, params=params, headers=headers)
        return client.post(
            "/sparql",
            content=query.encode("utf-8"),
            params=params,
            headers={**headers, "Content-Type": "application/sparql-query"},
        )


def _variants(test: W3CTest, expected: Result) -> list[Variant]:
    if isinstance(expected, Solutions | bool):
        json, xml = "application/sparql-results+json", "application/sparql-results+xml"
        variants = [
            Variant("GET json", "GET", json),
            Variant("POST form json", "POST-form", json),
            Variant("GET xml", "GET", xml),
            Variant("POST direct xml", "POST-direct", xml),
        ]
        if test.result.endswith(".csv"):
            variants.append(Variant("GET csv", "GET", "text/csv"))
        if test.result.endswith(".tsv"):
            variants.append(Variant("GET tsv", "GET", "text/tab-separated-values"))
        return variants
    return [
        Variant("GET turtle", "GET", "text/turtle"),
        Variant("POST form n-triples", "POST-form", "application/n-triples"),
        Variant("GET rdf/xml", "GET", "application/rdf+xml"),
        Variant("POST direct rdf/xml", "POST-direct", "application/rdf+xml"),
    ]


def _excerpt(response: httpx.Response) -> str:
    return f"HTTP {response.status_code}, body: {response.text[:300]!r}"


@pytest.mark.parametrize("test", TESTS, ids=IDS)
def test_over_http(w3c_server: LiveServer, test: W3CTest) -> None:
    """Every variant answers the expected result; for a test pyoxigraph fails in-process,
    every variant answers without a server error (the result is not checked)."""
    expected, ordered = _expected(test)
    query = with_base(test.text, test.action)
    dataset = dataset_parameters(test, test.text)
    failures = []
    with httpx.Client(base_url=w3c_server.url, timeout=60) as client:
        for variant in _variants(test, expected):
            response = variant.send(client, query, dataset)
            if test.id in FAILS_IN_PROCESS:
                if response.status_code >= 500:
                    failures.append(f"{variant.name}: {_excerpt(response)}")
                continue
            if response.status_code != 200:
                failures.append(f"{variant.name}: {_excerpt(response)}")
                continue
            try:
                actual = _as_compared(test, parse_response(response))
            except (SyntaxError, ValueError) as exc:
                failures.append(f"{variant.name}: unreadable answer ({exc}); {_excerpt(response)}")
                continue
            problem = compare(expected, actual, ordered=ordered, lax=test.lax_cardinality)
            if problem is not None:
                failures.append(f"{variant.name}: {problem}; {_excerpt(response)}")
    assert not failures, f"{test.name} (dataset {dataset}):\n" + "\n".join(failures)


def test_expected_failures_are_tests() -> None:
    assert set(FAILS_IN_PROCESS) <= set(IDS)


def test_copied_files_are_the_ones_used() -> None:
    """tests/w3c/rdf-tests holds the files the tests use (and its licence and notes),
    nothing more, nothing less."""
    used = manifest_files().union(*(t.files() for t in all_tests()))
    notes = {"LICENSE.md", "README.md", "COMMIT", "sparql/sparql10/LICENSE"}
    copied = {iri_of(p) for p in ROOT.rglob("*") if p.is_file()}
    assert copied == used | {PUBLIC + n for n in notes}
