"""Map an :class:`~.model.Extraction` to RDF: the triples of one document's named graph.

IRIs are minted from what they name (see :mod:`accordgraph.ontology.ids`), so the same
file always gives the same triples. Every fact points at the characters it came from
through an ``oa:SpecificResource`` with a text position and a text quote selector.
"""

from __future__ import annotations

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


class _Mapper:
    def __init__(self, extraction: Extraction, ids: Ids) -> None:
        self.x = extraction
        self.ids = ids
        self.doc_id = extraction.source.doc_id
        self.doc = ids.document(self.doc_id)
        self.graph = Graph()
        self.graph.bind("ag", str(AG))
        self.graph.bind("oa", str(OA))
        self.ref = load_reference()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def span(self, span: Span) -> URIRef:
        """The IRI of a span of the document's text, with its two selectors."""
        text = self.x.source.text
        iri = self.ids.span(self.doc_id, span.start, span.end)
        position, quote = URIRef(iri + "/position"), URIRef(iri + "/quote")
        self.add(iri, RDF.type, OA.SpecificResource)
        self.add(iri, OA.hasSource, self.doc)
        self.add(iri, OA.hasSelector, position)
        self.add(iri, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        # xsd:integer, not the model's xsd:nonNegativeInteger: Oxigraph stores derived
        # integer types as xsd:integer, and a load must round-trip unchanged.
        self.add(position, OA.start, Literal(span.start))
        self.add(position, OA.end, Literal(span.end))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(text[span.start : span.end]))
        self.add(quote, OA.prefix, Literal(text[max(0, span.start - CONTEXT_CHARS) : span.start]))
        self.add(quote, OA.suffix, Literal(text[span.end : span.end + CONTEXT_CHARS]))
        return iri

    def evidence(self, subject: URIRef, prop: URIRef, span: Span, name: str) -> None:
        """An annotation saying that ``span`` states ``prop`` of ``subject``."""
        note = URIRef(f"{subject}/evidence/{name}")
        self.add(note, RDF.type, OA.Annotation)
        self.add(note, OA.motivatedBy, OA.describing)
        self.add(note, OA.hasBody, subject)
        self.add(note, AG.property, prop)
        self.add(note, OA.hasTarget, self.span(span))

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
            self.add(iri, RDF.type, getattr(AG, entity.org_class or "GovernmentAgency"))
            self.add(iri, RDF.type, ORG.Organization)
            self.add(iri, SKOS.prefLabel, Literal(entity.label, lang="en"))
            if entity.acronym:
                self.add(iri, SKOS.altLabel, Literal(entity.acronym))
        elif entity.kind == "person":
            iri = ids.person(entity.key)
            self.add(iri, RDF.type, FOAF.Person)
            self.add(iri, FOAF.name, Literal(entity.label))
            if entity.title:
                self.add(iri, SDO.jobTitle, Literal(entity.title, lang="en"))
        elif entity.kind == "place":
            iri = ids.place(entity.label)
            self.add(iri, RDF.type, SDO.Place)
        elif entity.kind == "agreement":
            iri = ids.agreement(entity.key)
            self.add(iri, RDF.type, AG.Agreement)
            self.add(iri, DCTERMS.title, Literal(entity.label, lang="en"))
        else:
            iri = (
                ids.facility(entity.label)
                if entity.kind == "facility"
                else ids.program(entity.label)
            )
            self.add(iri, RDF.type, AG.Facility if entity.kind == "facility" else AG.Program)
        self.add(iri, RDFS.label, Literal(entity.label, lang="en"))
        if entity.country:
            self.add(iri, AG.country, ids.country(entity.country))
        return iri

    def run(self) -> Graph:
        x, ids, doc = self.x, self.ids, self.doc
        source = x.source
        entity_iris = {key: self.entity(e) for key, e in x.entities.items()}
        agreement = ids.agreement(x.agreement.key)

        self.add(doc, RDF.type, AG.SourceDocument)
        self.add(doc, RDFS.label, Literal(source.name))
        self.add(doc, AG.fileName, Literal(source.name))
        self.add(doc, AG.sha256, Literal(source.sha256))
        self.add(doc, DCTERMS.format, Literal(_MEDIA_TYPES[source.format]))
        self.add(doc, AG.text, Literal(source.text))
        self.add(doc, AG.expresses, agreement)
        self.add(doc, AG.documentKind, DOCUMENT_KINDS[x.kind])
        if x.title:
            self.add(doc, DCTERMS.title, Literal(x.title, lang="en"))
        dated = source.metadata.get("date", "")[:10] or x.agreement.date
        if dated:
            self.add(doc, DCTERMS.date, Literal(dated, datatype=XSD.date))
        if source.metadata.get("source_url"):
            self.add(doc, DCTERMS.source, URIRef(source.metadata["source_url"]))

        self._agreement(agreement, entity_iris)
        part_iris = [ids.in_document(self.doc_id, "part", str(p.index + 1)) for p in x.parts]
        for part, iri in zip(x.parts, part_iris, strict=True):
            self.add(iri, RDF.type, _PART_CLASSES[part.kind])
            self.add(iri, RDF.type, AG.DocumentPart)
            self.add(doc, AG.part, iri)
            parent = part_iris[part.parent] if part.parent is not None else doc
            self.add(iri, DCTERMS.isPartOf, parent)
            self.add(iri, AG.order, Literal(part.index + 1))
            self.add(iri, AG.span, self.span(part.span))
            if part.heading:
                self.add(iri, AG.heading, Literal(part.heading))
                self.add(iri, RDFS.label, Literal(part.heading, lang="en"))
            if part.number:
                self.add(iri, AG.number, Literal(part.number))

        enclosing_parts = innermost_parts(x.parts, [m.span for m in x.mentions])
        for mention, enclosing in zip(x.mentions, enclosing_parts, strict=True):
            note = ids.in_document(
                self.doc_id, "mention", f"{mention.span.start}-{mention.span.end}"
            )
            body = entity_iris[mention.entity]
            self.add(note, RDF.type, AG.Mention)
            self.add(note, OA.motivatedBy, OA.identifying)
            self.add(note, OA.hasBody, body)
            self.add(note, OA.hasTarget, self.span(mention.span))
            self.add(doc, AG.mentions, body)
            if enclosing is not None:
                self.add(note, AG.inPart, part_iris[enclosing.index])

        partnership_iris = []
        for partnership in x.partnerships:
            iri = ids.partnership(partnership.members)
            partnership_iris.append(iri)
            self.add(iri, RDF.type, AG.Partnership)
            self.add(iri, RDF.type, ORG.OrganizationalCollaboration)
            names = [x.entities[m].acronym or x.entities[m].label for m in partnership.members]
            label = "Partnership between " + ", ".join(names[:-1]) + " and " + names[-1]
            self.add(iri, RDFS.label, Literal(label, lang="en"))
            for member in partnership.members:
                self.add(iri, ORG.hasMember, entity_iris[member])
            note = ids.in_document(
                self.doc_id, "mention", f"{partnership.span.start}-{partnership.span.end}"
            )
            self.add(note, RDF.type, AG.Mention)
            self.add(note, OA.motivatedBy, OA.identifying)
            self.add(note, OA.hasBody, iri)
            self.add(note, OA.hasTarget, self.span(partnership.span))
            self.add(doc, AG.mentions, iri)

        commitment_iris = []
        for c in x.commitments:
            iri = ids.in_document(self.doc_id, "commitment", str(c.index + 1))
            commitment_iris.append(iri)
            quote = source.quote(c.span)
            self.add(iri, RDF.type, AG.Commitment)
            self.add(iri, RDF.type, AG.FocusArea if c.form == "focus" else AG.IntentionStatement)
            self.add(iri, RDFS.label, Literal(_abridge(quote), lang="en"))
            self.add(iri, AG.agreement, agreement)
            self.add(iri, AG.sourceDocument, doc)
            self.add(iri, AG.modality, AG[c.modality])  # a concept of ag:ModalityScheme
            self.evidence(iri, AG.modality, c.modality_span, "modality")
            for action in c.actions:
                action_iri = ids.action(action)
                self.add(iri, AG.action, action_iri)
                if action in self.ref.actions:
                    continue  # in the reference graph's action scheme already
                self.add(action_iri, RDF.type, SKOS.Concept)
                self.add(action_iri, SKOS.inScheme, AG.ActionScheme)
                self.add(action_iri, SKOS.prefLabel, Literal(action, lang="en"))
            for actor in c.actors:
                self.add(iri, AG.actor, entity_iris[actor])
            for org in c.through:
                self.add(iri, AG.through, entity_iris[org])
            for index in c.partnerships:
                self.add(iri, AG.viaPartnership, partnership_iris[index])
            for tech in c.technologies:
                self.add(iri, AG.technologyArea, self.concept(tech))
            for key in c.concerns:
                self.add(iri, AG.concerns, entity_iris[key])
            self.add(iri, AG.inPart, part_iris[c.part])
            self.add(iri, AG.span, self.span(c.span))
            self.add(iri, AG.quote, Literal(quote))

        for link in x.links:
            tech_local = link.technology.rstrip("/").rsplit("/", 1)[-1]
            iri = ids.in_document(
                self.doc_id,
                "link",
                f"{slug(link.organization)}--{tech_local}--{link.span.start}-{link.span.end}",
            )
            self.add(iri, RDF.type, AG.OrganizationTechnologyLink)
            self.add(iri, AG.organization, entity_iris[link.organization])
            self.add(iri, AG.technologyArea, self.concept(link.technology))
            self.add(iri, AG.inherited, Literal(link.inherited))
            self.add(iri, AG.sourceDocument, doc)
            self.add(iri, AG.span, self.span(link.span))
            self.evidence(iri, AG.technologyArea, link.evidence, "technology")
            if link.commitment is not None:
                self.add(iri, AG.commitment, commitment_iris[link.commitment])
        return self.graph

    def _agreement(self, iri: URIRef, entity_iris: dict[str, URIRef]) -> None:
        a = self.x.agreement
        ids = self.ids
        kind_class = {"MOC": AG.MemorandumOfCooperation, "MOU": AG.MemorandumOfUnderstanding}
        self.add(iri, RDF.type, AG.Agreement)
        if a.kind in kind_class:
            self.add(iri, RDF.type, kind_class[a.kind])
            self.add(iri, SKOS.altLabel, Literal(a.kind))
        label = a.short_name or a.title or a.key
        if a.short_name and a.kind in kind_class:
            label = f"{a.short_name} {a.kind}"
        self.add(iri, RDFS.label, Literal(label, lang="en"))
        if a.title:
            self.add(iri, DCTERMS.title, Literal(a.title, lang="en"))
        if a.date:
            self.add(iri, DCTERMS.date, Literal(a.date, datatype=XSD.date))
        if a.language:
            self.add(iri, DCTERMS.language, Literal(a.language, datatype=XSD.language))
        for participant in a.participants:
            self.add(iri, AG.participant, entity_iris[participant])
        for government, representative in a.representations:
            rep = URIRef(f"{iri}/representation/{slug(government)}")
            self.add(iri, AG.representation, rep)
            self.add(rep, RDF.type, AG.Representation)
            self.add(rep, AG.represents, entity_iris[government])
            self.add(rep, AG.representative, entity_iris[representative])
        ev = a.evidence
        if a.non_binding:
            self.add(iri, AG.legalCharacter, AG.NonBinding)
            self.evidence(iri, AG.legalCharacter, ev["non_binding"], "legal-character")
        if a.commits_funds is not None:
            self.add(iri, AG.commitsFunds, Literal(a.commits_funds))
            self.evidence(iri, AG.commitsFunds, ev["commits_funds"], "commits-funds")
        if a.discontinuation_notice:
            self.add(
                iri,
                AG.discontinuationNotice,
                Literal(a.discontinuation_notice, datatype=XSD.duration),
            )
            self.evidence(iri, AG.discontinuationNotice, ev["discontinuation_notice"], "notice")
        if a.modification:
            self.add(iri, AG.modificationProcedure, Literal(a.modification, lang="en"))
            self.evidence(iri, AG.modificationProcedure, ev["modification"], "modification")
        if a.operative_when:
            self.add(iri, AG.operativeWhen, Literal(a.operative_when, lang="en"))
            self.evidence(iri, AG.operativeWhen, ev["operative_when"], "operative")
        if "participants" in ev:
            self.evidence(iri, AG.participant, ev["participants"], "participants")
        if "kind" in ev:
            self.evidence(iri, RDF.type, ev["kind"], "kind")
        for cited in a.cites:
            self.add(iri, AG.cites, entity_iris[cited])
        if a.date or a.place or a.signatures:
            signing = URIRef(f"{iri}/signing")
            self.add(iri, AG.signing, signing)
            self.add(signing, RDF.type, AG.Signing)
            self.add(signing, RDFS.label, Literal(f"Signing of {label}", lang="en"))
            if a.date:
                self.add(signing, DCTERMS.date, Literal(a.date, datatype=XSD.date))
            if a.language:
                self.add(signing, DCTERMS.language, Literal(a.language, datatype=XSD.language))
            if a.place:
                self.add(signing, PROV.atLocation, ids.place(a.place))
            if "signing" in ev:
                self.add(signing, AG.span, self.span(ev["signing"]))
            for signature in a.signatures:
                person = entity_iris[signature.person]
                node = URIRef(f"{signing}/signature/{slug(signature.person)}")
                self.add(signing, AG.signatory, person)
                self.add(signing, PROV.qualifiedAssociation, node)
                self.add(node, RDF.type, AG.Signature)
                self.add(node, PROV.agent, person)
                self.add(node, AG.onBehalfOf, entity_iris[signature.on_behalf_of])
                if signature.title:
                    self.add(node, SDO.jobTitle, Literal(signature.title, lang="en"))
                self.add(node, AG.span, self.span(signature.span))


def _abridge(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def to_rdf(extraction: Extraction, ids: Ids | None = None) -> Graph:
    """The triples of one document's named graph."""
    return _Mapper(extraction, ids or Ids()).run()
