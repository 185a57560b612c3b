"""Structural questions on a projection (:mod:`accordgraph.graph.projections`): who is
central, which organizations cluster, how two entities are connected, who is near whom.
Every result names nodes by label as well as IRI, and every path edge carries the quotes
of the commitments behind it.

:class:`Analytics` caches projections and results per store version, so a repeated call
costs a dictionary lookup.

>>> from accordgraph import bundled_document
>>> from accordgraph.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> _ = kg.load(bundled_document())
>>> a = Analytics(kg)
>>> [row.label for row in a.centrality("organizations", "degree")[:2]]
['Government of Japan', 'Government of the United States of America']
>>> path = a.paths("NTIA", "NSF").shortest
>>> [step.label for step in path.nodes][1:]
['Government of Japan', 'National Science Foundation']
>>> "National Telecommunications" in path.steps[0].evidence[0].quote
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import networkx as nx
from pydantic import BaseModel

from accordgraph.graph.cache import LruCache
from accordgraph.graph.charts import CHART_TITLES, chart
from accordgraph.graph.export import FORMATS, export_graph, labelled
from accordgraph.graph.facets import Facets
from accordgraph.graph.lookup import Index, Lookup, NotFound
from accordgraph.graph.page import QUOTES_PER_NODE, interactive_page
from accordgraph.graph.pictures import PICTURE_FORMATS, layout, picture
from accordgraph.graph.projections import NAMED_IN, PROJECTIONS, commitments_behind, project
from accordgraph.graph.records import Ref, example
from accordgraph.graph.store import KnowledgeGraph

T = TypeVar("T")
MAX_PATHS = 50
EVIDENCE_PER_STEP = 5  # quotes per path step; evidence_total says how many there are
# Exact betweenness costs a breadth-first search (nodes + edges) from every node; past this
# budget it is estimated from a seeded sample of sources (networkx's k=), so that a cold
# call stays under 2 s on the benchmark's graphs (README).
BETWEENNESS_BUDGET = 1_500_000


def _eigenvector(g: nx.Graph[str]) -> dict[str, float]:
    """Eigenvector centrality, also on graphs of several components (networkx's numpy
    version refuses those): power iteration, which networkx shifts so that bipartite
    graphs converge too."""
    if not g.number_of_edges():
        return dict.fromkeys(g, 0.0)
    try:
        return dict(nx.eigenvector_centrality(g, max_iter=2000, tol=1e-8, weight="weight"))
    except nx.PowerIterationFailedConvergence:
        # Per component (scaled by its share of the nodes), by the numpy solver.
        scores = dict.fromkeys(g, 0.0)
        for component in nx.connected_components(g):
            share = len(component) / len(g)
            if len(component) == 2:
                scores.update(dict.fromkeys(component, share / 2**0.5))
            elif len(component) > 2:
                part = nx.eigenvector_centrality_numpy(g.subgraph(component), weight="weight")
                scores.update({n: v * share for n, v in part.items()})
        return scores


def _betweenness_sample(g: nx.Graph[str]) -> int | None:
    nodes = g.number_of_nodes()
    per_source = nodes + g.number_of_edges()  # one breadth-first search
    if nodes * per_source <= BETWEENNESS_BUDGET:
        return None
    return max(32, min(nodes, BETWEENNESS_BUDGET // per_source))


ROLLUP_ABOVE = 30  # technology areas in a picture past which they are rolled up
# what a node's size means, in the words a reader of the picture needs
MEASURE_NAMES = {"degree": "number of partners",
                 "betweenness": "how often it links others (betweenness)",
                 "closeness": "how near it is to all others (closeness)",
                 "eigenvector": "links to well-linked nodes (eigenvector)",
                 "pagerank": "influence (PageRank)"}  # fmt: skip
MEASURES: dict[str, Callable[[nx.Graph[str]], dict[str, float]]] = {
    "degree": lambda g: nx.degree_centrality(g),
    "betweenness": lambda g: nx.betweenness_centrality(
        g, k=_betweenness_sample(g), weight=None, seed=7
    ),
    "closeness": lambda g: nx.closeness_centrality(g),
    "eigenvector": lambda g: _eigenvector(g),
    "pagerank": lambda g: nx.pagerank(g, weight="weight") if len(g) else {},
}
# Everything ``export`` writes: graph files, pictures and the interactive page.
EXPORT_FORMATS = {**FORMATS, **PICTURE_FORMATS, "html": "text/html; charset=utf-8"}


class Node(BaseModel):
    model_config = example(
        frozen=True,
        **{
            "iri": "https://w3id.org/accordgraph/id/org/nsf",
            "label": "National Science Foundation",
            "type": "organization",
        },
    )

    iri: str
    label: str
    type: str


class Ranked(BaseModel):
    model_config = example(
        frozen=True,
        **{
            "rank": 1,
            "iri": "https://w3id.org/accordgraph/id/org/nsf",
            "label": "National Science Foundation",
            "type": "organization",
            "score": 0.0761,
        },
    )

    rank: int
    iri: str
    label: str
    type: str
    score: float


class Community(BaseModel):
    model_config = example(frozen=True, **{"number": 1, "members": []})

    number: int
    members: list[Node]


class Communities(BaseModel):
    model_config = example(
        frozen=True, **{"method": "louvain", "modularity": 0.1884, "communities": []}
    )

    method: str
    modularity: float
    communities: list[Community]


class Evidence(BaseModel):
    """A commitment behind an edge, with its exact text."""

    model_config = example(
        frozen=True,
        **{
            "commitment": "https://w3id.org/accordgraph/id/doc/us-japan-tpd-2025/commitment/3",
            "quote": "Driving innovative research …",
            "document": "us-japan-tpd-2025",
            "start": 2794,
            "end": 3118,
        },
    )

    commitment: str
    quote: str
    document: str
    start: int
    end: int


class Step(BaseModel):
    model_config = example(
        frozen=True,
        **{
            "source": {
                "iri": "https://w3id.org/accordgraph/id/org/jpg",
                "label": "Government of Japan",
                "type": "organization",
            },
            "target": {
                "iri": "https://w3id.org/accordgraph/id/org/nsf",
                "label": "National Science Foundation",
                "type": "organization",
            },
            "evidence": [],
            "evidence_total": 2,
        },
    )

    source: Node
    target: Node
    evidence: list[Evidence]  # the first EVIDENCE_PER_STEP, in text order
    evidence_total: int


class Path(BaseModel):
    model_config = example(frozen=True, **{"nodes": [], "steps": []})

    nodes: list[Node]
    steps: list[Step]


class Paths(BaseModel):
    model_config = example(frozen=True, **{"shortest": None, "all": []})

    shortest: Path | None
    all: list[Path]


class Summary(BaseModel):
    model_config = example(
        frozen=True,
        **{
            "projection": "organizations",
            "node_meaning": "an organization",
            "edge_meaning": "…",
            "nodes": 11,
            "edges": 28,
            "nodes_by_type": {"organization": 11},
            "density": 0.509,
            "components": 1,
            "largest_component": 11,
        },
    )

    projection: str
    node_meaning: str
    edge_meaning: str
    nodes: int
    edges: int
    nodes_by_type: dict[str, int]
    density: float
    components: int
    largest_component: int


class Similar(BaseModel):
    model_config = example(
        frozen=True,
        **{
            "iri": "https://w3id.org/accordgraph/id/org/ntia",
            "label": "National Telecommunications and Information Administration",
            "jaccard": 1.0,
            "shared": ["Open RAN"],
        },
    )

    iri: str
    label: str
    jaccard: float
    shared: list[str]


OVERLAP_EXAMPLE = {
    "shared": [{"id": "nsf", "iri": "https://w3id.org/accordgraph/id/org/nsf",
                "label": "National Science Foundation"}],
    "only_first": [{"id": "jst", "iri": "https://w3id.org/accordgraph/id/org/jst",
                    "label": "Japan Science and Technology Agency"}],
    "only_second": [{"id": "gb-research-and-innovation",
                     "iri": "https://w3id.org/accordgraph/id/org/gb-research-and-innovation",
                     "label": "UK Research and Innovation"}],
    "jaccard": 0.2,
}  # fmt: skip


class Overlap(BaseModel):
    """What two documents share of one kind of thing, and what only one of them has."""

    model_config = example(frozen=True, **OVERLAP_EXAMPLE)

    shared: list[Ref]
    only_first: list[Ref]
    only_second: list[Ref]
    jaccard: float


class Comparison(BaseModel):
    """Two documents (agreements) side by side: the organizations each names and the
    technology categories (the top of the taxonomy) each links them to."""

    model_config = example(
        frozen=True,
        **{
            "first": {"id": "us-japan-tpd-2025",
                      "iri": "https://w3id.org/accordgraph/id/doc/us-japan-tpd-2025",
                      "label": "us-japan-tpd-2025"},
            "second": {"id": "us-uk-tpd-2025",
                       "iri": "https://w3id.org/accordgraph/id/doc/us-uk-tpd-2025",
                       "label": "us-uk-tpd-2025"},
            "organizations": OVERLAP_EXAMPLE,
            "categories": OVERLAP_EXAMPLE,
        },
    )  # fmt: skip

    first: Ref
    second: Ref
    organizations: Overlap
    categories: Overlap


def _overlap(ix: Index, first: set[str], second: set[str]) -> Overlap:
    union = first | second
    return Overlap(
        shared=ix.refs(first & second),
        only_first=ix.refs(first - second),
        only_second=ix.refs(second - first),
        jaccard=round(len(first & second) / len(union), 6) if union else 0.0,
    )


def _simple_paths(g: nx.Graph[str], a: str, b: str, max_length: int, quota: int) -> list[list[str]]:
    """Up to ``quota`` simple paths from ``a`` to ``b``, shortest first, at most
    ``max_length`` edges. A depth-first search per length that only steps to nodes still
    within reach of ``b``: enumerating every simple path of a dense graph explodes."""
    found: list[list[str]] = []

    def extend(path: list[str], remaining: int, reach: dict[str, int]) -> bool:
        """Depth-first from the path's end; True once the quota is full."""
        node = path[-1]
        if remaining == 0:
            if node == b:
                found.append(list(path))
            return len(found) >= quota
        for nxt in sorted(g[node]):
            if nxt in path or reach.get(nxt, remaining) > remaining - 1:
                continue
            path.append(nxt)
            full = extend(path, remaining - 1, reach)
            path.pop()
            if full:
                return True
        return False

    for length in range(1, max_length + 1):
        reach = nx.single_source_shortest_path_length(g, b, cutoff=length)
        if extend([a], length, reach):
            break
    return found


def _cost(value: Any) -> int:
    """About how many bytes a cached value holds."""
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, nx.Graph):
        return 256 * value.number_of_nodes() + 384 * value.number_of_edges()
    return 16 * 1024


def _key(where: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(where.items()))


@dataclass
class Analytics:
    """Analytics over one store; results are cached until the store changes."""

    kg: KnowledgeGraph
    lookup: Lookup | None = None
    cache_entries: int = 256
    cache_bytes: int = 256 * 1024**2
    _cache: LruCache[tuple[Any, ...], Any] = field(init=False)

    def __post_init__(self) -> None:
        self.lookup = self.lookup or Lookup(self.kg)
        # Anyone can ask for another projection, picture or path: bounded, least recently
        # used first out; the key starts with the store version, so old ones age out.
        self._cache = LruCache(self.cache_entries, self.cache_bytes, _cost)

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        assert self.lookup is not None
        versioned = (self.lookup.index.generation, *key)
        value = self._cache.get(versioned)
        if value is None:
            value = compute()
            self._cache.put(versioned, value)
        return value

    # ------------------------------------------------------------------ projections

    def graph(
        self,
        projection: str = "organizations",
        document: str | None = None,
        country: str | None = None,
        technology: str | None = None,
        rollup: bool = False,
    ) -> nx.Graph[str]:
        """A projection (restricted by document id, country code, technology area id)."""
        assert self.lookup is not None
        ix = self.lookup.index
        doc = str(self.kg.ids.document(document)) if document else None
        if doc and doc not in ix.documents:
            raise NotFound(f"no document {document!r}")
        area = str(self.kg.ids.technology(technology)) if technology else None
        if area and area not in ix.technologies:
            raise NotFound(f"no technology area {technology!r}")
        if projection not in PROJECTIONS:
            raise ValueError(f"unknown projection {projection!r} (one of {', '.join(PROJECTIONS)})")
        key = ("graph", projection, doc, country, area, rollup)
        return self._cached(key, lambda: project(ix, projection, doc, country, area, rollup))

    def _node(self, g: nx.Graph[str], iri: str) -> Node:
        data = g.nodes[iri]
        return Node(iri=iri, label=str(data.get("label", iri)), type=str(data.get("type", "")))

    def _find(self, g: nx.Graph[str], key: str) -> str:
        """A node by IRI, id (``nsf``, ``open-ran``) or exact label or acronym."""
        if key in g:
            return key
        assert self.lookup is not None
        ix = self.lookup.index
        for node in g:
            if ix.key(node) == key or g.nodes[node].get("label") == key:
                return str(node)
        for hit in self.lookup.search(key, limit=5):
            if hit.iri in g and hit.score >= 0.9:
                return hit.iri
        raise NotFound(f"{key!r} is not a node of this projection")

    # ------------------------------------------------------------------ analytics

    def centrality(
        self, projection: str = "organizations", measure: str = "degree", **where: Any
    ) -> list[Ranked]:
        """Nodes ranked by a centrality measure (degree, betweenness, closeness,
        eigenvector, pagerank), highest first; ties by label."""
        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r} (one of {', '.join(MEASURES)})")
        g = self.graph(projection, **where)

        def compute() -> list[Ranked]:
            scores = MEASURES[measure](g) if len(g) else {}
            order = sorted(scores, key=lambda n: (-scores[n], g.nodes[n]["label"].casefold()))
            return [
                Ranked(
                    rank=i + 1,
                    iri=n,
                    label=g.nodes[n]["label"],
                    type=g.nodes[n]["type"],
                    score=round(scores[n], 6),
                )
                for i, n in enumerate(order)
            ]

        return self._cached(("centrality", projection, measure, _key(where)), compute)

    def communities(
        self, projection: str = "organizations", method: str = "louvain", **where: Any
    ) -> Communities:
        """Communities by Louvain (seeded, so repeatable) or label propagation, with the
        modularity of the partition; largest first."""
        g = self.graph(projection, **where)

        def compute() -> Communities:
            if not g.number_of_edges():
                found = [{n} for n in g]
            elif method == "louvain":
                found = nx.community.louvain_communities(g, weight="weight", seed=7)
            elif method == "label-propagation":
                found = list(nx.community.label_propagation_communities(g))
            else:
                raise ValueError(f"unknown method {method!r} (louvain, label-propagation)")
            modularity = (
                nx.community.modularity(g, found, weight="weight") if g.number_of_edges() else 0.0
            )
            ordered = sorted(found, key=lambda c: (-len(c), min(g.nodes[n]["label"] for n in c)))
            return Communities(
                method=method,
                modularity=round(modularity, 6),
                communities=[
                    Community(
                        number=i + 1,
                        members=sorted((self._node(g, n) for n in c), key=lambda x: x.label),
                    )
                    for i, c in enumerate(ordered)
                ],
            )

        return self._cached(("communities", projection, method, _key(where)), compute)

    def paths(
        self,
        source: str,
        target: str,
        projection: str = "organizations",
        max_length: int = 3,
        **where: Any,
    ) -> Paths:
        """The shortest path and every simple path up to ``max_length`` edges between two
        entities, each edge with the quotes of the commitments behind it."""
        g = self.graph(projection, **where)
        a, b = self._find(g, source), self._find(g, target)
        assert self.lookup is not None
        lookup = self.lookup

        def as_path(nodes: list[str]) -> Path:
            steps = []
            known = lookup.index.commitments  # (partnerships are behind some edges too)
            for u, v in itertools.pairwise(nodes):
                iris = [c for c in commitments_behind(g, u, v) if c in known]
                records = lookup.commitment_records(iris, EVIDENCE_PER_STEP)
                evidence = [
                    Evidence(
                        commitment=c.iri,
                        quote=c.quote,
                        document=c.document,
                        start=c.span.start,
                        end=c.span.end,
                    )
                    for c in records
                ]
                steps.append(
                    Step(
                        source=self._node(g, u),
                        target=self._node(g, v),
                        evidence=evidence,
                        evidence_total=len(iris),
                    )
                )
            return Path(nodes=[self._node(g, n) for n in nodes], steps=steps)

        def compute() -> Paths:
            try:
                shortest = nx.shortest_path(g, a, b)
            except nx.NetworkXNoPath:
                return Paths(shortest=None, all=[])
            simple = _simple_paths(g, a, b, max_length, MAX_PATHS)
            return Paths(shortest=as_path(shortest), all=[as_path(p) for p in simple])

        return self._cached(("paths", projection, a, b, max_length, _key(where)), compute)

    def neighbours(
        self, entity: str, projection: str = "organizations", radius: int = 1, **where: Any
    ) -> list[Node]:
        """The ego network's other nodes: everything within ``radius`` edges."""
        g = self.graph(projection, **where)
        centre = self._find(g, entity)

        def compute() -> list[Node]:
            near = nx.single_source_shortest_path_length(g, centre, cutoff=radius)
            return sorted((self._node(g, n) for n in near if n != centre), key=lambda x: x.label)

        return self._cached(("neighbours", projection, centre, radius, _key(where)), compute)

    def similar(self, organization: str, **where: Any) -> list[Similar]:
        """Organizations ranked by the Jaccard similarity of their technology areas."""
        g = self.graph("organization-technology", **where)
        org = self._find(g, organization)
        return self._cached(("similar", org, _key(where)), lambda: self._similar(g, org))

    def _similar(self, g: nx.Graph[str], org: str) -> list[Similar]:
        mine = set(g[org])
        found = []
        for other, data in g.nodes(data=True):
            if other == org or data["type"] != "organization":
                continue
            theirs = set(g[other])
            union = mine | theirs
            if union and mine & theirs:
                shared = sorted(g.nodes[n]["label"] for n in mine & theirs)
                found.append(
                    Similar(
                        iri=other,
                        label=data["label"],
                        jaccard=round(len(mine & theirs) / len(union), 6),
                        shared=shared,
                    )
                )
        return sorted(found, key=lambda s: (-s.jaccard, s.label))

    def chart(
        self, kind: str, fmt: str, filters: dict[str, set[str]] | None = None, title: str = ""
    ) -> bytes:
        """A heatmap (organizations × CET categories) or a timeline (commitments per
        category per year) of the commitments ``filters`` select (facets of
        :mod:`accordgraph.graph.facets`), as SVG or PNG; cached per store version."""
        assert self.lookup is not None
        facets = Facets.of(self.lookup.index)
        filters = filters or {}

        def compute() -> bytes:
            chosen = facets.select(filters)
            named = "; ".join(
                ", ".join(facets.label(f, v) for v in sorted(vs)) for f, vs in filters.items() if vs
            )
            shown = title or (
                f"{CHART_TITLES.get(kind, kind)}{f' ({named})' if named else ''}: "
                f"{len(chosen):,} commitments"
            )
            return chart(facets, chosen, kind, fmt, shown)

        selection = tuple(sorted((f, tuple(sorted(v))) for f, v in filters.items()))
        return self._cached(("chart", kind, fmt, title, selection), compute)

    def compare(self, first: str, second: str) -> Comparison:
        """Two documents' shared and unique organizations and technology categories.

        >>> from accordgraph import bundled_document
        >>> a = Analytics(KnowledgeGraph.open())
        >>> _ = a.kg.load(bundled_document())
        >>> same = a.compare("us-japan-tpd-2025", "us-japan-tpd-2025")
        >>> same.organizations.jaccard, same.categories.only_first
        (1.0, [])
        """
        assert self.lookup is not None
        ix = self.lookup.index
        docs = []
        for key in (first, second):
            iri = str(self.kg.ids.document(key))
            if iri not in ix.documents:
                raise NotFound(f"no document {key!r}")
            docs.append(iri)

        def compute() -> Comparison:
            orgs = [{o for o, named in ix.org_documents.items() if doc in named} for doc in docs]
            categories: list[set[str]] = [set(), set()]
            for _, area, _, doc in ix.links:
                for i, wanted in enumerate(docs):
                    if doc == wanted:
                        categories[i].add(ix.top.get(area, area))
            return Comparison(
                first=ix.ref(docs[0]),
                second=ix.ref(docs[1]),
                organizations=_overlap(ix, *orgs),
                categories=_overlap(ix, *categories),
            )

        return self._cached(("compare", *docs), compute)

    def export(
        self,
        fmt: str,
        projection: str = "organizations",
        language: str = "en",
        size_by: str = "degree",
        **where: Any,
    ) -> bytes:
        """The projection as a graph file (:mod:`accordgraph.graph.export`), a picture
        (``svg``, ``png``: :mod:`accordgraph.graph.pictures`) or an interactive page
        (``html``: :mod:`accordgraph.graph.page`). GEXF, picture and page node sizes
        follow the ``size_by`` centrality."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")
        if size_by not in MEASURES:
            raise ValueError(f"unknown measure {size_by!r} (one of {', '.join(MEASURES)})")
        g = self.graph(projection, **where)
        shown_to_people = fmt == "html" or fmt in PICTURE_FORMATS
        if shown_to_people and "rollup" not in where:
            # a picture of more than 30 areas is unreadable: their CET categories instead
            areas = sum(1 for _, d in g.nodes(data=True) if d.get("type") == "technology")
            if areas > ROLLUP_ABOVE:
                where = {**where, "rollup": True}
                g = self.graph(projection, **where)
        sized = fmt in ("gexf", "html") or fmt in PICTURE_FORMATS

        def compute() -> bytes:
            sizes = None
            if sized:
                sizes = {r.iri: r.score for r in self.centrality(projection, size_by, **where)}
            if fmt in FORMATS:
                return export_graph(g, fmt, language, sizes)
            shown = labelled(g, language, listed=False)
            title = self._title(projection, where)
            # One layout per projection, shared by both pictures and the page.
            pos = self._cached(("layout", projection, _key(where)), lambda: layout(g))
            if fmt in PICTURE_FORMATS:
                return picture(shown, fmt, title, sizes, MEASURE_NAMES[size_by], pos)
            return self._page(shown, title, sizes, pos).encode()

        key = ("export", fmt, projection, language, size_by if sized else "", _key(where))
        return self._cached(key, compute)

    def _title(self, projection: str, where: dict[str, Any]) -> str:
        """What a picture shows: the projection and its restrictions."""
        parts = []
        if where.get("document"):
            parts.append(f"document {where['document']}")
        if where.get("country"):
            parts.append(f"organizations of {str(where['country']).upper()}")
        if where.get("technology"):
            parts.append(f"{where['technology']} and narrower areas")
        if where.get("rollup"):
            parts.append("areas rolled up to CET categories")
        title = PROJECTIONS[projection].title
        return f"{title} ({'; '.join(parts)})" if parts else title

    def _page(
        self,
        g: nx.Graph[str],
        title: str,
        sizes: dict[str, float] | None,
        pos: dict[str, tuple[float, float]],
    ) -> str:
        """The interactive page, with the quotes of up to ``QUOTES_PER_NODE`` commitments
        per node (in text order)."""
        assert self.lookup is not None
        ix = self.lookup.index
        behind: dict[str, set[str]] = {}
        for node in g:
            if node in ix.commitments:
                behind[node] = {node}
            elif NAMED_IN in g.graph:
                behind[node] = {c for c in g.graph[NAMED_IN].get(node, ()) if c in ix.commitments}
            else:
                behind[node] = {
                    c for other in g[node] for c in commitments_behind(g, node, other)
                    if c in ix.commitments
                }  # fmt: skip
        chosen = {n: self.lookup.in_text_order(cs)[:QUOTES_PER_NODE] for n, cs in behind.items()}
        records = self.lookup.commitment_records(set().union(*chosen.values()) if chosen else ())
        quotes = {
            c.iri: {"quote": c.quote, "document": c.document, "start": c.span.start,
                    "end": c.span.end, "section": c.section}
            for c in records
        }  # fmt: skip
        listed = {n: (cs, len(behind[n])) for n, cs in chosen.items()}
        return interactive_page(g, title, listed, quotes, sizes, pos)

    def summary(self, projection: str = "organizations", **where: Any) -> Summary:
        return self._cached(
            ("summary", projection, _key(where)), lambda: self._summary(projection, where)
        )

    def _summary(self, projection: str, where: dict[str, Any]) -> Summary:
        g = self.graph(projection, **where)
        kinds: dict[str, int] = {}
        for node in g:
            kind = str(g.nodes[node]["type"])
            kinds[kind] = kinds.get(kind, 0) + 1
        components = list(nx.connected_components(g)) if len(g) else []
        return Summary(
            projection=projection,
            node_meaning=PROJECTIONS[projection].node,
            edge_meaning=PROJECTIONS[projection].edge,
            nodes=g.number_of_nodes(),
            edges=g.number_of_edges(),
            nodes_by_type=dict(sorted(kinds.items())),
            density=round(nx.density(g), 6) if len(g) > 1 else 0.0,
            components=len(components),
            largest_component=max((len(c) for c in components), default=0),
        )
