"""Page benchmark: how long the reader's pages take on a real server over a store.

    python benchmarks/pages.py --data STORE_DIR [--runs 15]

Starts ``accordgraph serve`` on the store (e.g. one that ``accordgraph load`` filled with
the whole White House corpus), picks the heaviest subjects it holds (the agreement with
the most commitments, the organization and country named in the most, the technology
category with the most commitments), asks each page once to warm up, then ``--runs``
times, and prints the median and the slowest time per page. Times are measured by the
client over loopback, so they bound the server's time from above.
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
    deadline = time.monotonic() + 600  # the lookup index of a large store is read first
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the server did not start")


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
            print("| page | first (ms) | median (ms) | slowest (ms) | size (KB) |")
            print("|---|---:|---:|---:|---:|")
            for name, path in pages(subjects).items():
                begin = time.perf_counter()
                try:
                    first = client.get(path)
                except httpx.TimeoutException:
                    print(f"| {name} | timed out (120 s) | | | |")
                    continue
                cold = (time.perf_counter() - begin) * 1000
                if first.status_code != 200:
                    print(f"| {name} | HTTP {first.status_code} | | | |")
                    continue
                times = []
                for _ in range(args.runs):
                    begin = time.perf_counter()
                    client.get(path).raise_for_status()
                    times.append((time.perf_counter() - begin) * 1000)
                print(
                    f"| {name} | {cold:.0f} | {statistics.median(times):.0f} | {max(times):.0f} | "
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
