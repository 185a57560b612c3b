"""The home page (what is in the graph, a search box, the latest agreements, the ways
in) and the search results page."""

from __future__ import annotations

from collections import Counter
from html import escape

from accordgraph.api.pages.layout import Reader, chart_figure, page, plural, table
from accordgraph.graph.facets import Facets
from accordgraph.graph.lookup import DCTERMS, Lookup

LATEST = 10
SEARCH_FORM = (
    '<form class=search action="/find" method=get role=search>'
    "<label for=q>Search organizations, technology areas, agreements and countries "
    "(English or Japanese)</label>"
    '<div class=row><input id=q name=q type=search value="{value}" '
    'placeholder="e.g. NICT, quantum, 総務省" required maxlength=200>'
    "<button type=submit>Search</button></div></form>"
)


def home(lookup: Lookup, reader: Reader) -> str:
    ix = reader.index
    facets = Facets.of(ix)
    dates = [str(d)[:10] for f in ix.documents.values() for d in f.get(DCTERMS + "date", []) if d]
    counts = facets.counts(facets.values)
    countries = counts["country"]
    listed = lookup.agreements(limit=LATEST, newest_first=True)
    figures = [
        (listed.total, "agreement", "/explore?kind=agreement"),
        (len(ix.documents), "document", "/explore"),
        (len(countries), "country", "/countries"),
        (sum(1 for named in ix.org_documents.values() if named), "organization", "/explore"),
        (len(ix.counted), "commitment", "/explore"),
    ]
    stats = "".join(
        f'<li><a href="{href}"><strong>{n:,}</strong> {plural(n, name)}</a></li>'
        for n, name, href in figures
    )
    span = f"<p class=meta>Documents dated {min(dates)} to {max(dates)}.</p>" if dates else ""
    agreements = listed.items
    latest = table(
        ["Agreement", "Date", "Parties", "Commitments"],
        (
            [
                reader.link(a.iri, a.title or a.label),
                escape(a.date or "—"),
                reader.refs(p.organization for p in a.participants),
                f"{a.commitments:,}",
            ]
            for a in agreements
        ),
    )
    categories = counts["category"]
    top = "".join(
        f'<li><a href="/explore?category={escape(key)}">{escape(facets.label("category", key))}'
        f"</a> <span class=count>{n:,}</span></li>"
        for key, n in categories.most_common(8)
    )
    body = (
        "<h1>Who commits to what in science and technology agreements</h1>"
        "<p class=lead>accordgraph reads agreements, joint statements and fact sheets "
        "between governments and records each commitment: who intends to do what, in which "
        "technology area, with the exact words behind it.</p>"
        f"<ul class=stats>{stats}</ul>{span}"
        + SEARCH_FORM.format(value="")
        + f"<h2>Latest agreements</h2>{latest}"
        + f"<h2>Most frequent technology categories</h2><ul class=chips>{top}</ul>"
        + chart_figure("heatmap", {}, "Who works on what: organizations × CET categories")
        + "<h2>Ways in</h2><ul class=ways>"
        '<li><a href="/explore">Explore commitments</a>: filter by country, organization, '
        "technology, modality and year; download what you see as CSV.</li>"
        '<li><a href="/countries">Countries</a> and their partners.</li>'
        '<li><a href="/compare">Compare</a> two agreements or two countries.</li>'
        '<li><a href="/technologies">Technologies</a>: the US Critical and Emerging '
        "Technologies categories and the areas under them.</li>"
        '<li><a href="/query">SPARQL query page</a> with ready-made questions.</li>'
        '<li><a href="/docs">API documentation</a> for tools.</li>'
        '<li><a href="/api/export/html">Graph explorer'
        "</a>: organizations and technology areas as an interactive network.</li></ul>"
    )
    return page("Home", body, reader)


def search_page(lookup: Lookup, reader: Reader, q: str) -> str:
    hits = lookup.search(q, limit=50) if q.strip() else []
    counts = Counter(h.type for h in hits)
    summary = ", ".join(f"{n} {plural(n, kind)}" for kind, n in counts.items())
    rows = "".join(
        f"<li><span class=kind>{escape(h.type)}</span> {reader.link(h.iri)}"
        + (
            f" <span class=meta>matched “{escape(h.matched)}”</span>"
            if h.matched != reader.label(h.iri)
            else ""
        )
        + "</li>"
        for h in hits
    )
    found = (
        f"<p>{len(hits)} found ({escape(summary)}).</p><ul class=hits>{rows}</ul>"
        if hits
        else "<p>Nothing matches. Try an acronym (NICT), a Japanese name (総務省) or part "
        "of a name.</p>"
    )
    body = f"<h1>Search</h1>{SEARCH_FORM.format(value=escape(q))}{found}"
    return page(f"Search: {q}", body, reader)
