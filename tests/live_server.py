"""A live ``accordgraph serve`` for tests that talk HTTP to a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx


class LiveServer:
    """``accordgraph serve`` in a subprocess, on a free loopback port."""

    def __init__(self, data: Path, *args: str, env: dict[str, str] | None = None) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = data
        exe = shutil.which("accordgraph")
        assert exe, "the accordgraph console script is not installed (pip install -e .)"
        self.log = data.parent / f"server-{self.port}.log"
        self.process = subprocess.Popen(
            [exe, "serve", "--data", str(data), "--port", str(self.port), *args],
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
            env={**os.environ, "ACCORDGRAPH_UPDATE_TOKEN": "", **(env or {})},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
