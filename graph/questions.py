"""Ready-made questions a policy researcher asks, as SPARQL (prefixes predeclared by
:meth:`KnowledgeGraph.query`). The README quotes them with their real output."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    name: str
    title: str
    sparql: str


QUESTIONS: dict[str, Question] = {
    q.name: q
    for q in [
        Question(
            "agencies-by-category",
            "Which agencies work on which CET categories?",
            """SELECT ?category (GROUP_CONCAT(DISTINCT ?agency; SEPARATOR=", ") AS ?agencies)
WHERE {
  ?link a ag:OrganizationTechnologyLink ; ag:organization ?org ; ag:technologyArea ?area .
  ?area skos:broader* ?top .
  ?top skos:topConceptOf ?scheme ; skos:prefLabel ?category .
  FILTER NOT EXISTS { ?org a ag:Government }
  { ?org skos:altLabel ?agency FILTER(STRLEN(?agency) <= 8 && UCASE(?agency) = ?agency) }
  UNION
  { ?org rdfs:label ?agency FILTER NOT EXISTS { ?org skos:altLabel ?a
      FILTER(STRLEN(?a) <= 8 && UCASE(?a) = ?a) } }
}
GROUP BY ?category ORDER BY ?category""",
        ),
        Question(
            "commitments-by-modality",
            "How many commitments of each modality, per agreement? (each agreement once,"
            " as its first rendition states it, however many renditions are loaded)",
            """SELECT ?agreement ?modality (COUNT(DISTINCT ?c) AS ?commitments)
WHERE {
  { SELECT ?a (MIN(STR(?d)) AS ?first) WHERE { ?d ag:expresses ?a } GROUP BY ?a }
  ?c a ag:Commitment ; ag:modality ?m ; ag:agreement ?a ; ag:sourceDocument ?doc .
  FILTER(STR(?doc) = ?first)
  ?m skos:prefLabel ?modality . ?a rdfs:label ?agreement .
}
GROUP BY ?agreement ?modality ORDER BY ?agreement DESC(?commitments)""",
        ),
        Question(
            "partnerships",
            "Which organizations work through which partnerships, on what?",
            """SELECT ?partnership (GROUP_CONCAT(DISTINCT ?area; SEPARATOR=", ") AS ?areas)
WHERE {
  ?c ag:viaPartnership ?p .
  ?p rdfs:label ?partnership .
  OPTIONAL { ?c ag:technologyArea/skos:prefLabel ?area }
}
GROUP BY ?partnership ORDER BY ?partnership""",
        ),
        Question(
            "commitments-of-nsf",
            "What does the agreement say NSF will do? (commitments with their quotes)",
            """SELECT DISTINCT ?document ?modality ?quote
WHERE {
  ?nsf skos:altLabel "NSF" .
  ?c ag:through ?nsf ; ag:modality/skos:prefLabel ?modality ; ag:quote ?quote ; ag:span ?s ;
     ag:sourceDocument/ag:fileName ?document .
  ?s oa:hasSelector/oa:start ?start .
}
ORDER BY ?document ?start""",
        ),
        Question(
            "quantum",
            "What does each document commit to on quantum?",
            """SELECT DISTINCT ?document ?quote
WHERE {
  ?top skos:prefLabel "Quantum Information and Enabling Technologies"@en .
  ?c a ag:Commitment ; ag:technologyArea ?area ; ag:quote ?quote ;
     ag:sourceDocument/ag:fileName ?document .
  ?area skos:broader* ?top .
}
ORDER BY ?document""",
        ),
        Question(
            "compare-documents",
            "Which organizations does each agreement name, and which do they share?",
            """SELECT ?organization (COUNT(DISTINCT ?doc) AS ?documents)
       (GROUP_CONCAT(DISTINCT ?file; SEPARATOR=", ") AS ?named_in)
WHERE {
  ?doc a ag:SourceDocument ; ag:fileName ?file ; ag:mentions ?org .
  ?org a org:Organization ; rdfs:label ?organization .
}
GROUP BY ?organization ORDER BY DESC(?documents) ?organization""",
        ),
        Question(
            "identifiers",
            "Organizations named in the documents, with their ROR and Wikidata identifiers",
            """SELECT ?label ?country ?ror ?wikidata
WHERE {
  { SELECT DISTINCT ?org WHERE { ?m a ag:Mention ; oa:hasBody ?org . ?org a org:Organization } }
  ?org rdfs:label ?label .
  OPTIONAL { ?org ag:country/ag:countryCode ?country }
  OPTIONAL { ?org ag:ror ?ror }
  OPTIONAL { ?org ag:wikidata ?wikidata }
}
ORDER BY ?country ?label""",
        ),
    ]
}
