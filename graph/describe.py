"""What the store says about one IRI: the basis of Linked Data pages.

A :class:`Description` holds the IRI's own statements, the statements that point to it
(capped), the labels of everything it links to, and the source-text quotes that support
it (its span, and every annotation whose body it is). For the IRI of a named graph it
also says so, since dereferencing a graph returns the graph.

>>> from accordgraph import bundled_document
>>> from accordgraph.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> _ = kg.load(bundled_document())
>>> d = describe(kg, "https://w3id.org/accordgraph/id/org/ntia")
>>> d.label, len(d.quotes) > 0
('National Telecommunications and Information Administration', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from accordgraph.graph.store import KnowledgeGraph

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
INCOMING_LIMIT = 500
QUOTE_LIMIT = 200
LABEL = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
)


@dataclass(frozen=True)
class Quote:
    """Characters of a source document that support a statement about the IRI."""

    document: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    supports: str | None  # the property the text states, where the annotation says


@dataclass
class Description:
    iri: str
    outgoing: list[tuple[ox.NamedNode, Term]] = field(default_factory=list)
    incoming: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]] = field(default_factory=list)
    incoming_total: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    graph_triples: int = 0  # > 0 when the IRI names a graph

    @property
    def found(self) -> bool:
        return bool(self.outgoing or self.incoming or self.graph_triples)

    @property
    def label(self) -> str:
        return self.labels.get(self.iri, self.iri)

    @property
    def types(self) -> list[str]:
        rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        return sorted(
            {
                o.value
                for p, o in self.outgoing
                if p.value == rdf_type and isinstance(o, ox.NamedNode)
            }
        )

    def triples(self) -> list[ox.Triple]:
        node = ox.NamedNode(self.iri)
        out = [ox.Triple(node, p, o) for p, o in self.outgoing]
        return out + [ox.Triple(s, p, node) for s, p in self.incoming]


def describe(kg: KnowledgeGraph, iri: str) -> Description:
    """Describe ``iri`` from the store."""
    node = f"<{ox.NamedNode(iri).value}>"  # raises ValueError for a malformed IRI
    d = Description(iri)
    for row in kg.query(f"SELECT DISTINCT ?p ?o WHERE {{ {node} ?p ?o }} ORDER BY ?p ?o"):
        d.outgoing.append((row["p"], row["o"]))
    for row in kg.query(
        f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {node} }} ORDER BY ?p ?s LIMIT {INCOMING_LIMIT}"
    ):
        d.incoming.append((row["s"], row["p"]))
    d.incoming_total = len(d.incoming)
    if d.incoming_total == INCOMING_LIMIT:
        for row in kg.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p {node} }}"):
            d.incoming_total = int(row["n"].value)
    for row in kg.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"):
        d.graph_triples = int(row["n"].value)
    neighbours = {iri} | {o.value for _, o in d.outgoing if isinstance(o, ox.NamedNode)}
    neighbours |= {p.value for p, _ in d.outgoing} | {
        s.value for s, _ in d.incoming if isinstance(s, ox.NamedNode)
    }
    neighbours |= {p.value for _, p in d.incoming}
    values = " ".join(f"<{n}>" for n in neighbours)
    for row in kg.query(
        f"""SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s rdfs:label|skos:prefLabel ?l
              FILTER(LANG(?l) = "" || LANGMATCHES(LANG(?l), "en")) }}"""
    ):
        d.labels.setdefault(row["s"].value, row["l"].value)
    d.quotes = quotes_of(kg, iri)
    return d


def quotes_of(kg: KnowledgeGraph, iri: str) -> list[Quote]:
    """The source-text quotes behind ``iri``: its own span, and the annotations whose
    body it is (each naming the property it supports), in document order."""
    node = f"<{ox.NamedNode(iri).value}>"
    quotes: list[Quote] = []
    for row in kg.query(
        f"""SELECT DISTINCT ?doc ?start ?end ?exact ?prefix ?suffix ?property WHERE {{
              {{ {node} ag:span ?span }}
              UNION {{ ?annotation oa:hasBody {node} ; oa:hasTarget ?span .
                       OPTIONAL {{ ?annotation ag:property ?property }} }}
              ?span oa:hasSource ?doc ; oa:hasSelector ?position, ?quote .
              ?position oa:start ?start ; oa:end ?end .
              FILTER(DATATYPE(?start) = xsd:integer && isNumeric(?start)
                     && DATATYPE(?end) = xsd:integer && isNumeric(?end))
              ?quote oa:exact ?exact .
              OPTIONAL {{ ?quote oa:prefix ?prefix }} OPTIONAL {{ ?quote oa:suffix ?suffix }}
            }} ORDER BY ?doc ?start LIMIT {QUOTE_LIMIT}"""
    ):
        quotes.append(
            Quote(
                document=row["doc"].value,
                start=int(row["start"].value),
                end=int(row["end"].value),
                exact=row["exact"].value,
                prefix=row["prefix"].value if row["prefix"] is not None else "",
                suffix=row["suffix"].value if row["suffix"] is not None else "",
                supports=row["property"].value if row["property"] is not None else None,
            )
        )
    return quotes
