"""Map an :class:`~.model.Extraction` to RDF: the triples of one document's named graph.

IRIs are minted from what they name (see :mod:`accordgraph.ontology.ids`), so the same
file always gives the same triples. Every fact points at the characters it came from
through an ``oa:SpecificResource`` with a text position and a text quote selector.

The mapping emits plain triples (:data:`Triple`: IRIs as ``str``, literals as
:class:`Lit`), which the store turns straight into its engine's terms; :func:`to_rdf`
gives them as an rdflib Graph. Building rdflib terms first cost twice the extraction.

>>> from accordgraph import bundled_document
>>> from accordgraph.loaders import extract_file
>>> x = extract_file(bundled_document())
>>> len(triples(x)) == len(to_rdf(x))
True
"""

from __future__ import annotations

from typing import NamedTuple

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO, Namespace

from accordgraph.loaders.kind import DocumentKind
from accordgraph.loaders.model import Entity, Extraction, Span
from accordgraph.loaders.segment import innermost_parts
from accordgraph.ontology import AG, DEFAULT_INSTANCE_BASE, Ids
from accordgraph.ontology.ids import slug
from accordgraph.ontology.reference import load_reference

OA = Namespace("http://www.w3.org/ns/oa#")
CONTEXT_CHARS = 32  # prefix/suffix length of quote selectors
_PART_CLASSES = {
    "title": AG.Title,
    "preamble": AG.PreambleClause,
    "section": AG.Section,
    "area": AG.AreaOfCooperation,
    "subarea": AG.SubArea,
    "bullet": AG.Bullet,
    "paragraph": AG.Paragraph,
    "signatures": AG.SignatureBlock,
}
# loaders.kind.KINDS → the concepts of ag:DocumentKindScheme
DOCUMENT_KINDS: dict[DocumentKind, URIRef] = {
    "agreement": AG.AgreementText,
    "joint statement": AG.JointStatement,
    "fact sheet": AG.FactSheet,
    "executive": AG.ExecutiveDocument,
    "remarks": AG.RemarksOrBriefing,
    "other": AG.OtherDocument,
}
_MEDIA_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
}


_XSD_INTEGER = str(XSD.integer)
_XSD_BOOLEAN = str(XSD.boolean)


class _Terms:
    """A namespace's terms as plain strings, each made once: an rdflib namespace makes
    (and validates) a new URIRef on every attribute access, which cost the mapping more
    than the rest of its work.

    >>> _AG.Commitment == str(AG.Commitment), type(_AG.Commitment).__name__
    (True, 'str')
    """

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:  # only for names not yet in __dict__
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self.__getattr__(name) if name not in self.__dict__ else str(self.__dict__[name])


_AG, _OA, _RDF, _RDFS, _SKOS = _Terms(AG), _Terms(OA), _Terms(RDF), _Terms(RDFS), _Terms(SKOS)
_DCTERMS, _FOAF, _ORG, _PROV = _Terms(DCTERMS), _Terms(FOAF), _Terms(ORG), _Terms(PROV)
_SDO, _XSD = _Terms(SDO), _Terms(XSD)


class Lit(NamedTuple):
    """A literal: its lexical form, and a language tag or a datatype IRI (a plain
    literal has neither: ``xsd:string``)."""

    value: str
    language: str | None = None
    datatype: str | None = None

    @classmethod
    def of(cls, value: str | int | bool, language: str | None = None) -> Lit:
        """A string (tagged with ``language``), an ``xsd:integer`` or an ``xsd:boolean``.

        >>> Lit.of(True).datatype, Lit.of(7).value, Lit.of("Tokyo", "en").language
        ('http://www.w3.org/2001/XMLSchema#boolean', '7', 'en')
        """
        if isinstance(value, bool):  # before int: a bool is an int
            return cls("true" if value else "false", None, _XSD_BOOLEAN)
        if isinstance(value, int):
            return cls(str(value), None, _XSD_INTEGER)
        return cls(value, language, None)

    def to_rdflib(self) -> Literal:
        return Literal(self.value, lang=self.language, datatype=self.datatype)


Triple = tuple[str, str, "str | Lit"]  # subject and predicate IRIs; object IRI or literal


class _Mapper:
    def __init__(self, extraction: Extraction, ids: Ids) -> None:
        self.x = extraction
        self.ids = ids
        self.doc_id = extraction.source.doc_id
        self.doc = ids.document(self.doc_id)
        self.triples: list[Triple] = []
        # ids.span(doc_id, start, end) is this prefix and "start-end"
        self.span_prefix = str(ids.span(self.doc_id, 0, 0))[: -len("0-0")]
        self.spans: set[str] = set()
        self.ref = load_reference()

    def add(self, s: str, p: str, o: str | Lit) -> None:
        self.triples.append((s, p, o))

    def span(self, span: Span) -> str:
        """The IRI of a span of the document's text, with its two selectors."""
        text = self.x.source.text
        iri = f"{self.span_prefix}{span.start}-{span.end}"
        if iri in self.spans:
            return iri  # described already
        self.spans.add(iri)
        position, quote = iri + "/position", iri + "/quote"
        self.add(iri, _RDF.type, _OA.SpecificResource)
        self.add(iri, _OA.hasSource, self.doc)
        self.add(iri, _OA.hasSelector, position)
        self.add(iri, _OA.hasSelector, quote)
        self.add(position, _RDF.type, _OA.TextPositionSelector)
        # xsd:integer, not the model's xsd:nonNegativeInteger: Oxigraph stores derived
        # integer types as xsd:integer, and a load must round-trip unchanged.
        self.add(position, _OA.start, Lit.of(span.start))
        self.add(position, _OA.end, Lit.of(span.end))
        self.add(quote, _RDF.type, _OA.TextQuoteSelector)
        self.add(quote, _OA.exact, Lit.of(text[span.start : span.end]))
        self.add(quote, _OA.prefix, Lit.of(text[max(0, span.start - CONTEXT_CHARS) : span.start]))
        self.add(quote, _OA.suffix, Lit.of(text[span.end : span.end + CONTEXT_CHARS]))
        return iri

    def evidence(self, subject: str, prop: str, span: Span, name: str) -> None:
        """An annotation saying that ``span`` states ``prop`` of ``subject``."""
        note = URIRef(f"{subject}/evidence/{name}")
        self.add(note, _RDF.type, _OA.Annotation)
        self.add(note, _OA.motivatedBy, _OA.describing)
        self.add(note, _OA.hasBody, subject)
        self.add(note, _AG.property, prop)
        self.add(note, _OA.hasTarget, self.span(span))

    def concept(self, iri: str) -> URIRef:
        """A technology concept IRI under this deployment's instance base."""
        return URIRef(self.ids.base + iri[len(DEFAULT_INSTANCE_BASE) :])

    def entity(self, entity: Entity) -> URIRef:
        ids = self.ids
        if entity.kind == "technology":
            return self.concept(entity.key)
        if entity.kind == "organization":
            if entity.reference:
                # Described in the reference graph; repeating it here would make the
                # union of graphs return its triples once per document.
                return ids.organization(entity.key)
            iri = ids.organization(entity.key)
            if entity.org_class:  # (else an organization of no narrower class)
                self.add(iri, _RDF.type, getattr(AG, entity.org_class))
            self.add(iri, _RDF.type, _ORG.Organization)
            self.add(iri, _SKOS.prefLabel, Lit.of(entity.label, "en"))
            if entity.acronym:
                self.add(iri, _SKOS.altLabel, Lit.of(entity.acronym))
        elif entity.kind == "person":
            iri = ids.person(entity.key)
            self.add(iri, _RDF.type, _FOAF.Person)
            self.add(iri, _FOAF.name, Lit.of(entity.label))
            if entity.title:
                self.add(iri, _SDO.jobTitle, Lit.of(entity.title, "en"))
        elif entity.kind == "place":
            iri = ids.place(entity.label)
            self.add(iri, _RDF.type, _SDO.Place)
        elif entity.kind == "agreement":
            iri = ids.agreement(entity.key)
            self.add(iri, _RDF.type, _AG.Agreement)
            self.add(iri, _DCTERMS.title, Lit.of(entity.label, "en"))
        else:
            iri = (
                ids.facility(entity.label)
                if entity.kind == "facility"
                else ids.program(entity.label)
            )
            self.add(iri, _RDF.type, _AG.Facility if entity.kind == "facility" else _AG.Program)
        self.add(iri, _RDFS.label, Lit.of(entity.label, "en"))
        if entity.country:
            self.add(iri, _AG.country, ids.country(entity.country))
        return iri

    def run(self) -> list[Triple]:
        x, ids, doc = self.x, self.ids, self.doc
        source = x.source
        entity_iris = {key: self.entity(e) for key, e in x.entities.items()}
        agreement = ids.agreement(x.agreement.key)

        self.add(doc, _RDF.type, _AG.SourceDocument)
        self.add(doc, _RDFS.label, Lit.of(source.name))
        self.add(doc, _AG.fileName, Lit.of(source.name))
        self.add(doc, _AG.sha256, Lit.of(source.sha256))
        self.add(doc, _DCTERMS.format, Lit.of(_MEDIA_TYPES[source.format]))
        self.add(doc, _AG.text, Lit.of(source.text))
        self.add(doc, _AG.expresses, agreement)
        self.add(doc, _AG.documentKind, DOCUMENT_KINDS[x.kind])
        if x.title:
            self.add(doc, _DCTERMS.title, Lit.of(x.title, "en"))
        dated = source.metadata.get("date", "")[:10] or x.agreement.date
        if dated:
            self.add(doc, _DCTERMS.date, Lit(dated, None, str(_XSD.date)))
        if source.metadata.get("source_url"):
            self.add(doc, _DCTERMS.source, URIRef(source.metadata["source_url"]))

        self._agreement(agreement, entity_iris)
        part_iris = [ids.in_document(self.doc_id, "part", str(p.index + 1)) for p in x.parts]
        for part, iri in zip(x.parts, part_iris, strict=True):
            self.add(iri, _RDF.type, _PART_CLASSES[part.kind])
            self.add(iri, _RDF.type, _AG.DocumentPart)
            self.add(doc, _AG.part, iri)
            parent = part_iris[part.parent] if part.parent is not None else doc
            self.add(iri, _DCTERMS.isPartOf, parent)
            self.add(iri, _AG.order, Lit.of(part.index + 1))
            self.add(iri, _AG.span, self.span(part.span))
            if part.heading:
                self.add(iri, _AG.heading, Lit.of(part.heading))
                self.add(iri, _RDFS.label, Lit.of(part.heading, "en"))
            if part.number:
                self.add(iri, _AG.number, Lit.of(part.number))

        enclosing_parts = innermost_parts(x.parts, [m.span for m in x.mentions])
        for mention, enclosing in zip(x.mentions, enclosing_parts, strict=True):
            note = ids.in_document(
                self.doc_id, "mention", f"{mention.span.start}-{mention.span.end}"
            )
            body = entity_iris[mention.entity]
            self.add(note, _RDF.type, _AG.Mention)
            self.add(note, _OA.motivatedBy, _OA.identifying)
            self.add(note, _OA.hasBody, body)
            self.add(note, _OA.hasTarget, self.span(mention.span))
            self.add(doc, _AG.mentions, body)
            if enclosing is not None:
                self.add(note, _AG.inPart, part_iris[enclosing.index])

        partnership_iris = []
        for partnership in x.partnerships:
            iri = ids.partnership(partnership.members)
            partnership_iris.append(iri)
            self.add(iri, _RDF.type, _AG.Partnership)
            self.add(iri, _RDF.type, _ORG.OrganizationalCollaboration)
            names = [x.entities[m].acronym or x.entities[m].label for m in partnership.members]
            label = "Partnership between " + ", ".join(names[:-1]) + " and " + names[-1]
            self.add(iri, _RDFS.label, Lit.of(label, "en"))
            for member in partnership.members:
                self.add(iri, _ORG.hasMember, entity_iris[member])
            note = ids.in_document(
                self.doc_id, "mention", f"{partnership.span.start}-{partnership.span.end}"
            )
            self.add(note, _RDF.type, _AG.Mention)
            self.add(note, _OA.motivatedBy, _OA.identifying)
            self.add(note, _OA.hasBody, iri)
            self.add(note, _OA.hasTarget, self.span(partnership.span))
            self.add(doc, _AG.mentions, iri)

        commitment_iris = []
        for c in x.commitments:
            iri = ids.in_document(self.doc_id, "commitment", str(c.index + 1))
            commitment_iris.append(iri)
            quote = source.quote(c.span)
            self.add(iri, _RDF.type, _AG.Commitment)
            self.add(iri, _RDF.type, _AG.FocusArea if c.form == "focus" else _AG.IntentionStatement)
            self.add(iri, _RDFS.label, Lit.of(_abridge(quote), "en"))
            self.add(iri, _AG.agreement, agreement)
            self.add(iri, _AG.sourceDocument, doc)
            self.add(iri, _AG.modality, _AG[c.modality])  # a concept of ag:ModalityScheme
            self.evidence(iri, _AG.modality, c.modality_span, "modality")
            for action in c.actions:
                action_iri = ids.action(action)
                self.add(iri, _AG.action, action_iri)
                if action in self.ref.actions:
                    continue  # in the reference graph's action scheme already
                self.add(action_iri, _RDF.type, _SKOS.Concept)
                self.add(action_iri, _SKOS.inScheme, _AG.ActionScheme)
                self.add(action_iri, _SKOS.prefLabel, Lit.of(action, "en"))
            for actor in c.actors:
                self.add(iri, _AG.actor, entity_iris[actor])
            for org in c.through:
                self.add(iri, _AG.through, entity_iris[org])
            for index in c.partnerships:
                self.add(iri, _AG.viaPartnership, partnership_iris[index])
            for tech in c.technologies:
                self.add(iri, _AG.technologyArea, self.concept(tech))
            for key in c.concerns:
                self.add(iri, _AG.concerns, entity_iris[key])
            self.add(iri, _AG.inPart, part_iris[c.part])
            self.add(iri, _AG.span, self.span(c.span))
            self.add(iri, _AG.quote, Lit.of(quote))

        for link in x.links:
            tech_local = link.technology.rstrip("/").rsplit("/", 1)[-1]
            iri = ids.in_document(
                self.doc_id,
                "link",
                f"{slug(link.organization)}--{tech_local}--{link.span.start}-{link.span.end}",
            )
            self.add(iri, _RDF.type, _AG.OrganizationTechnologyLink)
            self.add(iri, _AG.organization, entity_iris[link.organization])
            self.add(iri, _AG.technologyArea, self.concept(link.technology))
            self.add(iri, _AG.sourceDocument, doc)
            self.add(iri, _AG.span, self.span(link.span))
            self.evidence(iri, _AG.technologyArea, link.evidence, "technology")
            if link.commitment is not None:
                self.add(iri, _AG.commitment, commitment_iris[link.commitment])
        return self.triples

    def _agreement(self, iri: URIRef, entity_iris: dict[str, URIRef]) -> None:
        a = self.x.agreement
        ids = self.ids
        kind_class = {"MOC": _AG.MemorandumOfCooperation, "MOU": _AG.MemorandumOfUnderstanding}
        self.add(iri, _RDF.type, _AG.Agreement)
        if a.kind in kind_class:
            self.add(iri, _RDF.type, kind_class[a.kind])
            self.add(iri, _SKOS.altLabel, Lit.of(a.kind))
        label = a.short_name or a.title or a.key
        if a.short_name and a.kind in kind_class:
            label = f"{a.short_name} {a.kind}"
        self.add(iri, _RDFS.label, Lit.of(label, "en"))
        if a.title:
            self.add(iri, _DCTERMS.title, Lit.of(a.title, "en"))
        if a.date:
            self.add(iri, _DCTERMS.date, Lit(a.date, None, str(_XSD.date)))
        if a.language:
            self.add(iri, _DCTERMS.language, Lit(a.language, None, str(_XSD.language)))
        for participant in a.participants:
            self.add(iri, _AG.participant, entity_iris[participant])
        for government, representative in a.representations:
            rep = URIRef(f"{iri}/representation/{slug(government)}")
            self.add(iri, _AG.representation, rep)
            self.add(rep, _RDF.type, _AG.Representation)
            self.add(rep, _AG.represents, entity_iris[government])
            self.add(rep, _AG.representative, entity_iris[representative])
        ev = a.evidence
        if a.non_binding:
            self.add(iri, _AG.legalCharacter, _AG.NonBinding)
            self.evidence(iri, _AG.legalCharacter, ev["non_binding"], "legal-character")
        if a.commits_funds is not None:
            self.add(iri, _AG.commitsFunds, Lit.of(a.commits_funds))
            self.evidence(iri, _AG.commitsFunds, ev["commits_funds"], "commits-funds")
        if a.discontinuation_notice:
            self.add(
                iri,
                _AG.discontinuationNotice,
                Lit(a.discontinuation_notice, None, str(_XSD.duration)),
            )
            self.evidence(iri, _AG.discontinuationNotice, ev["discontinuation_notice"], "notice")
        if a.modification:
            self.add(iri, _AG.modificationProcedure, Lit.of(a.modification, "en"))
            self.evidence(iri, _AG.modificationProcedure, ev["modification"], "modification")
        if a.operative_when:
            self.add(iri, _AG.operativeWhen, Lit.of(a.operative_when, "en"))
            self.evidence(iri, _AG.operativeWhen, ev["operative_when"], "operative")
        if "participants" in ev:
            self.evidence(iri, _AG.participant, ev["participants"], "participants")
        if "kind" in ev:
            self.evidence(iri, _RDF.type, ev["kind"], "kind")
        for cited in a.cites:
            self.add(iri, _AG.cites, entity_iris[cited])
        if a.date or a.place or a.signatures:
            signing = URIRef(f"{iri}/signing")
            self.add(iri, _AG.signing, signing)
            self.add(signing, _RDF.type, _AG.Signing)
            self.add(signing, _RDFS.label, Lit.of(f"Signing of {label}", "en"))
            if a.date:
                self.add(signing, _DCTERMS.date, Lit(a.date, None, str(_XSD.date)))
            if a.language:
                self.add(signing, _DCTERMS.language, Lit(a.language, None, str(_XSD.language)))
            if a.place:
                self.add(signing, _PROV.atLocation, ids.place(a.place))
            if "signing" in ev:
                self.add(signing, _AG.span, self.span(ev["signing"]))
            for signature in a.signatures:
                person = entity_iris[signature.person]
                node = URIRef(f"{signing}/signature/{slug(signature.person)}")
                self.add(signing, _AG.signatory, person)
                self.add(signing, _PROV.qualifiedAssociation, node)
                self.add(node, _RDF.type, _AG.Signature)
                self.add(node, _PROV.agent, person)
                self.add(node, _AG.onBehalfOf, entity_iris[signature.on_behalf_of])
                if signature.title:
                    self.add(node, _SDO.jobTitle, Lit.of(signature.title, "en"))
                self.add(node, _AG.span, self.span(signature.span))


def _abridge(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def triples(extraction: Extraction, ids: Ids | None = None) -> list[Triple]:
    """The triples of one document's named graph, each once (a span quoted twice is
    described twice)."""
    return list(dict.fromkeys(_Mapper(extraction, ids or Ids()).run()))


def to_rdf(extraction: Extraction, ids: Ids | None = None) -> Graph:
    """The triples of one document's named graph, as an rdflib Graph."""
    graph = Graph()
    graph.bind("ag", str(AG))
    graph.bind("oa", str(OA))
    for s, p, o in triples(extraction, ids):
        graph.add((URIRef(s), URIRef(p), o.to_rdflib() if isinstance(o, Lit) else URIRef(o)))
    return graph
