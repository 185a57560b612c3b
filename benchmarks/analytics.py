"""Graph analytics benchmark on about a million triples.

    python benchmarks/analytics.py [--corpus FILE.nq] [--triples 1000000] [--runs 20]

Loads the generated corpus (``generate_corpus.py``) into Oxigraph, builds the lookup
index once (reported on its own: the server builds it before serving and after writes),
then times every analytics call cold (first call at this store version: projection and
computation) and warm (median of ``--runs`` repeated calls, answered from the cache).
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

from accordgraph.graph.analytics import MEASURES, Analytics
from accordgraph.graph.lookup import Lookup


def main() -> int:
    args = corpus_arguments(__doc__, runs=20)
    kg = generated_store(args.corpus, args.triples, "accordgraph-analytics-bench-")
    lookup = Lookup(kg)
    start = time.perf_counter()
    ix = lookup.build()
    build = time.perf_counter() - start
    agencies = sorted(ix.key(o) for o in ix.orgs if ix.key(o).startswith("synthetic"))
    a, b = agencies[0], agencies[1]
    # Each call gets a fresh Analytics (its own empty cache, the built index), so the
    # cold time includes building the projection it needs.
    calls: dict[str, Callable[[Analytics], Any]] = {
        f"centrality ({m})": (lambda x, m=m: x.centrality("organizations", m)) for m in MEASURES
    }
    calls.update(
        {
            "communities (louvain)": lambda x: x.communities("organizations", "louvain"),
            "communities (label propagation)": lambda x: x.communities(
                "organizations", "label-propagation"
            ),
            f"paths {a} → {b}": lambda x: x.paths(a, b),
            f"neighbours of {a}": lambda x: x.neighbours(a),
            f"similar to {a}": lambda x: x.similar(a),
            "summary (entity graph)": lambda x: x.summary("entities"),
            "GEXF export (organization-technology)": lambda x: x.export(
                "gexf", "organization-technology"
            ),
        }
    )
    graph = Analytics(kg, lookup).graph("organizations")
    print(
        f"\n{len(kg.store):,} quads; lookup index built in {build * 1000:,.0f} ms; organizations "
        f"projection: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges\n"
    )
    print("| call | cold (ms) | warm, median (ms) |")
    print("|---|---:|---:|")
    for name, call in calls.items():
        analytics = Analytics(kg, lookup)
        start = time.perf_counter()
        call(analytics)
        cold = time.perf_counter() - start
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            call(analytics)
            times.append(time.perf_counter() - start)
        print(f"| {name} | {cold * 1000:,.1f} | {statistics.median(times) * 1000:.3f} |")
    kg.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
