"""Generate a synthetic corpus of the same shape as accordgraph's graphs, for benchmarks.

    python benchmarks/generate_corpus.py OUT.nq [--triples 1000000] [--seed 7]

It extracts the bundled US–Japan MOC, then writes copies of its graph, each in a named
graph of its own, with the agencies replaced by agencies drawn from a pool of synthetic
ones (in ten countries) and the technology areas by areas drawn from the real taxonomy,
so that queries see varied co-involvement and coverage. The reference and ontology graphs
are written once, the synthetic agencies in a graph of their own.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from accordgraph import bundled_document
from accordgraph.graph.store import KnowledgeGraph, to_oxigraph
from accordgraph.loaders import extract_file
from accordgraph.loaders.rdf import to_rdf
from accordgraph.ontology import DEFAULT_INSTANCE_BASE, Ids, ontology_graph
from accordgraph.ontology.reference import load_reference, reference_graph

COUNTRIES = ["US", "JP", "GB", "FR", "DE", "KR", "IN", "AU", "CA", "IT"]
AG = "https://w3id.org/accordgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


def _rewrite(
    term: ox.NamedNode | ox.Literal, orgs: dict[str, str], areas: dict[str, str], doc: str
) -> ox.NamedNode | ox.Literal:
    """One copy's version of a term: its own agencies, areas and document IRIs."""
    if not isinstance(term, ox.NamedNode):
        return term
    value = term.value
    if value in orgs:
        return ox.NamedNode(orgs[value])
    if value in areas:
        return ox.NamedNode(areas[value])
    value = value.replace("doc/us-japan-tpd-2025", f"doc/{doc}")
    return ox.NamedNode(value.replace("agreement/moc-jp-us-2025-10-28", f"agreement/{doc}"))


def generate(out: Path, triples: int, seed: int, agencies: int = 300) -> int:
    rng = random.Random(seed)
    ids = Ids()
    template = [
        (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        for s, p, o in to_rdf(extract_file(bundled_document()))
    ]
    ref = load_reference()
    concepts = sorted(ref.technologies)
    governments = {
        ids.organization(k) for k, o in ref.organizations.items() if o.kind == "government"
    }
    org_iris = {str(ids.organization(k)) for k in ref.organizations} - {str(g) for g in governments}
    pool = [f"{DEFAULT_INSTANCE_BASE}org/synthetic-{k:03d}" for k in range(agencies)]
    written = 0
    with out.open("wb") as handle:

        def write(quads: list[ox.Quad]) -> None:
            nonlocal written
            handle.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
            written += len(quads)

        # The reference and ontology graphs exactly as the store keeps them, and the
        # synthetic agencies in a graph of their own (the store refreshes the reference
        # graph from the package's data when it opens).
        for name, graph in (
            (ids.reference_graph(), reference_graph()),
            (ids.ontology_graph(), ontology_graph()),
        ):
            target = ox.NamedNode(str(name))
            write(
                [
                    ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target)
                    for s, p, o in graph
                ]
            )
        reference = ox.NamedNode(DEFAULT_INSTANCE_BASE + "graph/synthetic-agencies")
        synthetic = []
        for k, iri in enumerate(pool):
            node = ox.NamedNode(iri)
            synthetic += [
                ox.Quad(
                    node, ox.NamedNode(RDF_TYPE), ox.NamedNode(AG + "GovernmentAgency"), reference
                ),
                ox.Quad(
                    node, ox.NamedNode(RDF_TYPE), ox.NamedNode(ORG + "Organization"), reference
                ),
                ox.Quad(
                    node,
                    ox.NamedNode(RDFS_LABEL),
                    ox.Literal(f"Synthetic Agency {k}", language="en"),
                    reference,
                ),
                ox.Quad(node, ox.NamedNode(ALT_LABEL), ox.Literal(f"SA{k}"), reference),
                ox.Quad(
                    node,
                    ox.NamedNode(AG + "country"),
                    ox.NamedNode(f"{DEFAULT_INSTANCE_BASE}country/{COUNTRIES[k % 10].lower()}"),
                    reference,
                ),
            ]
        write(synthetic)
        copy = 0
        while written < triples:
            doc = f"synthetic-{copy:04d}"
            graph = ox.NamedNode(str(ids.document_graph(doc)))
            orgs = {iri: rng.choice(pool) for iri in org_iris}
            areas = {iri: rng.choice(concepts) for iri in concepts}

            write(
                [
                    ox.Quad(_rewrite(s, orgs, areas, doc), p, _rewrite(o, orgs, areas, doc), graph)  # type: ignore[arg-type]
                    for s, p, o in template
                ]
            )
            copy += 1
    return written


def corpus_arguments(description: str | None, runs: int) -> argparse.Namespace:
    """The options every corpus benchmark takes: --corpus, --triples, --runs."""
    return corpus_parser(description, runs).parse_args()


def corpus_parser(description: str | None, runs: int) -> argparse.ArgumentParser:
    """The parser of :func:`corpus_arguments`, for a benchmark with options of its own."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, help="an N-Quads corpus (default: generate one)")
    parser.add_argument("--triples", type=int, default=1_000_000, help="size to generate")
    parser.add_argument("--runs", type=int, default=runs, help="timed repeats per call")
    return parser


def generated_store(corpus: Path | None, triples: int, prefix: str) -> KnowledgeGraph:
    """A store on disk in a new temporary directory holding ``corpus`` (generated there,
    with ``triples`` quads, when not given), compacted as the server compacts it."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    corpus = corpus or work / "corpus.nq"
    if not corpus.exists():
        print(f"generated {generate(corpus, triples, seed=7):,} quads", file=sys.stderr)
    kg = KnowledgeGraph.open(work / "oxigraph")
    kg.store.bulk_load(path=str(corpus), format=ox.RdfFormat.N_QUADS)
    kg.store.optimize()
    return kg


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    count = generate(args.out, args.triples, args.seed)
    print(f"wrote {count:,} quads to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
