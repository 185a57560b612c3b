"""Lookups over the knowledge graph for tools that are not SPARQL clients.

The store is read with a handful of SPARQL queries into an :class:`Index` of plain
dictionaries, rebuilt only when the store generation changes; filters, ordering and
pagination then run on the index, and every answer is a record of
:mod:`accordgraph.graph.records`. The HTTP API (``/api/…``) serves these records; a
notebook can use them directly:

>>> from accordgraph import bundled_document
>>> from accordgraph.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> _ = kg.load(bundled_document())
>>> lookup = Lookup(kg)
>>> page = lookup.organizations(category="integrated-communication-and-networking-technologies")
>>> sorted(o.acronym for o in page.items)
['MIC', 'NICT', 'NSF', 'NTIA']
>>> lookup.organization("nsf").parent.label
'Government of the United States of America'
>>> [hit.id for hit in lookup.search("総務省")][:1]
['mic']
>>> c = lookup.commitments(organization="riken").items[0]
>>> lookup.document_text(c.document, c.span.start, c.span.end) == c.quote
True
"""

from __future__ import annotations

import copy
import gc
import pickle
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from difflib import SequenceMatcher
from heapq import nsmallest
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from accordgraph.graph import records as r
from accordgraph.graph.files import write_atomic
from accordgraph.graph.store import KnowledgeGraph
from accordgraph.loaders.rdf import DOCUMENT_KINDS as DOCUMENT_CONCEPTS
from accordgraph.ontology import AG

T = TypeVar("T")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
DCTERMS = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
ORG_KINDS = {
    str(AG.Government): "government",
    str(AG.GovernmentAgency): "government-agency",
    str(AG.ResearchInstitute): "research-institute",
    str(AG.University): "university",
    str(AG.Company): "company",
    str(AG.IndustryAssociation): "industry-association",
    str(AG.InternationalOrganization): "international-organization",
    str(AG.StandardsBody): "standards-body",
    str(AG.MultilateralGrouping): "multilateral-grouping",
}
# document kind concept → the kind the API names
DOCUMENT_KINDS = {str(concept): kind for kind, concept in DOCUMENT_CONCEPTS.items()}
# Collections of minted IRIs (the path segment after the instance base) and what the
# search calls each kind of thing.
SEARCH_TYPES = {
    "org": "organization",
    "technology": "technology",
    "agreement": "agreement",
    "doc": "document",
    "person": "person",
    "place": "place",
    "country": "country",
    "facility": "facility",
    "program": "program",
    "partnership": "partnership",
}
MAX_LIMIT = 500
DETAIL_COMMITMENTS = 100  # a detail record lists this many; /api/commitments pages the rest
# Not a stored property: the name under which the index keeps a document's text length.
CHARACTERS = "urn:x-accordgraph:characters"


class NotFound(LookupError):
    """An unknown id; the message names what was not found."""


class BadParameter(ValueError):
    """A parameter value that cannot be used, e.g. an unknown country code."""


Facts = dict[str, dict[str, list[Any]]]


class IllTyped(ValueError):
    """A literal whose text does not fit its datatype ("x"^^xsd:integer): valid RDF that
    anyone with the update token can store; lookups leave such a value out."""


def _value(term: Any) -> Any:
    """A pyoxigraph term as a Python value: IRIs as strings, literals typed."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith("#integer"):
            try:
                return int(term.value)
            except ValueError:
                raise IllTyped(term.value) from None
        if datatype.endswith("#boolean"):
            if term.value not in ("true", "false", "1", "0"):
                raise IllTyped(term.value)
            return term.value in ("true", "1")
        if term.language:
            return (term.value, term.language)
        return term.value
    return str(term)


def _english(values: Iterable[Any]) -> str | None:
    """The English (or untagged) string among label values."""
    plain = None
    for v in values:
        if isinstance(v, tuple):
            if v[1].lower().startswith("en"):
                return str(v[0])
        elif plain is None:
            plain = str(v)
    return plain


def in_language(values: Iterable[Any], language: str) -> str | None:
    for v in values:
        if isinstance(v, tuple) and v[1].lower().startswith(language):
            return str(v[0])
    return None


def _text(v: Any) -> str:
    return str(v[0]) if isinstance(v, tuple) else str(v)


def fold(text: str) -> str:
    """Text for matching: NFKC, case-folded, punctuation and spaces collapsed.

    >>> fold("  J–AISI ") == fold("j-aisi")
    True
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-‐‑–—_/.,'’()]+", " ", text).strip()


def modality_name(ix: Index, modality: str) -> str:
    """What commitment records call a modality ("intend", "will" …)."""
    return ix.labels.get(modality, modality.rsplit("#", 1)[-1].lower())


def _by_predicate() -> defaultdict[str, list[Any]]:
    return defaultdict(list)


def _new_facts() -> Facts:
    # A module-level factory, not a lambda: an index is pickled (see Lookup.save).
    return defaultdict(_by_predicate)


@dataclass
class Index:
    """Everything lookups need, read from the store at one generation.

    The facts are kept per subject (``named`` … ``mentions``), each subject's read from
    every graph it appears in; the rest is derived from them. So a write that replaces a
    few graphs is followed by re-reading only the subjects those graphs held, before and
    after (:func:`patch_index`), not the whole store."""

    generation: int
    base: str
    # ---- facts, by subject
    named: Facts = field(default_factory=_new_facts)  # labels, aliases, file names
    orgs: Facts = field(default_factory=_new_facts)
    countries: dict[str, str] = field(default_factory=dict)  # IRI -> ISO code
    technologies: Facts = field(default_factory=_new_facts)
    commitments: Facts = field(default_factory=_new_facts)
    documents: Facts = field(default_factory=_new_facts)
    agreements: Facts = field(default_factory=_new_facts)
    partnerships: Facts = field(default_factory=_new_facts)
    other: Facts = field(default_factory=_new_facts)  # signings, signatures, representations
    # link -> (organization, area, commitment (if the sentence is one), document)
    link_rows: dict[str, list[tuple[str, str, str | None, str]]] = field(default_factory=dict)
    mentions: dict[str, set[str]] = field(default_factory=dict)  # document -> what it names
    cet: set[str] = field(default_factory=set)
    modalities: set[str] = field(default_factory=set)
    # ---- derived
    labels: dict[str, str] = field(default_factory=dict)
    narrower: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    top: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    org_documents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # property -> value -> commitments with that value (the filters' inverted index)
    commitments_with: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    search_entries: list[tuple[str, str, str, str]] = field(default_factory=list)
    # Commitments counted once per agreement: two renditions of one agreement (its text
    # as the Daily Compilation printed it, and as the White House posted it) state the
    # same commitments, so counts take those of its first rendition (by document IRI).
    counted: set[str] = field(default_factory=set)
    # every commitment's place in text order: ordering a selection is a sort on integers
    position: dict[str, int] = field(default_factory=dict)
    renditions: dict[str, list[str]] = field(default_factory=dict)  # agreement -> documents
    by_date: list[str] = field(default_factory=list)  # expressed agreements, oldest first

    # ------------------------------------------------------------------ helpers

    def key(self, iri: str) -> str:
        """The id of a minted IRI: its path after the collection segment."""
        rest = iri[len(self.base) :] if iri.startswith(self.base) else iri
        return rest.split("/", 1)[1] if "/" in rest else rest

    def ref(self, iri: str) -> r.Ref:
        key = self.key(iri)
        return r.Ref(id=key, iri=iri, label=self.labels.get(iri, key))

    def refs(self, iris: Iterable[str], limit: int | None = None) -> list[r.Ref]:
        """References to ``iris`` by label; ``limit``: the first so many alone (picked
        before the references are made: an organization is named in thousands of
        documents)."""

        def by_label(iri: str) -> tuple[str, str]:
            return self.labels.get(iri, self.key(iri)).casefold(), iri

        chosen = set(iris)
        ordered = (
            sorted(chosen, key=by_label) if limit is None else nsmallest(limit, chosen, by_label)
        )
        return [self.ref(i) for i in ordered]

    def having(self, prop: str, values: Iterable[str]) -> set[str]:
        """Commitments whose ``prop`` is one of ``values``."""
        by_value = self.commitments_with.get(str(prop), {})
        return set().union(*(by_value.get(v, set()) for v in values))

    def naming(self, org: str) -> set[str]:
        """Commitments an organization states, carries out, or joins through a partnership."""
        via = [p for p, f in self.partnerships.items() if org in f.get(ORG + "hasMember", [])]
        return (
            self.having(AG.actor, [org])
            | self.having(AG.through, [org])
            | self.having(AG.viaPartnership, via)
        )

    def text_key(self, commitment: str) -> tuple[str, int]:
        """Where a commitment stands: its document, then its number (numbers follow the
        text)."""
        key = self.key(commitment)
        return key.rsplit("/", 2)[0], commitment_number(key)

    def in_text_order(self, commitments: Iterable[str]) -> list[str]:
        """Commitments by document, then by number."""
        chosen, position = set(commitments), self.position
        if all(c in position for c in chosen):
            return sorted(chosen, key=position.__getitem__)
        return sorted(chosen, key=self.text_key)

    def subtree(self, iri: str) -> set[str]:
        found, stack = set(), [iri]
        while stack:
            node = stack.pop()
            if node not in found:
                found.add(node)
                stack.extend(self.narrower.get(node, ()))
        return found


def _facts(kg: KnowledgeGraph, sparql: str) -> Facts:
    """Rows of ``?s ?p ?o`` grouped by subject and predicate (duplicates dropped)."""
    facts = _new_facts()
    for row in kg.query(sparql):
        try:
            s, p, o = row["s"].value, row["p"].value, _value(row["o"])
        except IllTyped:
            continue
        if o not in facts[s][p]:
            facts[s][p].append(o)
    return facts


def facts_query(subjects: str, predicates: str, only: Iterable[str] | None = None) -> str:
    """The values of ``predicates`` (space-separated) for the subjects that ``subjects``
    (a pattern on ``?s``) selects, or all subjects; ``only``: of these subjects alone.

    One union of single-predicate patterns, each read from Oxigraph's predicate index
    (``?s ?p ?o VALUES ?p {…}`` is an order of magnitude slower), on subjects made
    distinct first: an organization typed in each of thousands of document graphs would
    otherwise repeat every one of its facts thousands of times."""
    union = " UNION ".join(f"{{ ?s {p} ?o BIND({p} AS ?p) }}" for p in predicates.split())
    selected = _only("s", only) + subjects
    chosen = f"{{ SELECT DISTINCT ?s {{ {selected} }} }}" if selected else ""
    return f"SELECT DISTINCT ?s ?p ?o WHERE {{ {chosen} {union} }}"


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _only(var: str, only: Iterable[str] | None) -> str:
    """A ``VALUES`` clause keeping ``?var`` to ``only`` (nothing when ``only`` is None)."""
    return "" if only is None else f"VALUES ?{var} {{ {_values(only)} }} "


def _chosen(var: str, pattern: str, only: Iterable[str] | None) -> str:
    """``pattern`` on ``?var``, kept to ``only``: in a subquery of its own, so that the
    engine picks the few subjects first (a thousand-IRI ``VALUES`` beside a pattern that
    matches all documents took seconds on the White House corpus)."""
    if only is None:
        return pattern
    return f"{{ SELECT DISTINCT ?{var} {{ {_only(var, only)} {pattern} }} }}"


def _rows(kg: KnowledgeGraph, sparql: str) -> list[list[Any]]:
    result = kg.query(sparql)
    names = [v.value for v in result.variables]
    rows = []
    for row in result:
        try:
            rows.append([_value(row[n]) if row[n] is not None else None for n in names])
        except IllTyped:
            continue  # a row with an ill-typed value (a span's start, say) is left out
    return rows


def build_index(kg: KnowledgeGraph) -> Index:
    """Read what the lookups need from the store, in a few queries."""
    index = Index(generation=kg.generation, base=kg.ids.base)
    _read(kg, index, None)
    _derive(index, None, None)
    return index


def patch_index(kg: KnowledgeGraph, old: Index, subjects: set[str]) -> Index:
    """The index at the store's generation, from ``old`` and a fresh read of the facts of
    ``subjects`` alone: those of every graph a write replaced, as it was and as it is.
    ``old`` is left as it was (requests may be reading it).

    Every part of an index is keyed by the subject whose statements it holds, and each
    subject's facts are read from all the graphs it appears in, so re-reading these
    subjects is the same as reading everything again."""
    index = copy.copy(old)
    index.generation = kg.generation
    for name in _SUBJECT_PARTS:
        part = copy.copy(getattr(old, name))
        for s in subjects:
            part.pop(s, None)
        setattr(index, name, part)
    index.labels = dict(old.labels)  # _derive replaces the subjects' labels in place
    _read(kg, index, subjects)
    _derive(index, old, subjects)
    return index


_SUBJECT_PARTS = [
    *("named", "orgs", "countries", "technologies", "commitments", "documents"),
    *("agreements", "partnerships", "other", "link_rows", "mentions"),
]


def _read(kg: KnowledgeGraph, index: Index, only: set[str] | None) -> None:
    """Read the facts of every subject, or (``only``) of those subjects, into ``index``.

    With ``only``, their types are read first and each part reads just the subjects of
    its type: Oxigraph joins a thousand-IRI ``VALUES`` with a type pattern by scanning
    every subject of that type (seconds on the White House corpus), where a few IRIs of
    the right type take a millisecond."""
    ids = kg.ids
    typed: dict[str, set[str]] = defaultdict(set)
    if only is not None:
        for s, t in _rows(kg, f"SELECT DISTINCT ?s ?t {{ {_only('s', only)} ?s a ?t }}"):
            typed[t].add(s)

    def of(*types: str) -> set[str] | None:
        """The subjects to read of these types (None: all of them)."""
        return None if only is None else set().union(*(typed.get(str(t), set()) for t in types))

    def facts_of(subjects: str, predicates: str, chosen: set[str] | None = only) -> Facts:
        if chosen is not None and not chosen:
            return {}
        return _facts(kg, facts_query(subjects, predicates, chosen))

    def grouped(pattern: str, chosen: set[str] | None, rest: str) -> Facts:
        """``?s ?p ?o`` of ``rest`` on the subjects ``pattern`` selects (of ``chosen``)."""
        if chosen is not None and not chosen:
            return {}
        selected = _chosen("s", pattern, chosen)
        return _facts(kg, f"SELECT DISTINCT ?s ?p ?o WHERE {{ {selected} {rest} }}")

    def rows(projection: str, pattern: str, chosen: set[str] | None, rest: str) -> list[list[Any]]:
        """Rows of ``rest`` on the subjects ``pattern`` selects (of ``chosen``); the first
        variable of ``projection`` is the subject's."""
        if chosen is not None and not chosen:
            return []
        selected = _chosen(projection.split()[0][1:], pattern, chosen)
        return _rows(kg, f"SELECT DISTINCT {projection} WHERE {{ {selected} {rest} }}")

    # One read of every label, alias and file name: English labels for references, all
    # of them (both languages) for search.
    names = "rdfs:label skos:prefLabel skos:altLabel skos:hiddenLabel foaf:name ag:fileName"
    index.named.update(facts_of("", names))
    index.orgs.update(
        facts_of(
            "?s a org:Organization .",
            "rdf:type rdfs:label skos:prefLabel skos:altLabel org:subOrganizationOf ag:country "
            "ag:ror ag:wikidata",
            of(ORG + "Organization"),
        )
    )
    index.countries.update(
        (c, code)
        for c, code in _rows(
            kg, f"SELECT DISTINCT ?c ?code {{ {_only('c', only)} ?c ag:countryCode ?code }}"
        )
    )
    index.technologies.update(
        facts_of(
            f"?s skos:inScheme <{ids.technology_scheme()}> .",
            "skos:prefLabel skos:altLabel skos:hiddenLabel skos:broader skos:definition "
            "skos:topConceptOf skos:notation",
        )
    )
    # a handful of values, each one subject's: read whole every time
    cet = ids.technology("cet-2024")
    index.cet = {row[0] for row in _rows(kg, f"SELECT ?m {{ <{cet}> skos:member ?m }}")}
    index.modalities = {
        row[0] for row in _rows(kg, "SELECT DISTINCT ?m { ?m skos:inScheme ag:ModalityScheme }")
    }
    # Only what the filters need; quotes, spans and sections are read per page.
    index.commitments.update(
        facts_of(
            "?s a ag:Commitment .",
            "ag:sourceDocument ag:agreement ag:modality ag:action ag:actor ag:through "
            "ag:viaPartnership ag:technologyArea",
            of(AG.Commitment),
        )
    )
    index.documents.update(
        grouped(
            "?s a ag:SourceDocument .",
            of(AG.SourceDocument),
            f"""{{ ?s ?p ?o VALUES ?p {{ ag:fileName ag:sha256 dcterms:format ag:expresses
                                        dcterms:title dcterms:date ag:documentKind }} }}
                UNION {{ ?s ag:text ?t BIND(<{CHARACTERS}> AS ?p) BIND(STRLEN(?t) AS ?o) }}""",
        )
    )
    # few subjects: one pattern is faster than the union
    index.agreements.update(
        grouped("?s a ag:Agreement .", of(AG.Agreement), "?s ?p ?o . FILTER(?p != rdfs:label)")
    )
    index.other.update(
        grouped(
            "{ ?s a ag:Signing } UNION { ?s a ag:Signature } UNION { ?s a ag:Representation }",
            of(AG.Signing, AG.Signature, AG.Representation),
            "?s ?p ?o",
        )
    )
    index.partnerships.update(facts_of("", "org:hasMember"))
    for link, org, area, commitment, doc in rows(
        "?l ?org ?area ?c ?doc",
        "?l a ag:OrganizationTechnologyLink .",
        of(AG.OrganizationTechnologyLink),
        """?l ag:organization ?org ; ag:technologyArea ?area ; ag:sourceDocument ?doc .
           OPTIONAL { ?l ag:commitment ?c }""",
    ):
        index.link_rows.setdefault(link, []).append((org, area, commitment, doc))
    for doc, named in rows(
        "?doc ?x", "?doc a ag:SourceDocument .", of(AG.SourceDocument), "?doc ag:mentions ?x"
    ):
        index.mentions.setdefault(doc, set()).add(named)


def _derive(index: Index, old: Index | None, only: set[str] | None) -> None:
    """Derive the rest of ``index`` from its facts: all of it, or (``only``) what the
    facts of those subjects changed, from ``old``."""
    for s in index.named if only is None else only:
        index.labels.pop(s, None)
        f = index.named.get(s, {})
        label = _english(f.get(RDFS + "label", [])) or _english(f.get(SKOS + "prefLabel", []))
        if label:
            index.labels[s] = label
    # the taxonomy: a few hundred concepts, derived whole
    index.narrower = defaultdict(list)
    for concept, facts in index.technologies.items():
        for broader in facts.get(SKOS + "broader", []):
            index.narrower[broader].append(concept)
    for children in index.narrower.values():
        children.sort(key=lambda c: (index.labels.get(c) or c).casefold())

    def top_of(concept: str, seen: frozenset[str] = frozenset()) -> str:
        broader = index.technologies.get(concept, {}).get(SKOS + "broader", [])
        if not broader or concept in seen:
            return concept
        return top_of(sorted(broader)[0], seen | {concept})

    index.top = {c: top_of(c) for c in index.technologies}
    # the filters' inverted index: the changed commitments' entries out, their new ones in
    with_value: dict[str, dict[str, set[str]]] = {}
    changed = index.commitments if old is None or only is None else only
    if old is not None and only is not None:
        with_value = {p: dict(by_value) for p, by_value in old.commitments_with.items()}
        for c in only:
            for prop, values in old.commitments.get(c, {}).items():
                for value in values:
                    with_value[prop][value] = with_value[prop][value] - {c}
    for c in changed:
        for prop, values in index.commitments.get(c, {}).items():
            for value in values:
                by_value = with_value.setdefault(prop, {})
                by_value[value] = by_value.get(value, set()) | {c}
    index.commitments_with = with_value
    index.links = [row for rows in index.link_rows.values() for row in rows]
    index.org_documents = defaultdict(set)
    for doc, named in index.mentions.items():
        for org in named:
            if org in index.orgs:
                index.org_documents[org].add(doc)
    entries = index.search_entries
    if only is not None:
        entries = [e for e in entries if e[2] not in only]
    for s in index.named if only is None else only & index.named.keys():
        entries.extend(_search_entries(index, s))
    index.search_entries = entries
    renditions: dict[str, list[str]] = defaultdict(list)
    for d in sorted(index.documents):
        for a in index.documents[d].get(str(AG.expresses), []):
            renditions[a].append(d)
    index.renditions = dict(renditions)
    index.counted = _first_renditions(index)
    index.position = {c: i for i, c in enumerate(sorted(index.commitments, key=index.text_key))}

    def dated(a: str) -> tuple[str, str]:
        date = next(iter(index.agreements[a].get(DCTERMS + "date", [])), "")
        return str(date or ""), index.key(a)

    index.by_date = sorted((a for a in renditions if a in index.agreements), key=dated)


def _search_entries(index: Index, s: str) -> list[tuple[str, str, str, str]]:
    """What the search matches of one named thing: each of its names, folded."""
    rest = s[len(index.base) :] if s.startswith(index.base) else ""
    collection = rest.split("/", 1)[0]
    if collection not in SEARCH_TYPES or (collection == "doc" and rest.count("/") > 1):
        return []  # commitments, parts and spans are found by the commitment filters
    if collection == "technology" and "/" not in rest:
        return []  # the scheme itself
    names = {_text(v) for values in index.named[s].values() for v in values}
    return [(fold(text), text, s, SEARCH_TYPES[collection]) for text in names]


def _first_renditions(index: Index) -> set[str]:
    """The commitments of each agreement's first rendition, and those of no agreement."""
    first = {agreement: documents[0] for agreement, documents in index.renditions.items()}
    counted = set()
    for c, facts in index.commitments.items():
        agreements = facts.get(str(AG.agreement), [])
        documents = facts.get(str(AG.sourceDocument), [])
        if not agreements or any(first.get(a) in documents for a in agreements):
            counted.add(c)
    return counted


class Lookup:
    """Lookups on a :class:`KnowledgeGraph`, at its current generation.

    ``cache``: a file where the index is kept between runs, valid while the store's
    state (:meth:`KnowledgeGraph.state`) is the one it was built at; a server started on
    a large store then reads it in seconds instead of rebuilding it."""

    def __init__(
        self, kg: KnowledgeGraph, cache: Path | None = None, kept: Future[Any] | None = None
    ) -> None:
        self.kg = kg
        self.cache = cache
        # the cache file being read already (read_kept), while the server starts
        self._reading = kept
        self._index: Index | None = None
        self._building = threading.Lock()
        self._kept: str | None = None  # the state of the index the cache file holds

    @property
    def index(self) -> Index:
        """The index at the store's current generation, built once however many requests
        ask for it at the same time (a few seconds on a million triples). While the next
        generation's index is being made (a patch, a rebuild), the previous one answers."""
        generation = self.kg.generation
        index = self._index
        if index is not None and index.generation == generation:
            return index
        if not self._building.acquire(blocking=index is None):
            assert index is not None
            return index
        try:
            index = self._index
            if index is None or index.generation != generation:
                index = self._index = self._cached() or build_index(self.kg)
            return index
        finally:
            self._building.release()

    def build(self) -> Index:
        """Build (or return) the index now, then keep it out of garbage collection: its
        hundreds of thousands of long-lived objects would otherwise be traversed by every
        full collection, adding tens of milliseconds to whichever request triggers one."""
        index = self.index
        freeze_long_lived()
        return index

    def subjects_in(self, graphs: Iterable[str]) -> set[str] | None:
        """The subjects of ``graphs`` as the store holds them now: what a write replacing
        these graphs may change in the index (None: a blank node among them, which no
        query can name again, so the index is rebuilt instead)."""
        found: set[str] = set()
        for graph in graphs:
            for row in self.kg.query(f"SELECT DISTINCT ?s {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
                subject = row["s"]
                if not isinstance(subject, ox.NamedNode):
                    return None
                found.add(subject.value)
        return found

    def patch(self, subjects: set[str]) -> Index:
        """Move the index to the store's generation by re-reading ``subjects`` alone
        (:func:`patch_index`); requests read the previous index until this one is ready."""
        with self._building:
            index = self._index
            if index is None:
                index = build_index(self.kg)
            elif index.generation != self.kg.generation:
                index = patch_index(self.kg, index, subjects)
            self._index = index
            return index

    # ------------------------------------------------------------------ kept on disk

    def save(self) -> None:
        """Keep the index in ``cache`` for the next run (written whole, then renamed)."""
        state = self.kg.state()
        if self.cache is None or state == self._kept:
            return
        payload = ((index_format(), state), self.index)
        write_atomic(self.cache, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        self._kept = state

    def _cached(self) -> Index | None:
        """The index kept in ``cache``, if it was built at the store's present state. The
        file is the server's own (its data directory), never something a client sent."""
        reading, self._reading = self._reading, None
        if reading is None and (self.cache is None or not self.cache.is_file()):
            return None
        try:
            state, index = reading.result() if reading else _read_kept(self.cache)
        except Exception:  # an unreadable or outdated file is rebuilt, not an error
            return None
        if state != (index_format(), self.kg.state()) or not isinstance(index, Index):
            return None
        self._kept = state[1]
        return index

    def _iri(self, collection: str, key: str) -> str:
        return f"{self.kg.ids.base}{collection}/{key}"

    # ------------------------------------------------------------------ organizations

    def _organization(self, ix: Index, iri: str) -> r.Organization:
        facts = ix.orgs[iri]
        alt = sorted({_text(a) for a in facts.get(SKOS + "altLabel", [])}, key=len)
        acronyms = [a for a in alt if a.upper() == a and len(a) <= 10]
        kinds = [ORG_KINDS[t] for t in facts.get(RDF_TYPE, []) if t in ORG_KINDS]
        country = next(iter(facts.get(str(AG.country), [])), None)
        ror = next(iter(facts.get(str(AG.ror), [])), None)
        wikidata = next(iter(facts.get(str(AG.wikidata), [])), None)
        return r.Organization(
            id=ix.key(iri),
            iri=iri,
            label=_english(facts.get(RDFS + "label", [])) or ix.key(iri),
            acronym=acronyms[0] if acronyms else None,
            name_ja=in_language(facts.get(SKOS + "prefLabel", []), "ja"),
            kind=kinds[0] if kinds else "organization",
            country=ix.countries.get(country) if country else None,
            identifiers=r.Identifiers(ror=ror, wikidata=wikidata),
            documents=len(ix.org_documents.get(iri, ())),
        )

    def organizations(
        self,
        country: str | None = None,
        kind: str | None = None,
        document: str | None = None,
        category: str | None = None,
        q: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> r.Page[r.Organization]:
        """Organizations in label order, filtered by country code, kind, document that
        names them, technology area (with everything below it) and name/acronym/Japanese
        name (``q``, a case-insensitive substring)."""
        ix = self.index
        chosen = list(ix.orgs)
        if country:
            codes = {iri for iri, c in ix.countries.items() if c == country.upper()}
            chosen = [o for o in chosen if set(ix.orgs[o].get(str(AG.country), [])) & codes]
        if kind:
            if kind not in (*ORG_KINDS.values(), "organization"):
                kinds = ", ".join((*ORG_KINDS.values(), "organization"))
                raise BadParameter(f"unknown kind {kind!r} (one of {kinds})")
            chosen = [o for o in chosen if self._organization(ix, o).kind == kind]
        if document:
            doc = self._document_iri(ix, document)
            chosen = [o for o in chosen if doc in ix.org_documents.get(o, ())]
        if category:
            areas = ix.subtree(self._technology_iri(ix, category))
            linked = {org for org, area, _, _ in ix.links if area in areas}
            chosen = [o for o in chosen if o in linked]
        items = [self._organization(ix, o) for o in chosen]
        if q:
            needle = fold(q)
            items = [
                o
                for o in items
                if any(
                    needle in fold(name)
                    for name in (o.label, o.acronym or "", o.name_ja or "", *self._alt(ix, o.iri))
                )
            ]
        items.sort(key=lambda o: (o.label.casefold(), o.iri))
        return _page(items, offset, limit)

    def _alt(self, ix: Index, iri: str) -> list[str]:
        return [_text(a) for a in ix.orgs[iri].get(SKOS + "altLabel", [])]

    def organization(self, key: str, named_in: int | None = None) -> r.OrganizationDetail:
        """One organization's record; ``named_in``: list only the first so many of the
        documents that name it (all of them by default)."""
        ix = self.index
        iri = self._iri("org", key)
        if iri not in ix.orgs:
            raise NotFound(f"no organization {key!r}")
        base = self._organization(ix, iri)
        facts = ix.orgs[iri]
        parent = next(iter(facts.get(ORG + "subOrganizationOf", [])), None)
        children = [o for o, f in ix.orgs.items() if iri in f.get(ORG + "subOrganizationOf", [])]
        partnerships = [
            p for p, f in ix.partnerships.items() if iri in f.get(ORG + "hasMember", [])
        ]
        commitments = ix.naming(iri)
        documents = ix.org_documents.get(iri, set())
        areas: dict[str, set[str]] = defaultdict(set)
        for org, area, commitment, _ in ix.links:
            if org == iri:
                areas[area].add(commitment or "")
        technology_areas = [
            r.TechnologyCount(
                area=ix.ref(area),
                category=ix.ref(ix.top.get(area, area)),
                commitments=len(found - {""}),
            )
            for area, found in areas.items()
        ]
        technology_areas.sort(key=lambda t: (-t.commitments, t.area.label.casefold()))
        return r.OrganizationDetail(
            **base.model_dump(),
            alt_labels=sorted(set(self._alt(ix, iri))),
            parent=ix.ref(parent) if parent else None,
            children=ix.refs(children),
            named_in=ix.refs(documents, limit=named_in),
            named_in_total=len(documents),
            partnerships=ix.refs(partnerships),
            technology_areas=technology_areas,
            commitments=self._commitment_records(
                ix, ix.in_text_order(commitments)[:DETAIL_COMMITMENTS]
            ),
            commitments_total=len(set(commitments)),
        )

    # ------------------------------------------------------------------ technologies

    def _technology_iri(self, ix: Index, key: str) -> str:
        iri = self._iri("technology", key)
        if iri not in ix.technologies:
            raise NotFound(f"no technology area {key!r}")
        return iri

    def _commitments_under(self, ix: Index, areas: set[str]) -> set[str]:
        return ix.having(AG.technologyArea, areas)

    def technology_tree(self) -> list[r.TechnologyNode]:
        """The technology taxonomy from its top concepts down, each node with the number
        of commitments and organizations under it (its own and its narrower areas')."""
        ix = self.index
        by_area: dict[str, set[str]] = defaultdict(set)
        for c, f in ix.commitments.items():
            for area in f.get(str(AG.technologyArea), []):
                by_area[area].add(c)
        orgs_by_area: dict[str, set[str]] = defaultdict(set)
        for org, area, _, _ in ix.links:
            orgs_by_area[area].add(org)

        def node(iri: str) -> r.TechnologyNode:
            below = ix.subtree(iri)
            return r.TechnologyNode(
                id=ix.key(iri),
                iri=iri,
                label=ix.labels.get(iri, ix.key(iri)),
                cet=iri in ix.cet,
                commitments=len(set().union(*(by_area.get(a, set()) for a in below))),
                organizations=len(set().union(*(orgs_by_area.get(a, set()) for a in below))),
                narrower=[node(n) for n in ix.narrower.get(iri, [])],
            )

        tops = [c for c, f in ix.technologies.items() if f.get(SKOS + "topConceptOf")]
        tops.sort(key=lambda c: (c not in ix.cet, (ix.labels.get(c) or c).casefold()))
        return [node(t) for t in tops]

    def technology(self, key: str) -> r.TechnologyDetail:
        ix = self.index
        iri = self._technology_iri(ix, key)
        facts = ix.technologies[iri]
        below = ix.subtree(iri)
        under = self._commitments_under(ix, below)
        definition = _english(facts.get(SKOS + "definition", []))
        return r.TechnologyDetail(
            id=key,
            iri=iri,
            label=ix.labels.get(iri, key),
            alt_labels=sorted({_text(a) for a in facts.get(SKOS + "altLabel", [])}),
            definition=definition,
            cet=ix.top.get(iri) in ix.cet,
            category=ix.ref(ix.top.get(iri, iri)),
            broader=ix.refs(facts.get(SKOS + "broader", [])),
            narrower=ix.refs(ix.narrower.get(iri, [])),
            organizations=ix.refs({org for org, area, _, _ in ix.links if area in below}),
            commitments=self._commitment_records(ix, ix.in_text_order(under)[:DETAIL_COMMITMENTS]),
            commitments_total=len(under),
        )

    # ------------------------------------------------------------------ commitments

    def _details(self, iris: list[str]) -> dict[str, dict[str, Any]]:
        """Quote, form, agreement, span and section of each commitment, in two queries per
        500 commitments (the index holds only what the filters need)."""
        details: dict[str, dict[str, Any]] = {i: {"trail": []} for i in iris}
        for start in range(0, len(iris), 500):
            chunk = _values(iris[start : start + 500])
            for c, quote, focus, agreement, span, lo, hi in _rows(
                self.kg,
                f"""SELECT ?c (SAMPLE(?q) AS ?quote) (MAX(?f) AS ?focus)
                           (SAMPLE(?a) AS ?agreement) (SAMPLE(?sp) AS ?span)
                           (MIN(?s) AS ?start) (MAX(?e) AS ?end) WHERE {{
                      VALUES ?c {{ {chunk} }}
                      ?c ag:quote ?q ; ag:span ?sp . ?sp oa:hasSelector ?sel .
                      ?sel oa:start ?s ; oa:end ?e . FILTER(isNumeric(?s) && isNumeric(?e))
                      OPTIONAL {{ ?c ag:agreement ?a }}
                      BIND(EXISTS {{ ?c a ag:FocusArea }} AS ?f) }} GROUP BY ?c""",
            ):
                details[c].update(
                    quote=quote, focus=focus, agreement=agreement, span=(span, lo, hi)
                )
            for c, order, number, heading in _rows(
                self.kg,
                f"""SELECT DISTINCT ?c ?order ?number ?heading WHERE {{
                      VALUES ?c {{ {chunk} }}
                      ?c ag:inPart/dcterms:isPartOf* ?part .
                      ?part ag:heading ?heading ; ag:order ?order .
                      OPTIONAL {{ ?part ag:number ?number }} }}""",
            ):
                details[c]["trail"].append((order, f"{number}. {heading}" if number else heading))
        return details

    def _commitment(self, ix: Index, iri: str, detail: dict[str, Any]) -> r.Commitment:
        f = ix.commitments[iri]
        doc = ix.key(f[str(AG.sourceDocument)][0])
        modality = next(iter(f.get(str(AG.modality), [])), "")
        span, start, end = detail["span"]
        key = ix.key(iri)
        return r.Commitment(
            id=key,
            iri=iri,
            number=commitment_number(key),
            form="focus-area" if detail["focus"] else "statement",
            modality=modality_name(ix, modality),
            actions=sorted(ix.labels.get(a, ix.key(a)) for a in f.get(str(AG.action), [])),
            quote=detail["quote"],
            section=" › ".join(h for _, h in sorted(detail["trail"])) or None,
            document=doc,
            agreement=ix.ref(detail["agreement"]) if detail["agreement"] else None,
            span=r.Span(
                iri=span,
                document=doc,
                start=start,
                end=end,
                text_url=f"/api/documents/{doc}/text?start={start}&end={end}",
            ),
            actors=ix.refs(f.get(str(AG.actor), [])),
            through=ix.refs(f.get(str(AG.through), [])),
            partnerships=ix.refs(f.get(str(AG.viaPartnership), [])),
            technology_areas=ix.refs(f.get(str(AG.technologyArea), [])),
        )

    def in_text_order(self, iris: Iterable[str]) -> list[str]:
        """Commitment IRIs by document, then in the order of the text."""
        return self.index.in_text_order(iris)

    def _commitment_records(self, ix: Index, iris: list[str]) -> list[r.Commitment]:
        """Records of commitments given in order."""
        details = self._details(iris)
        return [self._commitment(ix, c, details[c]) for c in iris if "quote" in details[c]]

    def commitments(
        self,
        organization: str | None = None,
        technology: str | None = None,
        document: str | None = None,
        modality: str | None = None,
        action: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> r.Page[r.Commitment]:
        """Commitments in document and text order, filtered by an organization (actor,
        carried out through it, or through a partnership it belongs to), a technology
        area (with everything below it), a document, a modality and an action verb."""
        ix = self.index
        chosen = set(ix.commitments)
        if organization:
            org = self._iri("org", organization)
            if org not in ix.orgs:
                raise NotFound(f"no organization {organization!r}")
            chosen &= ix.naming(org)
        if technology:
            chosen &= ix.having(AG.technologyArea, ix.subtree(self._technology_iri(ix, technology)))
        if document:
            chosen &= ix.having(AG.sourceDocument, [self._document_iri(ix, document)])
        if modality:
            wanted = [
                m for m in ix.modalities if ix.labels.get(m, "").casefold() == modality.casefold()
            ]
            if not wanted:
                names = ", ".join(sorted(ix.labels[m] for m in ix.modalities))
                raise BadParameter(f"unknown modality {modality!r} (one of {names})")
            chosen &= ix.having(AG.modality, wanted)
        if action:
            chosen &= ix.having(AG.action, [self._iri("action", action.casefold())])
        ordered = ix.in_text_order(chosen)
        page = ordered[offset : offset + _limit(limit)]
        return r.Page[r.Commitment](
            total=len(ordered),
            offset=offset,
            limit=_limit(limit),
            items=self._commitment_records(ix, page),
        )

    def commitment_records(
        self, iris: Iterable[str], limit: int | None = None
    ) -> list[r.Commitment]:
        """The commitments with these IRIs (the first ``limit``), in text order; unknown
        IRIs are skipped."""
        ix = self.index
        known = [i for i in iris if i in ix.commitments]
        return self._commitment_records(ix, ix.in_text_order(known)[:limit])

    def commitment(self, document: str, number: int) -> r.Commitment:
        ix = self.index
        iri = self.kg.ids.in_document(document, "commitment", str(number))
        records = self._commitment_records(ix, [str(iri)]) if str(iri) in ix.commitments else []
        if not records:
            raise NotFound(f"no commitment {number} in document {document!r}")
        return records[0]

    # ------------------------------------------------------------------ documents

    def _document_iri(self, ix: Index, key: str) -> str:
        iri = str(self.kg.ids.document(key))
        if iri not in ix.documents:
            raise NotFound(f"no document {key!r}")
        return iri

    def _document(self, ix: Index, iri: str) -> r.Document:
        f = ix.documents[iri]
        agreement = next(iter(f.get(str(AG.expresses), [])), None)
        return r.Document(
            id=ix.key(iri),
            iri=iri,
            file_name=f[str(AG.fileName)][0],
            format=next(iter(f.get(DCTERMS + "format", [])), None),
            sha256=f[str(AG.sha256)][0],
            characters=next(iter(f.get(CHARACTERS, [])), 0),
            title=_english(f.get(DCTERMS + "title", [])),
            kind=DOCUMENT_KINDS.get(next(iter(f.get(str(AG.documentKind), [])), ""), "other"),
            date=str(next(iter(f.get(DCTERMS + "date", [])), "")) or None,
            agreement=ix.ref(agreement) if agreement else None,
            commitments=len(ix.having(AG.sourceDocument, [iri])),
        )

    def documents(self, offset: int = 0, limit: int = 50) -> r.Page[r.Document]:
        ix = self.index
        items = sorted((self._document(ix, d) for d in ix.documents), key=lambda d: d.id)
        return _page(items, offset, limit)

    def document_info(self, key: str) -> r.Document:
        """One document's record without its parts (no query of the store)."""
        ix = self.index
        return self._document(ix, self._document_iri(ix, key))

    def commitments_at(self, key: str, start: int, end: int) -> list[r.Commitment]:
        """The commitments of a document whose quote is exactly the characters
        ``start:end``."""
        ix = self.index
        iri = self._document_iri(ix, key)
        found = _rows(
            self.kg,
            f"""SELECT DISTINCT ?c WHERE {{
                  ?c ag:sourceDocument <{iri}> ; ag:span/oa:hasSelector ?sel .
                  ?sel oa:start ?s ; oa:end ?e .
                  FILTER(isNumeric(?s) && isNumeric(?e) && ?s = {int(start)} && ?e = {int(end)})
                }}""",
        )
        return self.commitment_records(row[0] for row in found)

    def document(self, key: str) -> r.DocumentDetail:
        ix = self.index
        iri = self._document_iri(ix, key)
        graph = self.kg.ids.document_graph(key)
        parts = [
            r.Part(
                id=ix.key(part),
                iri=part,
                kind=kind.rsplit("#", 1)[-1],
                order=order,
                number=number,
                heading=heading,
                parent=ix.key(parent) if parent else None,
                start=start,
                end=end,
            )
            for part, kind, order, number, heading, parent, start, end in _rows(
                self.kg,
                f"""SELECT ?part ?kind ?order ?number ?heading ?parent ?start ?end WHERE {{
                      GRAPH <{graph}> {{
                        <{iri}> ag:part ?part .
                        ?part a ?kind ; ag:order ?order ; ag:span/oa:hasSelector ?sel .
                        ?sel oa:start ?start ; oa:end ?end .
                        FILTER(?kind != ag:DocumentPart)
                        OPTIONAL {{ ?part ag:number ?number }}
                        OPTIONAL {{ ?part ag:heading ?heading }}
                        OPTIONAL {{ ?part dcterms:isPartOf ?parent }} }} }}
                    ORDER BY ?order""",
            )
        ]
        return r.DocumentDetail(**self.document_info(key).model_dump(), parts=parts)

    def document_text(self, key: str, start: int | None = None, end: int | None = None) -> str:
        """The document's normalized text (``ag:text``), or the characters ``start:end``
        of it: the offsets every span of that document refers to."""
        iri = self._document_iri(self.index, key)
        rows = self.kg.select(f"SELECT ?t WHERE {{ <{iri}> ag:text ?t }} LIMIT 1")
        text = rows[0]["t"] if rows else ""
        if (start is not None and start < 0) or (end is not None and end < 0):
            raise BadParameter("start and end count characters from 0")
        return text[start:end]  # as a Python slice: past the end, or end before start, is ""

    # ------------------------------------------------------------------ agreements

    def _agreement(self, ix: Index, iri: str) -> r.Agreement:
        """One agreement's record."""
        f = ix.agreements[iri]

        def one(prop: str) -> Any:
            value = next(iter(f.get(prop, [])), None)
            return _text(value) if isinstance(value, tuple) else value

        participants = [
            r.Participant(
                organization=ix.ref(p),
                represented_by=next(
                    (
                        ix.ref(rep[str(AG.representative)][0])
                        for rep_iri in f.get(str(AG.representation), [])
                        if (rep := ix.other.get(rep_iri, {})).get(str(AG.represents), [None])[0]
                        == p
                    ),
                    None,
                ),
            )
            for p in f.get(str(AG.participant), [])
        ]
        participants.sort(key=lambda p: p.organization.label)
        signing = None
        signing_iri = one(str(AG.signing))
        if signing_iri:
            sf = ix.other.get(signing_iri, {})
            signatures = []
            for sig in sf.get("http://www.w3.org/ns/prov#qualifiedAssociation", []):
                g = ix.other.get(sig, {})
                person = next(iter(g.get("http://www.w3.org/ns/prov#agent", [])), None)
                if person is None:
                    continue
                behalf = next(iter(g.get(str(AG.onBehalfOf), [])), None)
                title = next(iter(g.get("https://schema.org/jobTitle", [])), None)
                signatures.append(
                    r.Signature(
                        person=ix.ref(person),
                        title=_text(title) if title else None,
                        on_behalf_of=ix.ref(behalf) if behalf else None,
                    )
                )
            place = next(iter(sf.get("http://www.w3.org/ns/prov#atLocation", [])), None)
            date = next(iter(sf.get(DCTERMS + "date", [])), None)
            signing = r.Signing(
                date=str(date) if date else None,
                place=ix.ref(place) if place else None,
                signatures=sorted(signatures, key=lambda s: s.person.label),
            )
        legal = one(str(AG.legalCharacter))
        title = one(DCTERMS + "title")
        language = one(DCTERMS + "language")
        return r.Agreement(
            id=ix.key(iri),
            iri=iri,
            label=ix.labels.get(iri, ix.key(iri)),
            title=title,
            kinds=sorted(
                t.rsplit("#", 1)[-1]
                for t in f.get(RDF_TYPE, [])
                if t.startswith(str(AG)) and t != str(AG.Agreement)
            ),
            date=str(one(DCTERMS + "date")) if one(DCTERMS + "date") else None,
            language=str(language) if language else None,
            legal_character=ix.labels.get(legal) if legal else None,
            commits_funds=one(str(AG.commitsFunds)),
            discontinuation_notice=one(str(AG.discontinuationNotice)),
            operative_when=one(str(AG.operativeWhen)),
            modification=one(str(AG.modificationProcedure)),
            participants=participants,
            signing=signing,
            documents=ix.refs(ix.renditions.get(iri, [])),
            cites=ix.refs(f.get(str(AG.cites), [])),
            commitments=len(ix.having(AG.agreement, [iri]) & ix.counted),
        )

    def agreements(
        self, offset: int = 0, limit: int = 50, newest_first: bool = False
    ) -> r.Page[r.Agreement]:
        """Agreements that a stored document expresses (not ones only cited), by date
        (the oldest first, or ``newest_first``), records built for the page only."""
        ix = self.index
        ordered = ix.by_date[::-1] if newest_first else ix.by_date
        page = ordered[offset : offset + _limit(limit)]
        return r.Page[r.Agreement](
            total=len(ordered),
            offset=offset,
            limit=_limit(limit),
            items=[self._agreement(ix, a) for a in page],
        )

    def agreement(self, key: str) -> r.Agreement:
        ix = self.index
        iri = self._iri("agreement", key)
        if iri not in ix.agreements:
            raise NotFound(f"no agreement {key!r}")
        return self._agreement(ix, iri)

    # ------------------------------------------------------------------ search

    def search(self, q: str, limit: int = 20, types: set[str] | None = None) -> list[r.SearchHit]:
        """Everything whose label, acronym, alias or file name matches ``q``, in English
        or Japanese, best first: exact (1.0), prefix (0.9), word prefix (0.85),
        substring (0.75), then close spellings (typos) scored by similarity."""
        needle = fold(q)
        if not needle:
            return []  # only spaces or punctuation: nothing to look for
        if types and not types <= set(SEARCH_TYPES.values()):
            unknown = ", ".join(sorted(types - set(SEARCH_TYPES.values())))
            raise BadParameter(
                f"unknown type {unknown} (one of {', '.join(SEARCH_TYPES.values())})"
            )
        ix = self.index
        entries = [e for e in ix.search_entries if not types or e[3] in types]
        best: dict[str, tuple[float, str, str]] = {}
        # Exact, prefix and substring matches first: they all outrank a close spelling
        # (at most 0.7), so the spellings are scored only when too few of them match.
        for exact in (True, False):
            for folded, text, iri, kind in entries:
                score = _match(needle, folded, exact)
                if score and score > best.get(iri, (0.0, "", ""))[0]:
                    best[iri] = (score, text, kind)
            if len(best) >= _limit(limit):
                break
        hits = [
            r.SearchHit(
                id=ix.key(iri),
                iri=iri,
                label=ix.labels.get(iri, text),
                type=kind,
                matched=text,
                score=round(score, 3),
            )
            for iri, (score, text, kind) in best.items()
        ]
        hits.sort(key=lambda h: (-h.score, len(h.matched), h.label.casefold(), h.iri))
        return hits[: _limit(limit)]


def freeze_long_lived() -> None:
    """Keep what is alive now (the index, the pages' read model) out of the collector's
    full passes; what an earlier call froze and is now garbage (a replaced index) is
    collected first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


INDEX_FORMAT = 2  # raised when a part changes meaning; a kept index of another is rebuilt


def index_format() -> tuple[int, tuple[str, ...]]:
    """The format of a kept index: its number and the index's parts (a part added or
    removed changes it without anyone remembering to raise the number)."""
    return INDEX_FORMAT, tuple(part.name for part in fields(Index))


def _read_kept(cache: Path | None) -> Any:
    assert cache is not None
    return pickle.loads(cache.read_bytes())


def read_kept(cache: Path) -> Future[Any]:
    """Start reading a kept index in a thread (seconds on a large store, while the
    server starts its other processes); hand the future to :class:`Lookup`."""
    return ThreadPoolExecutor(1, thread_name_prefix="lookup-cache").submit(_read_kept, cache)


def _match(needle: str, folded: str, exact: bool = False) -> float:
    """How well a folded query matches a folded label (0 = not at all); ``exact``: by
    equality, prefix and substring only, not close spellings."""
    if needle == folded:
        return 1.0
    if folded.startswith(needle):
        return 0.9
    if f" {needle}" in f" {folded}":
        return 0.85
    if needle in folded:
        return 0.75
    if exact or len(needle) < 3:
        return 0.0
    # Typos: compare with the label and with each run of as many words as the query has.
    words = folded.split()
    width = max(1, len(needle.split()))
    candidates = [folded] + [" ".join(words[i : i + width]) for i in range(len(words))]
    threshold = 0.8 if len(needle) <= 5 else 0.75
    ratio = 0.0
    for candidate in candidates:
        if 2 * min(len(needle), len(candidate)) < threshold * (len(needle) + len(candidate)):
            continue  # the lengths alone keep the ratio under the threshold
        matcher = SequenceMatcher(None, needle, candidate)
        # The quick ratios are upper bounds of ratio(), at a fraction of its cost.
        if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
            ratio = max(ratio, matcher.ratio())
    return round(0.7 * ratio, 3) if ratio >= threshold else 0.0


def commitment_number(key: str) -> int:
    """The number of a commitment from its id (``doc/commitment/3`` → 3)."""
    return int(key.rsplit("/", 1)[-1])


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def _page(items: list[T], offset: int, limit: int) -> r.Page[T]:
    if offset < 0:
        raise BadParameter("offset must be 0 or more")
    limit = _limit(limit)
    return r.Page[T](
        total=len(items), offset=offset, limit=limit, items=items[offset : offset + limit]
    )
