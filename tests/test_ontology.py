"""The ontology, its generated namespace module and the reference data (queried like data)."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from accordgraph.ontology import AG, ONTOLOGY_NS, ontology_graph, shapes_graph, vocabulary_graph
from accordgraph.ontology.generate import render
from accordgraph.ontology.namespace import __file__ as namespace_file
from accordgraph.ontology.reference import load_reference, reference_graph


def test_ontology_parses_and_every_class_and_property_has_label_and_comment() -> None:
    graph = ontology_graph()
    missing = graph.query(
        """SELECT ?term WHERE {
             VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
             ?term a ?kind .
             FILTER(STRSTARTS(STR(?term), STR(ag:)))
             FILTER NOT EXISTS { ?term rdfs:label ?l . ?term rdfs:comment ?c }
           }""",
        initNs={"owl": OWL, "rdfs": RDFS, "ag": ONTOLOGY_NS},
    )
    assert [str(row[0]) for row in missing] == []
    classes = set(graph.subjects(RDF.type, OWL.Class))
    assert {AG.Agreement, AG.Commitment, AG.SourceDocument, AG.Partnership} <= classes


def test_the_generated_namespace_module_is_up_to_date() -> None:
    with open(namespace_file, encoding="utf-8") as handle:
        assert handle.read() == render(ontology_graph()), (
            "run: python -m accordgraph.ontology.generate"
        )


def test_every_term_used_in_code_is_defined_in_the_ontology() -> None:
    graph = ontology_graph()
    for name in AG.__annotations__:
        assert (URIRef(ONTOLOGY_NS + name), None, None) in graph, name


def test_shapes_parse() -> None:
    assert len(shapes_graph()) > 100


def test_the_shapes_allow_every_modality_of_the_scheme_and_no_other() -> None:
    """Regression: ag:Agree and ag:Announce were added to the scheme but not to the
    shape, so every commitment of either failed validation."""
    shapes = shapes_graph()
    allowed = {
        member
        for prop in shapes.objects(None, SH.property)
        if (prop, SH.path, AG.modality) in shapes
        for values in shapes.objects(prop, SH["in"])
        for member in Collection(shapes, values)
    }
    scheme = set(ontology_graph().subjects(SKOS.inScheme, AG.ModalityScheme))
    assert allowed == scheme and len(scheme) == 10


def test_technology_scheme_tops_are_the_18_cet_categories_plus_uncategorized_areas() -> None:
    ref = load_reference()
    cet = {c.pref_label for c in ref.technologies.values() if c.top == c.iri and c.cet}
    assert len(cet) == 18
    assert "Integrated Communication and Networking Technologies" in cet
    tops = {c.pref_label for c in ref.technologies.values() if c.top == c.iri and not c.cet}
    assert "Research security" in tops or "Research Security" in tops


def test_every_concept_rolls_up_to_a_top_concept_and_has_a_definition() -> None:
    graph = vocabulary_graph()
    ref = load_reference()
    for concept in ref.technologies.values():
        assert ref.technologies[concept.top].top == concept.top
        assert graph.value(URIRef(concept.iri), SKOS.definition) is not None, concept.iri


def test_finer_areas_of_the_mou_sit_under_their_categories() -> None:
    ref = load_reference()
    by_label = {c.pref_label.casefold(): c for c in ref.technologies.values()}
    top = {k: ref.technologies[c.top].pref_label for k, c in by_label.items()}
    assert top["open ran"] == "Integrated Communication and Networking Technologies"
    assert top["quantum networking"] == "Quantum Information and Enabling Technologies"


def test_reference_organizations_carry_only_the_identifiers_given() -> None:
    graph = reference_graph()
    ref = load_reference()
    rors = {str(o) for o in graph.objects(None, AG.ror)}
    assert rors == {f"https://ror.org/{o.ror}" for o in ref.organizations.values() if o.ror}
    wikidata = {str(o) for o in graph.objects(None, AG.wikidata)}
    expected = {o.wikidata for o in ref.organizations.values() if o.wikidata}
    expected |= {c.wikidata for c in ref.countries.values() if c.wikidata}
    assert wikidata == {f"http://www.wikidata.org/entity/{q}" for q in expected}


def test_japanese_names_are_language_tagged() -> None:
    graph = reference_graph()
    labels = {
        (str(label), label.language)
        for label in graph.objects(
            URIRef("https://w3id.org/accordgraph/id/org/mic"), SKOS.prefLabel
        )
    }
    assert ("総務省", "ja") in labels
    assert ("Ministry of Internal Affairs and Communications", "en") in labels


def test_vocabulary_rebases_to_a_deployments_instance_base() -> None:
    graph = vocabulary_graph("https://example.org/ag/")
    subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    assert not any(s.startswith("https://w3id.org/accordgraph/id/") for s in subjects)
    assert isinstance(graph, Graph)


def test_the_api_modality_names_are_the_ontology_modalities() -> None:
    """The API validates ``modality=`` against a fixed list; it must be the ontology's."""
    from typing import get_args

    from accordgraph.graph.records import Modality

    labels = {
        str(label)
        for concept in ontology_graph().subjects(SKOS.inScheme, AG.ModalityScheme)
        for label in ontology_graph().objects(concept, SKOS.prefLabel)
    }
    assert set(get_args(Modality)) == labels


def test_the_api_organization_kinds_are_the_ontology_classes() -> None:
    """Regression: the API's kind list lacked the classes of the wider reference data, so
    listing organizations failed validation (HTTP 500)."""
    from typing import get_args

    from accordgraph.graph.lookup import ORG_KINDS
    from accordgraph.graph.records import OrganizationKind
    from accordgraph.ontology.reference import ORG_CLASSES

    assert {str(c) for c in ORG_CLASSES.values()} <= set(ORG_KINDS)
    assert set(get_args(OrganizationKind)) == {*ORG_KINDS.values(), "organization"}


def test_a_reference_body_of_no_narrower_class_is_only_an_organization() -> None:
    """Labor unions, civil-rights organizations and the US Congress and its chambers are
    reference rows of kind "organization": an org:Organization of none of the
    ontology's narrower classes (not a government agency, the default kind)."""
    from rdflib.namespace import ORG

    union = load_reference().organizations["IBEW"]
    assert (union.org_class, union.country) == (None, "US")
    # a legislature is no country's government (ag:Government is a party to agreements)
    assert load_reference().organizations["CONGRESS"].org_class is None
    iri = URIRef("https://w3id.org/accordgraph/id/org/ibew")
    assert set(reference_graph().objects(iri, RDF.type)) == {ORG.Organization}


def test_reference_rows_are_well_formed() -> None:
    """Every reference organization has one row (a second row of a key would silently
    replace the first), a kind the ontology knows, a parent that is a row, and an
    acronym no other row uses."""
    import csv
    from collections import Counter

    from accordgraph.ontology import data_path
    from accordgraph.ontology.reference import ORG_CLASSES, PLAIN_KIND

    rows = [
        row
        for name in ("reference/organizations.csv", "reference/organizations-extra.csv")
        for row in csv.DictReader(data_path(name).open(encoding="utf-8", newline=""))
    ]
    keys = Counter(row["key"] for row in rows)
    assert [key for key, n in keys.items() if n > 1] == []
    assert {row.get("kind") or "agency" for row in rows} <= {*ORG_CLASSES, PLAIN_KIND}
    assert {row["parent_key"] for row in rows if row.get("parent_key")} <= set(keys)
    acronyms = Counter(row["acronym"] for row in rows if row.get("acronym"))
    assert [acronym for acronym, n in acronyms.items() if n > 1] == []


def test_listed_companies_are_written_as_texts_write_them() -> None:
    """Regression: the generator wrote "Eli Lilly and", "Merck &" and "Wiley (publisher)",
    names no text writes ("Eli Lilly and Company" was found as "Eli Lilly and")."""
    import csv

    from accordgraph.ontology import data_path

    with data_path("reference/companies.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = {row["name"] for row in rows}
    assert {"Eli Lilly", "Merck & Co.", "Orion Corporation"} <= names
    assert [n for n in names if n.endswith((" and", " &", ",")) or "(" in n] == []
    assert [row["full_name"] for row in rows if "(" in row["full_name"]] == []
