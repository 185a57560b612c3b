"""The Explore read model: what is precomputed per country equals counting the country's
selection, on documents of several countries."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from accordgraph import bundled_document
from accordgraph.graph.facets import Facets
from accordgraph.graph.lookup import Lookup
from accordgraph.graph.store import KnowledgeGraph


def test_each_countrys_counts_are_those_of_its_selection(uk_file: Path) -> None:
    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    kg.load(uk_file)
    facets = Facets.of(Lookup(kg).index)
    assert set(facets.counts(facets.values)["country"]) == {"GB", "JP", "US"}
    for code in ("GB", "JP", "US"):
        mine = facets.select({"country": {code}})
        assert mine
        assert facets.counts_of("country", code) == facets.counts(mine), code
        years: Counter[tuple[str, str]] = Counter()
        for c in mine:
            for year in facets.values[c]["year"] or {"undated"}:
                years.update((category, year) for category in facets.values[c]["category"])
        assert facets.category_years[code] == years, code
    assert facets.counts_of("country", "XX") == facets.counts(set())  # no such country
