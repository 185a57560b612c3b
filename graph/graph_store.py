"""The SPARQL 1.1 Graph Store HTTP Protocol's operations on the store: read, replace,
merge into and delete one graph. Writes run in the store's writer process (``writer.py``),
so a hostile body is parsed where memory is bounded and the network is out of reach, and
each is one write of the store's generation, as atomic as a document upload.

A named graph is written like a document's graph (:meth:`KnowledgeGraph.write`: its
digest kept, wholly old or wholly new); the store's own default graph, which the SPARQL
Update operations without ``GRAPH`` write, through an update.

>>> from accordgraph.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> turtle = b"<http://example.org/s> <http://example.org/p> [ <http://example.org/q> 1 ] ."
>>> existed, _ = write_graph(kg, "PUT", "http://example.org/g", [(turtle, "text/turtle")])
>>> existed, len(read_graph(kg, "http://example.org/g"))
(False, 2)
>>> write_graph(kg, "POST", "http://example.org/g", [(turtle, "text/turtle")])[0]
True
>>> len(read_graph(kg, "http://example.org/g"))  # merged: the blank node is a new one
4
>>> write_graph(kg, "DELETE", "http://example.org/g", [])[0], kg.has_graph("http://example.org/g")
(True, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

import pyoxigraph as ox

from accordgraph.graph.store import Change, GraphContent, KnowledgeGraph, StoreError

# The media types a graph may be sent in (graphs, not datasets), and read in.
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/n3": ox.RdfFormat.N3,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


class GraphStoreError(StoreError):
    """The request cannot be applied (a body that does not parse, a protected graph)."""


def parse_graph(documents: Sequence[tuple[bytes, str]], base: str | None) -> list[ox.Triple]:
    """The triples of the request's documents (body, media type), blank nodes made new."""
    triples: list[ox.Triple] = []
    for body, media_type in documents:
        fmt = GRAPH_FORMATS.get(media_type)
        if fmt is None:
            raise GraphStoreError(f"a graph cannot be read from {media_type!r}")
        try:
            quads = ox.parse(
                body, format=fmt, base_iri=base, rename_blank_nodes=True, without_named_graphs=True
            )
            triples.extend(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        except SyntaxError as exc:
            raise GraphStoreError(f"the {media_type} body does not parse: {exc}") from None
    return triples


def read_graph(kg: KnowledgeGraph, graph: str | None, limit: int | None = None) -> list[ox.Triple]:
    """The triples of a named graph, or of the store's own default graph (None); at most
    ``limit`` of them."""
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    quads = kg.store.quads_for_pattern(None, None, None, name)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in islice(quads, limit)]


def write_graph(
    kg: KnowledgeGraph, method: str, graph: str | None, documents: Sequence[tuple[bytes, str]]
) -> tuple[bool, Change]:
    """Apply a ``PUT`` (replace), ``POST`` (merge) or ``DELETE`` to a named graph or the
    default graph (None). Returns whether the graph existed before, and the change."""
    if graph == kg.meta_graph:
        raise GraphStoreError("the store's bookkeeping graph is not written through the protocol")
    existed = graph is None or kg.has_graph(graph)
    if method == "DELETE":
        if not existed:
            return False, Change(kg.generation, frozenset())
        if graph is None:
            return True, kg.update("DROP SILENT DEFAULT")
        return True, kg.write(remove=[graph])
    triples = parse_graph(documents, graph)
    if method not in ("PUT", "POST"):
        raise ValueError(f"unknown graph store method {method!r}")
    if graph is None:
        data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        replace = "DROP SILENT DEFAULT ;\n" if method == "PUT" else ""
        return True, kg.update(f"{replace}INSERT DATA {{\n{data}}}")
    if method == "POST":
        triples = read_graph(kg, graph) + triples
    name = ox.NamedNode(graph)
    quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    change = kg.write([GraphContent.of_quads(quads, graph)])
    if not quads and not kg.has_graph(graph):  # an empty graph is a graph too
        kg.store.add_graph(name)
    return existed, change
