"""The W3C SPARQL 1.0 and 1.1 query and update syntax tests (``tests/w3c/rdf-tests``),
run in-process on pyoxigraph and against a live server: a positive test's text must be
accepted, a negative one's refused as a syntax error.

In-process, a query is run by ``Store().query`` (on an empty store, its solutions read)
and an update by ``Store().update``; only a SyntaxError counts as a refusal. A text that
parses may still fail to run, for reasons other than syntax: ``LOAD`` without a network
(pyoxigraph does try to fetch the IRI), ``DROP GRAPH <g>`` of a graph that does not exist,
a call of a function the engine does not know.

Over HTTP the text is sent as the test gives it: a query by direct POST, over an empty
default graph as in-process (and so that evaluating it is instant); an update by form POST
with the bearer token. A negative test must be answered 400 with a problem document. A
positive one that runs in-process must be answered 200 with a results document or a graph
(a query) or 204 (an update); one that parses but fails to run in-process must be
answered with a client error that does not call it a syntax error. The server's store
does not matter: each positive update test runs after ``DROP ALL``, on an empty store as
in-process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pyoxigraph as ox
import pytest
from live_server import LiveServer
from w3c_suites import (
    EMPTY_GRAPH,
    QUERY_SYNTAX,
    TOKEN,
    UPDATE_SYNTAX,
    W3CTest,
    parse_response,
    select_tests,
    with_expected_failures,
    writable_server,
)

FAILS_IN_PROCESS: dict[str, str] = {
    "sparql10/syntax-sparql3/syn-bad-26": (
        "Oxigraph's tokenizer does not follow the longest-token rule: it reads "
        "'?x<?a&&?b>?y' as '?x < ?a && ?b > ?y' where '<?a&&?b>' is an IRI reference, "
        "which makes the filter a syntax error"
    ),
}

TESTS = select_tests(QUERY_SYNTAX | UPDATE_SYNTAX)


def _outcome(test: W3CTest) -> tuple[str, str]:
    """("refused", error) if pyoxigraph raises a SyntaxError for the test's text, else
    ("ran", "") or, if running it failed for another reason, ("failed", error)."""
    store = ox.Store()
    try:
        if test.kind in UPDATE_SYNTAX:
            store.update(test.text, base_iri=test.action)
        else:
            result = store.query(test.text, base_iri=test.action)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except SyntaxError as exc:
        return "refused", str(exc)
    except (OSError, ValueError, RuntimeError) as exc:
        return "failed", f"{type(exc).__name__}: {exc}"
    return "ran", ""


@pytest.mark.parametrize("test", with_expected_failures(TESTS, FAILS_IN_PROCESS))
def test_in_process(test: W3CTest) -> None:
    outcome, error = _outcome(test)
    if test.positive:
        assert outcome != "refused", f"{test.name}: refused: {error}\n{test.text}"
    else:
        assert outcome == "refused", f"{test.name}: accepted\n{test.text}"


@pytest.fixture(scope="module")
def syntax_server(
    start_server: Callable[..., LiveServer], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server with updates enabled, whose data does not matter."""
    yield from writable_server(start_server, tmp_path_factory.mktemp("w3c-syntax") / "data")


def _update(client: httpx.Client, text: str) -> httpx.Response:
    return client.post(
        "/sparql", data={"update": text}, headers={"Authorization": f"Bearer {TOKEN}"}
    )


def _send(client: httpx.Client, test: W3CTest) -> httpx.Response:
    if test.kind in UPDATE_SYNTAX:
        if test.positive:
            # As in-process, on an empty store: what an earlier test wrote (CREATE GRAPH
            # <graph>) must not decide whether this one runs (CLEAR GRAPH <graph>).
            reset = _update(client, "DROP ALL")
            assert reset.status_code == 204, f"DROP ALL: {_excerpt(reset)}"
        return _update(client, test.text)
    return client.post(
        "/sparql",
        params={"default-graph-uri": EMPTY_GRAPH},
        content=test.text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query"},
    )


def _excerpt(response: httpx.Response) -> str:
    return f"HTTP {response.status_code}, body: {response.text[:300]!r}"


def _problem(response: httpx.Response, where: str) -> str:
    """The detail of a problem document (RFC 9457) answering a client error."""
    assert 400 <= response.status_code < 500, where
    media = response.headers.get("content-type", "").split(";")[0]
    assert media == "application/problem+json", where
    problem = json.loads(response.text)
    assert problem["status"] == response.status_code and problem["detail"], where
    return str(problem["detail"])


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_over_http(syntax_server: LiveServer, test: W3CTest) -> None:
    """As in-process: refused as a syntax error (400), run (200 or 204), or accepted but
    not run (a client error that is not a syntax error); for a test pyoxigraph fails
    in-process, only no server error is required."""
    with httpx.Client(base_url=syntax_server.url, timeout=60) as client:
        response = _send(client, test)
    outcome, error = _outcome(test)
    where = f"{test.name}: {_excerpt(response)}\n{test.text}"
    if test.id in FAILS_IN_PROCESS:
        assert response.status_code < 500, where
    elif outcome == "refused":
        assert response.status_code == 400, where
        _problem(response, where)
    elif outcome == "failed":
        detail = _problem(response, f"in-process: {error}\n{where}")
        assert "syntax error" not in detail.lower(), where
    elif test.kind in UPDATE_SYNTAX:
        assert response.status_code == 204, where
        assert response.content == b"", where
    else:
        assert response.status_code == 200, where
        parse_response(response)  # a results document or a graph, well formed


def test_expected_failures_are_tests() -> None:
    assert set(FAILS_IN_PROCESS) <= {t.id for t in TESTS}
