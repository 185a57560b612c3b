"""Linked Data: every IRI accordgraph mints resolves on the live server, with content
negotiation (Turtle, JSON-LD, N-Triples, RDF/XML, HTML), and the ontology is served at
its namespace."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from live_server import LiveServer
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from accordgraph.ontology import ontology_graph

BASE = "https://w3id.org/accordgraph/id/"
AG = Namespace("https://w3id.org/accordgraph/ontology#")
NSF = URIRef(BASE + "org/nsf")
FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def minted_iris(client: httpx.Client) -> list[str]:
    """Every IRI under the instance base that the store uses, asked over SPARQL."""
    query = f"""SELECT DISTINCT ?iri WHERE {{
        {{ ?iri ?p ?o }} UNION {{ ?s ?p ?iri }} UNION {{ GRAPH ?iri {{ ?s ?p ?o }} }}
        FILTER(isIRI(?iri) && STRSTARTS(STR(?iri), "{BASE}")) }}"""
    response = client.post(
        "/sparql",
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert "x-result-truncated" not in response.headers
    return [b["iri"]["value"] for b in response.json()["results"]["bindings"]]


def test_every_minted_iri_resolves(client: httpx.Client) -> None:
    iris = minted_iris(client)
    assert len(iris) > 1000  # organizations, areas, commitments, parts, spans, graphs …
    failures = []
    for iri in iris:
        response = client.get("/id/" + iri[len(BASE) :], headers={"Accept": "text/turtle"})
        if response.status_code != 200:
            failures.append((iri, response.status_code))
            continue
        graph = Graph().parse(data=response.text, format="turtle")
        if not any(URIRef(iri) in (s, o) for s, _, o in graph) and len(graph) == 0:
            failures.append((iri, "empty"))
    assert failures == []


@pytest.mark.parametrize("media", list(FORMATS))
def test_content_negotiation_gives_each_rdf_format(client: httpx.Client, media: str) -> None:
    response = client.get("/id/org/nsf", headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.text, format=FORMATS[media])
    assert (NSF, RDFS.label, Literal("National Science Foundation", lang="en")) in graph
    assert (NSF, AG.ror, URIRef("https://ror.org/021nxhr62")) in graph
    # Statements that point to it come too: commitments carried out through NSF.
    assert any(p == AG.through for _, p, o in graph if o == NSF)


def test_format_parameter_and_not_acceptable(client: httpx.Client) -> None:
    response = client.get("/id/org/nsf", params={"format": "nt"})
    assert response.headers["content-type"].startswith("application/n-triples")
    refused = client.get("/id/org/nsf", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
    assert client.get("/id/org/nsf", params={"format": "docx"}).status_code == 422


def test_browsers_get_a_page_with_labels_links_and_quotes(client: httpx.Client) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    # a browser is sent to the organization's page; its statements are at ?format=html
    sent = client.get("/id/org/ntia", headers={"Accept": accept})
    assert sent.status_code == 303 and sent.headers["location"] == "/organizations/ntia"
    page = client.get("/id/org/ntia", params={"format": "html"}, headers={"Accept": accept})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<h1>National Telecommunications and Information Administration</h1>" in html
    assert 'href="/id/org/doc"' in html  # its parent, resolved here
    assert 'href="/ontology#GovernmentAgency"' in html  # its type, in the ontology page
    assert "<mark>U.S. National Telecommunications and Information Administration</mark>" in html
    assert 'href="/documents/us-japan-tpd-2025/text?start=' in html  # the text, highlighted
    assert "http://" not in html.split("<body>")[1].replace("http://www.", "")  # no assets


def test_a_commitment_page_quotes_its_text(client: httpx.Client) -> None:
    html = client.get(
        "/id/doc/us-japan-tpd-2025/commitment/3", headers={"Accept": "text/html"}
    ).text
    assert "<mark>Driving innovative research to accelerate the application of AI" in html
    assert 'href="/id/org/riken"' in html


def test_a_graph_iri_returns_the_graph(client: httpx.Client) -> None:
    response = client.get("/id/graph/doc/us-japan-tpd-2025", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    assert len(graph) > 1000
    assert (URIRef(BASE + "doc/us-japan-tpd-2025"), RDF.type, AG.SourceDocument) in graph


def test_unknown_iris_are_404(client: httpx.Client) -> None:
    response = client.get("/id/org/no-such-org")
    assert response.status_code == 404
    assert response.json()["detail"] == f"nothing is known about {BASE}org/no-such-org"


def test_the_ontology_is_served_at_its_namespace(client: httpx.Client) -> None:
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert set(graph) == set(ontology_graph())
    assert (URIRef(str(AG).rstrip("#")), RDF.type, OWL.Ontology) in graph
    jsonld = client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)
    html = client.get("/ontology", headers={"Accept": "text/html"}).text
    for term in ("Commitment", "through", "viaPartnership", "OrganizationTechnologyLink"):
        assert f'id="{term}"' in html


def test_a_deployment_base_resolves_under_its_own_path(
    start_server: Callable[..., LiveServer],
) -> None:
    server = start_server("--base", "http://localhost:9/kg/")
    with httpx.Client(base_url=server.url, timeout=30) as c:
        response = c.get("/kg/org/nsf", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        graph = Graph().parse(data=response.text, format="turtle")
        assert (URIRef("http://localhost:9/kg/org/nsf"), RDFS.label, None) in graph
        assert c.get("/id/org/nsf", headers={"Accept": "text/turtle"}).status_code == 200
