"""Page benchmark: how long the reader's pages take on a real server over a store.

    python benchmarks/pages.py --data STORE_DIR [--runs 15]

Starts ``accordgraph serve`` on the store (e.g. one that ``accordgraph load`` filled with
the whole White House corpus), waits until it is ready (its query replica in memory),
picks the heaviest subjects it holds (the agreement with the most commitments, the
organization and country named in the most, the technology category with the most
commitments), asks each page once (its caches cold), then ``--runs`` times, and prints
the first, median and slowest time per page: the server's own (its ``Server-Timing``
header) and, for the median, the client's over loopback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    exe = shutil.which("accordgraph") or "accordgraph"
    process = subprocess.Popen(
        [exe, "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ACCORDGRAPH_UPDATE_TOKEN": ""},
    )
    url = f"http://127.0.0.1:{port}"
    begin = time.monotonic()
    deadline = begin + 900  # the lookup index, then the query replica of a large store
    listening = None
    while time.monotonic() < deadline:
        try:
            if listening is None:  # the first lookup answered
                if httpx.get(url + "/api/organizations?limit=1", timeout=2).status_code == 200:
                    listening = time.monotonic() - begin
            else:
                health = httpx.get(url + "/healthz", timeout=2)
                if health.status_code == 200 and health.json()["in_memory"]:
                    ready = time.monotonic() - begin
                    print(f"first lookup after {listening:.1f} s, ready after {ready:.1f} s")
                    return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1 if listening is None else 0.5)
    process.kill()
    raise SystemExit("the server did not get ready")


def server_ms(response: httpx.Response) -> float:
    """The server's own time for an answer (its ``Server-Timing: app;dur=…`` header)."""
    return float(response.headers["server-timing"].split("dur=", 1)[1])


def heaviest(client: httpx.Client) -> dict[str, str]:
    """The subjects with the most commitments, found through the lookup API."""
    agreements = client.get("/api/agreements", params={"limit": 500}).json()["items"]
    agreement = max(agreements, key=lambda a: a["commitments"])["id"]
    tree = client.get("/api/technologies").json()
    category = max(tree, key=lambda n: n["commitments"])["id"]
    orgs = client.get("/api/organizations", params={"limit": 500, "kind": "government"}).json()
    organization = max(orgs["items"], key=lambda o: o["documents"])["id"]
    country = (max(orgs["items"], key=lambda o: o["documents"])["country"] or "US").lower()
    commitment = client.get("/api/commitments", params={"limit": 1}).json()["items"][0]
    return {
        "agreement": agreement,
        "category": category,
        "organization": organization,
        "country": country,
        "document": commitment["document"],
        "start": str(commitment["span"]["start"]),
        "end": str(commitment["span"]["end"]),
    }


def pages(s: dict[str, str]) -> dict[str, str]:
    text = urlencode({"start": s["start"], "end": s["end"]})
    return {
        "home": "/",
        "search": "/find?q=commerce",
        "explore, no filter": "/explore",
        "explore, country and category": f"/explore?country={s['country'].upper()}"
        f"&category={s['category']}",
        "explore, page 10": "/explore?offset=450",
        "agreement (most commitments)": f"/agreements/{s['agreement']}",
        "organization (most documents)": f"/organizations/{s['organization']}",
        "countries": "/countries",
        "country": f"/countries/{s['country']}",
        "technologies": "/technologies",
        "technology category": f"/technologies/{s['category']}",
        "compare two countries": f"/compare?a=country:{s['country'].upper()}&b=country:JP",
        "source text": f"/documents/{s['document']}/text?{text}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the store's directory")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    process, url = start(args.data)
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            subjects = heaviest(client)
            print(f"store: {args.data}; subjects: {subjects}", file=sys.stderr)
            print(
                "| page | first, server (ms) | median, server (ms) | slowest, server (ms) "
                "| median, client (ms) | size (KB) |"
            )
            print("|---|---:|---:|---:|---:|---:|")
            for name, path in pages(subjects).items():
                try:
                    first = client.get(path)
                except httpx.TimeoutException:
                    print(f"| {name} | timed out (120 s) | | | | |")
                    continue
                if first.status_code != 200:
                    print(f"| {name} | HTTP {first.status_code} | | | | |")
                    continue
                server, client_times = [], []
                for _ in range(args.runs):
                    begin = time.perf_counter()
                    answer = client.get(path)
                    answer.raise_for_status()
                    client_times.append((time.perf_counter() - begin) * 1000)
                    server.append(server_ms(answer))
                print(
                    f"| {name} | {server_ms(first):.0f} | {statistics.median(server):.0f} | "
                    f"{max(server):.0f} | {statistics.median(client_times):.0f} | "
                    f"{len(first.content) / 1024:.0f} |"
                )
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
