"""The lookup index's reads of the store, at the scale of many documents."""

from __future__ import annotations

from pathlib import Path

from accordgraph.graph.lookup import Lookup, facts_query
from accordgraph.graph.store import KnowledgeGraph

NUCLEAR_REGULATOR = "https://w3id.org/accordgraph/id/org/gb-office-for-nuclear-regulation"


def test_an_organization_named_in_many_documents_is_read_once(uk_file: Path) -> None:
    """Regression: an organization the reference data does not know is typed in every
    document graph that names it, and the index read each of its facts once per pair of
    such graphs (18 million rows, minutes, on the 14,330 White House documents)."""
    kg = KnowledgeGraph.open()
    for number in range(4):
        kg.load(uk_file, doc_id=f"copy-{number}")
    rows = list(kg.query(facts_query("?s a org:Organization .", "rdf:type rdfs:label ag:country")))
    facts = [(r["s"].value, r["p"].value, str(r["o"])) for r in rows]
    assert len(facts) == len(set(facts))
    assert sum(1 for s, _, _ in facts if s == NUCLEAR_REGULATOR) == 4  # 2 types, label, country
    assert (
        Lookup(kg).organization("gb-office-for-nuclear-regulation").label
        == "UK Office for Nuclear Regulation"
    )
