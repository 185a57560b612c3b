"""No request makes the server open a network connection, however the query is written.

Hundreds of spellings of ``SERVICE`` and ``LOAD`` (the bypasses found against the old
text guard, comments ended every way, escapes, Unicode escapes, every pattern form, every
protocol parameter, updates) go to a live server while a loopback listener counts
connections: it must count none. To show the spellings are real, each query is first run
by an unconfined in-process Oxigraph against a second listener: every spelling that
makes that engine connect must be answered 403 by the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pyoxigraph as ox
import pytest
from listener import Listener
from live_server import LiveServer

SERVICE_SPELLINGS: dict[str, str] = {
    "plain": "SERVICE <{t}> {{ ?x ?y ?z }}",
    "silent": "SERVICE SILENT <{t}> {{ ?x ?y ?z }}",
    "lower case": "service <{t}> {{ ?x ?y ?z }}",
    "mixed case": "SeRvIcE <{t}> {{ ?x ?y ?z }}",
    "comment ended by CR": "# c\rSERVICE <{t}> {{ ?x ?y ?z }}",
    "comment ended by LF": "# c\nSERVICE <{t}> {{ ?x ?y ?z }}",
    "comment ended by CRLF": "# c\r\nSERVICE <{t}> {{ ?x ?y ?z }}",
    "comment then form feed": "# c\fSERVICE <{t}> {{ ?x ?y ?z }}\n",
    "hash in a prefixed name": "BIND(ag:x#;'''\n AS ?v) SERVICE <{t}> {{ ?x ?y ?z }} "
    "BIND(ag:y#;'''\n AS ?w)",
    "escaped quote in a local name": "BIND(ag:x\\;\\' AS ?v) SERVICE <{t}> {{ ?x ?y ?z }} # '\n",
    "quote in an IRI written with an escape": "?a <a\\u0041'> ?b . SERVICE <{t}> "
    "{{ ?x ?y ?z }} ?c <b'> ?d .",
    "keyword as a Unicode escape": "\\u0053ERVICE <{t}> {{ ?x ?y ?z }}",
    "keyword as a long Unicode escape": "\\U00000053ERVICE <{t}> {{ ?x ?y ?z }}",
    "IRI with Unicode escapes": "SERVICE <{escaped}> {{ ?x ?y ?z }}",
    "prefixed name": "SERVICE remote: {{ ?x ?y ?z }}",
    "relative IRI against the base": "SERVICE <> {{ ?x ?y ?z }}",
    "no whitespace": "SERVICE<{t}>{{?x ?y ?z}}",
    "tabs and form feeds": "\tSERVICE\f<{t}>\t{{ ?x ?y ?z }}",
}
CONTEXTS: dict[str, str] = {
    "group": "SELECT * WHERE {{ {s} }}",
    "optional": "SELECT * WHERE {{ OPTIONAL {{ {s} }} }}",
    "union": "SELECT * WHERE {{ {{ BIND(1 AS ?one) }} UNION {{ {s} }} }}",
    "minus": "SELECT * WHERE {{ BIND(1 AS ?one) MINUS {{ {s} }} }}",
    "filter exists": "SELECT * WHERE {{ BIND(1 AS ?one) FILTER EXISTS {{ {s} }} }}",
    "filter not exists": "SELECT * WHERE {{ BIND(1 AS ?one) FILTER NOT EXISTS {{ {s} }} }}",
    "subquery": "SELECT * WHERE {{ {{ SELECT * WHERE {{ {s} }} }} }}",
    "graph": "SELECT * WHERE {{ GRAPH ?g {{ {s} }} }}",
    "nested groups": "SELECT * WHERE {{ {{ {{ {{ {s} }} }} }} }}",
    "ask": "ASK {{ {s} }}",
    "construct": "CONSTRUCT {{ ?x ?y ?z }} WHERE {{ {s} }}",
    "describe": "DESCRIBE ?x WHERE {{ {s} }}",
}
PROTOCOLS = ("get", "form", "direct")
UPDATE_SPELLINGS: dict[str, str] = {
    "load": "LOAD <{t}>",
    "load silent": "LOAD SILENT <{t}>",
    "load into a graph": "LOAD <{t}> INTO GRAPH <http://example.org/g>",
    "load, lower case, after a CR comment": "# x\rload <{t}>",
    "load as a Unicode escape": "\\u004cOAD <{t}>",
    "load after another operation": "INSERT DATA {{ <http://a> <http://b> 1 }} ; LOAD <{t}>",
    "insert where service": "INSERT {{ ?x ?y ?z }} WHERE {{ SERVICE <{t}> {{ ?x ?y ?z }} }}",
    "delete insert where service": "DELETE {{ ?x ?y ?z }} INSERT {{ ?x ?y ?z }} "
    "WHERE {{ OPTIONAL {{ SERVICE <{t}> {{ ?x ?y ?z }} }} }}",
    "insert where service in a subquery": "INSERT {{ ?x ?y ?z }} WHERE "
    "{{ {{ SELECT * WHERE {{ SERVICE <{t}> {{ ?x ?y ?z }} }} }} }}",
    "service behind a hash in a prefixed name": "INSERT {{ ?x ?y ?z }} WHERE "
    "{{ BIND(ag:x#;'''\n AS ?v) SERVICE <{t}> {{ ?x ?y ?z }} BIND(ag:y#;'''\n AS ?w) }}",
}
SILENT = {"load silent"}
PREAMBLE = "PREFIX ag: <https://w3id.org/accordgraph/ontology#>\nPREFIX remote: <{t}>\n"


@dataclass(frozen=True)
class Attempt:
    name: str
    text: str
    protocol: str
    update: bool = False


def escaped(target: str) -> str:
    """The target IRI with its letters written as Unicode escapes."""
    return "".join(f"\\u{ord(c):04X}" if c.isalpha() else c for c in target)


def queries(target: str) -> Iterator[tuple[str, str]]:
    for s_name, spelling in SERVICE_SPELLINGS.items():
        clause = spelling.format(t=target, escaped=escaped(target))
        for c_name, context in CONTEXTS.items():
            base = f"BASE <{target}>\n" if "relative" in s_name else "BASE <http://example.org/>\n"
            text = base + PREAMBLE.format(t=target) + context.format(s=clause)
            yield f"{s_name} in {c_name}", text


def updates(target: str) -> Iterator[tuple[str, str]]:
    for name, spelling in UPDATE_SPELLINGS.items():
        yield name, PREAMBLE.format(t=target) + spelling.format(t=target)


def engine_connects(listener: Listener, text: str, update: bool) -> bool:
    """Whether plain, unconfined Oxigraph opens a connection for this text (to a loopback
    listener that closes every connection at once, so nothing waits)."""
    before = listener.connections
    store = ox.Store()
    try:
        if update:
            store.update(text)
        else:
            result = store.query(text)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass
    listener.wait_for_connections(before + 1, 0.3)
    return listener.connections > before


def send(server: LiveServer, attempt: Attempt) -> httpx.Response:
    if attempt.update:
        return httpx.post(
            server.sparql,
            content=attempt.text,
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"},
            timeout=30,
        )
    if attempt.protocol == "get":
        return httpx.get(server.sparql, params={"query": attempt.text}, timeout=30)
    if attempt.protocol == "form":
        return httpx.post(server.sparql, data={"query": attempt.text}, timeout=30)
    return httpx.post(
        server.sparql,
        content=attempt.text,
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )


@pytest.fixture(scope="module")
def writable(start_server: Callable[..., LiveServer]) -> LiveServer:
    return start_server("--updates", "--token", "t", "--timeout", "10")


def test_no_spelling_of_service_or_load_opens_a_connection(writable: LiveServer) -> None:
    witness = Listener()  # what an unconfined engine does with each text
    listener = Listener()  # what the server does: must stay at zero
    try:
        target = f"http://127.0.0.1:{listener.port}/sparql"
        witness_target = f"http://127.0.0.1:{witness.port}/sparql"
        # Each spelling in each pattern form once, the protocols taking turns (so each
        # spelling goes by GET, form POST and direct POST in some form).
        attempts = [
            Attempt(name, text, PROTOCOLS[i % len(PROTOCOLS)])
            for i, (name, text) in enumerate(queries(target))
        ] + [Attempt(name, text, "update", update=True) for name, text in updates(target)]
        assert len(attempts) >= 200
        real = {
            name
            for name, text in [*queries(witness_target), *updates(witness_target)]
            if engine_connects(witness, text, update=name in UPDATE_SPELLINGS)
        }
        # Most spellings really reach the network in a plain engine, so the suite tests
        # something. The others are not SERVICE calls to Oxigraph 0.5: it reads no
        # Unicode escape in a keyword, no form feed as white space, and skips a MINUS or
        # FILTER EXISTS whose pattern shares no variable with the rest.
        assert len(real & {n for n, _ in queries(target)}) >= 150, sorted(real)
        assert len(real & set(UPDATE_SPELLINGS)) >= 8, sorted(real)
        answers = {(a.name, a.protocol): send(writable, a) for a in attempts}
        listener.wait_for_connections(1, 1.0)
        assert listener.connections == 0
    finally:
        listener.close()
        witness.close()
    statuses = {key: r.status_code for key, r in answers.items()}
    assert all(status < 500 for status in statuses.values()), statuses
    for (name, protocol), response in answers.items():
        if name in SILENT:  # the engine's own SILENT: the load fails quietly, a no-op
            assert response.status_code == 204, (name, protocol, response.text)
        elif name in real:
            assert response.status_code == 403, (name, protocol, response.text)
            assert "no outbound requests" in response.json()["detail"]
    # The server keeps answering afterwards, with fresh workers.
    ok = httpx.get(writable.sparql, params={"query": "ASK { ?o skos:altLabel 'NSF' }"})
    assert ok.json()["boolean"] is True


def test_using_graph_uri_cannot_splice_a_service_into_an_update(writable: LiveServer) -> None:
    listener = Listener()
    try:
        target = f"http://127.0.0.1:{listener.port}/"
        injected = (
            f"http://g/> WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} ; "
            "INSERT { <a:b> <a:c> 1 } USING <http://h/"
        )
        response = httpx.post(
            writable.sparql,
            params={"using-graph-uri": injected},
            content="INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"},
        )
        listener.wait_for_connections(1, 1.0)
        assert listener.connections == 0
    finally:
        listener.close()
    assert response.status_code == 400
    assert "is not an IRI" in response.json()["detail"]


def test_the_command_line_makes_no_outbound_requests(tmp_path: object) -> None:
    import subprocess

    listener = Listener()
    try:
        query = (
            f"SELECT * WHERE {{ # c\rSERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
        )
        result = subprocess.run(
            ["accordgraph", "query", "--data", str(tmp_path), query],
            capture_output=True,
            text=True,
            timeout=120,
        )
        listener.wait_for_connections(1, 1.0)
        assert listener.connections == 0
    finally:
        listener.close()
    assert result.returncode == 1
    assert result.stderr.strip().endswith("this server makes no outbound requests")
    assert "Traceback" not in result.stderr
