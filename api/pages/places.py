"""Countries and technologies: the list of each, a country's page (partners,
organizations, categories over time, its commitments filtered in place) and a technology
area's page (who works on it by country, its commitments over time, the taxonomy around
it)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from html import escape
from urllib.parse import urlencode

from accordgraph.api.pages.layout import Reader, chart_figure, count, heat_table, page, table
from accordgraph.graph.facets import Facets
from accordgraph.graph.lookup import Lookup, NotFound
from accordgraph.graph.records import TechnologyNode
from accordgraph.ontology import AG
from accordgraph.ontology.ids import Ids

SHOWN = 100  # commitments listed on a page before "all in Explore"
ORGS_SHOWN = 50  # organizations listed on a country's page, those in most commitments first


def country_name(reader: Reader, code: str) -> str:
    iri = str(Ids(reader.index.base).country(code))
    return reader.label(iri, code) if iri in reader.index.countries else code


def country_link(reader: Reader, code: str) -> str:
    href = reader.local(f"/countries/{code.lower()}")
    return f'<a href="{escape(href)}">{escape(country_name(reader, code))}</a>'


def _by_year(facets: Facets, chosen: Iterable[str], facet: str) -> str:
    """A table of ``facet`` values × years: how many of ``chosen`` have both."""
    counts: Counter[tuple[str, str]] = Counter()
    for c in chosen:
        counts.update(facets.value_years(c, facet))
    return _year_table(facets, facet, counts)


def _year_table(facets: Facets, facet: str, counts: Counter[tuple[str, str]]) -> str:
    """A table of ``facet`` values × years from the count of each (value, year)."""
    years = sorted({y for _, y in counts})
    values = sorted({v for v, _ in counts}, key=lambda v: facets.label(facet, v).casefold())
    return heat_table(
        "",
        [escape(facets.label(facet, v)) for v in values],
        years,
        {(i, j): counts[v, y] for i, v in enumerate(values) for j, y in enumerate(years)},
    )


def countries_page(lookup: Lookup, reader: Reader) -> str:
    facets = Facets.of(reader.index)
    counts = facets.counts(facets.values)
    orgs: Counter[str] = Counter(
        code for o, code in facets.org_country.items() if reader.index.org_documents.get(o)
    )
    codes = sorted(set(counts["country"]) | set(orgs), key=lambda c: country_name(reader, c))
    rows = []
    for code in codes:
        partners = facets.partners.get(code, Counter())
        rows.append(
            [
                country_link(reader, code),
                f"{orgs[code]:,}",
                f"{counts['country'][code]:,}",
                ", ".join(country_link(reader, p) for p, _ in partners.most_common(6)) or "—",
            ]
        )
    body = "<h1>Countries</h1>" + table(
        ["Country", "Organizations", "Commitments", "Main partners"], rows
    )
    return page("Countries", body, reader)


def country_page(lookup: Lookup, reader: Reader, code: str, filters: dict[str, str]) -> str:
    facets = Facets.of(reader.index)
    mine = facets.select({"country": {code}})
    # those the documents name (the reference data knows many more)
    orgs = [
        o for o, c in facets.org_country.items() if c == code and reader.index.org_documents.get(o)
    ]
    if not mine and not orgs:
        raise NotFound(f"no organization or commitment of country {code!r}")
    name = country_name(reader, code)
    partners = facets.partners.get(code, Counter())
    partner_list = "".join(
        f"<li>{country_link(reader, p)} <span class=count>{n:,}</span></li>"
        for p, n in partners.most_common()
    )
    counts = facets.counts_of("country", code)
    by_org = counts["organization"]
    ix = reader.index
    orgs.sort(key=lambda o: (-by_org[ix.key(o)], reader.label(o).casefold()))
    shown = set(orgs[:ORGS_SHOWN])
    areas: dict[str, Counter[str]] = defaultdict(Counter)
    for org, area, _, _ in ix.links:
        if org in shown:
            areas[org][ix.top.get(area, area)] += 1
    org_rows = [
        [
            reader.link(o),
            ", ".join(reader.link(cat) for cat, _ in areas[o].most_common(4)) or "—",
            f"{by_org[ix.key(o)]:,}",
        ]
        for o in orgs[:ORGS_SHOWN]
    ]
    more_orgs = (
        f"<p class=meta>and {len(orgs) - ORGS_SHOWN:,} more named in fewer commitments</p>"
        if len(orgs) > ORGS_SHOWN
        else ""
    )
    timeline = _year_table(facets, "category", facets.category_years.get(code, Counter()))
    # the commitments, filtered in place by partner, category and year
    narrowed = facets.select({"country": {code}, **{f: {v} for f, v in filters.items() if v}})
    selects = "".join(
        f'<label>{label} <select name={facet}><option value="">any</option>'
        + "".join(
            f'<option value="{escape(v)}"{" selected" if filters.get(facet) == v else ""}>'
            f"{escape(country_name(reader, v) if facet == 'partner' else facets.label(facet, v))}"
            f" ({n:,})</option>"
            for v, n in sorted(counts[facet].items(), key=lambda kv: facets.label(facet, kv[0]))
            if not (facet == "partner" and v == code)
        )
        + "</select></label> "
        for facet, label in (("partner", "Partner"), ("category", "Category"), ("year", "Year"))
    )
    ordered = facets.in_order(narrowed)
    explore = "/explore?" + urlencode(
        [("country", code), *((f, v) for f, v in filters.items() if v)]
    )
    body = (
        f"<h1>{escape(name)}</h1>"
        f"<p class=lead>{count(len(orgs), 'organization')}; {count(len(mine), 'commitment')}.</p>"
        f"<h2>Partners</h2><ul class=chips>{partner_list or '<li>none</li>'}</ul>"
        f"<h2>Organizations and what each works on</h2>"
        + table(["Organization", "Main CET categories", "Commitments"], org_rows)
        + more_orgs
        + f"<h2>CET categories over time</h2>{timeline}"
        + chart_figure(
            "timeline", {"country": [code]}, f"Commitments of {name} per CET category per year"
        )
        + chart_figure("heatmap", {"country": [code]}, f"Who works on what: {name}'s commitments")
        + "<h2 id=commitments>Commitments</h2><form class=inline method=get>"
        + reader.language_field()
        + f"{selects}"
        "<button type=submit>Show</button></form>"
        f"<p class=total role=status><strong id=total>{len(ordered):,}</strong> commitments · "
        f'<a href="{escape(reader.local(explore))}">open in Explore</a></p>'
        + "".join(reader.quote(c) for c in lookup.commitment_records(ordered[:SHOWN]))
    )
    return page(name, body, reader)


def _tree(nodes: list[TechnologyNode], reader: Reader) -> str:
    items = "".join(
        f"<li>{reader.link(n.iri, n.label)} <span class=count>"
        f"{count(n.commitments, 'commitment')}, {count(n.organizations, 'organization')}</span>"
        + (_tree(n.narrower, reader) if n.narrower else "")
        + "</li>"
        for n in nodes
    )
    return f"<ul class=tree>{items}</ul>"


def technologies_page(lookup: Lookup, reader: Reader) -> str:
    tree = lookup.technology_tree()
    cet = [n for n in tree if n.cet]
    other = [n for n in tree if not n.cet]
    body = (
        "<h1>Technologies</h1><p class=lead>The categories of the US Critical and Emerging "
        "Technologies list, with the areas the graph places under each.</p>"
        + _tree(cet, reader)
        + (f"<h2>Other areas</h2>{_tree(other, reader)}" if other else "")
    )
    return page("Technologies", body, reader)


def technology_page(lookup: Lookup, reader: Reader, key: str) -> str:
    t = lookup.technology(key)
    ix = reader.index
    facets = Facets.of(ix)
    below = ix.subtree(t.iri)
    under = ix.having(AG.technologyArea, below) & ix.counted
    by_country: dict[str, list[str]] = defaultdict(list)
    for org in t.organizations:
        by_country[facets.org_country.get(org.iri, "—")].append(reader.ref(org))
    who = table(
        ["Country", "Organizations"],
        (
            [country_link(reader, code) if code != "—" else "not stated", ", ".join(orgs)]
            for code, orgs in sorted(by_country.items())
        ),
    )
    timeline = _by_year(facets, under, "country")
    taxonomy = (
        f"<dl class=facts><dt>CET category</dt><dd>{reader.ref(t.category)}</dd>"
        f"<dt>Broader</dt><dd>{reader.refs(t.broader)}</dd>"
        f"<dt>Narrower</dt><dd>{reader.refs(t.narrower)}</dd>"
        f"<dt>Also called</dt><dd>{escape(', '.join(t.alt_labels)) or '—'}</dd></dl>"
    )
    explore = reader.local("/explore?" + urlencode({"area": key}))
    body = (
        f"<h1>{escape(reader.label(t.iri, t.label))}</h1>"
        + (f"<p class=lead>{escape(t.definition)}</p>" if t.definition else "")
        + taxonomy
        + f"<h2>Who works on it</h2>{who}"
        + f"<h2>Commitments over time, by country</h2>{timeline}"
        + chart_figure(
            "heatmap", {"area": [key]}, f"Organizations working on {t.label}, by CET category"
        )
        + f"<h2 id=commitments>Commitments ({len(under):,})</h2>"
        + f'<p><a href="{escape(explore)}">open in Explore</a></p>'
        + "".join(
            reader.quote(c) for c in lookup.commitment_records(lookup.in_text_order(under)[:SHOWN])
        )
    )
    return page(t.label, body, reader)
