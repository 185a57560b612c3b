"""Resource attacks against a live ``accordgraph serve``, each with the server's peak
memory and the latency of a cheap query sent while it runs.

    python benchmarks/attacks.py [--slow-connections 5000] [--runs 3]

The attacks are those of the security review (issue #10): a 1 KB query that doubles a
string 31 times, a 2 GB upload without the token and 30 MB past the limit with it, two
120 MB request heads, thousands of slow (slowloris) connections, a body trickled a byte
at a time, and four runaway queries. The server runs with its default limits (updates on,
with a token, for the upload with it). Memory is the resident size of the server and
every process below it (workers, the writer), sampled every 20 ms; latency is that of
``ASK { ?o skos:altLabel 'NSF' }`` with a fresh comment each time (no cache), sent
every 100 ms during the attack. Traffic goes to loopback only and every loop is bounded.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DOUBLING = (
    "SELECT (STRLEN(?s31) AS ?n) WHERE { BIND('ab' AS ?s0) "
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(31))
    + " }"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every process below it."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
            stack.extend(int(c) for c in children.split())
    return total


@contextlib.contextmanager
def serving(data: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "ACCORDGRAPH_UPDATE_TOKEN": "t"}
    command = ["accordgraph", "serve", "--data", str(data), "--port", str(port), "--updates"]
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                break
        time.sleep(0.2)
    try:
        yield server
    finally:
        server.terminate()
        server.wait(30)


class Watch:
    """Peak memory of the server's process tree, and cheap-query latencies, meanwhile."""

    def __init__(self, pid: int, url: str) -> None:
        self.pid, self.url = pid, url
        self.peak = tree_rss(pid)
        self.latencies: list[float] = []
        self.failures = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._memory), threading.Thread(target=self._ping)]

    def _memory(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.02)

    def _ping(self) -> None:
        n = 0
        while not self._stop.is_set():
            n += 1
            query = f"ASK {{ ?o skos:altLabel 'NSF' }} # {n} {time.time_ns()}"
            started = time.monotonic()
            try:
                ok = httpx.get(self.url + "/sparql", params={"query": query}, timeout=30)
                if ok.status_code != 200:
                    self.failures += 1
            except httpx.HTTPError:
                self.failures += 1
            self.latencies.append(time.monotonic() - started)
            time.sleep(0.1)

    def __enter__(self) -> Watch:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


def memory_query(url: str, port: int) -> str:
    response = httpx.get(url + "/sparql", params={"query": DOUBLING}, timeout=60)
    return f"{response.status_code}"


def upload_without_token(url: str, port: int) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(
            b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000000\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n\r\n"
        )
        sent = 0
        with contextlib.suppress(OSError):
            for _ in range(50):  # up to 50 MB of the 2 GB, if the server kept reading
                conn.sendall(b"x" * 1_000_000)
                sent += 1_000_000
        answer = b""
        with contextlib.suppress(OSError):
            answer = conn.recv(100)
    return f"{answer[9:12].decode() or 'closed'} after {sent / 1e6:.0f} MB sent"


def upload_past_the_limit(url: str, port: int) -> str:
    def chunks() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        for _ in range(30):
            yield b"x" * 1_000_000

    response = httpx.post(
        url + "/api/documents",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=b", "Authorization": "Bearer t"},
        timeout=60,
    )
    return f"{response.status_code}"


def big_heads(url: str, port: int) -> str:
    results = []

    def one(head: bytes) -> None:
        sent = 0
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(head)
            with contextlib.suppress(OSError):
                for _ in range(120):  # 120 MB
                    conn.sendall(b"a" * 1_000_000)
                    sent += 1_000_000
        results.append(sent)

    heads = [b"GET / HTTP/1.1\r\nHost: x\r\nX-A: ", b"GET / HTTP/1.1\r\nHost: x\r\nX-B: "]
    threads = [threading.Thread(target=one, args=(h,)) for h in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return "cut after " + ", ".join(f"{s / 1e6:.0f} MB" for s in results)


def slow_connections(count: int) -> Callable[[str, int], str]:
    def attack(url: str, port: int) -> str:
        held: list[socket.socket] = []
        for _ in range(count):
            with contextlib.suppress(OSError):
                conn = socket.create_connection(("127.0.0.1", port), timeout=5)
                conn.sendall(b"GET / HTTP/1.1\r\n")
                held.append(conn)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # a header line now and then, never the end
            for conn in held:
                with contextlib.suppress(OSError):
                    conn.send(b"X: y\r\n")
            time.sleep(1)
        open_still = 0
        for conn in held:
            conn.setblocking(False)
            with contextlib.suppress(OSError):
                try:
                    conn.recv(1)  # an answer (408) or the end: the server closed it
                except BlockingIOError:
                    open_still += 1
            conn.close()
        return f"{len(held)} opened, {open_still} still open after 15 s"

    return attack


def trickled_body(url: str, port: int) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\n"
        )
        started = time.monotonic()
        conn.settimeout(2)
        for _ in range(60):  # at most 60 bytes, one every 2 s
            with contextlib.suppress(OSError):
                conn.sendall(b" ")
            try:
                answer = conn.recv(100)
            except TimeoutError:
                continue
            return f"{answer[9:12].decode() or 'closed'} after {time.monotonic() - started:.0f} s"
    return "no answer"


def runaways(url: str, port: int) -> str:
    statuses: list[int] = []

    def one(i: int) -> None:
        query = CARTESIAN + f" # {i} {time.time_ns()}"
        response = httpx.get(url + "/sparql", params={"query": query}, timeout=120)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ", ".join(str(s) for s in sorted(statuses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow-connections", type=int, default=5000)
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    attacks: list[tuple[str, Callable[[str, int], str]]] = [
        ("1 KB query doubling a string 31 times", memory_query),
        ("2 GB upload without the token", upload_without_token),
        ("30 MB upload with the token (limit 20 MB)", upload_past_the_limit),
        ("two 120 MB request heads", big_heads),
        (f"{args.slow_connections:,} slow connections", slow_connections(args.slow_connections)),
        ("a body trickled at 0.5 B/s", trickled_body),
        ("4 runaway queries (30 s limit)", runaways),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with serving(Path(tmp) / "data", port) as server:
            idle = tree_rss(server.pid)
            for name, attack in attacks:
                started = time.monotonic()
                with Watch(server.pid, url) as watch:
                    outcome = attack(url, port)
                took = time.monotonic() - started
                lat = sorted(watch.latencies) or [float("nan")]
                rows.append(
                    (
                        name,
                        outcome,
                        f"{took:.1f}",
                        f"{watch.peak / 2**20:,.0f}",
                        f"{statistics.median(lat) * 1000:.0f}",
                        f"{lat[-1] * 1000:.0f}",
                        str(watch.failures),
                    )
                )
                print(" | ".join(rows[-1]), file=sys.stderr)
    print(f"\nserver tree at rest: {idle / 2**20:,.0f} MiB\n")
    print(
        "| attack | answer | took (s) | peak memory (MiB) | cheap query, median (ms) "
        "| cheap query, max (ms) | cheap queries failed |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
