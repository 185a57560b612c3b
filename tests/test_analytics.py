"""Graph analytics on the bundled document (and the UK MOU beside it): projections,
centrality, communities, paths with their quotes, neighbours, similarity, caching."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from accordgraph import bundled_document
from accordgraph.graph.analytics import MEASURES, Analytics
from accordgraph.graph.lookup import NotFound
from accordgraph.graph.projections import PROJECTIONS, commitments_behind
from accordgraph.graph.store import KnowledgeGraph

ID = "https://w3id.org/accordgraph/id/"
ICNT = "integrated-communication-and-networking-technologies"


@pytest.fixture(scope="module")
def analytics(uk_file: Path) -> Analytics:
    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    kg.load(uk_file)
    return Analytics(kg)


def labels(nodes: list[object]) -> set[str]:
    return {n.label for n in nodes}  # type: ignore[attr-defined]


def test_nsf_neighbours_include_the_agencies_it_works_with(japan_only: Analytics) -> None:
    neighbours = labels(japan_only.neighbours("NSF"))
    assert {
        "Japan Science and Technology Agency",
        "Japan Society for the Promotion of Science",
        "RIKEN",
        "National Institute of Information and Communications Technology",
    } <= neighbours


def test_a_path_from_ntia_to_nsf_names_its_commitments(japan_only: Analytics) -> None:
    found = japan_only.paths("NTIA", "NSF")
    assert found.shortest is not None
    path = found.shortest
    assert path.nodes[0].label == "National Telecommunications and Information Administration"
    assert path.nodes[-1].label == "National Science Foundation"
    for step in path.steps:
        assert step.evidence, f"{step.source.label} — {step.target.label} has no quote"
    first, last = path.steps[0].evidence[0], path.steps[-1].evidence[0]
    assert "National Telecommunications and Information Administration" in first.quote
    assert "National Science Foundation" in last.quote
    assert all(len(p.nodes) - 1 <= 3 for p in found.all) and path in found.all


def test_every_centrality_measure_ranks_every_node(japan_only: Analytics) -> None:
    graph = japan_only.graph("organizations")
    for measure in MEASURES:
        ranked = japan_only.centrality("organizations", measure)
        assert len(ranked) == len(graph)
        scores = [r.score for r in ranked]
        assert scores == sorted(scores, reverse=True)
    pagerank = japan_only.centrality("organizations", "pagerank")
    assert sum(r.score for r in pagerank) == pytest.approx(1.0, abs=1e-4)
    between = japan_only.centrality("organizations", "betweenness")
    assert between[0].label.startswith("Government of")


def test_communities_cover_the_graph_and_are_repeatable(japan_only: Analytics) -> None:
    graph = japan_only.graph("organizations")
    for method in ("louvain", "label-propagation"):
        result = japan_only.communities("organizations", method)
        members = [m.iri for c in result.communities for m in c.members]
        assert sorted(members) == sorted(graph) and len(members) == len(set(members))
    louvain = japan_only.communities("organizations", "louvain")
    assert louvain.modularity > 0
    together = [
        c
        for c in louvain.communities
        if "MIC" in {m.iri.rsplit("/", 1)[-1].upper() for m in c.members}
    ]
    assert together and ID + "org/ntia" in {m.iri for m in together[0].members}


def test_similar_organizations_share_technology_areas(japan_only: Analytics) -> None:
    similar = japan_only.similar("MIC")
    assert similar[0].label == "National Telecommunications and Information Administration"
    assert similar[0].jaccard == 1.0 and "Open RAN" in similar[0].shared


def test_projections_and_their_filters(analytics: Analytics) -> None:
    assert set(PROJECTIONS) == {
        "organization-technology",
        "organizations",
        "technologies",
        "entities",
    }
    both = analytics.graph("organizations")
    japan = analytics.graph("organizations", document="us-japan-tpd-2025")
    uk = analytics.graph("organizations", document="us-uk-tpd-2025")
    assert set(japan) | set(uk) <= set(both) and set(japan) != set(uk)
    assert ID + "org/nict" in japan and ID + "org/nict" not in uk
    japanese = analytics.graph("organizations", country="JP")
    assert japanese and all(japanese.nodes[n]["country"] == "JP" for n in japanese)
    bipartite = analytics.graph("organization-technology", technology=ICNT)
    areas = [n for n in bipartite if bipartite.nodes[n]["type"] == "technology"]
    assert areas and all(
        bipartite.nodes[a]["category"] == "Integrated Communication and Networking Technologies"
        for a in areas
    )
    rolled = analytics.graph("organization-technology", rollup=True)
    categories = {
        rolled.nodes[n]["label"] for n in rolled if rolled.nodes[n]["type"] == "technology"
    }
    assert (
        "Open RAN" not in categories
        and "Integrated Communication and Networking Technologies" in categories
    )
    entities = analytics.graph("entities")
    kinds = {entities.nodes[n]["type"] for n in entities}
    assert {"agreement", "document", "commitment", "organization", "technology", "person"} <= kinds
    cooccurring = analytics.graph("technologies")
    assert cooccurring.has_edge(ID + "technology/open-ran", ID + "technology/ai-ran")


def test_every_edge_carries_its_commitments(analytics: Analytics) -> None:
    assert analytics.lookup is not None
    ix = analytics.lookup.index
    for projection in ("organizations", "technologies"):
        graph = analytics.graph(projection)
        for a, b, data in graph.edges(data=True):
            behind = commitments_behind(graph, a, b)
            assert data["weight"] == len(behind) > 0
            assert all(c in ix.commitments or c in ix.partnerships for c in behind)
    graph = analytics.graph("organizations")
    mic_ntia = commitments_behind(graph, ID + "org/mic", ID + "org/ntia")
    assert any("telecommunications innovation" in c.quote
               for c in analytics.lookup.commitment_records(mic_ntia, 10))  # fmt: skip
    entities = analytics.graph("entities")
    for a, b in entities.edges:
        behind = commitments_behind(entities, a, b)
        kinds = {entities.nodes[a]["type"], entities.nodes[b]["type"]}
        expected = ([a] if a in ix.commitments else [b]) if "commitment" in kinds else []
        assert behind == expected


def test_summary(japan_only: Analytics) -> None:
    summary = japan_only.summary("organization-technology")
    assert (
        summary.nodes == summary.nodes_by_type["organization"] + summary.nodes_by_type["technology"]
    )
    assert summary.components >= 1 and 0 < summary.density < 1
    assert "commitments" in summary.edge_meaning


def test_results_are_cached_until_the_store_changes(uk_file: Path) -> None:
    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    analytics = Analytics(kg)
    first = analytics.centrality("organizations", "pagerank")
    assert analytics.centrality("organizations", "pagerank") is first
    kg.load(uk_file)
    again = analytics.centrality("organizations", "pagerank")
    assert again is not first and len(again) > len(first)


def test_unknown_names_are_clear_errors(japan_only: Analytics) -> None:
    with pytest.raises(NotFound, match="not a node"):
        japan_only.neighbours("Ministry of Magic")
    with pytest.raises(ValueError, match="unknown measure"):
        japan_only.centrality("organizations", "fame")
    with pytest.raises(ValueError, match="unknown projection"):
        japan_only.graph("galaxies")


def test_the_command_line_prints_paths_with_quotes(tmp_path: Path) -> None:
    run = subprocess.run(
        ["accordgraph", "--data", str(tmp_path), "analyze", "path", "NTIA", "NSF"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "National Telecommunications and Information Administration →" in run.stdout
    assert "“Driving innovative research" in run.stdout
    ranked = subprocess.run(
        ["accordgraph", "--data", str(tmp_path), "analyze", "centrality", "--json", "--top", "3"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [r["rank"] for r in json.loads(ranked.stdout)] == [1, 2, 3]
    wrong = subprocess.run(
        ["accordgraph", "--data", str(tmp_path), "analyze", "neighbours", "Nobody"],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("accordgraph: error:") and "Traceback" not in wrong.stderr


def test_centrality_on_a_disconnected_projection(japan_only: Analytics) -> None:
    """Regression: eigenvector centrality raised AmbiguousSolution (a 500 over HTTP) on
    projections with several components; schemathesis found it."""
    import networkx as nx

    where = {"document": "us-japan-tpd-2025", "country": "JP"}
    graph = japan_only.graph("technologies", **where)
    assert nx.number_connected_components(graph) > 1
    for measure in MEASURES:
        ranked = japan_only.centrality("technologies", measure, **where)
        assert len(ranked) == len(graph)


def test_two_agreements_compared(analytics: Analytics) -> None:
    """The MOC and the UK MOU share the US Government, NSF and CAISI, and AI, quantum
    (the MOU's "U.S.-UK Quantum Industry Exchange Program") and technical standards;
    each has categories of its own."""
    comparison = analytics.compare("us-japan-tpd-2025", "us-uk-tpd-2025")
    orgs = comparison.organizations
    assert [o.id for o in orgs.shared] == ["caisi", "usg", "nsf"]
    assert {"jst", "jsps", "riken", "mic", "nict", "ntia"} <= {o.id for o in orgs.only_first}
    assert {"doe", "nasa", "gb-research-and-innovation"} <= {o.id for o in orgs.only_second}
    assert orgs.jaccard == round(3 / (3 + len(orgs.only_first) + len(orgs.only_second)), 6)
    categories = comparison.categories
    shared = [c.label for c in categories.shared]
    assert shared == [
        "Artificial Intelligence",
        "Quantum Information and Enabling Technologies",
        "Technical standards",
    ]
    assert "Integrated Communication and Networking Technologies" in {
        c.label for c in categories.only_first
    }
    assert {"Biotechnologies", "Space Technologies and Systems"} <= {
        c.label for c in categories.only_second
    }
    with pytest.raises(NotFound, match="no document 'nope'"):
        analytics.compare("us-japan-tpd-2025", "nope")


def test_the_command_line_compares_and_draws(tmp_path: Path) -> None:
    data = ["accordgraph", "--data", str(tmp_path)]
    compared = subprocess.run(
        [*data, "analyze", "compare", "us-japan-tpd-2025", "us-japan-tpd-2025"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "organizations (Jaccard 1.000)" in compared.stdout
    assert "only us-japan-tpd-2025: —" in compared.stdout
    picture = tmp_path / "network.png"
    subprocess.run(
        [*data, "analyze", "export", "--format", "png", "--output", str(picture)], check=True
    )
    assert picture.read_bytes().startswith(b"\x89PNG")
    page = tmp_path / "network.html"
    subprocess.run(
        [*data, "analyze", "export", "--format", "html", "--projection", "technologies",
         "--output", str(page)], check=True,
    )  # fmt: skip
    assert "<title>Technology areas named together in commitments</title>" in page.read_text()


def test_betweenness_on_a_large_graph_is_estimated_and_ranks_the_hubs_alike() -> None:
    """Past the budget, betweenness comes from a seeded sample of sources: the same
    answer on every call, and the same leading nodes as the exact computation."""
    import networkx as nx

    from accordgraph.graph.analytics import _betweenness_sample

    g = nx.barabasi_albert_graph(1000, 2, seed=1)
    sample = _betweenness_sample(g)
    assert sample is not None and sample < len(g)
    estimated = MEASURES["betweenness"](g)
    assert estimated == MEASURES["betweenness"](g)
    exact = nx.betweenness_centrality(g)
    top = sorted(exact, key=exact.__getitem__, reverse=True)[:5]
    assert sorted(estimated, key=estimated.__getitem__, reverse=True)[:5] == top
    assert _betweenness_sample(nx.path_graph(50)) is None  # small graphs: exact


def test_pictures_roll_many_areas_up_to_categories(
    japan_only: Analytics, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More areas than a picture can show are drawn as their CET categories, unless the
    caller says otherwise; graph files keep every area."""
    import accordgraph.graph.analytics as analytics_module

    page = japan_only.export("html", "organization-technology").decode()
    assert "rolled up to CET categories" not in page  # 13 areas: shown as they are
    monkeypatch.setattr(analytics_module, "ROLLUP_ABOVE", 5)
    page = japan_only.export("html", "organization-technology").decode()
    assert "areas rolled up to CET categories" in page
    kept = japan_only.export("html", "organization-technology", rollup=False).decode()
    assert "rolled up" not in kept
    graphml = japan_only.export("graphml", "organization-technology").decode()
    assert "AI for science" in graphml  # an area, not only its category
