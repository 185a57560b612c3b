"""Minting of instance IRIs.

Every IRI is derived from what it names (a reference key, a slug of a name, character
offsets), never from a counter or a random number, so loading the same file twice mints
the same IRIs and the load is idempotent.

>>> ids = Ids()
>>> ids.organization("NSF")
rdflib.term.URIRef('https://w3id.org/accordgraph/id/org/nsf')
>>> ids.span("us-japan-tpd-2025", 10, 42)
rdflib.term.URIRef('https://w3id.org/accordgraph/id/doc/us-japan-tpd-2025/span/10-42')
>>> slug("Japan's Ministry of Internal Affairs & Communications")
'japans-ministry-of-internal-affairs-communications'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

DEFAULT_INSTANCE_BASE = "https://w3id.org/accordgraph/id/"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (apostrophes dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


@dataclass(frozen=True)
class Ids:
    """Mints IRIs under one instance base (configurable per deployment)."""

    base: str = DEFAULT_INSTANCE_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise ValueError(f"instance base must end with '/' or '#': {self.base!r}")

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def organization(self, key: str) -> URIRef:
        return self._iri("org", slug(key))

    def country(self, code: str) -> URIRef:
        return self._iri("country", code.lower())

    def person(self, name_key: str) -> URIRef:
        return self._iri("person", slug(name_key))

    def place(self, name: str) -> URIRef:
        return self._iri("place", slug(name))

    def facility(self, name: str) -> URIRef:
        return self._iri("facility", slug(name))

    def program(self, name: str) -> URIRef:
        return self._iri("program", slug(name))

    def technology(self, name: str) -> URIRef:
        return self._iri("technology", slug(name))

    def technology_scheme(self) -> URIRef:
        return URIRef(self.base + "technology")

    def action(self, lemma: str) -> URIRef:
        return self._iri("action", slug(lemma))

    def partnership(self, member_keys: list[str]) -> URIRef:
        return self._iri("partnership", "--".join(sorted(slug(k) for k in member_keys)))

    def agreement(self, agreement_key: str) -> URIRef:
        return self._iri("agreement", slug(agreement_key))

    def document(self, doc_id: str) -> URIRef:
        return self._iri("doc", doc_id)

    def document_graph(self, doc_id: str) -> URIRef:
        return self._iri("graph", "doc", doc_id)

    def reference_graph(self) -> URIRef:
        return self._iri("graph", "reference")

    def ontology_graph(self) -> URIRef:
        return self._iri("graph", "ontology")

    def in_document(self, doc_id: str, *parts: str) -> URIRef:
        """An IRI for something that exists only within one document (a part, a commitment)."""
        return self._iri("doc", doc_id, *parts)

    def span(self, doc_id: str, start: int, end: int) -> URIRef:
        return self.in_document(doc_id, "span", f"{start}-{end}")
