"""Reference data: organizations, countries, technology areas, actions and modalities.

Read from the CSV and Turtle files shipped with this package; the loader uses them as
gazetteers and :func:`reference_graph` turns them into the reference named graph.
Identifiers (ROR, Wikidata) come only from these files.

>>> ref = load_reference()
>>> ref.organizations["NSF"].ror
'021nxhr62'
>>> ref.countries["JP"].wikidata, ref.country_for_alias("Japan's")
('Q17', 'JP')
>>> sorted(ref.modality_triggers)[:3]
['agree to', 'agreed to', 'agrees to']
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import ORG, SDO

from accordgraph.ontology import AG, data_path, ontology_graph, vocabulary_graph
from accordgraph.ontology.ids import DEFAULT_INSTANCE_BASE, Ids

ROR = "https://ror.org/"
WIKIDATA = "http://www.wikidata.org/entity/"

ORG_CLASSES = {
    "government": AG.Government,
    "agency": AG.GovernmentAgency,
    "ministry": AG.GovernmentAgency,
    "institute": AG.ResearchInstitute,
    "university": AG.University,
    "company": AG.Company,
    "industry association": AG.IndustryAssociation,
    "international organization": AG.InternationalOrganization,
    "standards body": AG.StandardsBody,
    "multilateral grouping": AG.MultilateralGrouping,
}
# The kind of a body of no narrower class of the ontology's: a labor union, a civil
# rights organization (an org:Organization only)
PLAIN_KIND = "organization"


@dataclass(frozen=True)
class ReferenceOrganization:
    key: str
    name_en: str
    name_ja: str | None
    acronym: str | None
    kind: str
    country: str | None
    parent_key: str | None
    ror: str | None
    wikidata: str | None
    aliases: tuple[str, ...] = ()  # other names texts use ("Commerce", "State Department")

    @property
    def org_class(self) -> str | None:
        """The local name of its ontology class (Government, GovernmentAgency …), or None
        for a body of no narrower class."""
        if self.kind == PLAIN_KIND:
            return None
        return str(ORG_CLASSES.get(self.kind, AG.GovernmentAgency)).rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_ja: str | None
    aliases: tuple[str, ...]
    wikidata: str | None
    government_domains: tuple[str, ...] = ()  # "go.jp": hosts its government publishes on


@dataclass(frozen=True)
class TechnologyConcept:
    iri: str
    pref_label: str
    labels: tuple[str, ...]  # every label used for matching (pref, alt, hidden)
    broader: tuple[str, ...]
    top: str  # the top concept it rolls up to (itself for a top concept)
    cet: bool  # the top concept is one of the CET 2024 categories
    enumeration_labels: tuple[str, ...] = ()  # matched only beside another area


@dataclass(eq=False)  # one per process, compared by identity: a key of pattern caches
class Reference:
    organizations: dict[str, ReferenceOrganization]
    countries: dict[str, Country]
    technologies: dict[str, TechnologyConcept]
    actions: frozenset[str]  # verb lemmas of the action scheme
    modality_triggers: dict[str, str]  # phrase -> modality concept local name
    # listed companies: the name texts write (and its full form) -> country code
    companies: dict[str, str] = field(default_factory=dict)
    # heads of state and government: surname -> the codes of the countries they led
    leaders: dict[str, frozenset[str]] = field(default_factory=dict)
    # the names of the states of the United States ("California", "New Jersey")
    us_states: frozenset[str] = frozenset()
    _alias_to_country: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for country in self.countries.values():
            for alias in (country.name_en, *country.aliases):
                self._alias_to_country[alias.casefold()] = country.code
                self._alias_to_country[(alias + "'s").casefold()] = country.code
                self._alias_to_country[(alias + "’s").casefold()] = country.code
                if alias.casefold().startswith("the "):
                    self._alias_to_country[alias[4:].casefold()] = country.code

    def country_for_alias(self, text: str) -> str | None:
        """The country code a name or qualifier ("U.S.", "Japan's", "British") refers to."""
        return self._alias_to_country.get(text.strip().casefold())

    def publisher_country(self, url: str | None) -> str | None:
        """The country whose government publishes at ``url``, by its host's domain.

        >>> ref = load_reference()
        >>> ref.publisher_country("https://www.whitehouse.gov/briefing-room/x/")
        'US'
        >>> ref.publisher_country("https://www.mofa.go.jp/files/x.pdf"), ref.publisher_country(None)
        ('JP', None)
        """
        host = urlsplit(url or "").hostname or ""
        for country in self.countries.values():
            if any(host == d or host.endswith("." + d) for d in country.government_domains):
                return country.code
        return None

    @property
    def country_aliases(self) -> list[str]:
        return sorted(self._alias_to_country, key=len, reverse=True)


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _read_csv(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """The reference data, read once per process."""
    organizations = {
        row["key"]: ReferenceOrganization(
            key=row["key"],
            name_en=row["name_en"].strip(),
            name_ja=_blank(row.get("name_ja")),
            acronym=_blank(row.get("acronym")),
            kind=row.get("kind") or "agency",
            country=_blank(row.get("country")),
            parent_key=_blank(row.get("parent_key")),
            ror=_blank(row.get("ror")),
            wikidata=_blank(row.get("wikidata")),
            aliases=tuple(a for a in (row.get("aliases") or "").split("|") if a),
        )
        # the verified shared set first; then the wider set, without identifiers
        for name in ("reference/organizations.csv", "reference/organizations-extra.csv")
        for row in _read_csv(name)
    }
    countries = {
        row["code"]: Country(
            code=row["code"],
            name_en=row["name_en"],
            name_ja=_blank(row.get("name_ja")),
            aliases=tuple(a for a in (row.get("aliases") or "").split("|") if a),
            wikidata=_blank(row.get("wikidata")),
            government_domains=tuple(
                d for d in (row.get("government_domains") or "").split("|") if d
            ),
        )
        for row in _read_csv("reference/countries.csv")
    }
    vocabularies = vocabulary_graph()
    return Reference(
        organizations=organizations,
        countries=countries,
        technologies=_technologies(vocabularies),
        actions=_actions(vocabularies),
        modality_triggers=_modality_triggers(ontology_graph()),
        companies=_companies(),
        leaders=_leaders(),
        us_states=frozenset(us_state_names()),
    )


def _leaders() -> dict[str, frozenset[str]]:
    """Heads of state and government by surname (``reference/leaders.csv``), with the
    countries they led: whose government "the Biden Administration" is.

    >>> _leaders()["Biden"], _leaders()["Kishida"]
    (frozenset({'US'}), frozenset({'JP'}))
    """
    leaders: dict[str, set[str]] = {}
    for row in _read_csv("reference/leaders.csv"):
        leaders.setdefault(row["surname"], set()).add(row["country"])
    return {surname: frozenset(countries) for surname, countries in leaders.items()}


def us_state_names() -> list[str]:
    """The names of the states of the United States (``reference/us-states.csv``).

    >>> len(us_state_names()), us_state_names()[:2]
    (50, ['Alabama', 'Alaska'])
    """
    return [row["name"] for row in _read_csv("reference/us-states.csv")]


def _companies() -> dict[str, str]:
    """Listed companies by the names texts write (``reference/companies.csv``), and
    without their accents, as English texts often write them ("Nestle" for "Nestlé").

    >>> _companies()["Nestle"]
    'CH'
    """
    companies: dict[str, str] = {}
    for row in _read_csv("reference/companies.csv"):
        for name in (row["name"], row["full_name"]):
            if name:
                companies.setdefault(name, row["country"])
                companies.setdefault(_without_accents(name), row["country"])
    return companies


def _without_accents(text: str) -> str:
    """``text`` without the combining marks of its letters.

    >>> _without_accents("Société Générale")
    'Societe Generale'
    """
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _technologies(graph: Graph) -> dict[str, TechnologyConcept]:
    scheme = URIRef(DEFAULT_INSTANCE_BASE + "technology")
    cet = URIRef(DEFAULT_INSTANCE_BASE + "technology/cet-2024")
    cet_members = set(graph.objects(cet, SKOS.member))
    concepts: dict[str, TechnologyConcept] = {}
    broader = {
        str(c): tuple(sorted(str(b) for b in graph.objects(c, SKOS.broader)))
        for c in graph.subjects(SKOS.inScheme, scheme)
    }

    def top_of(iri: str, seen: frozenset[str] = frozenset()) -> str:
        parents = broader.get(iri, ())
        if not parents or iri in seen:
            return iri
        return top_of(parents[0], seen | {iri})

    for concept in graph.subjects(SKOS.inScheme, scheme):
        iri = str(concept)
        labels = tuple(
            str(label)
            for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for label in graph.objects(concept, prop)
            if getattr(label, "language", None) in (None, "en")
        )
        top = top_of(iri)
        concepts[iri] = TechnologyConcept(
            iri=iri,
            pref_label=str(graph.value(concept, SKOS.prefLabel)),
            labels=labels,
            broader=broader.get(iri, ()),
            top=top,
            cet=URIRef(top) in cet_members,
            enumeration_labels=tuple(
                str(label) for label in graph.objects(concept, AG.enumerationLabel)
            ),
        )
    return concepts


def _actions(graph: Graph) -> frozenset[str]:
    return frozenset(
        str(graph.value(c, SKOS.prefLabel)) for c in graph.subjects(SKOS.inScheme, AG.ActionScheme)
    )


def _modality_triggers(graph: Graph) -> dict[str, str]:
    triggers: dict[str, str] = {}
    for concept in graph.subjects(SKOS.inScheme, AG.ModalityScheme):
        name = str(concept).rsplit("#", 1)[-1]
        for phrase in graph.objects(concept, SKOS.hiddenLabel):
            triggers[str(phrase)] = name
    return triggers


def reference_graph(ids: Ids | None = None) -> Graph:
    """Organizations and countries of the reference data as RDF, plus the vocabularies.

    >>> g = reference_graph()
    >>> nsf = Ids().organization("NSF")
    >>> str(g.value(nsf, AG.ror)), str(g.value(nsf, ORG.subOrganizationOf)).rsplit("/", 1)[-1]
    ('https://ror.org/021nxhr62', 'usg')
    """
    ids = ids or Ids()
    ref = load_reference()
    graph = vocabulary_graph(ids.base)
    for country in ref.countries.values():
        iri = ids.country(country.code)
        graph.add((iri, RDF.type, SDO.Country))
        graph.add((iri, RDFS.label, Literal(country.name_en, lang="en")))
        graph.add((iri, SKOS.prefLabel, Literal(country.name_en, lang="en")))
        if country.name_ja:
            graph.add((iri, SKOS.prefLabel, Literal(country.name_ja, lang="ja")))
        for alias in country.aliases:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        graph.add((iri, AG.countryCode, Literal(country.code)))
        if country.wikidata:
            graph.add((iri, AG.wikidata, URIRef(WIKIDATA + country.wikidata)))
    for org in ref.organizations.values():
        add_reference_organization(graph, ids, org)
    return graph


def add_reference_organization(graph: Graph, ids: Ids, org: ReferenceOrganization) -> URIRef:
    """The triples that describe one reference organization (also used by document graphs,
    so each is self-contained)."""
    iri = ids.organization(org.key)
    if org.kind != PLAIN_KIND:
        graph.add((iri, RDF.type, ORG_CLASSES.get(org.kind, AG.GovernmentAgency)))
    graph.add((iri, RDF.type, ORG.Organization))
    graph.add((iri, RDFS.label, Literal(org.name_en, lang="en")))
    graph.add((iri, SKOS.prefLabel, Literal(org.name_en, lang="en")))
    if org.name_ja:
        graph.add((iri, SKOS.prefLabel, Literal(org.name_ja, lang="ja")))
    if org.acronym:
        graph.add((iri, SKOS.altLabel, Literal(org.acronym)))
    for alias in org.aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
    if org.country:
        graph.add((iri, AG.country, ids.country(org.country)))
    if org.parent_key:
        graph.add((iri, ORG.subOrganizationOf, ids.organization(org.parent_key)))
    if org.ror:
        graph.add((iri, AG.ror, URIRef(ROR + org.ror)))
    if org.wikidata:
        graph.add((iri, AG.wikidata, URIRef(WIKIDATA + org.wikidata)))
    graph.add((iri, AG.referenceKey, Literal(org.key)))
    return iri


__all__ = [
    "Country",
    "Reference",
    "ReferenceOrganization",
    "TechnologyConcept",
    "load_reference",
    "reference_graph",
]
