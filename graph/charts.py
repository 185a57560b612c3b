"""Charts for reports, from the commitments a selection of facets picks: a heatmap of
organizations × CET categories and a timeline of commitments per category per year, as
SVG or PNG (matplotlib, the fonts of :mod:`accordgraph.graph.pictures`).

>>> from accordgraph import bundled_document
>>> from accordgraph.graph.facets import Facets
>>> from accordgraph.graph.lookup import Lookup
>>> from accordgraph.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> _ = kg.load(bundled_document())
>>> facets = Facets.of(Lookup(kg).index)
>>> grid = heatmap_counts(facets, facets.select({"country": {"JP"}}))
>>> grid.rows[:2]  # the most commitments first, then by name
['jpg', 'usg']
>>> grid.counts[grid.rows.index("jpg")][grid.columns.index("artificial-intelligence")]
9
>>> chart(facets, set(facets.values), "heatmap", "svg", "All")[:5]
b'<?xml'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from matplotlib.figure import Figure

from accordgraph.graph.facets import Facets
from accordgraph.graph.pictures import PICTURE_FORMATS, label_font, rendered

CHART_TITLES = {
    "heatmap": "Commitments per organization and CET category",
    "timeline": "Commitments per CET category per year",
}
CHARTS = tuple(CHART_TITLES)
MAX_ROWS = 30  # organizations in a heatmap, those in the most commitments first
MAX_SERIES = 10  # categories in a timeline, the most frequent first


@dataclass(frozen=True)
class Grid:
    """Counts of commitments per row value × column value."""

    rows: list[str]
    columns: list[str]
    counts: list[list[int]]


def heatmap_counts(facets: Facets, chosen: Iterable[str], limit: int = MAX_ROWS) -> Grid:
    """Organizations × CET categories: how many of ``chosen`` name the organization and
    link a technology area of the category (the organizations in most commitments)."""
    pairs: Counter[tuple[str, str]] = Counter()
    per_org: Counter[str] = Counter()
    for c in chosen:
        values = facets.values[c]
        per_org.update(values["organization"])
        for org in values["organization"]:
            for category in values["category"]:
                pairs[org, category] += 1
    columns_seen = _columns(pairs)
    ranked = sorted(per_org, key=lambda o: (-per_org[o], facets.label("organization", o)))
    rows = [o for o in ranked if any(pairs[o, k] for k in columns_seen)][:limit]
    columns = sorted(_columns(pairs), key=lambda k: facets.label("category", k).casefold())
    return Grid(rows, columns, [[pairs[r, k] for k in columns] for r in rows])


def _columns(pairs: Counter[tuple[str, str]]) -> set[str]:
    return {k for _, k in pairs}


def timeline_counts(facets: Facets, chosen: Iterable[str], limit: int = MAX_SERIES) -> Grid:
    """CET categories × years: commitments per category per year (the most frequent
    categories; undated commitments left out)."""
    pairs: Counter[tuple[str, str]] = Counter()
    per_category: Counter[str] = Counter()
    for c in chosen:
        values = facets.values[c]
        for category in values["category"]:
            per_category[category] += 1
            for year in values["year"]:
                pairs[category, year] += 1
    ranked = sorted(per_category, key=lambda k: (-per_category[k], facets.label("category", k)))
    rows = ranked[:limit]
    years = sorted({y for _, y in pairs})
    if years:
        years = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    return Grid(rows, years, [[pairs[k, y] for y in years] for k in rows])


def chart(facets: Facets, chosen: set[str], kind: str, fmt: str, title: str) -> bytes:
    """The ``kind`` chart (``heatmap`` or ``timeline``) of ``chosen`` as ``fmt``."""
    if kind not in CHARTS:
        raise ValueError(f"unknown chart {kind!r} ({', '.join(CHARTS)})")
    if fmt not in PICTURE_FORMATS:
        raise ValueError(f"unknown picture format {fmt!r} (svg, png)")
    font = label_font()
    if kind == "heatmap":
        grid = heatmap_counts(facets, chosen)
        figure = _heatmap(facets, grid, font)
    else:
        grid = timeline_counts(facets, chosen)
        figure = _timeline(facets, grid, font)
    return rendered(figure, title, fmt)


def _heatmap(facets: Facets, grid: Grid, font: object) -> Figure:
    rows, columns = grid.rows, grid.columns
    width = max(6.0, 2.5 + 0.45 * len(columns))
    height = max(3.0, 2.2 + 0.28 * len(rows))
    figure = Figure(figsize=(width, height), layout="constrained")
    ax = figure.add_subplot()
    if not rows:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no commitment links an organization to a category", ha="center")
        return figure
    image = ax.imshow(grid.counts, cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels(
        [facets.label("category", k) for k in columns],
        rotation=40, ha="right", fontproperties=font,
    )  # fmt: skip
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([facets.label("organization", o) for o in rows], fontproperties=font)
    peak = max((max(r) for r in grid.counts), default=0)
    for i, row in enumerate(grid.counts):
        for j, n in enumerate(row):
            if n:
                ax.text(j, i, str(n), ha="center", va="center", fontsize=6,
                        color="white" if n > peak / 2 else "#1d2330")  # fmt: skip
    bar = figure.colorbar(image, ax=ax, shrink=0.6)
    bar.set_label("commitments")
    return figure


def _timeline(facets: Facets, grid: Grid, font: object) -> Figure:
    figure = Figure(figsize=(10, 5.5), layout="constrained")
    ax = figure.add_subplot()
    if not grid.columns:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no dated commitment", ha="center")
        return figure
    years = [int(y) for y in grid.columns]
    for row, counts in zip(grid.rows, grid.counts, strict=True):
        ax.plot(years, counts, marker="o", linewidth=1.6, markersize=3.5,
                label=facets.label("category", row))  # fmt: skip
    ax.set_xticks(years)
    ax.set_xlabel("year")
    ax.set_ylabel("commitments")
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    legend_font = label_font().copy()
    legend_font.set_size(8)
    ax.legend(prop=legend_font, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return figure
