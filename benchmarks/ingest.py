"""Loading the White House archive into an empty store, then again unchanged.

    python benchmarks/ingest.py ../shared/corpus/whitehouse-briefings.tar.xz [--jobs N]
        [--data DIR] [--keep]

Runs ``accordgraph load ARCHIVE`` the way a user does (a subprocess, with
``ACCORDGRAPH_DATA`` set to an empty directory) twice: cold, then a rerun on the
unchanged archive. For each it prints the wall time, the peak memory (of the loading
process, and of the largest process it started), the time per stage from the load's own
report, and the documents per second over the first and the last 1,000 documents (from
the time each document's line arrives: documents are written in batches, so the rate is
read at batch granularity). Nothing else should run on the machine meanwhile.
``--keep`` leaves the store in ``--data`` (e.g. for ``benchmarks/sparql_endpoint.py``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    wall: float = 0.0
    exit_code: int = 0
    peak_main: int = 0  # bytes
    peak_any: int = 0
    arrivals: list[float] = field(default_factory=list)  # seconds since start, per document
    states: dict[str, int] = field(default_factory=dict)
    report: list[str] = field(default_factory=list)

    def rate(self, first: bool, n: int = 1000) -> float:
        """Documents per second over the first (or last) ``n`` documents."""
        times = self.arrivals
        if len(times) < 2 * n:
            n = max(1, len(times) // 2)
        if first:
            return n / times[n - 1] if times[n - 1] else float("inf")
        span = times[-1] - times[-n - 1]
        return n / span if span else float("inf")


def load(archive: Path, data: Path, jobs: int) -> Run:
    env = dict(os.environ, ACCORDGRAPH_DATA=str(data))
    command = ["accordgraph", "load", str(archive), "--jobs", str(jobs)]
    run = Run()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as report:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=report, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            state = line.split(maxsplit=1)[0] if line.strip() else ""
            if state in ("loaded", "replaced", "unchanged"):
                run.arrivals.append(time.perf_counter() - started)
                run.states[state] = run.states.get(state, 0) + 1
        _pid, status, usage = os.wait4(process.pid, 0)
        run.wall = time.perf_counter() - started
        run.exit_code = os.waitstatus_to_exitcode(status)
        process.returncode = run.exit_code
        report.seek(0)
        run.report = [line.rstrip() for line in report if not line.startswith("accordgraph:")]
    run.peak_main = usage.ru_maxrss * 1024
    run.peak_any = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return run


def size_of(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def show(name: str, run: Run) -> None:
    print(f"\n## {name}: {run.wall:.1f} s wall (exit {run.exit_code})")
    print(f"documents: {run.states}")
    if run.arrivals:
        print(
            f"rate: first 1,000 documents {run.rate(True):.1f}/s, "
            f"last 1,000 {run.rate(False):.1f}/s"
        )
    print(f"peak memory: loading process {run.peak_main / 2**20:,.0f} MiB")
    print("the load's report:")
    for line in run.report[-12:]:
        print(f"  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--data", type=Path, help="the data directory (default: a new one)")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    args = parser.parse_args()
    if not shutil.which("accordgraph"):
        sys.exit("accordgraph is not installed (pip install -e .)")
    data = args.data or Path(tempfile.mkdtemp(prefix="accordgraph-ingest-"))
    if data.exists() and any(data.iterdir()):
        sys.exit(f"{data}: not empty; the cold load needs an empty data directory")
    try:
        cold = load(args.archive, data, args.jobs)
        show("cold, into an empty store", cold)
        print(f"peak memory, largest process started: {cold.peak_any / 2**20:,.0f} MiB")
        print(f"store on disk: {size_of(data) / 2**30:.2f} GiB")
        again = load(args.archive, data, args.jobs)
        show("rerun, the archive unchanged", again)
    finally:
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)
    return 0 if cold.exit_code in (0, 1) and again.exit_code in (0, 1) else 2


if __name__ == "__main__":
    sys.exit(main())
