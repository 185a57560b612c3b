"""Graph files of a projection for Gephi, Cytoscape, Graphviz and spreadsheets.

Formats: GraphML, GEXF 1.3 (``viz`` colour by node type and size by a centrality, so it
opens styled in Gephi), Cytoscape.js JSON, node-link JSON, DOT, and CSV node and edge
lists. Every node carries its label (English, or Japanese where known with
``language="ja"``), type and IRI; every edge its weight and the commitments behind it.
Lists are written as ``"; "``-joined text and missing values as empty strings in the
formats that have no lists or nulls (GraphML, GEXF, DOT, CSV), so their readers accept
them.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("http://x/a", label="A", label_ja="", type="organization", iri="http://x/a")
>>> g.add_node("http://x/b", label="B", label_ja="", type="technology", iri="http://x/b")
>>> g.add_edge("http://x/a", "http://x/b", weight=2, commitments=["http://x/c1", "http://x/c2"])
>>> print(export_graph(g, "dot").decode())  # doctest: +NORMALIZE_WHITESPACE
graph accordgraph {
  "http://x/a" [label="A", type="organization", iri="http://x/a", color="#1f77b4"];
  "http://x/b" [label="B", type="technology", iri="http://x/b", color="#2ca02c"];
  "http://x/a" -- "http://x/b" [weight=2, commitments="http://x/c1; http://x/c2"];
}
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from accordgraph.graph.projections import NAMED_IN, commitments_behind

FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cytoscape": "application/json",
    "node-link": "application/json",
    "dot": "text/vnd.graphviz",
    "nodes-csv": "text/csv",
    "edges-csv": "text/csv",
}
# Node colours by type (matplotlib's tab10), shared by every styled output.
COLOURS = {
    "organization": "#1f77b4",
    "agreement": "#ff7f0e",
    "technology": "#2ca02c",
    "document": "#d62728",
    "commitment": "#9467bd",
    "person": "#8c564b",
}
OTHER_COLOUR = "#7f7f7f"


def _flat(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)


def labelled(g: nx.Graph[str], language: str = "en", listed: bool = True) -> nx.Graph[str]:
    """A copy whose ``label`` is in ``language`` where the graph knows it (else English);
    ``listed``: with every edge's commitments listed on it, for writers of edge data."""
    out: nx.Graph[str] = nx.Graph()
    out.graph.update({k: v for k, v in g.graph.items() if k != NAMED_IN or not listed})
    out.add_nodes_from((n, dict(data)) for n, data in g.nodes(data=True))
    out.add_edges_from(
        (a, b, {**data, "commitments": commitments_behind(g, a, b)} if listed else dict(data))
        for a, b, data in g.edges(data=True)
    )
    if language == "ja":
        for _, data in out.nodes(data=True):
            if data.get("label_ja"):
                data["label_en"] = data["label"]
                data["label"] = data["label_ja"]
    return out


def _flat_graph(g: nx.Graph[str]) -> nx.Graph[str]:
    flat: nx.Graph[str] = nx.Graph()
    flat.graph.update({k: _flat(v) for k, v in g.graph.items()})
    for node, data in g.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for a, b, data in g.edges(data=True):
        flat.add_edge(a, b, **{k: _flat(v) for k, v in data.items()})
    return flat


def _rgb(colour: str) -> dict[str, int | float]:
    return {
        "r": int(colour[1:3], 16),
        "g": int(colour[3:5], 16),
        "b": int(colour[5:7], 16),
        "a": 1.0,
    }


def _quoted(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def export_graph(
    g: nx.Graph[str],
    fmt: str,
    language: str = "en",
    sizes: dict[str, float] | None = None,
) -> bytes:
    """``g`` in format ``fmt`` (a key of :data:`FORMATS`); ``sizes`` (e.g. a centrality
    per node) sets the GEXF node size, scaled to 5–50."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r} (one of {', '.join(FORMATS)})")
    g = labelled(g, language)
    if fmt == "cytoscape":
        return json.dumps(nx.cytoscape_data(g), ensure_ascii=False, indent=1).encode()
    if fmt == "node-link":
        data = nx.node_link_data(g, edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=1).encode()
    flat = _flat_graph(g)
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(flat, buffer, encoding="utf-8")
        return buffer.getvalue()
    if fmt == "gexf":
        top = max(sizes.values(), default=0.0) if sizes else 0.0
        for node, data in flat.nodes(data=True):
            score = (sizes or {}).get(node, 0.0)
            data["viz"] = {
                "color": _rgb(COLOURS.get(str(data.get("type")), OTHER_COLOUR)),
                "size": round(5 + 45 * (score / top if top else 0.0), 3),
            }
        buffer = io.BytesIO()
        nx.write_gexf(flat, buffer, encoding="utf-8", version="1.3")
        return buffer.getvalue()
    if fmt == "dot":
        lines = ["graph accordgraph {"]
        for node, data in flat.nodes(data=True):
            attrs = [f"{k}={_quoted(data[k])}" for k in ("label", "type", "iri") if k in data]
            colour = COLOURS.get(str(data.get("type")), OTHER_COLOUR)
            lines.append(f"  {_quoted(node)} [{', '.join(attrs)}, color={_quoted(colour)}];")
        for a, b, data in flat.edges(data=True):
            attrs = [f"weight={data.get('weight', 1)}"]
            attrs.append(f"commitments={_quoted(data.get('commitments', ''))}")
            lines.append(f"  {_quoted(a)} -- {_quoted(b)} [{', '.join(attrs)}];")
        lines.append("}")
        return ("\n".join(lines) + "\n").encode()
    out = io.StringIO()
    writer = csv.writer(out)
    if fmt == "nodes-csv":
        keys = ["iri", "label", "label_ja", "type", "country", "category"]
        writer.writerow(keys)
        for node, data in flat.nodes(data=True):
            writer.writerow([node if k == "iri" else data.get(k, "") for k in keys])
    else:
        writer.writerow(
            ["source", "target", "source_label", "target_label", "weight", "commitments"]
        )
        for a, b, data in flat.edges(data=True):
            writer.writerow(
                [a, b, flat.nodes[a]["label"], flat.nodes[b]["label"], data.get("weight", 1),
                 data.get("commitments", "")]
            )  # fmt: skip
    return out.getvalue().encode()
