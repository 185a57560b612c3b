"""The W3C SPARQL 1.1 Graph Store HTTP Protocol manifest (direct and indirect graph
identification), run in order against one live server with updates enabled: each test's
requests in sequence, the manifest's ``/gsp`` path prefix rewritten to ``/rdf-graphs``,
the bearer token added to every request, ``$LOCATION$`` replaced by the Location header
of the request that created a graph, and every expected body compared as a graph
(isomorphism) with what the server sent."""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import LiveServer
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

MANIFESTS = Path(__file__).parent / "w3c" / "graph-store-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
TOKEN = "gsp-test-token"


def _tests() -> list[tuple[Graph, URIRef]]:
    root = Graph().parse(MANIFESTS / "manifest.ttl", format="turtle")
    top = next(root.subjects(RDF.type, MF.Manifest))
    tests = []
    for included in Collection(root, root.value(top, MF.include)):
        manifest = Graph().parse(MANIFESTS / Path(str(included)).name, format="turtle")
        node = next(manifest.subjects(RDF.type, MF.Manifest))
        tests += [(manifest, t) for t in Collection(manifest, manifest.value(node, MF.entries))]
    return tests


TESTS = _tests()


def _status_codes(names: list[str]) -> set[int]:
    """``hts:NoContent`` → 204; ``hts:StatusCode2xx`` → 200–299."""
    codes: set[int] = set()
    for name in names:
        if match := re.fullmatch(r"StatusCode(\d)xx", name):
            codes |= set(range(int(match[1]) * 100, int(match[1]) * 100 + 100))
        else:
            phrase = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)  # NoContent: "No Content"
            codes |= {s.value for s in HTTPStatus if s.phrase.replace("-", " ") == phrase}
    return codes


def _headers(g: Graph, node: Any) -> dict[str, str]:
    listed = g.value(node, HT.headers)
    if listed is None:
        return {}
    return {
        str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
        for h in Collection(g, listed)
    }


def _requests(g: Graph, test: URIRef) -> list[dict[str, Any]]:
    requests = []
    for request in Collection(g, g.value(g.value(test, MF.action), HT.requests)):
        body = g.value(request, HT.body)
        response = g.value(request, HT.resp)
        expected_body = g.value(response, HT.body)
        requests.append(
            {
                "method": str(g.value(request, HT.methodName)),
                "path": str(g.value(request, HT.absolutePath)),
                "headers": _headers(g, request),
                "body": str(g.value(body, CNT.chars)) if body is not None else None,
                "status": _status_codes(
                    [str(s).rsplit("#", 1)[1] for s in g.objects(response, MF.expectedStatus)]
                ),
                "location": g.value(response, MF.expectedLocation),
                "response_headers": _headers(g, response),
                "response_body": (
                    str(g.value(expected_body, CNT.chars)) if expected_body is not None else None
                ),
            }
        )
    return requests


@pytest.fixture(scope="module")
def gsp_server(start_server: Callable[..., LiveServer]) -> LiveServer:
    return start_server("--updates", "--token", TOKEN)


def _reset(server: LiveServer) -> None:
    """Each manifest test starts from a store without the graphs the tests write (the
    manifest expects ``201 Created`` for graphs an earlier test made): every graph but the
    store's own and the bundled document's is dropped, and the default graph emptied."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
    rows = httpx.get(server.sparql, params={"query": query}).json()["results"]["bindings"]
    drops = [
        f"DROP SILENT GRAPH <{row['g']['value']}>"
        for row in rows
        if not row["g"]["value"].startswith("https://w3id.org/accordgraph/")
    ]
    update = " ;\n".join([*drops, "DROP SILENT DEFAULT"])
    headers = {**auth, "Content-Type": "application/sparql-update"}
    assert httpx.post(server.sparql, content=update, headers=headers).status_code == 204


def test_the_manifest_has_every_test() -> None:
    assert len(TESTS) == 13


@pytest.mark.parametrize(
    ("manifest", "test"), TESTS, ids=[str(t).rsplit("#", 1)[1] for _, t in TESTS]
)
def test_graph_store_protocol(gsp_server: LiveServer, manifest: Graph, test: URIRef) -> None:
    _reset(gsp_server)
    variables: dict[str, str] = {}

    def fill(text: str) -> str:
        for name, value in variables.items():
            text = text.replace(name, value)
        return text

    with httpx.Client(base_url=gsp_server.url, timeout=30) as client:
        for step, request in enumerate(_requests(manifest, test)):
            path = fill(re.sub(r"^/gsp", "/rdf-graphs", request["path"]))
            body = request["body"]
            response = client.request(
                request["method"],
                path,
                headers={**request["headers"], "Authorization": f"Bearer {TOKEN}"},
                content=fill(body).encode("utf-8") if body is not None else None,
            )
            where = f"step {step + 1}: {request['method']} {path}"
            assert response.status_code in request["status"], (where, response.text)
            if request["location"] is not None:
                variables[str(request["location"])] = response.headers["location"]
            for name, value in request["response_headers"].items():
                sent = response.headers.get(name, "")
                assert sent.replace(" ", "").lower() == value.replace(" ", "").lower(), where
            if request["response_body"] is not None and request["method"] != "HEAD":
                url = str(response.url).split("?", 1)[0]
                got = Graph().parse(data=response.text, format="turtle", publicID=url)
                expected = Graph().parse(
                    data=fill(request["response_body"]), format="turtle", publicID=url
                )
                assert isomorphic(got, expected), (where, response.text)


def test_the_default_graph_is_the_stores_own(gsp_server: LiveServer) -> None:
    """``?default`` is the graph SPARQL Update writes without GRAPH, not the union that a
    query without a dataset reads."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=gsp_server.url, timeout=30, headers=auth) as client:
        update = "INSERT DATA { <http://example.org/s> <http://example.org/p> 'in default' }"
        headers = {"Content-Type": "application/sparql-update"}
        assert client.post("/sparql", content=update, headers=headers).status_code == 204
        default = client.get("/rdf-graphs?default", headers={"Accept": "application/n-triples"})
        assert '"in default"' in default.text
        assert "us-japan" not in default.text  # the documents' graphs are named graphs
        assert client.delete("/rdf-graphs?default").status_code == 204
        ask = client.get("/sparql", params={"query": "ASK { ?s ?p 'in default' }"})
        assert ask.json()["boolean"] is False


def test_writes_need_the_token_and_bounded_valid_bodies(gsp_server: LiveServer) -> None:
    url = gsp_server.url + "/rdf-graphs?graph=http://example.org/guarded"
    turtle = {"Content-Type": "text/turtle"}
    data = b"<http://example.org/s> <http://example.org/p> 1 ."
    refused = httpx.put(url, content=data, headers=turtle)
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
    assert httpx.get(url).status_code == 404  # nothing was written
    auth = {"Authorization": f"Bearer {TOKEN}"}
    broken = httpx.put(url, content=b"<http://example.org/s> <p", headers={**turtle, **auth})
    assert broken.status_code == 400 and "does not parse" in broken.json()["detail"]
    unknown = httpx.put(url, content=data, headers={"Content-Type": "image/png", **auth})
    assert unknown.status_code == 415
    dataset = httpx.put(url, content=data, headers={"Content-Type": "application/trig", **auth})
    assert dataset.status_code == 415
    meta = gsp_server.url + "/rdf-graphs?graph=https://w3id.org/accordgraph/id/graph/meta"
    assert httpx.delete(meta, headers=auth).status_code == 403
    assert httpx.get(url).status_code == 404
    assert httpx.get(gsp_server.url + "/rdf-graphs").status_code == 400  # which graph?


def test_reading_is_open_and_negotiated(gsp_server: LiveServer) -> None:
    graph = "https://w3id.org/accordgraph/id/graph/doc/us-japan-tpd-2025"
    for accept, parser in (
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ):
        response = httpx.get(
            gsp_server.url + "/rdf-graphs", params={"graph": graph}, headers={"Accept": accept}
        )
        assert response.headers["content-type"].startswith(accept)
        parsed = Graph().parse(data=response.text, format=parser)
        assert len(parsed) > 100
        assert any("Technology Prosperity Deal" in str(o) for o in parsed.objects())
    head = httpx.head(gsp_server.url + "/rdf-graphs", params={"graph": graph})
    assert head.status_code == 200 and head.content == b""
