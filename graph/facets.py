"""Commitments by facet: the read model behind the Explore page and its CSV.

Each commitment gets its facet values once per index generation (its organizations'
countries, the countries its document involves, its organizations, CET categories and
areas, modality, document kind and year); a selection is then set arithmetic, and the
counts per facet value are those of the commitments selected.

>>> from accordgraph import bundled_document
>>> from accordgraph.graph.lookup import Lookup
>>> from accordgraph.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> _ = kg.load(bundled_document())
>>> facets = Facets.of(Lookup(kg).index)
>>> quantum = "quantum-information-and-enabling-technologies"
>>> chosen = facets.select({"country": {"JP"}, "category": {quantum}})
>>> len(chosen) > 0
True
>>> sorted(facets.counts(chosen)["country"])
['JP', 'US']
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accordgraph.graph.lookup import DOCUMENT_KINDS, modality_name
from accordgraph.ontology import AG

if TYPE_CHECKING:
    from accordgraph.graph.lookup import Index

ORG = "http://www.w3.org/ns/org#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# The facets in the order pages show them, with the name a reader sees.
FACETS: dict[str, str] = {
    "country": "Country",
    "partner": "Partner country",
    "organization": "Organization",
    "category": "CET category",
    "area": "Technology area (with those below it)",
    "modality": "Modality",
    "agreement": "Agreement",
    "kind": "Document kind",
    "document": "Document",
    "year": "Year",
}


@dataclass
class Facets:
    """Facet values of every commitment counted once per agreement (see
    ``Index.counted``), and the inverted index from each value to its commitments."""

    values: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)  # c -> f -> vs
    with_value: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # f -> v -> cs
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # f -> value -> label
    order: list[str] = field(default_factory=list)  # every commitment, in text order
    org_country: dict[str, str] = field(default_factory=dict)  # org IRI -> country code
    # country -> its partner countries, by commitments in common documents
    partners: dict[str, Counter[str]] = field(default_factory=dict)
    # (facet, value) pairs per commitment, flat: counting a selection is one C-level pass
    _pairs: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, repr=False)
    _all: dict[str, Counter[str]] | None = field(default=None, repr=False)
    position: dict[str, int] = field(default_factory=dict, repr=False)  # the index's
    _of_value: dict[tuple[str, str], dict[str, Counter[str]]] = field(
        default_factory=dict, repr=False
    )
    # per country, built with the rest: its counts, and its (category, year) pairs
    _of_country: dict[str, dict[str, Counter[str]]] = field(default_factory=dict, repr=False)
    category_years: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, index: Index) -> Facets:
        """The facets of ``index`` (built once per index object)."""
        with _LOCK:
            found = _BUILT.get(id(index))
            if found is not None and found[0] is index:
                return found[1]
            facets = _build(index)
            _BUILT.clear()  # one generation at a time: the previous index is released
            _BUILT[id(index)] = (index, facets)
            return facets

    def select(self, filters: Mapping[str, Iterable[str]]) -> set[str]:
        """The commitments having, for each facet filtered, one of its values (values of
        one facet are alternatives; facets narrow each other)."""
        chosen = set(self.values)
        for facet, wanted in filters.items():
            wanted = set(wanted)
            if not wanted:
                continue
            if facet not in FACETS:
                raise KeyError(facet)
            by_value = self.with_value.get(facet, {})
            chosen &= set().union(*(by_value.get(v, set()) for v in wanted))
        return chosen

    def counts(self, chosen: Iterable[str]) -> dict[str, Counter[str]]:
        """How many of ``chosen`` have each value of each facet."""
        chosen = chosen if isinstance(chosen, (set, frozenset, dict)) else set(chosen)
        if len(chosen) == len(self.values) and self._all is not None:
            return {f: Counter(c) for f, c in self._all.items()}
        pairs = Counter(itertools.chain.from_iterable(self._pairs[c] for c in chosen))
        counts: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
        for (facet, value), n in pairs.items():
            counts[facet][value] = n
        if len(chosen) == len(self.values):
            self._all = counts
            return {f: Counter(c) for f, c in counts.items()}
        return counts

    def counts_of(self, facet: str, value: str) -> dict[str, Counter[str]]:
        """:meth:`counts` of the commitments having one facet value (a country's, an
        agreement's), kept for the most recently asked values."""
        key = (facet, value)
        found = self._of_country.get(value) if facet == "country" else self._of_value.get(key)
        if found is None:
            found = self.counts(self.select({facet: {value}}))
            if len(self._of_value) >= KEPT_SELECTIONS:
                self._of_value.pop(next(iter(self._of_value)))
            self._of_value[key] = found
        return {f: Counter(c) for f, c in found.items()}

    def first(self, facet: str, value: str, among: set[str]) -> str | None:
        """The first commitment in text order that has the value and is ``among``."""
        having = self.with_value.get(facet, {}).get(value, set())
        if len(having) > len(among):
            return next((c for c in self.order if c in having and c in among), None)
        return min((c for c in having if c in among), key=self.position.__getitem__, default=None)

    def in_order(self, chosen: set[str]) -> list[str]:
        """``chosen`` in document and text order."""
        return [c for c in self.order if c in chosen]

    def value_years(self, commitment: str, facet: str) -> list[tuple[str, str]]:
        """The commitment's (value of ``facet``, year) pairs ("undated" without a year)."""
        values = self.values[commitment]
        return [(v, y) for v in values[facet] for y in values["year"] or {"undated"}]

    def label(self, facet: str, value: str) -> str:
        return self.labels.get(facet, {}).get(value, value)


def filters_of(params: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The facet filters among request parameters (unknown parameters are ignored;
    country codes are upper case whatever the URL says)."""
    filters = {f: {v for v in params.get(f, []) if v} for f in FACETS}
    for facet in ("country", "partner"):
        filters[facet] = {v.upper() for v in filters[facet]}
    return {f: vs for f, vs in filters.items() if vs}


KEPT_SELECTIONS = 64  # counts of single facet values kept (countries, agreements)
_LOCK = threading.Lock()
_BUILT: dict[int, tuple[Index, Facets]] = {}


def organization_country(ix: Index, org: str, seen: frozenset[str] = frozenset()) -> str | None:
    """An organization's country code, else its parent's."""
    facts = ix.orgs.get(org, {})
    for c in facts.get(str(AG.country), []):
        if c in ix.countries:
            return ix.countries[c]
    for parent in facts.get(ORG + "subOrganizationOf", []):
        if parent not in seen:
            found = organization_country(ix, parent, seen | {org})
            if found:
                return found
    return None


def _ancestors(ix: Index, area: str) -> set[str]:
    """The area and every area above it."""
    found, stack = set(), [area]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(ix.technologies.get(node, {}).get(SKOS + "broader", []))
    return found


def _build(ix: Index) -> Facets:
    members = {p: f.get(ORG + "hasMember", []) for p, f in ix.partnerships.items()}
    facets = Facets()
    facets.org_country = {
        o: code for o in ix.orgs if (code := organization_country(ix, o)) is not None
    }
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    by_document: dict[str, set[str]] = defaultdict(set)  # document -> countries involved
    partial: dict[str, dict[str, set[str]]] = {}
    documents_of: dict[str, list[str]] = {}
    for c in ix.counted:
        f = ix.commitments.get(c, {})
        orgs = set(f.get(str(AG.actor), [])) | set(f.get(str(AG.through), []))
        for p in f.get(str(AG.viaPartnership), []):
            orgs.update(members.get(p, []))
        countries = {facets.org_country[o] for o in orgs if o in facets.org_country}
        direct = set(f.get(str(AG.technologyArea), []))
        categories = {ix.top.get(a, a) for a in direct}
        areas = set().union(*(_ancestors(ix, a) for a in direct))
        documents = f.get(str(AG.sourceDocument), [])
        kinds: set[str] = set()
        years: set[str] = set()
        for d in documents:
            df = ix.documents.get(d, {})
            kinds.update(DOCUMENT_KINDS.get(k, "other") for k in df.get(str(AG.documentKind), []))
            for date in df.get(DCTERMS + "date", []):
                if str(date)[:4].isdigit():
                    years.add(str(date)[:4])
            by_document[d].update(countries)
        for o in orgs:
            labels["organization"][ix.key(o)] = ix.labels.get(o, ix.key(o))
        for a in areas:
            labels["area"][ix.key(a)] = ix.labels.get(a, a)
        for a in categories:
            labels["category"][ix.key(a)] = ix.labels.get(a, a)
        for d in documents:
            labels["document"][ix.key(d)] = ix.labels.get(d, ix.key(d))
        for a in f.get(str(AG.agreement), []):
            labels["agreement"][ix.key(a)] = ix.labels.get(a, ix.key(a))
        partial[c] = {
            "country": countries,
            "organization": {ix.key(o) for o in orgs},
            "category": {ix.key(a) for a in categories},
            "area": {ix.key(a) for a in areas},
            "modality": {modality_name(ix, m) for m in f.get(str(AG.modality), [])},
            "agreement": {ix.key(a) for a in f.get(str(AG.agreement), [])},
            "kind": kinds,
            "year": years,
            "document": {ix.key(d) for d in documents},
        }
        documents_of[c] = documents
    for c, values in partial.items():
        values["partner"] = set().union(*(by_document[d] for d in documents_of[c])) - (
            values["country"] if len(values["country"]) == 1 else set()
        )
        facets.values[c] = {k: frozenset(v) for k, v in values.items()}
        facets._pairs[c] = tuple((k, v) for k, vs in values.items() for v in vs)
        for facet, vs in values.items():
            for v in vs:
                facets.with_value.setdefault(facet, {}).setdefault(v, set()).add(c)
    for iri, code in ix.countries.items():
        labels["country"][code] = labels["partner"][code] = ix.labels.get(iri, code)
    facets.labels = dict(labels)
    facets.order = ix.in_text_order(facets.values)
    facets.position = ix.position
    for facet_values in facets.values.values():
        for code in facet_values["country"]:
            found = facets.partners.setdefault(code, Counter())
            found.update(facet_values["partner"] - {code})
    facets.counts(facets.values)  # every value's count, which the home and explore pages show
    _count_countries(facets)
    return facets


def _count_countries(facets: Facets) -> None:
    """Each country's counts (:meth:`Facets.counts_of`) and its commitments per CET
    category and year, in one pass: a country page then counts nothing (the United
    States' 25,000 commitments took 0.2 s to count)."""
    pairs: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    years: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for c, values in facets.values.items():
        if not values["country"]:
            continue
        mine = facets._pairs[c]
        dated = facets.value_years(c, "category")
        for code in values["country"]:
            pairs[code].update(mine)
            years[code].update(dated)
    for code, found in pairs.items():
        counts: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
        for (facet, value), n in found.items():
            counts[facet][value] = n
        facets._of_country[code] = counts
    facets.category_years = dict(years)
