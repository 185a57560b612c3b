"""SPARQL endpoint benchmark: six policy-researcher questions, each written once (the
same text for every engine), answered by

- pyoxigraph in-process on an in-memory store holding the same data (the reference:
  the fastest this engine can answer them),
- ``accordgraph serve`` over HTTP (its query workers read the in-memory replica),
- rdflib-endpoint serving the same data (generated corpus only: it holds 17 M quads in
  no reasonable memory),

plus the throughput of a cheap lookup with 16 concurrent clients (wrk), with and
without the answer cache.

    python benchmarks/sparql_endpoint.py [--corpus FILE.nq] [--triples 1000000]
        [--runs 5] [--no-rdflib] [--no-wrk]
    python benchmarks/sparql_endpoint.py --data DIR     # a loaded store, e.g. the
                                                        # White House corpus

Medians of ``--runs`` timed runs after one warm-up, for every engine. The entities a
question names (an agency, a document graph) are chosen by a query on the data (the
best-connected agency, the first document), then written into the text once. Virtuoso
is not run yet (issue 15).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
from generate_corpus import generate

from accordgraph.graph.prefixes import PREFIXES

BASE = "https://w3id.org/accordgraph/id/"
ICNT = BASE + "technology/integrated-communication-and-networking-technologies"
# Each question as a user writes it, once; {agency} and {graph} are filled in per data set.
QUESTIONS: dict[str, str] = {
    "subtree (skos:broader*)": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
          ?c a ag:Commitment ; ag:technologyArea ?a .
          ?a skos:broader* <{icnt}> }}""",
    "one agency's commitments": """SELECT ?c ?quote WHERE {{
          ?c ag:through <{agency}> ; ag:quote ?quote }}""",
    "co-involved agency pairs": """SELECT ?a ?b (COUNT(DISTINCT ?c) AS ?n) WHERE {{
          ?c ag:through ?a, ?b . FILTER(STR(?a) < STR(?b)) }}
        GROUP BY ?a ?b ORDER BY DESC(?n) LIMIT 20""",
    "coverage per country": """SELECT ?country ?top (COUNT(DISTINCT ?c) AS ?n) WHERE {{
          ?c ag:through ?o ; ag:technologyArea ?a . ?o ag:country ?country .
          ?a skos:broader* ?top . ?top skos:topConceptOf ?scheme }}
        GROUP BY ?country ?top""",
    "text filter": """SELECT ?c WHERE {{
          ?c ag:quote ?q FILTER(CONTAINS(LCASE(?q), "quantum")) }}""",
    "CONSTRUCT one agreement": """CONSTRUCT {{ ?s ?p ?o }}
        WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}""",
}
CHOICES = {
    "agency": """SELECT ?agency WHERE { ?c ag:through ?agency }
                 GROUP BY ?agency ORDER BY DESC(COUNT(?c)) ?agency LIMIT 1""",
    "graph": "SELECT ?graph WHERE { GRAPH ?graph { ?d a ag:SourceDocument } "
    f'FILTER(STRSTARTS(STR(?graph), "{BASE}graph/doc/")) }} ORDER BY ?graph LIMIT 1',
}
RDFLIB_LIMIT = 300.0  # seconds; a question rdflib takes longer on is reported as "> limit"
LOOKUP = "SELECT ?label WHERE { ?o ag:country ?c ; rdfs:label ?label } LIMIT 1"


def written(store: ox.Store) -> dict[str, str]:
    """Each question's text for this data set: the entities it names chosen on the data."""
    chosen = {"icnt": ICNT}
    for name, query in CHOICES.items():
        rows = list(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))
        chosen[name] = rows[0][0].value if rows else BASE + "none"
    return {name: text.format(**chosen) for name, text in QUESTIONS.items()}


def declared(query: str) -> str:
    """The query with PREFIX declarations, for servers that predeclare none."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + query


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


@contextmanager
def serving(data: Path, port: int, *options: str, cache: bool) -> Iterator[tuple[float, int]]:
    """``accordgraph serve`` on ``data`` for a ``with`` block, once its queries are
    answered from memory; yields the seconds that took from the start, and its pid."""
    env = {**os.environ, "ACCORDGRAPH_CACHE_ENTRIES": "256" if cache else "0"}
    command = [shutil.which("accordgraph") or "accordgraph", "serve", "--data", str(data)]
    server = subprocess.Popen([*command, "--port", str(port), *options], env=env)
    started = time.monotonic()
    try:
        health = f"http://127.0.0.1:{port}/healthz"
        while not wait_for(health, server, 600).json().get("in_memory"):
            if time.monotonic() - started > 1800:
                raise RuntimeError("the replica did not load in 30 minutes")
            time.sleep(1)
        yield time.monotonic() - started, server.pid
    finally:
        server.terminate()
        server.wait(60)


def timed(call: object, runs: int) -> float:
    assert callable(call)
    call()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(store: ox.Store, query: str) -> int:
    """Evaluate and serialize, as an endpoint must."""
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    if isinstance(result, ox.QuerySolutions):
        return len(result.serialize(format=ox.QueryResultsFormat.JSON) or b"")
    return len(ox.serialize(list(result), format=ox.RdfFormat.TURTLE) or b"")


CLIENT = httpx.Client(timeout=900)  # keep-alive, as SPARQL clients do
ACCEPT = "application/sparql-results+json, text/turtle"


def over_http(url: str, query: str, timeout: float = 900) -> float:
    """Seconds for one request, or infinity past ``timeout``."""
    start = time.perf_counter()
    try:
        response = CLIENT.post(
            url, data={"query": query}, headers={"Accept": ACCEPT}, timeout=timeout
        )
    except httpx.TimeoutException:
        return float("inf")
    response.raise_for_status()
    return time.perf_counter() - start


def median_over_http(url: str, query: str, runs: int, timeout: float = 900) -> float:
    first = over_http(url, query, timeout)  # the warm-up
    if first == float("inf"):
        return first
    return statistics.median(over_http(url, query, timeout) for _ in range(runs))


def time_rdflib_endpoint(corpus: Path, queries: dict[str, str], runs: int) -> dict[str, float]:
    """Median seconds per question on rdflib-endpoint serving ``corpus``. A question past
    RDFLIB_LIMIT keeps rdflib busy, so the server is restarted before the next one."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    loader = (
        "import sys, uvicorn\n"
        "from rdflib import Dataset\n"
        "from rdflib_endpoint import SparqlEndpoint\n"
        "ds = Dataset(default_union=True)\n"
        f"ds.parse({str(corpus)!r}, format='nquads')\n"
        "print('rdflib loaded', len(ds), file=sys.stderr)\n"
        f"uvicorn.run(SparqlEndpoint(graph=ds), host='127.0.0.1', port={port},"
        " log_level='warning')\n"
    )
    server: subprocess.Popen[bytes] | None = None
    remote: dict[str, float] = {}
    try:
        for name, query in queries.items():
            if server is None:
                server = subprocess.Popen([sys.executable, "-c", loader])
                wait_for(url, server, 1800)
            remote[name] = median_over_http(url, declared(query), runs, RDFLIB_LIMIT)
            if remote[name] == float("inf"):
                server.kill()
                server.wait(30)
                server = None
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    return remote


def ms(seconds: float) -> str:
    return f"> {RDFLIB_LIMIT * 1000:,.0f}" if seconds == float("inf") else f"{seconds * 1000:,.1f}"


def report(
    quads: int,
    runs: int,
    reference: dict[str, float],
    disk: dict[str, float],
    http: dict[str, float],
    remote: dict[str, float],
) -> None:
    """A Markdown table: each question on each engine, the same text for all."""
    print(f"\n{quads:,} quads; medians of {runs} runs after a warm-up (ms)\n")
    print(
        "| question | pyoxigraph in memory, in-process | pyoxigraph on disk, in-process "
        "| accordgraph over HTTP | ratio to in memory | rdflib-endpoint |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    totals = [0.0, 0.0, 0.0, 0.0]
    for name in QUESTIONS:
        row = [reference[name], disk[name], http[name], remote.get(name, 0.0)]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        theirs = ms(row[3]) if remote else "–"
        print(
            f"| {name} | {ms(row[0])} | {ms(row[1])} | {ms(row[2])} | "
            f"{row[2] / row[0]:.2f} | {theirs} |"
        )
    theirs = ms(totals[3]) if remote else "–"
    print(
        f"| **mix** | **{ms(totals[0])}** | **{ms(totals[1])}** | **{ms(totals[2])}** | "
        f"**{totals[2] / totals[0]:.2f}** | **{theirs}** |"
    )
    if remote:
        print(f"\nrdflib-endpoint / accordgraph over HTTP: {totals[3] / totals[2]:.0f}x")


def wrk(url: str, script: str | None = None) -> str:
    args = ["wrk", "-t2", "-c16", "-d10s", "--latency", url]
    if script:
        args[1:1] = ["-s", script]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    requests = next(line for line in out.splitlines() if "Requests/sec" in line).split()[-1]
    p50 = next(line for line in out.splitlines() if line.strip().startswith("50%")).split()[-1]
    return f"{float(requests):,.0f} requests/s, median latency {p50}"


def pss_mib(pid: int) -> float:
    """Proportional memory of a process and its descendants (the replica, the workers):
    pages the workers share with the replica copy-on-write count once, not per process
    as resident sizes summed would."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next(int(x.split()[1]) for x in rollup.splitlines() if x.startswith("Pss:"))
        stack += [int(c) for c in children]
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, help="N-Quads to serve (default: generated)")
    parser.add_argument("--data", type=Path, help="an accordgraph data directory to serve")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--no-wrk", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="accordgraph-bench-"))
    corpus: Path | None = None
    if args.data:
        data = args.data
        disk = ox.Store.read_only(str(data / "oxigraph"))
    else:
        corpus = args.corpus or work / "corpus.nq"
        if not corpus.exists():
            print(f"generated {generate(corpus, args.triples, seed=7):,} quads", file=sys.stderr)
        data = work / "data"
        (data / "oxigraph").mkdir(parents=True)
        disk = ox.Store(str(data / "oxigraph"))
        disk.bulk_load(path=str(corpus), format=ox.RdfFormat.N_QUADS)
        disk.optimize()  # as the server does when it starts
    start = time.perf_counter()
    memory = ox.Store()
    memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    quads = len(memory)
    print(
        f"{quads:,} quads read into memory in {time.perf_counter() - start:.1f} s", file=sys.stderr
    )
    queries = written(memory)
    reference = {
        n: timed(lambda q=q, s=memory: in_process(s, q), args.runs) for n, q in queries.items()
    }
    del memory
    on_disk = {
        n: timed(lambda q=q, s=disk: in_process(s, q), args.runs) for n, q in queries.items()
    }
    if not args.data:
        disk.flush()
    del disk

    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    lookup_url = str(httpx.URL(url, params={"query": LOOKUP}))
    use_wrk = not args.no_wrk and shutil.which("wrk") is not None
    throughput = {}
    # Answer cache off: every request is evaluated.
    options = ("--timeout", "600", "--max-rows", "1000000")
    with serving(data, port, *options, cache=False) as (ready, server_pid):
        print(f"accordgraph answered from memory {ready:.0f} s after its start", file=sys.stderr)
        http = {n: median_over_http(url, q, args.runs) for n, q in queries.items()}
        memory_used = pss_mib(server_pid)
        if use_wrk:
            throughput["uncached"] = wrk(lookup_url)
    if use_wrk:
        with serving(data, port, cache=True):
            throughput["cached (identical requests)"] = wrk(lookup_url)

    remote: dict[str, float] = {}
    if corpus is not None and not args.no_rdflib:
        remote = time_rdflib_endpoint(corpus, queries, args.runs)

    report(quads, args.runs, reference, on_disk, http, remote)
    print(f"\nthe server's memory (PSS, with its replica and workers): {memory_used:,.0f} MiB")
    for label, value in throughput.items():
        print(f"cheap lookup, 16 concurrent clients, {label}: {value}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
