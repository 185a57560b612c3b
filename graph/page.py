"""A single self-contained interactive HTML page of a projection.

The page carries Cytoscape.js (bundled, MIT licence in ``assets/``), the graph, and the
quotes of the commitments behind its nodes, so it works offline and can be mailed or
attached to a report. Pan and zoom with the mouse or the buttons; the search box
highlights nodes whose label or IRI contains the text (Enter zooms to them); clicking a
node lists its commitments with their quotes. Positions come from
:func:`accordgraph.graph.pictures.layout`, so the page matches the SVG/PNG picture.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("http://x/a", label="NSF <US>", type="organization", iri="http://x/a")
>>> html = interactive_page(g, "A & B", {}, {})
>>> "<title>A &amp; B</title>" in html and "NSF \\\\u003cUS>" in html
True
>>> "cdn" in html.lower() or "https://unpkg" in html
False
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from accordgraph.graph.export import OTHER_COLOUR
from accordgraph.graph.pictures import groups, layout, scaled

QUOTES_PER_NODE = 10  # commitments quoted when a node is clicked (then: “and N more”)
CANVAS = 1000  # the layout's unit square, in Cytoscape model coordinates


@cache
def _cytoscape() -> str:
    return (resources.files("accordgraph.graph") / "assets" / "cytoscape.min.js").read_text(
        encoding="utf-8"
    )


def _script_json(data: Any) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def interactive_page(
    g: nx.Graph[str],
    title: str,
    node_commitments: dict[str, tuple[list[str], int]],
    quotes: dict[str, dict[str, Any]],
    sizes: dict[str, float] | None = None,
    pos: dict[str, tuple[float, float]] | None = None,
) -> str:
    """The page for ``g``. ``node_commitments`` maps a node to (the commitment IRIs to
    list, how many there are in all); ``quotes`` maps a commitment IRI to its ``quote``,
    ``document``, ``start``, ``end`` and ``section``; ``sizes`` (a centrality) sets
    node sizes; ``pos`` (from :func:`~accordgraph.graph.pictures.layout`, computed when
    not given) places them."""
    pos = pos or layout(g)
    size = scaled(sizes, g)
    top = max((float(d.get("weight", 1)) for _, _, d in g.edges(data=True)), default=1.0)
    elements: list[dict[str, Any]] = []
    legend_groups = groups(g)  # organizations by country, the rest by type
    colour_of = {n: colour for _, colour, nodes in legend_groups for n in nodes}
    for node, data in g.nodes(data=True):
        listed, total = node_commitments.get(node, ([], 0))
        elements.append(
            {
                "group": "nodes",
                "data": {
                    "id": node,
                    "label": str(data.get("label", node)),
                    "type": str(data.get("type", "")),
                    "iri": str(data.get("iri", node)),
                    "colour": colour_of.get(node, OTHER_COLOUR),
                    "size": round(14 + 46 * size[node], 2),
                    "commitments": listed,
                    "total": total,
                },
                "position": {
                    "x": round(pos[node][0] * CANVAS, 2),
                    "y": round((1 - pos[node][1]) * CANVAS, 2),
                },
            }
        )
    for i, (a, b, data) in enumerate(g.edges(data=True)):
        weight = float(data.get("weight", 1))
        elements.append(
            {
                "group": "edges",
                "data": {
                    "id": f"e{i}",
                    "source": a,
                    "target": b,
                    "weight": weight,
                    "width": round(0.6 + 5.4 * weight / top, 2),
                },
            }
        )
    legend = "".join(
        f'<li><span class="dot" style="background:{colour}"></span>'
        f"{html.escape(name)} ({len(nodes)})</li>"
        for name, colour, nodes in legend_groups
    )
    values = {
        "title": html.escape(title),
        "legend": legend,
        "summary": f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges",
        "cytoscape": _cytoscape().replace("</script", "<\\/script"),
        "elements": _script_json(elements),
        "quotes": _script_json(quotes),
    }
    # One pass, so nothing inserted (a title, the library) is read as a placeholder.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], PAGE)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="accordgraph">
<title>{{title}}</title>
<style>
  html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
  body { display: grid; grid-template-columns: 1fr 26rem; grid-template-rows: auto 1fr; }
  header { grid-column: 1 / 3; display: flex; gap: 1rem; align-items: center;
           padding: .5rem 1rem; border-bottom: 1px solid #ddd; flex-wrap: wrap; }
  header h1 { font-size: 1.05rem; margin: 0; flex: 1 1 20rem; }
  #graph { min-height: 0; }
  aside { overflow: auto; border-left: 1px solid #ddd; padding: .75rem 1rem; }
  input[type=search] { width: 16rem; padding: .3rem .5rem; }
  button { padding: .25rem .6rem; }
  ul.legend { list-style: none; padding: 0; margin: 0; display: flex; gap: .8rem; }
  .dot { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%;
         margin-right: .3rem; vertical-align: -0.1rem; }
  blockquote { margin: .4rem 0 .2rem; padding-left: .6rem; border-left: 3px solid #9467bd; }
  .source { font-size: .85em; color: #555; margin-bottom: .8rem; }
  .muted { color: #666; }
</style>
</head>
<body>
<header>
  <h1>{{title}} <span class="muted">({{summary}})</span></h1>
  <ul class="legend">{{legend}}</ul>
  <label>Search <input id="search" type="search" placeholder="label or IRI; Enter zooms"
         autocomplete="off"></label>
  <span id="matches" class="muted" aria-live="polite"></span>
  <button id="zoom-in" title="Zoom in">+</button>
  <button id="zoom-out" title="Zoom out">−</button>
  <button id="fit" title="Show the whole graph">Fit</button>
  <button id="save-png" title="Download the picture as shown (PNG)">Picture</button>
  <button id="save-json" title="Download the nodes and edges (Cytoscape.js JSON)">Data</button>
</header>
<div id="graph" role="img" aria-label="{{title}}"></div>
<aside id="details">
  <p class="muted">Drag to pan, scroll to zoom, click a node to see the commitments
  behind it and their exact words.</p>
</aside>
<script>{{cytoscape}}</script>
<script id="elements" type="application/json">{{elements}}</script>
<script id="quotes" type="application/json">{{quotes}}</script>
<script>
"use strict";
const elements = JSON.parse(document.getElementById("elements").textContent);
const quotes = JSON.parse(document.getElementById("quotes").textContent);
const cy = cytoscape({
  container: document.getElementById("graph"),
  elements: elements,
  layout: { name: "preset", fit: true, padding: 30 },
  minZoom: 0.05,
  maxZoom: 8,
  wheelSensitivity: 0.4,
  style: [
    { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": 9, "text-valign": "top", "text-margin-y": -3,
        "text-wrap": "wrap", "text-max-width": 140, "min-zoomed-font-size": 7,
        "text-background-color": "#fff", "text-background-opacity": 0.7,
        "border-width": 1, "border-color": "#fff" } },
    { selector: "edge", style: {
        "width": "data(width)", "line-color": "#a0a0a0", "opacity": 0.5,
        "curve-style": "haystack" } },
    { selector: ".match", style: { "border-width": 4, "border-color": "#ff7f0e" } },
    { selector: ".faded", style: { "opacity": 0.12 } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#000" } },
  ],
});
window.cy = cy;  // for the console (and the tests)

const details = document.getElementById("details");
function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}
function show(node) {
  const d = node.data();
  details.replaceChildren();
  details.append(el("h2", d.label), el("p", d.type, { class: "muted" }));
  // Only http(s) IRIs become links: javascript:… is a valid IRI too.
  const web = (iri) => /^https?:[/][/]/i.test(iri);
  const link = web(d.iri) ? el("a", d.iri, { href: d.iri }) : el("span", d.iri);
  const iri = el("p"); iri.append(link); details.append(iri);
  details.append(el("h3", d.total === 1 ? "1 commitment" : d.total + " commitments"));
  for (const c of d.commitments) {
    const q = quotes[c];
    if (!q) continue;
    details.append(el("blockquote", "\\u201c" + q.quote + "\\u201d", { cite: c }));
    const source = el("div", "", { class: "source" });
    const where = q.document + " " + q.start + "\\u2013" + q.end;
    source.append(web(c) ? el("a", where, { href: c }) : el("span", where));
    if (q.section) source.append(document.createTextNode(" \\u00b7 " + q.section));
    details.append(source);
  }
  if (d.total > d.commitments.length) {
    details.append(el("p", "\\u2026 and " + (d.total - d.commitments.length) + " more",
                      { class: "muted" }));
  }
  cy.elements().addClass("faded");
  node.closedNeighborhood().removeClass("faded");
}
cy.on("tap", "node", (event) => show(event.target));
cy.on("tap", (event) => {
  if (event.target === cy) cy.elements().removeClass("faded");
});

const search = document.getElementById("search");
const matches = document.getElementById("matches");
function find() {
  const text = search.value.trim().toLowerCase();
  cy.nodes().removeClass("match");
  if (!text) { matches.textContent = ""; return cy.collection(); }
  const found = cy.nodes().filter((n) =>
    n.data("label").toLowerCase().includes(text) || n.data("iri").toLowerCase().includes(text));
  found.addClass("match");
  matches.textContent = found.length === 1 ? "1 match" : found.length + " matches";
  return found;
}
search.addEventListener("input", find);
search.addEventListener("keydown", (event) => {
  if (event.key !== "Enter") return;
  const found = find();
  // fit the matches, but not closer than a readable neighbourhood around one node
  if (found.length) {
    cy.animate({ fit: { eles: found.closedNeighborhood(), padding: 60 }, duration: 300,
                 complete: () => { if (cy.zoom() > 2.5) cy.zoom({ level: 2.5,
                   position: found.boundingBox().x1 !== undefined
                     ? { x: (found.boundingBox().x1 + found.boundingBox().x2) / 2,
                         y: (found.boundingBox().y1 + found.boundingBox().y2) / 2 }
                     : undefined }); } });
  }
  if (found.length === 1) { cy.nodes().unselect(); found.select(); show(found[0]); }
});
function zoom(factor) {
  cy.zoom({ level: cy.zoom() * factor,
            renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}
document.getElementById("zoom-in").addEventListener("click", () => zoom(1.4));
document.getElementById("zoom-out").addEventListener("click", () => zoom(1 / 1.4));
document.getElementById("fit").addEventListener("click", () => cy.fit(undefined, 30));
function download(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}
document.getElementById("save-png").addEventListener("click", () =>
  download(cy.png({ output: "blob", full: false, scale: 2, bg: "#ffffff" }), "accordgraph.png"));
document.getElementById("save-json").addEventListener("click", () =>
  download(new Blob([JSON.stringify({ elements: cy.json().elements }, null, 1)],
                    { type: "application/json" }), "accordgraph.cyjs"));
</script>
</body>
</html>
"""
