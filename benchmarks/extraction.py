"""Extraction speed on White House documents, against a baseline commit in the same run.

    python benchmarks/extraction.py ../shared/corpus/whitehouse-briefings.tar.xz \
        [--every 10] [--baseline main] [--rounds 3]

Takes every Nth Markdown document of the archive, extracts each with this checkout and
with the baseline commit (checked out in a temporary git worktree and run in a separate
process, alternately, ``--rounds`` times), and prints the mean and median time per
document of each, and their ratio. Quality is measured separately, against the hand
annotations: ``accordgraph evaluate tests/fixtures/gold/dev`` (and ``…/test``).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _measure(documents_file: str) -> list[float]:
    """Seconds per document, in this process (whatever accordgraph it imports)."""
    from accordgraph.loaders import LoaderError, extract_bytes

    with open(documents_file, "rb") as handle:
        documents: list[tuple[str, bytes]] = pickle.load(handle)
    extract_bytes(b"warm up: the patterns compile on first use", "x.txt")
    times = []
    for name, data in documents:
        start = time.perf_counter()
        with suppress(LoaderError):
            extract_bytes(data, name)
        times.append(time.perf_counter() - start)
    return times


def _run(documents_file: str, pythonpath: str) -> list[float]:
    env = os.environ | {"PYTHONPATH": pythonpath}
    done = subprocess.run(
        [sys.executable, __file__, "--measure", documents_file],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("archive", nargs="?", help="path of whitehouse-briefings.tar.xz")
    parser.add_argument("--every", type=int, default=10, help="take every Nth document")
    parser.add_argument("--baseline", default="main", help="git commit to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="alternate runs of each")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure)))
        return 0
    if not args.archive:
        parser.error("the archive's path is required")

    documents: list[tuple[str, bytes]] = []
    with tarfile.open(args.archive, "r:xz") as archive:
        markdown = (m for m in archive if m.isfile() and m.name.endswith(".md"))
        for index, member in enumerate(markdown):
            handle = archive.extractfile(member)
            if index % args.every == 0 and handle is not None:
                documents.append((member.name.rsplit("/", 1)[-1], handle.read()))
    with tempfile.TemporaryDirectory() as tmp:
        documents_file = str(Path(tmp) / "documents.pickle")
        with open(documents_file, "wb") as handle:
            pickle.dump(documents, handle)
        baseline = str(Path(tmp) / "baseline")
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", baseline, args.baseline],
            check=True,
        )
        try:
            runs: dict[str, list[list[float]]] = {"baseline": [], "this checkout": []}
            for _ in range(args.rounds):
                runs["baseline"].append(_run(documents_file, baseline))
                runs["this checkout"].append(_run(documents_file, str(ROOT)))
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", baseline], check=False
            )
    print(f"{len(documents)} documents (every {args.every}th), {args.rounds} alternate rounds")
    means = {}
    for name, rounds in runs.items():
        # per document, the fastest of the rounds: the least disturbed measurement
        best = [min(times) for times in zip(*rounds, strict=True)]
        means[name] = statistics.fmean(best)
        print(
            f"  {name:14} mean {means[name] * 1000:6.1f} ms   "
            f"median {statistics.median(best) * 1000:6.1f} ms per document"
        )
    print(f"  ratio (this / baseline): {means['this checkout'] / means['baseline']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
