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

import networkx as nx
import numpy as np
import scipy.sparse

from accordgraph.graph.lookup import ORG, SKOS, Index, in_language
from accordgraph.ontology import AG


@dataclass(frozen=True)
class ProjectionKind:
    name: str
    title: str  # what a picture of it shows
    node: str  # what a node is
    edge: str  # what an edge is, and its weight


PROJECTIONS = {
    p.name: p
    for p in [
        ProjectionKind(
            "organization-technology",
            "Organizations and the technology areas they work on",
            "an organization, or a technology area (rolled up to its top category on request)",
            "the organization is linked to the area in a sentence of a document; weight: the "
            "number of commitments (or sentences, where none is a commitment) behind it",
        ),
        ProjectionKind(
            "organizations",
            "Organizations named together in commitments and partnerships",
            "an organization",
            "both are named in the same commitment (as actors, carrying it out, or members "
            "of a partnership it goes through) or are members of the same partnership; "
            "weight: the number of such commitments and partnerships",
        ),
        ProjectionKind(
            "technologies",
            "Technology areas named together in commitments",
            "a technology area",
            "both areas are named in the same commitment; weight: the number of commitments",
        ),
        ProjectionKind(
            "entities",
            "Agreements, documents, commitments and what they name",
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


# Graph attribute of the co-occurrence projections: node → the commitments (and
# partnerships) it is named in. An edge's commitments are the intersection of its two
# ends' sets, computed when asked (:func:`commitments_behind`): listing them on every
# edge would cost the square of the organizations a commitment names.
NAMED_IN = "named_in"


def commitments_behind(g: nx.Graph[str], a: str, b: str) -> list[str]:
    """The IRIs of the commitments (or partnerships) behind the edge ``a``–``b``, sorted.

    >>> g = nx.Graph(named_in={"a": {"c1", "c2"}, "b": {"c2", "c3"}})
    >>> g.add_edge("a", "b", weight=1)
    >>> commitments_behind(g, "a", "b")
    ['c2']
    """
    data = g.edges[a, b]
    if "commitments" in data:
        return list(data["commitments"])
    named_in = g.graph[NAMED_IN]
    return sorted(named_in[a] & named_in[b])


def _cooccurrence(
    g: nx.Graph[str], rows: dict[str, set[str]], data: Callable[[str], dict[str, object]]
) -> None:
    """Join every two nodes that share a row (a commitment or partnership), weighted by
    how many rows they share: the nonzero pairs of MᵀM for the row × node incidence
    matrix M, so the cost follows the edges, not the pairs inside each row."""
    nodes = sorted(set().union(*rows.values())) if rows else []
    position = {node: i for i, node in enumerate(nodes)}
    named_in: dict[str, set[str]] = {node: set() for node in nodes}
    indptr, indices = [0], []
    for row, members in rows.items():
        for node in members:
            named_in[node].add(row)
            indices.append(position[node])
        indptr.append(len(indices))
    g.add_nodes_from((node, data(node)) for node in nodes)
    g.graph[NAMED_IN] = named_in
    if not nodes:
        return
    incidence = scipy.sparse.csr_array(
        (np.ones(len(indices), dtype=np.int64), indices, indptr), shape=(len(rows), len(nodes))
    )
    shared = scipy.sparse.triu(incidence.T @ incidence, k=1).tocoo()
    g.add_weighted_edges_from(
        (nodes[i], nodes[j], int(w))
        for i, j, w in zip(
            shared.row.tolist(), shared.col.tolist(), shared.data.tolist(), strict=True
        )
    )


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
    # without a document: each agreement's commitments once, however many renditions
    commitments = ix.having(AG.sourceDocument, [document]) if document else set(ix.counted)
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

    ordered = sorted(commitments)  # the same graph on every run
    g: nx.Graph[str] = nx.Graph(projection=kind, description=PROJECTIONS[kind].edge)
    if kind == "organization-technology":
        _organization_technology(ix, g, commitments, document, org_ok, areas, area_of)
    elif kind == "organizations":
        rows = {c: orgs_of(c) for c in ordered}
        if not document and areas is None:
            for p in sorted(ix.partnerships):
                rows[p] = {m for m in _members(ix, p) if org_ok(m)}
        _cooccurrence(g, rows, lambda o: _org_node(ix, o))
    elif kind == "technologies":
        _cooccurrence(g, {c: areas_of(c) for c in ordered}, lambda a: _area_node(ix, a))
    else:
        _entities(ix, g, ordered, orgs_of, areas_of)
    return g


def _organization_technology(
    ix: Index,
    g: nx.Graph[str],
    commitments: set[str],
    document: str | None,
    org_ok: Callable[[str], bool],
    areas: set[str] | None,
    area_of: Callable[[str], str],
) -> None:
    """Organization–area edges from the document links; a link outside any commitment
    (a sentence that only names both) counts once per edge."""
    behind: dict[tuple[str, str], set[str]] = {}
    sentence_only: set[tuple[str, str]] = set()
    for org, area, commitment, doc in ix.links:
        if not org_ok(org) or (areas is not None and area not in areas):
            continue
        if (document and doc != document) or (commitment and commitment not in commitments):
            continue
        edge = (org, area_of(area))
        behind.setdefault(edge, set())
        if commitment:
            behind[edge].add(commitment)
        else:
            sentence_only.add(edge)
    for (org, area), found in sorted(behind.items()):
        g.add_node(org, **_org_node(ix, org))
        g.add_node(area, **_area_node(ix, area))
        weight = len(found) + ((org, area) in sentence_only)
        g.add_edge(org, area, weight=weight, commitments=sorted(found))


def _entities(
    ix: Index,
    g: nx.Graph[str],
    commitments: list[str],
    orgs_of: Callable[[str], set[str]],
    areas_of: Callable[[str], set[str]],
) -> None:
    """The entity graph: documents, agreements, commitments and what they name. An edge
    from a commitment is justified by that commitment; the others (a document expresses
    an agreement, an organization is part of another, a person signed for one) by the
    statement itself, so they list no commitment."""

    def node(iri: str, kind: str) -> tuple[str, dict[str, object]]:
        return iri, {"label": ix.labels.get(iri, ix.key(iri)), "label_ja": "", "type": kind,
                     "iri": iri}  # fmt: skip

    def add(iri: str, kind: str) -> None:
        g.add_node(iri, **node(iri, kind)[1])

    def statement(a: str, b: str) -> None:
        if a != b:
            g.add_edge(a, b, weight=1, commitments=[])

    documents = sorted({ix.commitments[c][str(AG.sourceDocument)][0] for c in commitments})
    for doc in documents:
        add(doc, "document")
        for agreement in ix.documents.get(doc, {}).get(str(AG.expresses), []):
            add(agreement, "agreement")
            statement(doc, agreement)
    orgs: set[str] = set()
    found_areas: set[str] = set()
    edges = []
    for c in commitments:
        named, about = orgs_of(c), areas_of(c)
        orgs |= named
        found_areas |= about
        why = {"weight": 1, "commitments": [c]}
        edges.append((c, ix.commitments[c][str(AG.sourceDocument)][0], why))
        edges.extend((c, other, why) for other in sorted(named | about))
    g.add_nodes_from(node(c, "commitment") for c in commitments)
    g.add_nodes_from((org, _org_node(ix, org)) for org in sorted(orgs))
    g.add_nodes_from((area, _area_node(ix, area)) for area in sorted(found_areas))
    # networkx copies each edge's dict; the commitment list inside is shared (read only).
    g.add_edges_from(edges)
    for org in sorted(orgs):
        for parent in ix.orgs.get(org, {}).get(ORG + "subOrganizationOf", []):
            if parent in g:
                statement(org, parent)
    for facts in ix.other.values():
        person = next(iter(facts.get("http://www.w3.org/ns/prov#agent", [])), None)
        behalf = next(iter(facts.get(str(AG.onBehalfOf), [])), None)
        if person and behalf and behalf in g:
            add(person, "person")
            statement(person, behalf)
