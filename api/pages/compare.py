"""Compare two agreements or two countries (or one of each) side by side: the
organizations and CET categories both share and those only one has, each with a quote
that shows it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from accordgraph.api.pages.layout import Reader, count, page
from accordgraph.graph.facets import Facets
from accordgraph.graph.lookup import BadParameter, Lookup, NotFound

SIDES = ("agreement", "country")
SHOWN = 25  # entries per column, those in the most commitments first
AGREEMENTS_OFFERED = 40  # in the form's lists, those with the most commitments


@dataclass(frozen=True)
class Side:
    """One side of a comparison: ``agreement:KEY`` or ``country:CODE``."""

    facet: str
    value: str
    label: str
    commitments: set[str]
    counts: dict[str, Counter[str]]  # facet -> value -> commitments

    @classmethod
    def parse(cls, lookup: Lookup, facets: Facets, spec: str) -> Side:
        facet, _, value = spec.partition(":")
        if facet not in SIDES or not value:
            raise BadParameter(f"compare agreement:ID or country:CODE, not {spec!r}")
        if facet == "country":
            value = value.upper()
        if value not in facets.with_value.get(facet, {}):
            raise NotFound(f"no commitments of {facet} {value!r}")
        return cls(
            facet, value, facets.label(facet, value), facets.select({facet: {value}}),
            facets.counts_of(facet, value),
        )  # fmt: skip


def _choices(facets: Facets, name: str, current: str, others: str) -> str:
    """Every country, the agreements with the most commitments, and those chosen (an
    agreement's page links here for any other)."""
    options = []
    chosen = {current.casefold(), others.casefold()}
    for facet in SIDES:
        by_value = facets.with_value.get(facet, {})
        values = sorted(by_value, key=lambda v: -len(by_value[v]))
        if facet == "agreement":
            values = [
                v for i, v in enumerate(values)
                if i < AGREEMENTS_OFFERED or f"{facet}:{v}".casefold() in chosen
            ]  # fmt: skip
        values.sort(key=lambda v: facets.label(facet, v))
        group = "".join(
            f'<option value="{escape(f"{facet}:{v}")}"'
            + (" selected" if f"{facet}:{v}".casefold() == current.casefold() else "")
            + f">{escape(facets.label(facet, v))}</option>"
            for v in values
        )
        options.append(f'<optgroup label="{facet.title()}s">{group}</optgroup>')
    return f"<select id={name} name={name}>{''.join(options)}</select>"


def _section(lookup: Lookup, reader: Reader, facets: Facets, facet: str, a: Side, b: Side) -> str:
    counts = [side.counts[facet] for side in (a, b)]
    both = set(counts[0]) & set(counts[1])

    def ranked(values: set[str], i: int) -> list[str]:
        return sorted(values, key=lambda v: (-counts[i][v], facets.label(facet, v)))

    columns = [
        (f"Only in {a.label}", ranked(set(counts[0]) - both, 0), (0,)),
        ("In both", ranked(both, 0), (0, 1)),
        (f"Only in {b.label}", ranked(set(counts[1]) - both, 1), (1,)),
    ]
    sides = (a, b)
    # one quote per entry and side, the records read in one batch
    wanted = {
        (value, i): facets.first(facet, value, sides[i].commitments)
        for _, values, indices in columns
        for value in values[:SHOWN]
        for i in indices
    }
    records = {c.iri: c for c in lookup.commitment_records({c for c in wanted.values() if c})}

    def entry(value: str, indices: tuple[int, ...]) -> str:
        quotes = "".join(
            f"<p class=meta>{escape(sides[i].label)}:</p>{reader.quote(records[first])}"
            for i in indices
            if (first := wanted[value, i]) in records
        )
        n = " / ".join(f"{counts[i][value]:,}" for i in indices)
        return (
            f"<details><summary>{escape(facets.label(facet, value))} "
            f"<span class=count>{n}</span></summary>{quotes}</details>"
        )

    name = {"organization": "Organizations", "category": "CET categories"}[facet]
    sections = []
    for title, values, indices in columns:
        more = f"<p class=meta>and {len(values) - SHOWN:,} more</p>" if len(values) > SHOWN else ""
        sections.append(
            f"<section><h3>{escape(title)} ({len(values):,})</h3>"
            + "".join(entry(v, indices) for v in values[:SHOWN])
            + f"{more}</section>"
        )
    return f"<h2>{name}</h2><div class=compare>{''.join(sections)}</div>"


def compare_page(lookup: Lookup, reader: Reader, first: str, second: str) -> str:
    facets = Facets.of(reader.index)
    form = (
        '<form class=inline method=get action="/compare">'
        + reader.language_field()
        + f"<label for=a>Compare</label> {_choices(facets, 'a', first, second)} "
        f"<label for=b>with</label> {_choices(facets, 'b', second, first)} "
        "<button type=submit>Compare</button></form>"
    )  # fmt: skip
    if not first or not second:
        body = (
            "<h1>Compare</h1><p class=lead>Two agreements, two countries, or an agreement "
            "and a country: the organizations and technology categories they share and "
            f"those only one has, each with a quote.</p>{form}"
        )
        return page("Compare", body, reader)
    a, b = Side.parse(lookup, facets, first), Side.parse(lookup, facets, second)
    body = (
        f"<h1>{escape(a.label)} and {escape(b.label)}</h1>{form}"
        f"<p class=lead>{count(len(a.commitments), 'commitment')} and "
        f"{count(len(b.commitments), 'commitment')}; the counts are of commitments on each "
        "side.</p>"
        + _section(lookup, reader, facets, "organization", a, b)
        + _section(lookup, reader, facets, "category", a, b)
    )
    return page(f"{a.label} and {b.label}", body, reader)
