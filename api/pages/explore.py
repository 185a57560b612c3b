"""Explore: every commitment, narrowed by facets; the URL holds the filters, so a view
can be shared, and its CSV is exactly the commitments shown."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from html import escape

from accordgraph.api.pages.layout import Reader, page, query_string, text_href
from accordgraph.graph.facets import FACETS, Facets, filters_of
from accordgraph.graph.lookup import Lookup
from accordgraph.graph.records import Commitment

PAGE_SIZE = 50
SHOWN_VALUES = 30  # values listed per facet (the most frequent, and any ticked)
SIDEBAR = [f for f in FACETS if f != "document"]  # thousands of values: by address only
CSV_COLUMNS = (
    "document", "number", "modality", "actions", "actors", "through", "partnerships",
    "technology_areas", "section", "quote", "start", "end", "source", "iri",
)  # fmt: skip


def selected(lookup: Lookup, filters: Mapping[str, set[str]]) -> list[str]:
    """The commitments the filters select, in document and text order."""
    facets = Facets.of(lookup.index)
    return facets.in_order(facets.select(filters))


def _facet_list(
    facets: Facets, facet: str, counts: Mapping[str, int], filters: Mapping[str, set[str]]
) -> str:
    """One facet's values as checkboxes with their counts (the ticked ones first)."""
    chosen = filters.get(facet, set())
    values = sorted(counts, key=lambda v: (v not in chosen, -counts[v], facets.label(facet, v)))
    shown = [v for i, v in enumerate(values) if i < SHOWN_VALUES or v in chosen]
    items = []
    for value in shown:
        label = facets.label(facet, value)
        checked = " checked" if value in chosen else ""
        box_id = f"f-{facet}-" + re.sub(r"[^A-Za-z0-9_-]", "_", value)
        items.append(
            f"<li><input type=checkbox id={box_id} name={facet} "
            f'value="{escape(value)}"{checked}> <label for={box_id}>{escape(label)}</label> '
            f"<span class=count>{counts[value]:,}</span></li>"
        )
    more = (
        f"<p class=meta>and {len(values) - len(shown):,} more with fewer commitments</p>"
        if len(values) > len(shown)
        else ""
    )
    return (
        f"<fieldset><legend>{escape(FACETS[facet])}</legend>"
        f"<ul class=facet>{''.join(items) or '<li class=meta>none</li>'}</ul>{more}</fieldset>"
    )


def explore(
    lookup: Lookup, reader: Reader, params: Mapping[str, list[str]], offset: int = 0
) -> str:
    facets = Facets.of(reader.index)
    filters = filters_of(params)
    chosen = selected(lookup, filters)
    counts = facets.counts(chosen)
    shown = lookup.commitment_records(chosen[offset : offset + PAGE_SIZE])
    kept = {k: v for k, v in params.items() if k in FACETS or k == "lang"}
    active = "".join(
        f'<li><a href="{escape("/explore" + query_string(kept, **{f: sorted(vs - {v})}))}" '
        f'aria-label="Remove filter {escape(FACETS[f])}: {escape(facets.label(f, v))}">'
        f"{escape(FACETS[f])}: {escape(facets.label(f, v))} ✕</a></li>"
        for f, vs in filters.items()
        for v in sorted(vs)
    )
    sidebar = (
        '<form class=facets id=filters method=get action="/explore" aria-label="Filters">'
        + reader.language_field()
        + "".join(_facet_list(facets, f, counts[f], filters) for f in SIDEBAR)
        + "<button type=submit>Apply filters</button></form>"
    )
    facet_params = {k: v for k, v in kept.items() if k in FACETS}
    csv_href = "/explore.csv" + query_string(facet_params)

    def charts_href(chart: str) -> str:
        return f"/api/charts/{chart}.svg" + query_string(facet_params)

    pager = []
    if offset > 0:
        back = max(0, offset - PAGE_SIZE)
        pager.append(
            f'<a href="{escape("/explore" + query_string(kept, offset=[str(back)]))}">'
            "← previous</a>"
        )
    if offset + PAGE_SIZE < len(chosen):
        following = "/explore" + query_string(kept, offset=[str(offset + PAGE_SIZE)])
        pager.append(f'<a href="{escape(following)}">next →</a>')
    first, last = (offset + 1, min(offset + PAGE_SIZE, len(chosen))) if chosen else (0, 0)
    results = (
        f"<p class=total role=status><strong id=total>{len(chosen):,}</strong> commitments"
        f"{f' (showing {first:,}–{last:,})' if len(chosen) > PAGE_SIZE else ''} · "
        f'<a href="{escape(csv_href)}" download>Download CSV</a> · '
        f'<a href="{escape(charts_href("heatmap"))}">heatmap</a> · '
        f'<a href="{escape(charts_href("timeline"))}">timeline</a> of these (SVG)</p>'
        + (f"<ul class=active aria-label='Active filters'>{active}</ul>" if active else "")
        + "".join(reader.quote(c) for c in shown)
        + (f"<nav class=pager aria-label=Pages>{' '.join(pager)}</nav>" if pager else "")
    )
    body = (
        "<h1>Explore commitments</h1>"
        "<p class=lead>Every commitment in the graph, counted once per agreement. Tick "
        "values to narrow the list; the address holds the filters, so it can be shared.</p>"
        f"<div class=explore>{sidebar}<section class=results aria-label=Results>"
        f"{results}</section></div>"
    )
    return page("Explore commitments", body, reader, scripts=("/static/pages.js",))


def _cell(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula (OWASP's CSV injection advice:
    a leading quote); the exact text stays reachable by its characters."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def commitments_csv(records: Iterable[Commitment]) -> str:
    """Commitments as CSV, one row each, with the exact quote and where it stands."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in records:
        writer.writerow(
            _cell(v) for v in [
                c.document, c.number, c.modality, "; ".join(c.actions),
                "; ".join(r.label for r in c.actors), "; ".join(r.label for r in c.through),
                "; ".join(r.label for r in c.partnerships),
                "; ".join(r.label for r in c.technology_areas), c.section or "", c.quote,
                c.span.start, c.span.end, text_href(c.document, c.span.start, c.span.end),
                c.iri,
            ]
        )  # fmt: skip
    return out.getvalue()
