"""Graph analytics benchmark on a million-triple store: every analytics call and export,
cold and warm.

    python benchmarks/analytics.py [--corpus FILE.nq] [--triples 1000000] [--runs 20]
    python benchmarks/analytics.py --whitehouse whitehouse-briefings.tar.xz [--store DIR]

The first form loads the generated corpus (``generate_corpus.py``) into Oxigraph. The
second loads every document of the White House archive that the loader reads, through
the same path as ``accordgraph load`` (``--store DIR`` keeps that store for the next run).
Either way the lookup index is built once (reported on its own: the server builds it
before serving and after writes); then each call runs on a fresh ``Analytics`` (its own
empty cache), so the cold time includes building the projection it needs, and the warm
time is the median of ``--runs`` repeats (answered from the cache). The entities a call
needs (two organizations, two documents) are the best-connected ones of the store.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from generate_corpus import corpus_parser, generated_store
from tqdm import tqdm

from accordgraph.graph.analytics import EXPORT_FORMATS, MEASURES, Analytics
from accordgraph.graph.ingest import ingest
from accordgraph.graph.lookup import Lookup
from accordgraph.graph.store import KnowledgeGraph
from accordgraph.loaders.sources import collect


def whitehouse_store(archive: Path, directory: Path) -> KnowledgeGraph:
    """Every document of the archive the loader reads, loaded into a store in
    ``directory`` as ``accordgraph load`` does (reused when it already holds them)."""
    kg = KnowledgeGraph.open(directory)
    if kg.document_count():
        return kg
    found = collect([str(archive)])
    with tqdm(total=len(found.sources), unit="doc", desc="loading", file=sys.stderr) as bar:
        ingest(kg, found, jobs=os.cpu_count() or 1, advance=bar.update)
    kg.optimize()
    return kg


def calls(analytics: Analytics) -> dict[str, Callable[[Analytics], Any]]:
    """Every analytics call, on entities chosen by degree (so no name is hard-coded)."""
    assert analytics.lookup is not None
    ix = analytics.lookup.index
    g = analytics.graph("organizations")
    a, b = (ix.key(n) for n in sorted(g, key=lambda n: (-g.degree(n), n))[:2])
    linked = analytics.graph("organization-technology")
    c = ix.key(
        min((n for n in linked if linked.nodes[n]["type"] == "organization"),
            key=lambda n: (-linked.degree(n), n))
    )  # fmt: skip
    docs = sorted(
        ix.documents, key=lambda d: (-sum(d in named for named in ix.org_documents.values()), d)
    )[:2]
    first, second = (ix.key(d) for d in docs)
    found: dict[str, Callable[[Analytics], Any]] = {
        f"summary ({p})": (lambda x, p=p: x.summary(p))
        for p in ("organizations", "organization-technology", "technologies", "entities")
    }
    found.update(
        {f"centrality ({m})": (lambda x, m=m: x.centrality("organizations", m)) for m in MEASURES}
    )
    found.update(
        {
            "communities (louvain)": lambda x: x.communities("organizations", "louvain"),
            "communities (label propagation)": lambda x: x.communities(
                "organizations", "label-propagation"
            ),
            f"paths {a} → {b}": lambda x: x.paths(a, b),
            f"neighbours of {a}": lambda x: x.neighbours(a),
            f"similar to {c}": lambda x: x.similar(c),
            f"compare {first} / {second}": lambda x: x.compare(first, second),
        }
    )
    return found


def exports() -> dict[str, Callable[[Analytics], Any]]:
    found: dict[str, Callable[[Analytics], Any]] = {
        f"export {fmt} (organization-technology)": (
            lambda x, fmt=fmt: x.export(fmt, "organization-technology")
        )
        for fmt in EXPORT_FORMATS
    }
    # The densest projection, drawn: every organization pair of a commitment is an edge.
    for fmt in ("png", "html"):
        found[f"export {fmt} (organizations)"] = lambda x, fmt=fmt: x.export(fmt, "organizations")
    return found


def timed(
    kg: KnowledgeGraph, lookup: Lookup, table: dict[str, Callable[..., Any]], runs: int
) -> None:
    print("| call | cold (ms) | warm, median (ms) |")
    print("|---|---:|---:|")
    for name, call in table.items():
        analytics = Analytics(kg, lookup)
        start = time.perf_counter()
        call(analytics)
        cold = time.perf_counter() - start
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call(analytics)
            times.append(time.perf_counter() - start)
        print(
            f"| {name} | {cold * 1000:,.1f} | {statistics.median(times) * 1000:.3f} |", flush=True
        )


def main() -> int:
    parser = corpus_parser(__doc__, runs=20)
    parser.add_argument("--whitehouse", type=Path, help="the White House archive (.tar.xz)")
    parser.add_argument("--store", type=Path, help="with --whitehouse: keep the store here")
    args = parser.parse_args()
    if args.whitehouse:
        directory = args.store or Path("/tmp/accordgraph-whitehouse-store")
        kg = whitehouse_store(args.whitehouse, directory)
    else:
        kg = generated_store(args.corpus, args.triples, "accordgraph-analytics-bench-")
    lookup = Lookup(kg)
    start = time.perf_counter()
    ix = lookup.build()
    build = time.perf_counter() - start
    analytics = Analytics(kg, lookup)
    summaries = {p: analytics.summary(p) for p in ("organizations", "entities")}
    print(
        f"\n{len(kg.store):,} quads in {len(ix.documents):,} documents, "
        f"{len(ix.commitments):,} commitments; lookup index built in {build * 1000:,.0f} ms; "
        + "; ".join(f"{p}: {s.nodes:,} nodes, {s.edges:,} edges" for p, s in summaries.items())
        + "\n"
    )
    timed(kg, lookup, calls(analytics), args.runs)
    print()
    timed(kg, lookup, exports(), max(3, args.runs // 4))
    kg.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
