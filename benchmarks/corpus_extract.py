"""Robustness and speed of the loader on the White House briefing-room corpus.

    python benchmarks/corpus_extract.py ../shared/corpus/whitehouse-briefings.tar.xz [--limit N]

Extracts every Markdown document of the archive (most are not agreements at all), maps
each extraction to RDF and to the ``inspect --json`` summary as loading does, records
failures (exceptions are bugs: the loader must read anything without crashing), and
reports the median, 95th percentile and maximum extraction time per document, with the
median time per 10,000 characters so that documents of different lengths compare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tarfile
import time
import traceback
from collections import Counter

from tqdm import tqdm

from accordgraph.loaders import LoaderError, extract_bytes
from accordgraph.loaders.rdf import to_rdf
from accordgraph.loaders.summary import summarize


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("archive", help="path of whitehouse-briefings.tar.xz")
    parser.add_argument("--limit", type=int, default=0, help="stop after N documents")
    parser.add_argument("--every", type=int, default=1, help="take every Nth document")
    args = parser.parse_args()

    times: list[float] = []
    per_10k: list[float] = []
    failures: list[tuple[str, str]] = []
    rejected: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    commitments = organizations = seen = 0
    slowest: list[tuple[float, str]] = []
    with tarfile.open(args.archive, "r:xz") as archive:
        progress = tqdm(unit="doc", file=sys.stderr)
        for index, member in enumerate(archive):
            if not member.isfile() or not member.name.endswith(".md"):
                continue
            if index % args.every:
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            data = handle.read()
            seen += 1
            progress.update()
            start = time.perf_counter()
            try:
                x = extract_bytes(data, member.name.rsplit("/", 1)[-1])
            except LoaderError as exc:
                rejected[str(exc).split(": ", 1)[-1]] += 1
                continue
            except Exception:  # a crash is a loader bug: record it and go on
                failures.append((member.name, traceback.format_exc(limit=3)))
                continue
            elapsed = time.perf_counter() - start
            try:  # what `load` and `inspect --json` do next (not timed)
                to_rdf(x)
                summarize(x)
            except Exception:
                failures.append((member.name, traceback.format_exc(limit=3)))
                continue
            times.append(elapsed)
            per_10k.append(elapsed / max(len(x.source.text), 1) * 10_000)
            slowest = sorted([*slowest, (elapsed, member.name)], reverse=True)[:5]
            kinds[x.agreement.kind] += 1
            commitments += len(x.commitments)
            organizations += sum(1 for e in x.entities.values() if e.kind == "organization")
            if args.limit and seen >= args.limit:
                break
        progress.close()

    times.sort()
    print(
        f"documents read: {seen}, extracted: {len(times)}, rejected: {sum(rejected.values())}, "
        f"crashed: {len(failures)}"
    )
    if times:
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"extraction time per document: median {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms, max {times[-1] * 1000:.0f} ms, "
            f"total {sum(times):.1f} s"
        )
        print(f"median per 10,000 characters: {statistics.median(per_10k) * 1000:.1f} ms")
        print("slowest:", ", ".join(f"{name} ({t:.2f} s)" for t, name in slowest))
    print(
        f"agreement kinds: {dict(kinds)}; commitments: {commitments}; "
        f"organizations: {organizations}"
    )
    for reason, count in rejected.most_common(5):
        print(f"rejected ({count}): {reason}")
    for name, trace in failures[:10]:
        print(f"CRASH {name}\n{trace}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
