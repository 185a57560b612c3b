"""Validation of the store: SHACL shapes (``ontology/shapes.ttl``) with pySHACL, and the
provenance check that every text selector quotes exactly the characters it points at,
run as one SPARQL query on Oxigraph."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from accordgraph.graph.store import KnowledgeGraph
from accordgraph.ontology import shapes_graph

SELECTOR_CHECK = """
SELECT ?span ?start ?end ?exact ?found WHERE {
  ?span oa:hasSource ?doc ; oa:hasSelector ?position, ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  ?doc ag:text ?text .
  BIND (SUBSTR(?text, ?start + 1, ?end - ?start) AS ?found)
  FILTER (?found != ?exact)
}"""

SELECTOR_COUNT = """
SELECT (COUNT(*) AS ?n) WHERE {
  ?span oa:hasSource ?doc ; oa:hasSelector ?position, ?quote .
  ?position a oa:TextPositionSelector . ?quote a oa:TextQuoteSelector .
}"""


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int  # SHACL violations
    text: str  # pySHACL's human-readable report, then the selector mismatches
    triples: int
    selectors: int  # position/quote selector pairs checked
    selector_mismatches: int


def shacl(data: Graph) -> tuple[bool, int, str]:
    """Validate an rdflib graph against the shapes: (conforms, violations, report text)."""
    conforms, results, text = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True
    )
    violations = len(list(results.subjects(SH.resultSeverity, SH.Violation)))
    return bool(conforms), violations, str(text)


def validate_store(kg: KnowledgeGraph) -> ValidationReport:
    """Validate everything in the store."""
    data = kg.to_rdflib()
    conforms, violations, text = shacl(data)
    mismatches = kg.select(SELECTOR_CHECK)
    selectors = int(kg.select(SELECTOR_COUNT)[0]["n"])
    for row in mismatches:
        text += (
            f"\nSelector mismatch at {row['span']}: offsets {row['start']}-{row['end']} hold "
            f"{row.get('found', '')!r}, the quote says {row['exact']!r}"
        )
    return ValidationReport(
        conforms=conforms and not mismatches,
        violations=violations,
        text=text,
        triples=len(data),
        selectors=selectors,
        selector_mismatches=len(mismatches),
    )
