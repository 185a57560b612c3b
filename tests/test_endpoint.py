"""The SPARQL endpoint against a live server: real clients, content negotiation, limits,
timeouts that stop work, no outbound requests, CORS, and no 500 for anything a client sends.
"""

from __future__ import annotations

import io
import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from listener import Listener
from live_server import LiveServer
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

NICT = "SELECT ?label WHERE { ?o skos:altLabel 'NICT' ; rdfs:label ?label }"
NICT_NAME = "National Institute of Information and Communications Technology"
# Every triple times every triple times every triple: far more work than any time limit.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_sparqlwrapper_select_and_construct(server: LiveServer) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + NICT
    )
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert [r["label"]["value"] for r in rows] == [NICT_NAME]
    client.setQuery("CONSTRUCT { ?o ?p ?v } WHERE { ?o skos:altLabel 'MIC' ; ?p ?v }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert "総務省" in {str(o) for o in graph.objects()}


def test_rdflib_sparqlstore(server: LiveServer) -> None:
    graph = Graph(SPARQLStore(server.sparql, returnFormat="json"))
    rows = list(
        graph.query(
            "PREFIX ag: <https://w3id.org/accordgraph/ontology#> "
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ag:Commitment }"
        )
    )
    assert int(rows[0][0]) == 26


def test_curl(server: LiveServer) -> None:
    result = subprocess.run(
        [
            "curl",
            "-sS",
            "--fail",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            f"query={NICT}",
            server.sparql,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert result.stdout.splitlines() == ["label", NICT_NAME]


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", '"bindings"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<results>"),
        ("text/csv", "text/csv", "label\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", "?label\n"),
        ("*/*", "application/sparql-results+json", '"bindings"'),
    ],
)
def test_select_content_negotiation(
    server: LiveServer, accept: str, media: str, marker: str
) -> None:
    response = httpx.get(server.sparql, params={"query": NICT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert marker in response.text and NICT_NAME in response.text


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_content_negotiation(server: LiveServer, accept: str, parser: str) -> None:
    query = "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o skos:altLabel 'NTIA' ; rdfs:label ?l }"
    response = httpx.post(server.sparql, data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format=parser)
    assert "National Telecommunications and Information Administration" in {
        str(o) for o in graph.objects()
    }


def test_dataset_formats_for_construct(server: LiveServer) -> None:
    query = "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o skos:altLabel 'NTIA' ; rdfs:label ?l }"
    for fmt in ("trig", "nquads"):
        response = httpx.get(server.sparql, params={"query": query, "format": fmt})
        assert response.status_code == 200 and "Telecommunications" in response.text


def test_format_parameter_for_clients_that_cannot_set_headers(server: LiveServer) -> None:
    response = httpx.get(
        server.sparql, params={"query": NICT, "format": "csv"}, headers={"Accept": "text/html"}
    )
    assert response.text.splitlines() == ["label", NICT_NAME]
    # a format that cannot carry the form, or parameters that disagree, leave the choice
    # to the Accept header (SPARQLWrapper sends format, output and results on every request)
    for params in ({"format": "turtle"}, {"format": "csv", "output": "tsv"}):
        fallback = httpx.get(
            server.sparql,
            params={"query": NICT, **params},
            headers={"Accept": "application/sparql-results+xml"},
        )
        assert fallback.headers["content-type"].startswith("application/sparql-results+xml")
        assert NICT_NAME in fallback.text
    agreeing = {"format": "tsv", "output": "tsv", "results": "tsv"}
    tsv = httpx.get(server.sparql, params={"query": NICT, **agreeing})
    assert tsv.text.splitlines()[0] == "?label"


def test_unacceptable_accept_is_406(server: LiveServer) -> None:
    response = httpx.get(server.sparql, params={"query": NICT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"


def test_syntax_errors_carry_the_parsers_message_and_position(server: LiveServer) -> None:
    response = httpx.get(server.sparql, params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("SPARQL syntax error: error at 1:") and "expected" in detail


def test_repeated_queries_come_from_the_cache(server: LiveServer) -> None:
    query = NICT + " # cache test"
    first = httpx.get(server.sparql, params={"query": query})
    second = httpx.get(server.sparql, params={"query": query})
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.content == second.content


def test_updates_are_refused_on_a_read_only_server(server: LiveServer) -> None:
    response = httpx.post(
        server.sparql,
        content="CLEAR ALL",
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer anything"},
    )
    assert response.status_code == 403 and "disabled" in response.json()["detail"]
    assert int(httpx.get(server.url + "/healthz").json()["documents"]) == 1


def test_updates_need_the_right_token(start_server: Callable[..., LiveServer]) -> None:
    writable = start_server("--updates", "--token", "s3cret")
    insert = (
        "INSERT DATA { GRAPH <http://example.org/g> "
        "{ <http://example.org/s> <http://example.org/p> 1 } }"
    )
    headers = {"Content-Type": "application/sparql-update"}
    # RFC 6750: no token is a challenge; a wrong one (or another scheme) is invalid_token
    for auth, error in ((None, ""), ("Bearer wrong", "invalid_token"), ("Basic s3cret", "")):
        extra = {"Authorization": auth} if auth else {}
        refused = httpx.post(writable.sparql, content=insert, headers={**headers, **extra})
        assert refused.status_code == 401
        challenge = refused.headers["www-authenticate"]
        assert challenge.startswith("Bearer realm=")
        assert (f'error="{error}"' in challenge) if error else "error=" not in challenge
    ask = {"query": "ASK { <http://example.org/s> ?p ?o }"}
    assert httpx.get(writable.sparql, params=ask).json()["boolean"] is False
    done = httpx.post(
        writable.sparql, content=insert, headers={**headers, "Authorization": "Bearer s3cret"}
    )
    assert done.status_code == 204
    assert httpx.get(writable.sparql, params=ask).json()["boolean"] is True  # new snapshot


def test_service_and_load_make_no_outbound_requests(
    start_server: Callable[..., LiveServer],
) -> None:
    writable = start_server("--updates", "--token", "t")
    listener = Listener()
    target = f"http://127.0.0.1:{listener.port}/sparql"
    try:
        attempts = [
            httpx.get(
                writable.sparql,
                params={"query": f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"},
            ),
            httpx.get(
                writable.sparql,
                params={"query": f"SELECT * {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"},
            ),
            httpx.get(
                writable.sparql,
                params={
                    "query": "SELECT * { BIND(<" + target + "> AS ?e) SERVICE ?e { ?s ?p ?o } }"
                },
            ),
            httpx.post(
                writable.sparql,
                content=f"LOAD <{target}>",
                headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"},
            ),
        ]
        time.sleep(0.5)  # a connection, if one were made, would have arrived by now
    finally:
        listener.close()
    # The engine refuses a service named by a variable itself (a 400 with its reason);
    # the others reach the point of opening a socket, where the worker is stopped.
    assert [a.status_code for a in attempts] == [403, 403, 400, 403]
    assert "service name is unbound" in attempts[2].json()["detail"]
    refused = [attempts[i] for i in (0, 1, 3)]
    assert all("no outbound requests" in a.json()["detail"] for a in refused)
    assert str(listener.port) not in attempts[0].json()["detail"].replace(target, "")
    assert listener.connections == 0


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (query workers are forked by a helper process)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = {int(p) for p in path.read_text().split()} if path.exists() else set()
    return children.union(*(_descendants(child) for child in children))


def test_a_query_past_its_time_limit_is_stopped_while_lookups_go_on(server: LiveServer) -> None:
    workers_before = _descendants(server.process.pid)
    finished: dict[str, float] = {}
    slow_response: list[httpx.Response] = []

    def slow() -> None:
        slow_response.append(
            httpx.get(server.sparql, params={"query": CARTESIAN, "timeout": "2"}, timeout=60)
        )
        finished["slow"] = time.monotonic()

    thread = threading.Thread(target=slow)
    started = time.monotonic()
    thread.start()
    time.sleep(0.3)
    lookups = [httpx.get(server.sparql, params={"query": NICT + f" # {i}"}) for i in range(5)]
    finished["lookups"] = time.monotonic()
    thread.join(60)
    assert all(r.status_code == 200 and NICT_NAME in r.text for r in lookups)
    assert finished["lookups"] < finished["slow"]  # answered while the slow query ran
    response = slow_response[0]
    assert response.status_code == 503
    assert "ran longer than 2 s and was stopped" in response.json()["detail"]
    elapsed = finished["slow"] - started
    print(f"slow query stopped after {elapsed:.2f} s (limit 2 s)")
    workers_after = _descendants(server.process.pid)
    deadline = time.monotonic() + 10  # replacements start in the background
    while len(workers_after) != len(workers_before) and time.monotonic() < deadline:
        time.sleep(0.1)
        workers_after = _descendants(server.process.pid)
    assert len(workers_after) == len(workers_before)  # the killed worker was replaced
    assert workers_before - workers_after, "the worker running the slow query was ended"
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers_before - workers_after)


def test_limits_have_clear_errors(start_server: Callable[..., LiveServer]) -> None:
    small = start_server("--max-rows", "5")
    many = httpx.get(small.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert many.status_code == 200
    assert len(many.json()["results"]["bindings"]) == 5
    assert many.headers["x-result-truncated"].startswith("true; the result was cut at 5 rows")
    few = httpx.get(small.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "x-result-truncated" not in few.headers
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    too_long = httpx.post(small.sparql, data={"query": long_query})
    assert too_long.status_code == 413
    big_body = httpx.post(
        small.sparql,
        content=b"ASK {}" + b" " * 2_000_000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert big_body.status_code == 413 and "larger than" in big_body.json()["detail"]


def test_cors_for_reads_without_credentials(server: LiveServer) -> None:
    response = httpx.get(
        server.sparql, params={"query": NICT}, headers={"Origin": "https://example.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = httpx.options(
        server.sparql,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200


@pytest.mark.parametrize(
    ("method", "params", "content", "headers"),
    [
        ("GET", {"query": "\x00\x01"}, None, {}),
        ("GET", {"query": "SELECT * { ?s ?p ?o } LIMIT -1"}, None, {}),
        ("GET", {"query": "ASK {}", "timeout": "soon"}, None, {}),
        ("GET", {"query": "ASK {}", "timeout": "-3"}, None, {}),
        ("GET", {"query": "ASK {}", "default-graph-uri": "not an iri"}, None, {}),
        ("POST", {}, b"\xff\xfe", {"Content-Type": "application/sparql-query"}),
        ("POST", {}, b"query=%FF", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", {}, b"{}", {"Content-Type": "application/json"}),
        ("POST", {}, b"", {"Content-Type": "application/sparql-query"}),
        ("GET", {"query": "SELECT * { ?s ?p ?o FILTER(REGEX(?o, '(')) }"}, None, {}),
        ("GET", {"query": "DESCRIBE <>"}, None, {"Accept": "application/ld+json"}),
    ],
)
def test_nothing_a_client_sends_produces_a_500(
    server: LiveServer,
    method: str,
    params: dict,  # type: ignore[type-arg]
    content: bytes | None,
    headers: dict,
) -> None:  # type: ignore[type-arg]
    response = httpx.request(method, server.sparql, params=params, content=content, headers=headers)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert json.loads(response.text)["detail"]


DOC_GRAPH = "https://w3id.org/accordgraph/id/graph/doc/us-japan-tpd-2025"


def _rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    bindings = response.json()["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def test_the_query_names_its_own_dataset(server: LiveServer) -> None:
    """The union default graph applies only when neither the query nor the protocol
    names a dataset: FROM NAMED alone leaves the default graph empty, FROM makes it the
    graphs named, and the protocol's parameters override both."""
    count = "SELECT (COUNT(*) AS ?n) {from} WHERE { ?s a ag:Commitment }"
    everything = _rows(httpx.get(server.sparql, params={"query": count.replace("{from}", "")}))
    assert int(everything[0]["n"]) > 10
    for dataset, expected in (
        (f"FROM NAMED <{DOC_GRAPH}>", 0),
        (f"FROM <{DOC_GRAPH}>", int(everything[0]["n"])),
        ("FROM <http://example.org/nothing>", 0),
    ):
        query = count.replace("{from}", dataset)
        assert int(_rows(httpx.get(server.sparql, params={"query": query}))[0]["n"]) == expected
    named = f"SELECT DISTINCT ?g FROM NAMED <{DOC_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _rows(httpx.get(server.sparql, params={"query": named})) == [{"g": DOC_GRAPH}]
    # the protocol's dataset wins over the query's
    query = count.replace("{from}", "FROM <http://example.org/nothing>")
    overridden = httpx.get(server.sparql, params={"query": query, "default-graph-uri": DOC_GRAPH})
    assert int(_rows(overridden)[0]["n"]) == int(everything[0]["n"])
    # "from" in a string, an IRI, a variable or a comment names no dataset
    spelled = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a ag:Commitment BIND('FROM' AS ?from) } "
        "# FROM <http://example.org/nothing>"
    )
    assert _rows(httpx.get(server.sparql, params={"query": spelled})) == everything


def test_ask_asked_for_in_csv_or_tsv_is_answered_as_a_boolean(server: LiveServer) -> None:
    """CSV and TSV define SELECT results only: an ASK whose client accepts only them is
    answered in the JSON results format, which rdflib reads by its Content-Type."""
    from rdflib.query import Result

    questions = (("ASK { ?o skos:altLabel 'NICT' }", True), ("ASK { ?o ?p 'x9' }", False))
    for question, answer in questions:
        for media in ("text/csv", "text/tab-separated-values"):
            for params in ({}, {"format": media.rsplit("/", 1)[1][:3]}):
                response = httpx.get(
                    server.sparql, params={"query": question, **params}, headers={"Accept": media}
                )
                assert response.headers["content-type"].startswith(
                    "application/sparql-results+json"
                )
                parsed = Result.parse(source=io.BytesIO(response.content), format="json")
                assert parsed.type == "ASK" and parsed.askAnswer is answer
        for fmt in ("csv", "tsv"):
            store = Graph(SPARQLStore(server.sparql, returnFormat=fmt))
            assert store.query(question).askAnswer is answer
    refused = httpx.get(
        server.sparql, params={"query": questions[0][0]}, headers={"Accept": "image/png"}
    )
    assert refused.status_code == 406


def test_requests_that_are_not_sparql_are_400_not_the_description(server: LiveServer) -> None:
    form = httpx.post(server.sparql, data={"querry": "ASK {}"})
    assert form.status_code == 400 and "'query' or an 'update'" in form.json()["detail"]
    graph = httpx.get(server.sparql, params={"graph": DOC_GRAPH})
    assert graph.status_code == 400 and "/rdf-graphs" in graph.json()["detail"]
    bare = httpx.get(server.sparql, headers={"Accept": "text/turtle"})
    assert bare.status_code == 200 and "sparql-service-description" in bare.text


def test_the_service_description_in_every_rdf_format(server: LiveServer) -> None:
    from rdflib import Dataset

    for media, parser in (("application/n-quads", "nquads"), ("application/trig", "trig")):
        response = httpx.get(server.sparql, headers={"Accept": media})
        assert response.headers["content-type"].startswith(media)
        parsed = Dataset().parse(data=response.text, format=parser)
        assert any("graphStoreEndpoint" in str(p) for _s, p, _o, _g in parsed.quads())


def test_405_names_the_allowed_methods(server: LiveServer) -> None:
    response = httpx.delete(server.sparql)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert httpx.put(server.url + "/healthz").headers["allow"] == "GET"


def test_load_silent_is_a_no_op_and_load_is_refused(
    start_server: Callable[..., LiveServer],
) -> None:
    listener = Listener()
    try:
        writable = start_server("--updates", "--token", "t")
        target = f"http://127.0.0.1:{listener.port}/data.ttl"
        headers = {"Content-Type": "application/sparql-update", "Authorization": "Bearer t"}
        silent = httpx.post(writable.sparql, content=f"LOAD SILENT <{target}>", headers=headers)
        assert silent.status_code == 204
        loud = httpx.post(writable.sparql, content=f"LOAD <{target}>", headers=headers)
        assert loud.status_code == 403 and "no outbound requests" in loud.json()["detail"]
        listener.wait_for_connections(1, 1.0)
        assert listener.connections == 0
    finally:
        listener.close()


def test_the_stores_bookkeeping_is_not_in_what_users_query(server: LiveServer) -> None:
    meta = "https://w3id.org/accordgraph/id/graph/meta"
    bookkeeping = (
        "SELECT (COUNT(*) AS ?n) WHERE { { ?s ag:storeVersion ?v } UNION "
        "{ ?s ag:extractionSummary ?v } UNION { GRAPH <" + meta + "> { ?s ?p ?v } } }"
    )
    assert _rows(httpx.get(server.sparql, params={"query": bookkeeping})) == [{"n": "0"}]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    names = {row["g"] for row in _rows(httpx.get(server.sparql, params={"query": graphs}))}
    assert DOC_GRAPH in names and meta not in names
    description = httpx.get(server.sparql, headers={"Accept": "application/n-triples"}).text
    assert DOC_GRAPH in description and meta not in description
    assert httpx.get(server.url + "/rdf-graphs", params={"graph": meta}).status_code == 404
    # the server itself still reads it: the store's version is on every answer
    assert int(httpx.get(server.url + "/healthz").json()["store_version"]) >= 1
