"""Projections of the knowledge graph into networkx graphs, for analytics and pictures.

Each projection says what its nodes and edges mean (:data:`PROJECTIONS`). Nodes carry
``label`` (English), ``label_ja`` (Japanese, where the reference data has it), ``type``
and ``iri``; edges carry ``weight`` and ``commitments`` (the IRIs of the commitments
behind them, so any edge can be justified by quotes). Every projection can be restricted
to one document, one country and one technology subtree.

They are built from the lookup index (:mod:`accordgraph.graph.lookup`), which is read
from the store once per store version.

>>> from accordgraph import bundled_document
>>> from accordgraph.graph.lookup import Lookup
>>> from accordgraph.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> _ = kg.load(bundled_document())
>>> g = project(Lookup(kg).index, "organizations")
>>> sorted(g.nodes[n]["label"] for n in g["https://w3id.org/accordgraph/id/org/nict"])[:3]
['Government of Japan', 'Government of the United States of America', 'National Science Foundation']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from accordgraph.graph.lookup import ORG, SKOS, Index, in_language
from accordgraph.ontology import AG


@dataclass(frozen=True)
class ProjectionKind:
    name: str
    node: str  # what a node is
    edge: str  # what an edge is, and its weight


PROJECTIONS = {
    p.name: p
    for p in [
        ProjectionKind(
            "organization-technology",
            "an organization, or a technology area (rolled up to its top category on request)",
            "the organization is linked to the area in a sentence of a document; weight: the "
            "number of commitments (or sentences, where none is a commitment) behind it",
        ),
        ProjectionKind(
            "organizations",
            "an organization",
            "both are named in the same commitment (as actors, carrying it out, or members "
            "of a partnership it goes through) or are members of the same partnership; "
            "weight: the number of such commitments and partnerships",
        ),
        ProjectionKind(
            "technologies",
            "a technology area",
            "both areas are named in the same commitment; weight: the number of commitments",
        ),
        ProjectionKind(
            "entities",
            "an agreement, document, organization, person, place, technology area or commitment",
            "a statement between them: a document expresses an agreement, a commitment "
            "belongs to a document and names organizations, partnerships and areas, an "
            "organization is part of another, a person signed for an organization",
        ),
    ]
}


def _org_node(ix: Index, iri: str) -> dict[str, object]:
    facts = ix.orgs.get(iri, {})
    country = next(iter(facts.get(str(AG.country), [])), None)
    return {
        "label": ix.labels.get(iri, ix.key(iri)),
        "label_ja": in_language(facts.get(SKOS + "prefLabel", []), "ja") or "",
        "type": "organization",
        "iri": iri,
        "country": ix.countries.get(country, "") if country else "",
    }


def _area_node(ix: Index, iri: str) -> dict[str, object]:
    return {
        "label": ix.labels.get(iri, ix.key(iri)),
        "label_ja": "",
        "type": "technology",
        "iri": iri,
        "category": ix.labels.get(ix.top.get(iri, iri), ""),
    }


def _members(ix: Index, partnership: str) -> list[str]:
    return list(ix.partnerships.get(partnership, {}).get(ORG + "hasMember", []))


def _add_edge(g: nx.Graph[str], a: str, b: str, commitment: str | None) -> None:
    if a == b:
        return
    if g.has_edge(a, b):
        data = g.edges[a, b]
    else:
        g.add_edge(a, b, weight=0, commitments=[], seen=set())
        data = g.edges[a, b]
    key = commitment or f"{a}|{b}"
    if key not in data["seen"]:  # a set: an edge can gather thousands of commitments
        data["seen"].add(key)
        data["commitments"].append(key)
        data["weight"] += 1


def project(
    ix: Index,
    kind: str,
    document: str | None = None,
    country: str | None = None,
    technology: str | None = None,
    rollup: bool = False,
) -> nx.Graph[str]:
    """The ``kind`` projection (a key of :data:`PROJECTIONS`), restricted to commitments
    of ``document`` (its IRI), organizations of ``country`` (ISO code) and areas under
    ``technology`` (an area IRI); ``rollup`` replaces areas by their top category."""
    if kind not in PROJECTIONS:
        raise ValueError(f"unknown projection {kind!r} (one of {', '.join(PROJECTIONS)})")
    areas = ix.subtree(technology) if technology else None
    commitments = set(ix.commitments)
    if document:
        commitments &= ix.having(AG.sourceDocument, [document])
    if areas is not None:
        commitments &= ix.having(AG.technologyArea, areas)

    def org_ok(org: str) -> bool:
        if org not in ix.orgs:
            return False
        if not country:
            return True
        facts = ix.orgs[org]
        return any(ix.countries.get(c) == country.upper() for c in facts.get(str(AG.country), []))

    def area_of(area: str) -> str:
        return ix.top.get(area, area) if rollup else area

    def orgs_of(c: str) -> set[str]:
        facts = ix.commitments[c]
        named = set(facts.get(str(AG.actor), [])) | set(facts.get(str(AG.through), []))
        for p in facts.get(str(AG.viaPartnership), []):
            named |= set(_members(ix, p))
        return {o for o in named if org_ok(o)}

    def areas_of(c: str) -> set[str]:
        found = set(ix.commitments[c].get(str(AG.technologyArea), []))
        return {area_of(a) for a in found if areas is None or a in areas}

    ordered = sorted(commitments)  # the same graph, edge lists included, on every run
    g: nx.Graph[str] = nx.Graph(projection=kind, description=PROJECTIONS[kind].edge)
    if kind == "organization-technology":
        for org, area, commitment, doc in ix.links:
            if not org_ok(org) or (areas is not None and area not in areas):
                continue
            if (document and doc != document) or (commitment and commitment not in commitments):
                continue
            g.add_node(org, **_org_node(ix, org))
            g.add_node(area_of(area), **_area_node(ix, area_of(area)))
            _add_edge(g, org, area_of(area), commitment or f"{org}|{area}")
    elif kind == "organizations":
        for c in ordered:
            _clique(g, orgs_of(c), lambda o: _org_node(ix, o), c)
        if not document and areas is None:
            for p in ix.partnerships:
                members = {m for m in _members(ix, p) if org_ok(m)}
                _clique(g, members, lambda o: _org_node(ix, o), p)
    elif kind == "technologies":
        for c in ordered:
            _clique(g, areas_of(c), lambda a: _area_node(ix, a), c)
    else:
        _entities(ix, g, ordered, orgs_of, areas_of)
    for _, _, data in g.edges(data=True):
        del data["seen"]
    return g


def _clique(
    g: nx.Graph[str], nodes: set[str], data: Callable[[str], dict[str, object]], why: str
) -> None:
    """Nodes that share a commitment (or partnership) ``why``, each pair joined by it."""
    for node in nodes:
        g.add_node(node, **data(node))
    for a, b in combinations(sorted(nodes), 2):
        _add_edge(g, a, b, why)


def _entities(
    ix: Index,
    g: nx.Graph[str],
    commitments: list[str],
    orgs_of: Callable[[str], set[str]],
    areas_of: Callable[[str], set[str]],
) -> None:
    """The entity graph: documents, agreements, commitments and what they name."""
    documents = {ix.commitments[c][str(AG.sourceDocument)][0] for c in commitments}
    for doc in documents:
        g.add_node(
            doc, label=ix.labels.get(doc, ix.key(doc)), label_ja="", type="document", iri=doc
        )
        for agreement in ix.documents.get(doc, {}).get(str(AG.expresses), []):
            g.add_node(
                agreement,
                label=ix.labels.get(agreement, ix.key(agreement)),
                label_ja="",
                type="agreement",
                iri=agreement,
            )
            _add_edge(g, doc, agreement, None)
    for c in commitments:
        doc = ix.commitments[c][str(AG.sourceDocument)][0]
        g.add_node(c, label=ix.labels.get(c, ix.key(c)), label_ja="", type="commitment", iri=c)
        _add_edge(g, c, doc, c)
        for org in orgs_of(c):
            g.add_node(org, **_org_node(ix, org))
            _add_edge(g, c, org, c)
        for area in areas_of(c):
            g.add_node(area, **_area_node(ix, area))
            _add_edge(g, c, area, c)
    for org in [n for n in g if g.nodes[n]["type"] == "organization"]:
        for parent in ix.orgs.get(org, {}).get(ORG + "subOrganizationOf", []):
            if parent in g:
                _add_edge(g, org, parent, None)
    for facts in ix.other.values():
        person = next(iter(facts.get("http://www.w3.org/ns/prov#agent", [])), None)
        behalf = next(iter(facts.get(str(AG.onBehalfOf), [])), None)
        if person and behalf and behalf in g:
            g.add_node(
                person, label=ix.labels.get(person, ix.key(person)), label_ja="", type="person",
                iri=person,
            )  # fmt: skip
            _add_edge(g, person, behalf, None)
