"""Compare two agreements or two countries (or one of each) side by side: the
organizations and CET categories both share and those only one has, each with a quote
that shows it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from accordgraph.api.pages.layout import Reader, page
from accordgraph.graph.facets import Facets
from accordgraph.graph.lookup import BadParameter, Lookup, NotFound
from accordgraph.graph.records import Commitment

SIDES = ("agreement", "country")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: ``agreement:KEY`` or ``country:CODE``."""

    facet: str
    value: str
    label: str
    commitments: list[str]  # in text order

    @classmethod
    def parse(cls, lookup: Lookup, facets: Facets, spec: str) -> Side:
        facet, _, value = spec.partition(":")
        if facet not in SIDES or not value:
            raise BadParameter(f"compare agreement:ID or country:CODE, not {spec!r}")
        if facet == "country":
            value = value.upper()
        if value not in facets.with_value.get(facet, {}):
            raise NotFound(f"no commitments of {facet} {value!r}")
        chosen = lookup.in_text_order(facets.select({facet: {value}}))
        return cls(facet, value, facets.label(facet, value), chosen)


def _choices(facets: Facets, name: str, current: str) -> str:
    options = []
    for facet in SIDES:
        values = sorted(facets.with_value.get(facet, {}), key=lambda v: facets.label(facet, v))
        group = "".join(
            f'<option value="{escape(f"{facet}:{v}")}"'
            + (" selected" if f"{facet}:{v}".casefold() == current.casefold() else "")
            + f">{escape(facets.label(facet, v))}</option>"
            for v in values
        )
        options.append(f'<optgroup label="{facet.title()}s">{group}</optgroup>')
    return f"<select id={name} name={name}>{''.join(options)}</select>"


def _first_quotes(
    lookup: Lookup, facets: Facets, facet: str, value: str, within: Iterable[str]
) -> Commitment | None:
    """The first commitment (in text order) of ``within`` having this facet value."""
    having = facets.with_value.get(facet, {}).get(value, set())
    first = next((c for c in within if c in having), None)
    return lookup.commitment_records([first])[0] if first else None


def _section(lookup: Lookup, reader: Reader, facets: Facets, facet: str, a: Side, b: Side) -> str:
    counts = [facets.counts(side.commitments)[facet] for side in (a, b)]
    shared = sorted(set(counts[0]) & set(counts[1]), key=lambda v: facets.label(facet, v))
    only = [sorted(set(counts[i]) - set(counts[1 - i]), key=lambda v: facets.label(facet, v))
            for i in (0, 1)]  # fmt: skip

    def entry(value: str, sides: tuple[Side, ...]) -> str:
        quotes = []
        for side in sides:
            c = _first_quotes(lookup, facets, facet, value, side.commitments)
            if c:
                quotes.append(f"<p class=meta>{escape(side.label)}:</p>{reader.quote(c)}")
        n = " / ".join(f"{counts[(a, b).index(s)][value]:,}" for s in sides)
        return (
            f"<details><summary>{escape(facets.label(facet, value))} "
            f"<span class=count>{n}</span></summary>{''.join(quotes)}</details>"
        )

    name = {"organization": "Organizations", "category": "CET categories"}[facet]
    return (
        f"<h2>{name}</h2><div class=compare>"
        f"<section><h3>Only in {escape(a.label)} ({len(only[0])})</h3>"
        + "".join(entry(v, (a,)) for v in only[0])
        + f"</section><section><h3>In both ({len(shared)})</h3>"
        + "".join(entry(v, (a, b)) for v in shared)
        + f"</section><section><h3>Only in {escape(b.label)} ({len(only[1])})</h3>"
        + "".join(entry(v, (b,)) for v in only[1])
        + "</section></div>"
    )


def compare_page(lookup: Lookup, reader: Reader, first: str, second: str) -> str:
    facets = Facets.of(reader.index)
    form = (
        '<form class=inline method=get action="/compare">'
        + (f'<input type=hidden name=lang value="{reader.language}">'
           if reader.language != "en" else "")
        + f"<label for=a>Compare</label> {_choices(facets, 'a', first)} "
        f"<label for=b>with</label> {_choices(facets, 'b', second)} "
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
        f"<p class=lead>{len(a.commitments):,} commitments and {len(b.commitments):,} "
        "commitments; the counts are of commitments on each side.</p>"
        + _section(lookup, reader, facets, "organization", a, b)
        + _section(lookup, reader, facets, "category", a, b)
    )
    return page(f"{a.label} and {b.label}", body, reader)
