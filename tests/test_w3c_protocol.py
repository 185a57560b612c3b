"""The W3C SPARQL 1.1 Protocol and Service Description test manifests, run against a live
server started with updates enabled (the runner adds the bearer token to every request).
Each manifest request's ``/sparql/`` path is rewritten to the server's ``/sparql``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from live_server import LiveServer
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

from accordgraph.settings import store_dir

W3C = Path(__file__).parent / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
TOKEN = "w3c-test-token"
RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def _manifest(path: Path) -> tuple[Graph, list[URIRef]]:
    graph = Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


PROTOCOL, PROTOCOL_TESTS = _manifest(W3C / "protocol" / "manifest.ttl")


def _requests(test: URIRef) -> list[dict[str, Any]]:
    g = PROTOCOL
    action = g.value(test, MF.action)
    requests = []
    for request in Collection(g, g.value(action, HT.requests)):
        body = g.value(request, HT.body)
        headers = {}
        if g.value(request, HT.headers) is not None:
            for header in Collection(g, g.value(request, HT.headers)):
                headers[str(g.value(header, HT.fieldName))] = str(g.value(header, HT.fieldValue))
        response = g.value(request, HT.resp)
        requests.append(
            {
                "method": str(g.value(request, HT.methodName)),
                "path": str(g.value(request, HT.absolutePath)),
                "headers": headers,
                "body": str(g.value(body, CNT.chars)) if body is not None else None,
                "status": {
                    str(s).rsplit("#", 1)[1] for s in g.objects(response, MF.expectedStatus)
                },
                "format": str(g.value(response, MF.expectedFormat) or ""),
                "boolean": g.value(response, MF.expectedBoolean),
            }
        )
    return requests


@pytest.fixture(scope="module")
def w3c_server(
    start_server: Callable[..., LiveServer], tmp_path_factory: pytest.TempPathFactory
) -> LiveServer:
    """A server whose store holds the manifest's data graphs, with updates enabled."""
    data = tmp_path_factory.mktemp("w3c") / "data"
    store_dir(data).mkdir(parents=True)
    store = ox.Store(str(store_dir(data)))
    for name in ("data1", "data2", "data3"):
        graph = ox.NamedNode(f"http://kasei.us/2009/09/sparql/data/{name}.rdf")
        store.load(
            path=str(W3C / "protocol" / f"{name}.nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=graph
        )
    store.flush()
    del store
    return start_server("--updates", "--token", TOKEN, data=data)


def _boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media.endswith("json"):
        return bool(json.loads(response.text)["boolean"])
    assert media.endswith("xml"), media
    return "<boolean>true</boolean>" in response.text


@pytest.mark.parametrize("test", PROTOCOL_TESTS, ids=lambda t: str(t).rsplit("#", 1)[1])
def test_protocol(w3c_server: LiveServer, test: URIRef) -> None:
    with httpx.Client(base_url=w3c_server.url, timeout=30) as client:
        for request in _requests(test):
            path = request["path"].replace("/sparql/", "/sparql", 1)
            headers = {**request["headers"], "Authorization": f"Bearer {TOKEN}"}
            body = request["body"]
            if "charset=UTF-16" in headers.get("content-type", ""):
                content = body.encode("utf-16") if body else None
            else:
                content = body.encode("utf-8") if body is not None else None
            response = client.request(request["method"], path, headers=headers, content=content)
            status_class = f"StatusCode{str(response.status_code)[0]}xx"
            assert status_class in request["status"], (response.status_code, response.text)
            assert response.status_code != 500
            if request["format"] == "boolean":
                value = _boolean(response)
                if request["boolean"] is not None:
                    assert value == bool(request["boolean"].toPython())
            elif request["format"] == "tabular":
                media = response.headers["content-type"].split(";")[0]
                assert media in (
                    "application/sparql-results+json",
                    "application/sparql-results+xml",
                ), media
                assert "bindings" in response.text or "<results>" in response.text
            elif request["format"] == "RDF":
                media = response.headers["content-type"].split(";")[0]
                Graph().parse(data=response.text, format=RDF_PARSERS[media])


SD_GRAPH, SD_TESTS = _manifest(W3C / "service-description" / "manifest.ttl")


def _description(server: LiveServer, accept: str = "text/turtle") -> tuple[httpx.Response, Graph]:
    response = httpx.get(server.sparql, headers={"Accept": accept})
    media = response.headers["content-type"].split(";")[0]
    return response, Graph().parse(data=response.text, format=RDF_PARSERS[media])


@pytest.mark.parametrize("test", SD_TESTS, ids=lambda t: str(t).rsplit("#", 1)[1])
def test_service_description(server: LiveServer, test: URIRef) -> None:
    name = str(test).rsplit("#", 1)[1]
    response, graph = _description(server)
    assert response.status_code == 200
    service = graph.value(predicate=RDF.type, object=SD.Service)
    if name == "returns-rdf":
        assert len(graph) > 10 and service is not None
        for accept in RDF_PARSERS:
            assert len(_description(server, accept)[1]) == len(graph)
    elif name == "has-endpoint-triple":
        assert (service, SD.endpoint, URIRef(server.sparql)) in graph
    else:  # conforms-to-schema: the terms the SD vocabulary defines, with their ranges
        assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
        assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph  # read-only
        formats = set(graph.objects(service, SD.resultFormat))
        assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
        dataset = graph.value(service, SD.defaultDataset)
        assert (dataset, RDF.type, SD.Dataset) in graph
        names = {str(graph.value(n, SD.name)) for n in graph.objects(dataset, SD.namedGraph)}
        assert "https://w3id.org/accordgraph/id/graph/doc/us-japan-tpd-2025" in names
