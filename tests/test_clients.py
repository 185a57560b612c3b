"""Client interoperability: SPARQLWrapper, rdflib's SPARQLStore and SPARQLUpdateStore, curl,
and one keep-alive httpx client, against live servers whose stores hold a few small named
graphs (built with pyoxigraph before the server starts). Every test checks what the client
parsed out of the answer: the bindings, the boolean, the triples; not only the status.

Media types, as the service description advertises them: SELECT and ASK answer in SPARQL
results JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD,
RDF/XML, TriG or N-Quads. The default graph, when neither the query nor the protocol names
a dataset, is the union of all graphs.
"""

from __future__ import annotations

import io
import json
import subprocess
import urllib.error
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.dom.minidom import Document, Element

import httpx
import pyoxigraph as ox
import pytest
from live_server import LiveServer
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Node
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper import RDF as RDF_GRAPH
from SPARQLWrapper.Wrapper import QueryResult

from accordgraph.settings import store_dir

# SPARQLWrapper warns whenever it sends "Accept: */*" or gets another format than the one it
# named; both are expected here (the tests check what it got instead).
pytestmark = pytest.mark.filterwarnings(
    "ignore::RuntimeWarning:SPARQLWrapper",
    "ignore::DeprecationWarning:SPARQLWrapper",
    "ignore::DeprecationWarning:rdflib",  # its own ConjunctiveGraph, inside its parsers
)

TOKEN = "client-test-token"
EX = Namespace("http://example.org/")
PEOPLE = URIRef("http://example.org/graph/people")
PLACES = URIRef("http://example.org/graph/places")
DOTS = URIRef("http://example.org/graph/dots")
TRIG = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
GRAPH <http://example.org/graph/people> {
    ex:alice a ex:Person ; rdfs:label "Alice"@en ; ex:age "42"^^xsd:integer ; ex:knows ex:bob .
    ex:bob a ex:Person ; rdfs:label "Bob"@en .
}
GRAPH <http://example.org/graph/places> {
    ex:tokyo a ex:City ; rdfs:label "東京", "Tokyo"@en ;
        ex:founded "1457-01-01"^^xsd:date ; ex:population "13960000"^^xsd:integer .
}
GRAPH <http://example.org/graph/dots> {
    <http://example.org/a.b> <http://example.org/p.q> <http://example.org/c.d> ;
        rdfs:label "ドット"@ja .
}
"""
Triple = tuple[Node, Node, Node]
Row = tuple[Node | None, ...]  # a solution; None where a variable is unbound
TOKYO: set[Triple] = {
    (EX.tokyo, RDF.type, EX.City),
    (EX.tokyo, RDFS.label, Literal("東京")),
    (EX.tokyo, RDFS.label, Literal("Tokyo", lang="en")),
    (EX.tokyo, EX.founded, Literal("1457-01-01", datatype=XSD.date)),
    (EX.tokyo, EX.population, Literal("13960000", datatype=XSD.integer)),
}
DOTTED: set[Triple] = {
    (EX["a.b"], EX["p.q"], EX["c.d"]),
    (EX["a.b"], RDFS.label, Literal("ドット", lang="ja")),
}
GRAPHS: dict[URIRef, set[Triple]] = {
    PEOPLE: {
        (EX.alice, RDF.type, EX.Person),
        (EX.alice, RDFS.label, Literal("Alice", lang="en")),
        (EX.alice, EX.age, Literal("42", datatype=XSD.integer)),
        (EX.alice, EX.knows, EX.bob),
        (EX.bob, RDF.type, EX.Person),
        (EX.bob, RDFS.label, Literal("Bob", lang="en")),
    },
    PLACES: TOKYO,
    DOTS: DOTTED,
}

PREFIXES = (
    "PREFIX ex: <http://example.org/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
SELECT_Q = PREFIXES + "SELECT ?p ?o WHERE { ex:tokyo ?p ?o }"
SELECT_ROWS: set[Row] = {(p, o) for _, p, o in TOKYO}
ASK_TRUE = PREFIXES + 'ASK { ex:tokyo rdfs:label "東京" }'
ASK_FALSE = PREFIXES + 'ASK { ex:tokyo rdfs:label "大阪" }'
CONSTRUCT_Q = PREFIXES + "CONSTRUCT { ex:tokyo ?p ?o } WHERE { ex:tokyo ?p ?o }"
DESCRIBE_Q = PREFIXES + "DESCRIBE ex:tokyo"
QUERIES = {"SELECT": SELECT_Q, "ASK": ASK_TRUE, "CONSTRUCT": CONSTRUCT_Q, "DESCRIBE": DESCRIBE_Q}

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
# SPARQL 1.1 Query Results CSV and TSV Formats define only SELECT results ("their use for
# expressing SPARQL query results from SELECT queries"): there is no CSV or TSV boolean.
# An ASK answer a client can read as a boolean is JSON or XML, whatever else it accepts.
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
FITS = {
    "SELECT": set(RESULT_TYPES),
    "ASK": BOOLEAN_TYPES,
    "CONSTRUCT": set(RDF_TYPES),
    "DESCRIBE": set(RDF_TYPES),
}


def _data(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    data = tmp_path_factory.mktemp(name) / "data"
    store_dir(data).mkdir(parents=True)
    store = ox.Store(str(store_dir(data)))
    store.load(TRIG.encode(), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return data


@pytest.fixture(scope="module")
def reads(
    start_server: Callable[..., LiveServer], tmp_path_factory: pytest.TempPathFactory
) -> LiveServer:
    """The server the read-only tests query (no test writes to it)."""
    return start_server("--updates", "--token", TOKEN, data=_data(tmp_path_factory, "reads"))


@pytest.fixture(scope="module")
def writes(
    start_server: Callable[..., LiveServer], tmp_path_factory: pytest.TempPathFactory
) -> LiveServer:
    """A second server, for the tests that write."""
    return start_server("--updates", "--token", TOKEN, data=_data(tmp_path_factory, "writes"))


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _charset_is_utf8(content_type: str) -> bool:
    """No charset parameter, or UTF-8."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower() in ("utf-8", "utf8")
    return True


def _rows(result: Result) -> set[Row]:
    return {tuple(row) for row in result}  # type: ignore[arg-type]


def _solutions(media: str, body: bytes) -> set[Row]:
    """The rows of a results document, parsed by rdflib's parser for its media type."""
    return _rows(Result.parse(io.BytesIO(body), format=RESULT_TYPES[media]))


def _as_csv(rows: set[Row]) -> set[tuple[str, ...]]:
    """Rows as CSV carries them: every term as its string (CSV drops kinds, tags, types)."""
    return {tuple(str(term) for term in row) for row in rows}


def _check_solutions(media: str, rows: set[Row]) -> None:
    if media == "text/csv":
        assert _as_csv(rows) == _as_csv(SELECT_ROWS)
    else:
        assert rows == SELECT_ROWS


def _triples(media: str, body: bytes) -> set[Triple]:
    """The triples of an RDF document, parsed by rdflib's parser for its media type (a
    dataset format's quads, whatever their graph)."""
    dataset = Dataset()
    dataset.parse(data=body, format=RDF_TYPES[media])
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


def _from_ox(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal), term
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # rdflib's plain literal
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _ox_triples(media: str, body: bytes) -> set[Triple]:
    """The same, parsed by pyoxigraph (a strict parser)."""
    quads = ox.parse(body, format=ox.RdfFormat.from_media_type(media))
    return {(_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)) for q in quads}


# --- SPARQLWrapper ----------------------------------------------------------------------
#
# What SPARQLWrapper 2.0.0 sends (Wrapper._getAcceptHeader and _getRequestEncodedParameters):
# the Accept header by query form and return format, and, unless setOnlyConneg(True),
# format=, output= and results= parameters carrying the return format's name; for TSV,
# JSONLD and RDFXML each of the three is repeated with the Accept header as a second value
# ("" when that is */*). With GET the parameters are in the URL, with POST (URL-encoded) in
# the body beside query=, with POSTDIRECTLY in the URL while the query is the body
# (Content-Type: application/sparql-query).
SW_FORMATS = [JSON, XML, CSV, TSV, N3, TURTLE, RDF_GRAPH, RDFXML, JSONLD]
SW_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SW_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
SW_ACCEPT: dict[tuple[bool, str], str] = {
    # (is the form CONSTRUCT or DESCRIBE, return format): Accept header
    **{(False, fmt): "*/*" for fmt in SW_FORMATS},
    (False, JSON): SW_JSON,
    (False, XML): "application/sparql-results+xml",
    (False, CSV): "text/csv",
    (False, TSV): "text/tab-separated-values",
    **{(True, fmt): "*/*" for fmt in SW_FORMATS},
    (True, TURTLE): "application/turtle,text/turtle",
    (True, N3): SW_N3,
    (True, XML): "application/rdf+xml",
    (True, RDFXML): "application/rdf+xml",
    (True, JSONLD): "application/ld+json,application/x-json+ld",
}


def _sw_accept(form: str, fmt: str) -> str:
    return SW_ACCEPT[(form in ("CONSTRUCT", "DESCRIBE"), fmt)]


def _sw_params(form: str, fmt: str) -> list[tuple[str, str]]:
    accept = _sw_accept(form, fmt)
    values = [fmt] + ([accept if accept != "*/*" else ""] if fmt in (TSV, JSONLD, RDFXML) else [])
    return [(name, value) for name in ("format", "output", "results") for value in values]


def _allowed(form: str, accept: str) -> set[str]:
    """The media types a correct answer may have. The SPARQL 1.1 Protocol (2.1.6) lets a
    SELECT or ASK answer be any SPARQL results format and a CONSTRUCT or DESCRIBE answer any
    RDF syntax, chosen by content negotiation. So: when the Accept header names types that
    carry the form, the answer is one of them; when it names none (SPARQLWrapper sends
    "*/*" whenever its return format cannot carry the form, e.g. TURTLE for a SELECT; and
    text/csv for an ASK names no type with a boolean), the client can read an answer in
    any type that carries the form, which is more use to it than a 406: SPARQLWrapper
    converts by the response's Content-Type, and RFC 9110 (12.5.1) lets a server disregard
    Accept rather than answer 406. The format/output/results parameters are the client's
    guesses at vendor extensions; a value the server does not know, or that does not fit
    the form, or that repeats with another value, must not make the request fail."""
    fits = FITS[form]
    named = {_media(item) for item in accept.split(",")} & fits
    return named or fits


def _sw_wrapper(endpoint: str, query: str, fmt: str, method: str, conneg: bool) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    wrapper.setMethod(GET if method == "GET" else POST)
    if method == "POST-direct":
        wrapper.setRequestMethod(POSTDIRECTLY)
    wrapper.setOnlyConneg(conneg)
    return wrapper


def _sw_query(wrapper: SPARQLWrapper) -> QueryResult:
    """wrapper.query(), with the server's answer in the failure message for any HTTP
    error (SPARQLWrapper's own exceptions carry the body; urllib's HTTPError does not)."""
    try:
        return wrapper.query()
    except urllib.error.HTTPError as exc:
        pytest.fail(f"HTTP {exc.code} {exc.headers.get('content-type')}: {exc.read()[:300]!r}")


def _text(element: Element) -> str:
    return "".join(node.data for node in element.childNodes if node.nodeType == node.TEXT_NODE)


def _xml_term(element: Element) -> Node:
    text = _text(element)
    if element.tagName == "uri":
        return URIRef(text)
    if element.tagName == "bnode":
        return BNode(text)
    assert element.tagName == "literal", element.tagName
    lang = element.getAttribute("xml:lang") or None
    datatype = element.getAttribute("datatype") or None
    return Literal(text, lang=lang, datatype=URIRef(datatype) if datatype else None)


def _xml_rows(document: Document) -> set[Row]:
    variables = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    rows: set[Row] = set()
    for result in document.getElementsByTagName("result"):
        bound: dict[str, Node] = {}
        for binding in result.getElementsByTagName("binding"):
            (term,) = [n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE]
            bound[binding.getAttribute("name")] = _xml_term(term)
        rows.add(tuple(bound.get(v) for v in variables))
    return rows


def _json_term(term: dict[str, str]) -> Node:
    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    datatype = term.get("datatype")
    return Literal(
        term["value"], lang=term.get("xml:lang"), datatype=URIRef(datatype) if datatype else None
    )


def _json_rows(data: dict[str, Any]) -> set[Row]:
    variables = data["head"]["vars"]
    return {tuple(_json_term(row[v]) for v in variables) for row in data["results"]["bindings"]}


def _converted_rows(media: str, converted: Any) -> set[Row]:
    if media == "application/sparql-results+json":
        assert isinstance(converted, dict), type(converted)
        return _json_rows(converted)
    if media == "application/sparql-results+xml":
        assert isinstance(converted, Document), type(converted)
        return _xml_rows(converted)
    assert isinstance(converted, bytes), type(converted)
    return _solutions(media, converted)


def _converted_boolean(media: str, converted: Any) -> bool:
    if media == "application/sparql-results+json":
        assert isinstance(converted, dict), type(converted)
        value = converted["boolean"]
        assert isinstance(value, bool), converted
        return value
    assert isinstance(converted, Document), type(converted)
    (element,) = converted.getElementsByTagName("boolean")
    text = _text(element).strip()
    assert text in ("true", "false"), text
    return text == "true"


def _converted_triples(media: str, converted: Any) -> set[Triple]:
    if isinstance(converted, Graph):  # RDF/XML and JSON-LD: SPARQLWrapper parsed it
        return {(s, p, o) for s, p, o in converted}
    assert isinstance(converted, bytes), type(converted)  # Turtle, N-Triples, …: raw bytes
    return _triples(media, converted)


SW_CASES = [
    pytest.param(form, fmt, method, conneg, id=f"{form}-{fmt}-{method}-{mode}")
    for form in QUERIES
    for fmt in SW_FORMATS
    for method in ("GET", "POST", "POST-direct")
    for conneg, mode in ((False, "params"), (True, "conneg"))
]


@pytest.mark.parametrize("fmt", SW_FORMATS)
def test_sparqlwrapper_sends_what_the_tables_say(fmt: str) -> None:
    """The Accept headers and parameters the other tests assume, read off the requests
    SPARQLWrapper builds (no server needed)."""
    for form, query in QUERIES.items():
        for conneg in (False, True):
            wrapper = _sw_wrapper("http://127.0.0.1/sparql", query, fmt, "GET", conneg)
            assert wrapper.queryType == form
            request = wrapper._createRequest()
            assert request.get_header("Accept") == _sw_accept(form, fmt)
            sent = parse_qsl(urlsplit(request.full_url).query, keep_blank_values=True)
            assert [p for p in sent if p[0] != "query"] == ([] if conneg else _sw_params(form, fmt))


@pytest.mark.parametrize(("form", "fmt", "method", "conneg"), SW_CASES)
def test_sparqlwrapper(reads: LiveServer, form: str, fmt: str, method: str, conneg: bool) -> None:
    result = _sw_query(_sw_wrapper(reads.sparql, QUERIES[form], fmt, method, conneg))
    content_type = result.info()["content-type"]
    media = _media(content_type)
    assert media in _allowed(form, _sw_accept(form, fmt)), content_type
    assert _charset_is_utf8(content_type), content_type
    converted = result.convert()
    if form == "SELECT":
        _check_solutions(media, _converted_rows(media, converted))
    elif form == "ASK":
        assert _converted_boolean(media, converted) is True
    else:
        assert _converted_triples(media, converted) == TOKYO


# Queries that must come back as graphs: a prefix declared with no space before its IRI,
# dots inside local names, non-ASCII literals; CONSTRUCT and DESCRIBE.
AWKWARD = {
    "construct-dotted-names": (
        "PREFIX ex:<http://example.org/>\n"
        "CONSTRUCT { ex:a.b ex:p.q ?o } WHERE { ex:a.b ex:p.q ?o }",
        {(EX["a.b"], EX["p.q"], EX["c.d"])},
    ),
    "describe-dotted-name": ("PREFIX ex:<http://example.org/> DESCRIBE ex:a.b", DOTTED),
    "construct-non-ascii": (
        "PREFIX ex:<http://example.org/>\nPREFIX rdfs:<http://www.w3.org/2000/01/rdf-schema#>\n"
        'CONSTRUCT { ?s rdfs:label "ドット"@ja } WHERE { ?s rdfs:label "ドット"@ja }',
        {(EX["a.b"], RDFS.label, Literal("ドット", lang="ja"))},
    ),
    "describe-non-ascii": (
        "PREFIX ex:<http://example.org/> PREFIX rdfs:<http://www.w3.org/2000/01/rdf-schema#>"
        ' DESCRIBE ?s WHERE { ?s rdfs:label "東京" }',
        TOKYO,
    ),
}


@pytest.mark.parametrize("case", list(AWKWARD))
@pytest.mark.parametrize(
    "client", ["sparqlwrapper-default-GET", "sparqlwrapper-default-POST", "rdflib-default"]
)
def test_awkward_graph_queries(reads: LiveServer, case: str, client: str) -> None:
    """With each client's defaults: SPARQLWrapper's return format is XML (for a graph:
    Accept application/rdf+xml, format=xml), rdflib's SPARQLStore's is "xml" (Accept
    application/rdf+xml, application/sparql-results+xml)."""
    query, expected = AWKWARD[case]
    if client.startswith("sparqlwrapper"):
        wrapper = SPARQLWrapper(reads.sparql)
        wrapper.setQuery(query)
        wrapper.setMethod(client.rsplit("-", 1)[1])
        result = _sw_query(wrapper)
        media = _media(result.info()["content-type"])
        assert media == "application/rdf+xml"
        assert _converted_triples(media, result.convert()) == expected
    else:
        answer = Graph(SPARQLStore(reads.sparql)).query(query)
        assert answer.type in ("CONSTRUCT", "DESCRIBE")
        assert set(answer) == expected


# --- rdflib -----------------------------------------------------------------------------


@pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
def test_rdflib_select(reads: LiveServer, return_format: str) -> None:
    result = Graph(SPARQLStore(reads.sparql, returnFormat=return_format)).query(SELECT_Q)
    assert result.type == "SELECT"
    assert [str(v) for v in result.vars or []] == ["p", "o"]
    _check_solutions("text/csv" if return_format == "csv" else "", _rows(result))


@pytest.mark.parametrize(
    ("query", "expected"), [(ASK_TRUE, True), (ASK_FALSE, False)], ids=["true", "false"]
)
@pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
def test_rdflib_ask(reads: LiveServer, return_format: str, query: str, expected: bool) -> None:
    """rdflib sends Accept: text/csv (or text/tab-separated-values) alone and parses the
    answer by its Content-Type. CSV and TSV have no boolean (see BOOLEAN_TYPES): a CSV
    "answer" parses as a SELECT result whose askAnswer is None (and whose bool() is True
    for a false ASK). The answer a client can read is JSON or XML."""
    result = Graph(SPARQLStore(reads.sparql, returnFormat=return_format)).query(query)
    assert result.type == "ASK"
    assert result.askAnswer is expected


@pytest.mark.parametrize("query", [CONSTRUCT_Q, DESCRIBE_Q], ids=["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("return_format", ["xml", "turtle", "nt", "json-ld"])
def test_rdflib_graph_queries(reads: LiveServer, return_format: str, query: str) -> None:
    result = Graph(SPARQLStore(reads.sparql, returnFormat=return_format)).query(query)
    assert result.type in ("CONSTRUCT", "DESCRIBE")
    assert set(result) == TOKYO


def _count_all(server: LiveServer) -> int:
    """The triples of the union of all graphs (an RDF merge: each triple once)."""
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    response = httpx.get(server.sparql, params={"query": query}, headers=JSON_RESULTS)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("return_format", ["xml", "json"])
def test_rdflib_len_and_triples(reads: LiveServer, return_format: str) -> None:
    store = SPARQLStore(reads.sparql, returnFormat=return_format)
    for name, triples in GRAPHS.items():  # a named graph: default-graph-uri=<name>
        graph = Graph(store, identifier=name)
        assert len(graph) == len(triples), name
        assert set(graph.triples((None, None, None))) == triples, name
    union = Graph(store)
    assert len(union) == _count_all(reads)
    assert set(union.triples((EX.tokyo, None, None))) == TOKYO
    assert set(union.subjects(RDFS.label, Literal("東京"))) == {EX.tokyo}
    assert (EX["a.b"], EX["p.q"], EX["c.d"]) in union
    assert (EX["a.b"], EX["p.q"], EX.tokyo) not in union


def test_rdflib_dataset_named_graphs(reads: LiveServer) -> None:
    """Dataset.graphs() over the server's named graphs, each with its own triples. (Backed
    by SPARQLUpdateStore, used only to read: over the read-only SPARQLStore, rdflib's
    Dataset.graphs() ends by add_graph() for the default graph, which SPARQLStore refuses
    with a TypeError of its own.)"""
    dataset = Dataset(SPARQLUpdateStore(reads.sparql, reads.sparql, returnFormat="json"))
    graphs = {g.identifier: g for g in dataset.graphs()}
    assert set(GRAPHS) <= set(graphs)
    for name, triples in GRAPHS.items():
        assert set(graphs[name]) == triples, name


def _update_store(server: LiveServer) -> SPARQLUpdateStore:
    """rdflib's auth= is Basic only; the bearer token goes in headers=, which rdflib sends
    with every query and update."""
    return SPARQLUpdateStore(
        server.sparql,
        server.sparql,
        returnFormat="json",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )


def test_rdflib_update_new_graph(writes: LiveServer) -> None:
    store = _update_store(writes)
    dataset = Dataset(store)
    name = URIRef("http://example.org/graph/kyoto")
    graph = dataset.graph(name)  # CREATE GRAPH <…/kyoto>
    assert name in set(store.contexts())
    added: set[Triple] = {
        (EX.kyoto, RDFS.label, Literal("京都", lang="ja")),
        (EX.kyoto, EX.population, Literal("1460000", datatype=XSD.integer)),
        (EX.kyoto, EX.note, Literal('a "quoted"\nline')),
    }
    for triple in added:
        graph.add(triple)
    assert set(graph) == added
    assert set(Graph(SPARQLStore(writes.sparql), identifier=name)) == added  # another client
    graph.remove((EX.kyoto, EX.population, None))
    assert set(graph) == {t for t in added if t[1] != EX.population}
    assert set(Graph(store).objects(EX.kyoto, RDFS.label)) == {Literal("京都", lang="ja")}


def test_rdflib_update_existing_graph(writes: LiveServer) -> None:
    store = _update_store(writes)
    graph = Graph(store, identifier=PEOPLE)
    carol: set[Triple] = {
        (EX.carol, RDF.type, EX.Person),
        (EX.carol, RDFS.label, Literal("キャロル", lang="ja")),
        (EX.carol, EX.age, Literal("7", datatype=XSD.integer)),
    }
    for triple in carol:
        graph.add(triple)
    assert set(graph) == GRAPHS[PEOPLE] | carol
    graph.remove((EX.carol, None, None))
    assert set(graph) == GRAPHS[PEOPLE]


def test_rdflib_create_graph_that_exists(writes: LiveServer) -> None:
    """Dataset.graph(iri) sends CREATE GRAPH <iri>; SPARQL 1.1 Update (3.2.1): creating a
    graph that exists is an error unless SILENT. That is the client's error: a 4xx with a
    problem document that names the graph (not a 500, not a dropped connection). rdflib
    raises urllib's HTTPError from the update, whose body is the server's answer."""
    store = _update_store(writes)
    with pytest.raises(urllib.error.HTTPError) as caught:
        Dataset(store).graph(PLACES)
    error = caught.value
    assert 400 <= error.code < 500, error.code
    assert _media(error.headers["content-type"]) == "application/problem+json"
    problem = json.loads(error.read())
    assert problem["status"] == error.code
    assert str(PLACES) in problem["detail"]
    # The same store object goes on: a query needs nothing; rdflib keeps the failed update
    # queued as an uncommitted edit, so an application rolls it back before its next write.
    assert set(Graph(store, identifier=PLACES)) == TOKYO
    store.rollback()
    extra = (EX.tokyo, RDFS.label, Literal("Tōkyō", lang="en-Latn"))
    Graph(store, identifier=PLACES).add(extra)
    assert set(Graph(store, identifier=PLACES)) == TOKYO | {extra}
    Graph(store, identifier=PLACES).remove(extra)
    assert set(Graph(store, identifier=PLACES)) == TOKYO


# --- curl -------------------------------------------------------------------------------


def _curl(endpoint: str, method: str, accept: str, query: str, out: Path) -> tuple[int, str, bytes]:
    """curl's status, Content-Type and body for a query sent by GET, form POST or direct
    POST (the query on curl's standard input)."""
    args = ["curl", "-sS", "-o", str(out), "-w", "%{http_code} %{content_type}"]
    args += ["-H", f"Accept: {accept}"]
    if method == "GET":
        args += ["-G", "--data-urlencode", f"query={query}"]
    elif method == "POST-form":
        args += ["--data-urlencode", f"query={query}"]
    else:
        args += ["-H", "Content-Type: application/sparql-query", "--data-binary", "@-"]
    done = subprocess.run(
        [*args, endpoint], input=query.encode(), capture_output=True, timeout=30, check=True
    )
    status, _, content_type = done.stdout.decode().partition(" ")
    return int(status), content_type, out.read_bytes()


CURL_METHODS = ["GET", "POST-form", "POST-direct"]


@pytest.mark.parametrize("method", CURL_METHODS)
@pytest.mark.parametrize("accept", list(RESULT_TYPES))
def test_curl_select(reads: LiveServer, tmp_path: Path, accept: str, method: str) -> None:
    status, content_type, body = _curl(reads.sparql, method, accept, SELECT_Q, tmp_path / "b")
    assert status == 200, body[:300]
    assert _media(content_type) == accept and _charset_is_utf8(content_type), content_type
    _check_solutions(accept, _solutions(accept, body))


@pytest.mark.parametrize("method", CURL_METHODS)
@pytest.mark.parametrize("accept", list(RDF_TYPES))
def test_curl_construct(reads: LiveServer, tmp_path: Path, accept: str, method: str) -> None:
    status, content_type, body = _curl(reads.sparql, method, accept, CONSTRUCT_Q, tmp_path / "b")
    assert status == 200, body[:300]
    assert _media(content_type) == accept and _charset_is_utf8(content_type), content_type
    assert _triples(accept, body) == TOKYO
    assert _ox_triples(accept, body) == TOKYO


# --- keep-alive -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["form", "direct"])
def test_update_errors_keep_the_connection(writes: LiveServer, encoding: str) -> None:
    """One client, one connection: an update that fails (DROP of a graph that does not
    exist: an error unless SILENT, SPARQL 1.1 Update 3.2.2) is answered with a problem
    document, and the same connection then carries the next update and a query."""
    missing = "http://nonexistent.example/g"
    peers: list[Any] = []

    def note_peer(response: httpx.Response) -> None:
        peers.append(response.extensions["network_stream"].get_extra_info("client_addr"))

    def update(client: httpx.Client, text: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        if encoding == "form":
            return client.post("/sparql", data={"update": text}, headers=headers)
        headers["Content-Type"] = "application/sparql-update"
        return client.post("/sparql", content=text.encode(), headers=headers)

    with httpx.Client(base_url=writes.url, timeout=30, event_hooks={"response": [note_peer]}) as c:
        failed = update(c, f"DROP GRAPH <{missing}>")
        assert 400 <= failed.status_code < 500, failed.text
        assert failed.headers["content-type"] == "application/problem+json"
        assert failed.json()["status"] == failed.status_code
        assert missing in failed.json()["detail"]
        assert failed.headers.get("connection", "").lower() != "close"
        dropped = update(c, f"DROP SILENT GRAPH <{missing}>")
        assert dropped.status_code == 204, dropped.text
        answer = c.get("/sparql", params={"query": ASK_TRUE}, headers=JSON_RESULTS)
        assert answer.status_code == 200, answer.text
        assert answer.json()["boolean"] is True
    assert len(peers) == 3 and len(set(peers)) == 1, peers  # one connection, reused
