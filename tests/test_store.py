"""The Oxigraph store: atomic, idempotent loading, SPARQL, export, validation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from accordgraph import bundled_document
from accordgraph.graph import KnowledgeGraph, StoreError
from accordgraph.graph.questions import QUESTIONS
from accordgraph.graph.validate import SELECTOR_CHECK, SELECTOR_COUNT, validate_store
from accordgraph.loaders import extract_file


@pytest.fixture(scope="module")
def kg(uk_file) -> KnowledgeGraph:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph.open()
    graph.load(bundled_document())
    graph.load(uk_file)
    return graph


def quads(kg: KnowledgeGraph, graph: str) -> set[str]:
    return {str(q) for q in kg.quads(graph)}


def test_loading_the_same_file_twice_leaves_the_same_triples(tmp_path) -> None:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph.open(tmp_path / "store")
    first = graph.load(bundled_document())
    name = first.graph
    before, generation = quads(graph, name), graph.generation
    again = graph.load(bundled_document())
    assert (first.changed, again.changed) == (True, False)
    assert quads(graph, name) == before and graph.generation == generation
    assert len(before) == first.triples
    graph.close()
    reopened = KnowledgeGraph.open(tmp_path / "store")
    assert quads(reopened, name) == before
    assert [d.doc_id for d in reopened.documents()] == ["us-japan-tpd-2025"]


def test_a_changed_file_replaces_its_graph_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph.open()
    path = tmp_path / "us-japan-tpd-2025.txt"
    text = bundled_document().read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    graph.load(path)
    path.write_text(text.replace("JT–60SA test facility", "test facility"), encoding="utf-8")
    report = graph.load(path)
    assert report.changed
    assert not graph.ask("ASK { ?f rdfs:label 'JT–60SA'@en }")
    assert len(graph.documents()) == 1


def test_a_failed_load_leaves_the_previous_graph_untouched() -> None:
    graph = KnowledgeGraph.open()
    graph.load(bundled_document())
    name = str(graph.ids.document_graph("us-japan-tpd-2025"))
    before, generation = quads(graph, name), graph.generation
    broken = extract_file(bundled_document())
    broken.commitments[3].actors = ["no-such-entity"]  # mapping to RDF fails half-way
    with pytest.raises(KeyError):
        graph.load_extraction(broken)
    assert quads(graph, name) == before and graph.generation == generation


def test_one_named_graph_per_document_and_reference_graphs(kg: KnowledgeGraph) -> None:
    names = {g.value for g in kg.store.named_graphs()}
    base = "https://w3id.org/accordgraph/id/graph/"
    assert {
        base + "doc/us-japan-tpd-2025",
        base + "doc/us-uk-tpd-2025",
        base + "reference",
        base + "ontology",
        base + "meta",
    } == names


def test_every_selector_verifies_against_the_stored_text(kg: KnowledgeGraph) -> None:
    assert kg.select(SELECTOR_CHECK) == []
    spans = kg.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a oa:SpecificResource }")
    assert int(kg.select(SELECTOR_COUNT)[0]["n"]) == int(spans[0]["n"]) > 300


def test_the_store_conforms_to_the_shapes(kg: KnowledgeGraph) -> None:
    report = validate_store(kg)
    assert report.conforms, report.text[:3000]
    assert report.selector_mismatches == 0 and report.triples > 9000


def test_a_wrong_quote_is_caught_by_validation() -> None:
    graph = KnowledgeGraph.open()
    graph.load(bundled_document())
    graph.store.update(
        """DELETE { GRAPH ?g { ?q oa:exact ?x } } INSERT { GRAPH ?g { ?q oa:exact "NASA" } }
           WHERE { GRAPH ?g { ?q oa:exact ?x FILTER(?x = "RIKEN") } }""",
        prefixes={"oa": "http://www.w3.org/ns/oa#"},
    )
    report = validate_store(graph)
    assert not report.conforms and report.selector_mismatches == 1
    assert "'RIKEN'" in report.text


def test_agencies_per_cet_category_is_one_query(kg: KnowledgeGraph) -> None:
    rows = {
        r["category"]: set(r["agencies"].split(", "))
        for r in kg.select(QUESTIONS["agencies-by-category"].sparql)
    }
    icnt = rows["Integrated Communication and Networking Technologies"]
    assert {"NTIA", "MIC", "NSF", "NICT"} <= icnt
    assert {"CAISI", "J-AISI", "JST", "JSPS", "RIKEN", "UK AI Security Institute"} <= rows[
        "Artificial Intelligence"
    ]
    assert "Government of Japan" not in set().union(*rows.values())


def test_every_ready_made_question_runs_and_answers(kg: KnowledgeGraph) -> None:
    for question in QUESTIONS.values():
        assert kg.select(question.sparql), question.name


def test_commitments_through_a_partnership(kg: KnowledgeGraph) -> None:
    rows = kg.select(
        """SELECT ?quote WHERE { ?c ag:viaPartnership ?p ; ag:quote ?quote .
             ?p org:hasMember/skos:altLabel "NTIA", "MIC" }"""
    )
    assert len(rows) == 1 and "Open RAN" in rows[0]["quote"]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "rdfxml"])
def test_triple_exports_parse_back(kg: KnowledgeGraph, fmt: str) -> None:
    data = kg.export(fmt)
    parsed = Graph().parse(data=data, format={"rdfxml": "xml"}.get(fmt, fmt))
    assert len(parsed) == len(
        {
            (q.subject, q.predicate, q.object)
            for q in kg.quads()
            if q.graph_name.value != kg.ids.base + "graph/meta"
        }
    )


@pytest.mark.parametrize(
    ("fmt", "parser"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_dataset_exports_keep_the_named_graphs(kg: KnowledgeGraph, fmt: str, parser: str) -> None:
    dataset = Dataset()
    dataset.parse(data=kg.export(fmt), format=parser)
    names = {str(g.identifier) for g in dataset.graphs()}
    assert kg.ids.base + "graph/doc/us-uk-tpd-2025" in names
    assert kg.ids.base + "graph/meta" not in names
    doc = dataset.graph(URIRef(kg.ids.base + "graph/doc/us-japan-tpd-2025"))
    assert len(doc) == len(list(kg.quads(kg.ids.base + "graph/doc/us-japan-tpd-2025")))


def test_syntax_errors_are_store_errors(kg: KnowledgeGraph) -> None:
    with pytest.raises(StoreError, match="SPARQL syntax error"):
        kg.query("SELEC ?x WHERE { ?x ?y ?z }")


def test_instance_base_is_configurable() -> None:
    graph = KnowledgeGraph.open(base="https://example.org/ag/")
    report = graph.load(bundled_document())
    iris = {
        q.subject.value for q in graph.quads(report.graph) if isinstance(q.subject, ox.NamedNode)
    }
    assert iris and all(i.startswith("https://example.org/ag/") for i in iris)
    assert graph.ask(
        "ASK { ?c ag:technologyArea ?t "
        "FILTER STRSTARTS(STR(?t), 'https://example.org/ag/technology/') }"
    )
    assert graph.ask("ASK { <https://example.org/ag/technology/open-ran> a skos:Concept }")


def test_two_renditions_of_one_agreement_share_its_iri() -> None:
    from pathlib import Path

    graph = KnowledgeGraph.open()
    graph.load(bundled_document())
    graph.load(Path(__file__).parent / "fixtures" / "wh-us-japan-tpd-2025.md")
    rows = graph.select(
        """SELECT ?agreement (COUNT(DISTINCT ?doc) AS ?renditions) WHERE {
             ?doc a ag:SourceDocument ; ag:expresses ?agreement } GROUP BY ?agreement"""
    )
    assert rows == [
        {
            "agreement": "https://w3id.org/accordgraph/id/agreement/moc-jp-us-2025-10-28",
            "renditions": "2",
        }
    ]
