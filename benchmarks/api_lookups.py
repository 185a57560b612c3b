"""Lookup API benchmark: the ``/api/`` lookups on about a million triples.

    python benchmarks/api_lookups.py [--corpus FILE.nq] [--triples 1000000] [--runs 20]

Loads the generated corpus (``generate_corpus.py``) into Oxigraph, then times, in the
same process, (a) building the lookup index, which happens once per store version, and
(b) each lookup on the built index (median of ``--runs``), next to (c) the plain SPARQL
query that answers the same question on the same store, as the reference.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from generate_corpus import corpus_arguments, generated_store

from accordgraph.graph.lookup import Lookup

ICNT = "integrated-communication-and-networking-technologies"


def median_ms(call: Callable[[], Any], runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    args = corpus_arguments(__doc__, runs=20)
    kg = generated_store(args.corpus, args.triples, "accordgraph-api-bench-")
    lookup = Lookup(kg)
    start = time.perf_counter()
    index = lookup.index
    build = time.perf_counter() - start
    agency = next(k for k in (index.key(o) for o in index.orgs) if k.startswith("synthetic"))
    document = index.key(next(iter(index.documents)))
    calls: dict[str, tuple[Callable[[], Any], str]] = {
        "organizations under a category": (
            lambda: lookup.organizations(category=ICNT),
            f"""SELECT DISTINCT ?o WHERE {{
                  {{ SELECT DISTINCT ?a WHERE {{ ?a skos:broader* <{kg.ids.technology(ICNT)}> }} }}
                  ?l ag:organization ?o ; ag:technologyArea ?a }}""",
        ),
        "one organization": (
            lambda: lookup.organization(agency),
            f"DESCRIBE <{kg.ids.organization(agency)}>",
        ),
        "technology tree with counts": (
            lookup.technology_tree,
            """SELECT ?area (COUNT(DISTINCT ?c) AS ?n) WHERE {
                  ?c ag:technologyArea ?area } GROUP BY ?area""",
        ),
        "commitments of an agency, page 1": (
            lambda: lookup.commitments(organization=agency),
            f"""SELECT ?c ?q WHERE {{ ?c ag:through <{kg.ids.organization(agency)}> ;
                  ag:quote ?q }} LIMIT 50""",
        ),
        "one document with its parts": (
            lambda: lookup.document(document),
            f"SELECT ?p WHERE {{ <{kg.ids.document(document)}> ag:part ?p }}",
        ),
        "search with a typo": (
            lambda: lookup.search("Natonal Science Foundaton"),
            """SELECT ?s WHERE { ?s rdfs:label ?l
                  FILTER(CONTAINS(LCASE(?l), "science foundation")) }""",
        ),
    }
    print(f"\n{len(kg.store):,} quads; lookup index built in {build * 1000:,.0f} ms\n")
    print("| lookup | on the index (ms) | the nearest plain SPARQL query (ms) |")
    print("|---|---:|---:|")
    for name, (call, sparql) in calls.items():
        ours = median_ms(call, args.runs)
        theirs = median_ms(lambda s=sparql: list(kg.query(s)), args.runs)
        print(f"| {name} | {ours:.1f} | {theirs:.1f} |")
    kg.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
