"""Pictures of a projection for reports: SVG and PNG drawn with matplotlib.

Nodes are coloured by type (the colours of :data:`~accordgraph.graph.export.COLOURS`,
listed in a legend) and sized by a centrality; the best-connected nodes are labelled; the
title says what is shown. Matplotlib's Agg renderer needs no system packages, and the
IPAex Gothic font of ``matplotlib-fontja`` draws Japanese labels. The positions come from
:func:`layout`, which the interactive page (:mod:`accordgraph.graph.page`) shares, so a
picture and the page look alike.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("a", label="NSF", type="organization")
>>> g.add_node("b", label="量子", type="technology")
>>> g.add_edge("a", "b", weight=1)
>>> png = picture(g, "png", "Who works on what")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
>>> b"<svg" in picture(g, "svg", "Who works on what")
True
"""

from __future__ import annotations

import io
import math
import textwrap
from functools import cache

import networkx as nx
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from accordgraph.graph.export import COLOURS, OTHER_COLOUR

PICTURE_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
LABELLED = 40  # nodes labelled in a picture, the largest first; all of them if fewer
SEED = 7  # the same layout on every run
LARGE = 300  # nodes in a component past which the layout takes shortcuts
SMALL = 4  # components of at most this many nodes are set on a circle


def layout(g: nx.Graph[str]) -> dict[str, tuple[float, float]]:
    """Node positions in the unit square: each connected component gets its own spring
    layout (seeded) in a square cell whose area follows its size, and the cells are
    packed in rows, largest first, so small components do not drift to the corners."""
    components = sorted(
        (sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0])
    )
    cells: list[tuple[list[str], float]] = [(c, math.sqrt(len(c))) for c in components]
    total = sum(side * side for _, side in cells)
    row_width = max(math.sqrt(total) * 1.2, max((side for _, side in cells), default=1.0))
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, side in cells:
        if x + side > row_width + 1e-9:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in _component_layout(_in_order(g, nodes)).items():
            placed[node] = (x + side * (0.1 + 0.8 * px), y + side * (0.1 + 0.8 * py))
        x += side
        row_height = max(row_height, side)
    height = y + row_height
    extent = max(row_width, height) or 1.0
    # Top row at the top of the picture.
    return {n: (px / extent, 1.0 - py / extent) for n, (px, py) in placed.items()}


def _in_order(g: nx.Graph[str], nodes: list[str]) -> nx.Graph[str]:
    """The subgraph of ``nodes`` with its nodes in that order. A subgraph view iterates a
    small part of a graph in the order of a set (Python's string hashing, which differs
    per process), and the spring layout follows the order it is given."""
    part: nx.Graph[str] = nx.Graph()
    part.add_nodes_from((n, g.nodes[n]) for n in nodes)
    part.add_edges_from(sorted((min(a, b), max(a, b)) for a, b in g.subgraph(nodes).edges))
    return part


def _component_layout(g: nx.Graph[str]) -> dict[str, tuple[float, float]]:
    if len(g) == 1:
        return {next(iter(g)): (0.5, 0.5)}
    if len(g) <= SMALL:  # on a circle: a spring layout per pair or triple is all overhead
        return {
            n: (0.5 + 0.5 * math.cos(2 * math.pi * i / len(g) + math.pi),
                0.5 + 0.5 * math.sin(2 * math.pi * i / len(g) + math.pi))
            for i, n in enumerate(sorted(g))
        }  # fmt: skip
    # The spring layout costs O(nodes²) per iteration. In a large component the leaves
    # (nodes with one neighbour) are left out of it and set in a ring around their
    # neighbour afterwards, and fewer iterations are run.
    leaves = sorted(n for n in g if g.degree(n) == 1) if len(g) > LARGE else []
    core = g.subgraph(n for n in g if g.degree(n) != 1) if leaves else g
    iterations = 50 if len(core) <= LARGE else 15
    pos: dict[str, tuple[float, float]] = {
        str(n): (float(x), float(y))
        for n, (x, y) in nx.spring_layout(
            core, seed=SEED, weight=None, iterations=iterations
        ).items()
    }
    if leaves:
        ring = 0.4 / math.sqrt(len(core))  # under the layout's spacing of 1/√nodes
        around: dict[str, list[str]] = {}
        for leaf in leaves:
            around.setdefault(next(iter(g[leaf])), []).append(leaf)
        for centre, ringed in around.items():
            cx, cy = pos[centre]
            for i, leaf in enumerate(ringed):
                angle = 2 * math.pi * i / len(ringed)
                pos[leaf] = (cx + ring * math.cos(angle), cy + ring * math.sin(angle))
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    width = (max(xs) - min(xs)) or 1.0
    height = (max(ys) - min(ys)) or 1.0
    return {n: ((x - min(xs)) / width, (y - min(ys)) / height) for n, (x, y) in pos.items()}


def scaled(sizes: dict[str, float] | None, g: nx.Graph[str]) -> dict[str, float]:
    """Scores scaled to 0–1 by the largest (0 where a node has none)."""
    top = max((sizes or {}).values(), default=0.0)
    return {n: ((sizes or {}).get(n, 0.0) / top if top else 0.0) for n in g}


@cache
def label_font() -> font_manager.FontProperties:
    """Latin text in DejaVu Sans, Japanese in IPAex Gothic (matplotlib's font fallback)."""
    import matplotlib_fontja

    path = matplotlib_fontja.get_font_ttf_path()
    font_manager.fontManager.addfont(path)
    japanese = font_manager.FontProperties(fname=path).get_name()
    return font_manager.FontProperties(family=["DejaVu Sans", japanese], size=7)


COUNTRY_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
                   "#e377c2", "#bcbd22", "#8c564b")  # fmt: skip


def groups(g: nx.Graph[str]) -> list[tuple[str, str, list[str]]]:
    """The legend: organizations by country (the countries with most nodes get a colour
    each, the rest share grey), other nodes by type; (name, colour, nodes) each.

    >>> g = nx.Graph()
    >>> g.add_node("a", type="organization", country="JP")
    >>> g.add_node("b", type="organization", country="US")
    >>> g.add_node("c", type="organization", country="JP")
    >>> g.add_node("d", type="technology")
    >>> [(name, len(nodes)) for name, _, nodes in groups(g)]
    [('organization, JP', 2), ('organization, US', 1), ('technology', 1)]
    """
    by_group: dict[str, list[str]] = {}
    for node, data in g.nodes(data=True):
        kind = str(data.get("type", ""))
        country = str(data.get("country") or "") if kind == "organization" else ""
        by_group.setdefault(f"{kind}, {country}" if country else kind, []).append(node)
    ranked = sorted(by_group, key=lambda k: (-len(by_group[k]), k))
    countries = [k for k in ranked if k.startswith("organization, ")]
    colours = {k: COUNTRY_COLOURS[i] for i, k in enumerate(countries[: len(COUNTRY_COLOURS)])}
    found = []
    for name in sorted(by_group):
        if name in colours:
            colour = colours[name]
        elif name.startswith("organization, "):
            colour = OTHER_COLOUR
        else:
            colour = COLOURS.get(name, OTHER_COLOUR) if name != "organization" else "#aec7e8"
        found.append((name, colour, by_group[name]))
    return found


def picture(
    g: nx.Graph[str],
    fmt: str,
    title: str,
    sizes: dict[str, float] | None = None,
    size_name: str = "",
    pos: dict[str, tuple[float, float]] | None = None,
) -> bytes:
    """``g`` drawn as ``fmt`` (``svg`` or ``png``) under ``title``; ``sizes`` (a
    centrality per node, named ``size_name`` in the legend) sets node areas; ``pos``
    (from :func:`layout`, computed when not given) places the nodes."""
    if fmt not in PICTURE_FORMATS:
        raise ValueError(f"unknown picture format {fmt!r} (svg, png)")
    font = label_font()
    pos = pos or layout(g)
    size = scaled(sizes, g)
    figure = Figure(figsize=(12, 9), layout="constrained")
    ax = figure.add_subplot()
    ax.set_axis_off()
    # the drawing centred and filling the frame, whatever part of the square it uses
    xs, ys = [x for x, _ in pos.values()] or [0.5], [y for _, y in pos.values()] or [0.5]
    pad_x = max(0.06, 0.08 * (max(xs) - min(xs)))
    pad_y = max(0.06, 0.08 * (max(ys) - min(ys)))
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y * 1.6)  # room for the labels above
    if g.number_of_edges():
        top = max(float(d.get("weight", 1)) for _, _, d in g.edges(data=True))
        ax.add_collection(
            LineCollection(
                [(pos[a], pos[b]) for a, b in g.edges],
                linewidths=[
                    0.3 + 2.7 * float(d.get("weight", 1)) / top for _, _, d in g.edges(data=True)
                ],
                colors="#9a9a9a",
                alpha=0.45 if g.number_of_edges() < 2000 else 0.15,
                zorder=1,
            )
        )
    for name, colour, nodes in groups(g):
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=[40 + 560 * size[n] for n in nodes],
            c=colour,
            edgecolors="white",
            linewidths=0.6,
            label=f"{name} ({len(nodes)})",
            zorder=2,
        )
    legend_font = font.copy()
    legend_font.set_size(9)
    legend = ax.legend(
        loc="upper left", title="colour", prop=legend_font, frameon=True, markerscale=0.6
    )
    if size_name:
        legend.set_title(f"colour; size: {size_name}", prop=legend_font)
    entitle(figure, title)
    # Lay the figure out now and keep it so: the labels are measured where they will be.
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    figure.set_layout_engine("none")
    placed: list[Bbox] = [legend.get_window_extent(renderer)]
    order = sorted(g, key=lambda n: (-size[n], -g.degree(n), str(g.nodes[n].get("label", n))))
    for node in order[:LABELLED]:
        x, y = pos[node]
        label = ax.annotate(
            textwrap.fill(str(g.nodes[node].get("label", node)), 24),
            (x, y),
            xytext=(0, 5 + 6 * math.sqrt(size[node])),
            textcoords="offset points",
            ha="center",
            va="bottom",
            multialignment="center",
            fontproperties=font,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
            zorder=3,
        )
        extent = label.get_window_extent(renderer)
        if any(extent.overlaps(other) for other in placed):
            label.remove()  # it would cover a larger node's label (or the legend)
        else:
            placed.append(extent)
    return rendered(figure, "", fmt)


def entitle(figure: Figure, title: str) -> None:
    title_font = label_font().copy()
    title_font.set_size(12)
    figure.suptitle(title, fontproperties=title_font)


def rendered(figure: Figure, title: str, fmt: str) -> bytes:
    """``figure`` under ``title`` (unless it has one) as ``fmt`` (``svg`` or ``png``)."""
    if title:
        entitle(figure, title)
    buffer = io.BytesIO()
    # No creation date, so the same graph gives the same file.
    metadata = {"Date": None} if fmt == "svg" else {"Software": "accordgraph (matplotlib)"}
    figure.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()
