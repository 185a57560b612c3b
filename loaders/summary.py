"""A JSON-ready summary of an extraction: what ``accordgraph inspect --json`` prints.

Top-level keys: ``document``, ``participants``, ``organizations``, ``technologies``,
``links``, ``commitments``, plus ``people``, ``facilities``, ``programs``. The README
documents every field.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from accordgraph.loaders.model import Entity, Extraction, Span
from accordgraph.ontology.reference import ROR, WIKIDATA, load_reference


def _span(x: Extraction, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": x.source.quote(span)}


def summarize(x: Extraction) -> dict[str, Any]:
    ref = load_reference()
    entities = x.entities
    mention_counts = Counter(m.entity for m in x.mentions)
    mentions_of: dict[str, list[Span]] = {}  # (one pass: a scan per entity is quadratic)
    for mention in x.mentions:
        mentions_of.setdefault(mention.entity, []).append(mention.span)

    def name(key: str) -> str:
        entity = entities[key]
        return entity.acronym or entity.label

    def category(iri: str) -> dict[str, Any]:
        concept = ref.technologies[iri]
        top = ref.technologies[concept.top]
        return {"iri": top.iri, "label": top.pref_label, "cet": top.cet}

    def organization(entity: Entity) -> dict[str, Any]:
        row = ref.organizations.get(entity.key) if entity.reference else None
        return {
            "key": entity.key,
            "label": entity.label,
            "acronym": entity.acronym,
            "name_ja": row.name_ja if row else None,
            "class": entity.org_class,
            "country": entity.country,
            "parent": row.parent_key if row else None,
            "reference": entity.reference,
            "ror": ROR + row.ror if row and row.ror else None,
            "wikidata": WIKIDATA + row.wikidata if row and row.wikidata else None,
            "mentions": [_span(x, span) for span in mentions_of.get(entity.key, [])],
        }

    agreement = x.agreement
    representatives = dict(agreement.representations)
    organizations = [e for e in entities.values() if e.kind == "organization"]
    organizations.sort(key=lambda e: min(span.start for span in mentions_of[e.key]))
    technologies = sorted(
        (e for e in entities.values() if e.kind == "technology"),
        key=lambda e: (-mention_counts[e.key], e.label),
    )
    return {
        "document": {
            "id": x.source.doc_id,
            "file": x.source.name,
            "format": x.source.format,
            "sha256": x.source.sha256,
            "characters": len(x.source.text),
            "title": x.title,
            "parts": dict(Counter(p.kind for p in x.parts)),
            "agreement": {
                "key": agreement.key,
                "kind": agreement.kind,
                "title": agreement.title,
                "short_name": agreement.short_name,
                "date": agreement.date,
                "place": agreement.place,
                "language": agreement.language,
                "legal_character": "non-binding" if agreement.non_binding else None,
                "commits_funds": agreement.commits_funds,
                "discontinuation_notice": agreement.discontinuation_notice,
                "modification": agreement.modification,
                "operative_when": agreement.operative_when,
                "cites": [entities[c].label for c in agreement.cites],
                "signatures": [
                    {
                        "person": entities[s.person].label,
                        "title": s.title,
                        "on_behalf_of": entities[s.on_behalf_of].label,
                    }
                    for s in agreement.signatures
                ],
            },
        },
        "participants": [
            {
                "key": key,
                "label": entities[key].label,
                "country": entities[key].country,
                "represented_by": name(representatives[key]) if key in representatives else None,
            }
            for key in agreement.participants
        ],
        "organizations": [organization(e) for e in organizations],
        "technologies": [
            {
                "iri": e.key,
                "label": e.label,
                "category": category(e.key),
                "mentions": mention_counts[e.key],
            }
            for e in technologies
        ],
        "links": [
            {
                "organization": name(link.organization),
                "organization_key": link.organization,
                "technology": entities[link.technology].label,
                "technology_iri": link.technology,
                "category": category(link.technology)["label"],
                "commitment": link.commitment + 1 if link.commitment is not None else None,
                **_span(x, link.span),
            }
            for link in x.links
        ],
        "commitments": [
            {
                "number": c.index + 1,
                "form": c.form,
                "modality": c.modality.lower(),
                "actions": c.actions,
                "actors": [name(a) for a in c.actors],
                "through": [name(o) for o in c.through],
                "partnerships": [
                    [name(m) for m in x.partnerships[i].members] for i in c.partnerships
                ],
                "technologies": [entities[t].label for t in c.technologies],
                "concerns": [entities[k].label for k in c.concerns],
                "section": _section_of(x, c.part),
                **_span(x, c.span),
            }
            for c in x.commitments
        ],
        "people": [
            {"label": e.label, "title": e.title, "country": e.country}
            for e in entities.values()
            if e.kind == "person"
        ],
        "facilities": [e.label for e in entities.values() if e.kind == "facility"],
        "programs": [e.label for e in entities.values() if e.kind == "program"],
    }


def _section_of(x: Extraction, index: int) -> str | None:
    """ "II. Areas of Cooperation › Trusted Technology Leadership › Research Security"."""
    trail: list[str] = []
    current: int | None = index
    while current is not None:
        part = x.parts[current]
        if part.heading:
            label = f"{part.number}. {part.heading}" if part.number else part.heading
            trail.append(label)
        current = part.parent
    return " › ".join(reversed(trail)) or None
