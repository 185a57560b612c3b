"""Graph files read back by readers someone else wrote: networkx's GraphML and GEXF
readers, pydot for DOT, networkx's Cytoscape.js and node-link readers, Python's csv."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import networkx as nx
import pydot
import pytest

from accordgraph.graph.analytics import EXPORT_FORMATS, Analytics
from accordgraph.graph.export import COLOURS

NSF = "https://w3id.org/accordgraph/id/org/nsf"
MIC = "https://w3id.org/accordgraph/id/org/mic"


@pytest.fixture(scope="module")
def graph(japan_only: Analytics) -> nx.Graph:  # type: ignore[type-arg]
    return japan_only.graph("organization-technology")


def test_graphml_reads_back_with_labels_iris_and_weights(
    japan_only: Analytics, graph: nx.Graph
) -> None:  # type: ignore[type-arg]
    back = nx.read_graphml(io.BytesIO(japan_only.export("graphml", "organization-technology")))
    assert set(back) == set(graph)
    assert back.nodes[NSF]["label"] == "National Science Foundation"
    assert back.nodes[NSF]["iri"] == NSF and back.nodes[NSF]["type"] == "organization"
    for a, b, data in graph.edges(data=True):
        assert back.edges[a, b]["weight"] == data["weight"]
        assert back.edges[a, b]["commitments"].split("; ") == data["commitments"]


def test_gexf_13_carries_colour_by_type_and_size_by_centrality(japan_only: Analytics) -> None:
    data = japan_only.export("gexf", "organizations", size_by="pagerank")
    assert b'version="1.3"' in data and b"http://gexf.net/1.3/viz" in data
    back = nx.read_gexf(io.BytesIO(data))
    viz = back.nodes[NSF]["viz"]
    blue = COLOURS["organization"]
    assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (
        int(blue[1:3], 16), int(blue[3:5], 16), int(blue[5:7], 16),
    )  # fmt: skip
    top = japan_only.centrality("organizations", "pagerank")[0].iri
    assert back.nodes[top]["viz"]["size"] == max(d["viz"]["size"] for _, d in back.nodes(data=True))


def test_dot_parses_with_pydot(japan_only: Analytics, graph: nx.Graph) -> None:  # type: ignore[type-arg]
    [dot] = pydot.graph_from_dot_data(japan_only.export("dot", "organization-technology").decode())
    names = {n.get_name().strip('"') for n in dot.get_nodes()}
    assert names == set(graph)
    assert len(dot.get_edges()) == graph.number_of_edges()


def test_json_formats_round_trip(japan_only: Analytics, graph: nx.Graph) -> None:  # type: ignore[type-arg]
    cyto = json.loads(japan_only.export("cytoscape", "organization-technology"))
    back = nx.cytoscape_graph(cyto)
    assert set(back) == set(graph) and back.number_of_edges() == graph.number_of_edges()
    link = json.loads(japan_only.export("node-link", "organization-technology"))
    back = nx.node_link_graph(link, edges="edges")
    assert back.edges[NSF, "https://w3id.org/accordgraph/id/technology/ai-for-science"][
        "commitments"
    ]


def test_csv_node_and_edge_lists(japan_only: Analytics, graph: nx.Graph) -> None:  # type: ignore[type-arg]
    nodes = list(
        csv.DictReader(
            io.StringIO(japan_only.export("nodes-csv", "organization-technology").decode())
        )
    )
    edges = list(
        csv.DictReader(
            io.StringIO(japan_only.export("edges-csv", "organization-technology").decode())
        )
    )
    assert len(nodes) == len(graph) and len(edges) == graph.number_of_edges()
    mic = next(n for n in nodes if n["iri"] == MIC)
    assert mic["label_ja"] == "総務省" and mic["country"] == "JP"


def test_japanese_labels_on_request(japan_only: Analytics) -> None:
    back = nx.read_graphml(io.BytesIO(japan_only.export("graphml", language="ja")))
    assert back.nodes[MIC]["label"] == "総務省"
    assert back.nodes[MIC]["label_en"] == "Ministry of Internal Affairs and Communications"


def test_every_format_from_the_command_line(tmp_path: Path) -> None:
    for fmt in EXPORT_FORMATS:  # graph files, pictures and the page
        out = tmp_path / f"net.{fmt}"
        subprocess.run(
            ["accordgraph", "--data", str(tmp_path / "data"), "analyze", "export",
             "--format", fmt, "--output", str(out)],
            check=True, capture_output=True,
        )  # fmt: skip
        assert out.stat().st_size > 200, fmt
    wrong = subprocess.run(
        ["accordgraph", "--data", str(tmp_path / "data"), "analyze", "export", "--format", "xls"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert wrong.returncode == 1 and "unknown format 'xls'" in wrong.stderr


def test_layout_sets_leaves_of_a_large_component_around_their_neighbour() -> None:
    """Past 300 nodes the leaves are not laid out but ringed round their neighbour; the
    layout stays in the unit square, the same on every run, small components included."""
    import math

    from accordgraph.graph.pictures import layout

    g = nx.relabel_nodes(nx.barabasi_albert_graph(400, 1, seed=1), str)
    g.add_edge("x", "y")  # a second, tiny component
    pos = layout(g)
    assert pos == layout(g) and set(pos) == set(g)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in pos.values())
    core_edges = [(a, b) for a, b in g.edges if g.degree(a) > 1 and g.degree(b) > 1]
    spacing = sorted(math.dist(pos[a], pos[b]) for a, b in core_edges)[len(core_edges) // 2]
    for leaf in (n for n in g if g.degree(n) == 1 and n not in ("x", "y")):
        assert math.dist(pos[leaf], pos[next(iter(g[leaf]))]) < spacing
    assert pos["x"] != pos["y"] and pos["x"][1] == pos["y"][1]  # side by side
