"""Running queries off the event loop, in worker processes that can be stopped.

Each worker opens a read-only snapshot of the store (``Store.backup``, hard links, made
after every write); the writer never shares its database with a reader. A query past its
time limit gets its worker killed, which gives the CPU back at once, and a fresh worker
takes its place.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import shutil
import time
import uuid
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from accordgraph.graph.worker import serve

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a threaded server


class QueryTimeout(Exception):
    """The query ran past its time limit and was stopped."""


class QuerySyntaxError(Exception):
    """The query does not parse; the message is the parser's."""


class QueryFailed(Exception):
    """The engine could not evaluate the query."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    rows: int
    truncated: bool


class _Worker:
    def __init__(self, snapshot: Path) -> None:
        parent, child = _CONTEXT.Pipe()
        self.conn: Connection = parent
        self.process: BaseProcess = _CONTEXT.Process(
            target=serve, args=(child, str(snapshot)), daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Snapshots:
    """Read-only copies of the store for the workers, kept beside it."""

    def __init__(self, directory: Path, keep: int = 3) -> None:
        self.directory = directory
        self.keep = keep
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.iterdir():  # left by an earlier run
            shutil.rmtree(stale, ignore_errors=True)

    def take(self, store: ox.Store) -> Path:
        target = self.directory / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        store.backup(str(target))
        snapshots = sorted(self.directory.iterdir())
        for old in snapshots[: -self.keep]:
            shutil.rmtree(old, ignore_errors=True)
        return target


def _receive(conn: Connection, timeout: float) -> Any:
    """The worker's answer, or None if none came within ``timeout`` seconds."""
    return conn.recv() if conn.poll(timeout) else None


class QueryPool:
    """A fixed number of query workers over the newest snapshot."""

    def __init__(self, snapshot: Path, size: int = 2) -> None:
        self.snapshot = snapshot
        self.size = size
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: list[_Worker] = []
        for _ in range(size):
            self._add_worker()

    def _add_worker(self) -> None:
        worker = _Worker(self.snapshot)
        self._workers.append(worker)
        self._idle.put_nowait(worker)

    def refresh(self, snapshot: Path) -> None:
        """Answer later queries from a newer snapshot (workers switch on their next query)."""
        self.snapshot = snapshot

    async def run(self, request: dict[str, Any], timeout: float) -> Answer:
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise QueryTimeout(f"no query worker became free within {timeout:g} s") from None
        try:
            worker.conn.send((str(self.snapshot), request))
            remaining = max(0.0, deadline - time.monotonic())
            # One hop to a thread for both the wait and the read: each hop costs latency.
            answer = await asyncio.to_thread(_receive, worker.conn, remaining)
            if answer is None:
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise QueryFailed("the query worker stopped unexpectedly") from None
        self._idle.put_nowait(worker)
        status = answer[0]
        if status == "syntax":
            raise QuerySyntaxError(answer[1])
        if status == "error":
            raise QueryFailed(answer[1])
        return Answer(body=answer[1], media_type=answer[2], rows=answer[3], truncated=answer[4])

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)
        self._add_worker()

    def close(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
        self._workers.clear()
