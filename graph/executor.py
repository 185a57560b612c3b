"""Running SPARQL off the event loop, in confined worker processes that can be stopped.

Each worker is confined before it reads anything (``sandbox.py``: no network, bounded
memory, a deep stack) and opens a read-only snapshot of the store (``Store.backup``, hard
links, made after every write); the writer never shares its database with a reader. What
happened to a worker is read from how it ended, not guessed from the query's text:

- killed for creating a network socket: the query asked for ``SERVICE`` or ``LOAD``
  (:class:`QueryRefused`);
- aborted on a failed allocation: past its memory limit (:class:`QueryTooLarge`);
- a stack overflow: nested deeper than the engine can go (:class:`QuerySyntaxError`);
- still running at its time limit: killed, which gives the CPU back at once
  (:class:`QueryTimeout`).

**Two lanes.** ``size`` workers answer queries as they come. A query still running after
``slow_after`` seconds is demoted: its worker runs on at the lowest CPU priority and no
longer counts against ``size``, so the pool starts another worker and a cheap query never
waits behind runaways. The slow lane holds at most ``max_workers - size`` queries, and at
most ``slow_per_client`` of one client's; a query that would be one too many is stopped
when it turns slow (503). When its query finishes,
a demoted worker ends if the pool has grown past ``size``, and otherwise goes back to
normal priority (or ends, where raising a priority needs privileges the server lacks).
Workers are forked from a preloaded server process (``forkserver``), so a new one is ready
in milliseconds, not the second a fresh interpreter takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import shutil
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accordgraph.graph.replica import Forked, Replica, ReplicaError
from accordgraph.graph.sandbox import (
    Confinement,
    Limits,
    overflowed_stack,
    ran_out_of_memory,
    tried_network,
)
from accordgraph.graph.worker import serve

if TYPE_CHECKING:
    from accordgraph.graph.store import KnowledgeGraph

if sys.platform.startswith("linux"):
    _CONTEXT: Any = multiprocessing.get_context("forkserver")
    _CONTEXT.set_forkserver_preload(["accordgraph.graph.worker"])
else:  # no fork of a threaded server; a fresh interpreter per worker
    _CONTEXT = multiprocessing.get_context("spawn")

OUTBOUND_REFUSED = (
    "the request asked the engine to open a network connection (SERVICE or LOAD): "
    "this server makes no outbound requests"
)
LOWEST_PRIORITY = 19


class WorkerError(Exception):
    """A request a worker could not answer; subclasses say why."""


class QueryTimeout(WorkerError):
    """The query ran past its time limit and was stopped."""


class QuerySyntaxError(WorkerError):
    """The query does not parse (the parser's message), or nests too deeply."""


class QueryFailed(WorkerError):
    """The engine could not evaluate the query."""


class QueryRefused(WorkerError):
    """The engine tried to reach the network; the worker was stopped before it could."""


class QueryTooLarge(WorkerError):
    """The query needed more memory, or its result more bytes, than allowed."""


class PoolBusy(WorkerError):
    """No worker could take the query in time."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    rows: int
    truncated: bool


def end_process(process: BaseProcess | Forked, conn: Connection, wait: float = 5.0) -> None:
    """Kill a worker process (it may be dead already) and close the pipe to it."""
    with contextlib.suppress(OSError, ValueError):
        process.kill()
        process.join(wait)
    with contextlib.suppress(OSError):
        conn.close()


class _Worker:
    """A worker on a snapshot (``forkserver``), or forked by the in-memory replica."""

    def __init__(
        self, snapshot: str | None, limits: Limits, replica: Replica | None = None
    ) -> None:
        self.limits = limits
        self.process: BaseProcess | Forked
        self.mirrors: str | None = None  # the snapshot a replica worker holds in memory
        if replica is not None:
            self.conn, self.process = replica.fork(limits.memory_bytes)
            self.mirrors = replica.mirrors
        else:
            parent, child = _CONTEXT.Pipe()
            process = _CONTEXT.Process(target=serve, args=(child, snapshot, limits), daemon=True)
            process.start()
            child.close()
            self.conn, self.process = parent, process
        self.confinement: Confinement | None = None
        self.demoted = False

    def kill(self) -> None:
        end_process(self.process, self.conn)

    def demote(self) -> None:
        """Run on at the lowest CPU priority: what is left of the machine goes to others."""
        self.demoted = True
        pid = self.process.pid
        if pid is not None and hasattr(os, "setpriority"):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, pid, LOWEST_PRIORITY)

    def promote(self) -> bool:
        """Back to normal priority, where the system allows it (raising a priority back
        needs privileges); False if it stays low."""
        pid = self.process.pid
        try:
            if pid is not None and hasattr(os, "setpriority"):
                os.setpriority(os.PRIO_PROCESS, pid, 0)
                self.demoted = False
        except OSError:
            return False
        return not self.demoted

    def failure(self) -> WorkerError:
        """Why the worker stopped, from how it ended."""
        with contextlib.suppress(OSError, ValueError):
            self.process.join(2)
        code = self.process.exitcode
        if tried_network(code):
            return QueryRefused(OUTBOUND_REFUSED)
        if ran_out_of_memory(code):
            limit = self.limits.memory_bytes
            what = f"its {limit / 1024**3:g} GiB" if limit else "the"
            return QueryTooLarge(f"the query needed more memory than {what} limit and was stopped")
        if overflowed_stack(code):
            return QuerySyntaxError("the query is nested more deeply than the engine can parse")
        return QueryFailed(f"the query worker stopped unexpectedly (exit status {code})")


def _answer(message: Any) -> Answer:
    status = message[0]
    if status == "syntax":
        raise QuerySyntaxError(message[1])
    if status == "error":
        raise QueryFailed(message[1])
    if status == "too-large":
        raise QueryTooLarge(message[1])
    return Answer(body=message[1], media_type=message[2], rows=message[3], truncated=message[4])


async def readable(conn: Connection, timeout: float) -> bool:
    """Wait, without a thread, until ``conn`` has data (or its other end closed)."""
    if conn.poll(0):
        return True
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(True)

    loop.add_reader(fd, wake)
    try:
        return await asyncio.wait_for(ready, max(0.0, timeout))
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)
        # uvloop (libuv) makes a watched descriptor non-blocking; the pipe is read with
        # blocking calls, so a large answer arriving in parts must not fail half-way.
        with contextlib.suppress(OSError):  # closed meanwhile (the pool is closing)
            os.set_blocking(fd, True)


def query_view(snapshot: Path | str) -> Path:
    """The copy of a snapshot that queries read: the same graphs without the store's
    bookkeeping (its generation, digests and extraction summaries), which is not what
    users query; the snapshot itself where it has none (one not taken by
    :class:`Snapshots`)."""
    view = Path(f"{snapshot}{QUERY_VIEW}")
    return view if view.is_dir() else Path(snapshot)


QUERY_VIEW = ".query"


class Snapshots:
    """Read-only copies of the store, kept beside it: each for the server's own reading,
    with a copy for the query workers (:func:`query_view`)."""

    def __init__(self, directory: Path, keep: int = 3) -> None:
        self.directory = directory
        self.keep = keep
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.iterdir():  # left by an earlier run
            shutil.rmtree(stale, ignore_errors=True)

    def take(self, kg: KnowledgeGraph) -> Path:
        target = self.directory / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        kg.backup(target)
        kg.backup_for_queries(Path(f"{target}{QUERY_VIEW}"))
        snapshots = sorted(p for p in self.directory.iterdir() if not p.name.endswith(QUERY_VIEW))
        for old in snapshots[: -self.keep]:
            shutil.rmtree(old, ignore_errors=True)
            shutil.rmtree(f"{old}{QUERY_VIEW}", ignore_errors=True)
        return target


class QueryPool:
    """Confined query workers over the newest snapshot, in two lanes (module docstring)."""

    def __init__(
        self,
        snapshot: Path | None,
        size: int = 2,
        *,
        max_workers: int | None = None,
        slow_after: float = 0.25,
        slow_per_client: int = 2,
        limits: Limits | None = None,
        replica: bool = False,
    ) -> None:
        self.snapshot = str(query_view(snapshot)) if snapshot is not None else None
        # The in-memory replica workers are forked from, and the next one while it loads.
        self.replica: Replica | None = None
        self.standby: Replica | None = None
        self._behind: set[str] = set()  # graphs written since the standby's snapshot
        self._gave_up: str | None = None  # the snapshot a replica last failed on
        if replica:
            self.start_replica()
        self.size = size
        self.max_workers = max(size, max_workers if max_workers is not None else 4 * size)
        self.slow_after = slow_after
        self.slow_per_client = slow_per_client
        self._slow: Counter[str | None] = Counter()  # queries in the slow lane, per client
        self.limits = limits or Limits()
        self._workers: list[_Worker] = []
        self._idle: list[_Worker] = []
        self._changed = asyncio.Event()
        self._starting = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.confinement = self._start_first()

    def _start_first(self) -> Confinement:
        """Start ``size`` workers and wait until each is confined and ready."""
        for _ in range(self.size):
            worker = _Worker(self.snapshot, self.limits)  # the replica is still loading
            try:
                if not worker.conn.poll(60):
                    raise EOFError
                worker.confinement = worker.conn.recv()[1]
            except (EOFError, OSError):
                worker.kill()
                raise QueryFailed(
                    f"a query worker did not start on {self.snapshot} "
                    f"(exit status {worker.process.exitcode})"
                ) from None
            self._workers.append(worker)
            self._idle.append(worker)
        confinement = self._workers[0].confinement
        assert confinement is not None
        return confinement

    @property
    def workers(self) -> int:
        return len(self._workers)

    def refresh(self, snapshot: Path, graphs: Iterable[str] | None = None) -> None:
        """Answer later queries from a newer snapshot (workers switch on their next query).
        ``graphs``: those that differ from the previous snapshot, which the replica copies
        (None: any may differ; a new replica loads the whole snapshot). A replica still
        loading copies them once it has loaded, rather than starting over."""
        snapshot = query_view(snapshot)
        self.snapshot = str(snapshot)
        replica = self._replica()
        if replica is None and self.standby is None:
            return
        if graphs is not None and self.standby is not None:
            self._behind |= set(graphs)
            return
        if graphs is not None and replica is not None:
            try:
                replica.patch(snapshot, graphs)
                return
            except ReplicaError:
                pass  # a new one, below
        if self.standby is not None:
            self.standby.close()
        self.standby, self._behind = Replica(snapshot), set()

    def start_replica(self) -> None:
        """Start loading the in-memory replica of the newest snapshot (in the background)."""
        if self.snapshot and self.replica is None and self.standby is None:
            self.standby = Replica(self.snapshot)

    def _replica(self) -> Replica | None:
        """The replica, once loaded (a standby that has finished loading replaces it)."""
        if self.standby is not None and self.standby.ready():
            behind, self._behind = self._behind, set()
            if behind and self.snapshot is not None:
                with contextlib.suppress(ReplicaError):  # it fails; the next write retries
                    self.standby.patch(self.snapshot, behind)
            if self.replica is not None:
                self.replica.close()
            self.replica, self.standby = self.standby, None
        for failed in (self.replica, self.standby):
            if failed is not None and failed.failed is not None:
                failed.close()
                self.replica = None if failed is self.replica else self.replica
                self.standby = None if failed is self.standby else self.standby
                # one more try per snapshot, not a loop on one that cannot load
                if self.standby is None and self.snapshot and self._gave_up != self.snapshot:
                    self._gave_up = self.snapshot
                    self.standby, self._behind = Replica(self.snapshot), set()
        return self.replica

    def _new_worker(self) -> _Worker:
        """A worker on the replica when it holds the newest snapshot, else on the snapshot."""
        replica = self._replica()
        if replica is not None and replica.mirrors == self.snapshot:
            with contextlib.suppress(ReplicaError):
                return _Worker(self.snapshot, self.limits, replica)
        return _Worker(self.snapshot, self.limits)

    def _stale(self, worker: _Worker) -> bool:
        """A replica worker from before a write, or a snapshot worker once a replica with
        the newest snapshot is ready: ended rather than reused."""
        if worker.mirrors is not None:
            return worker.mirrors != self.snapshot
        replica = self._replica()
        return replica is not None and replica.mirrors == self.snapshot

    @property
    def in_memory(self) -> bool:
        """Whether new workers answer from the in-memory replica."""
        replica = self._replica()
        return replica is not None and replica.mirrors == self.snapshot

    def _signal(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _start(self) -> _Worker:
        worker = self._new_worker()
        self._workers.append(worker)
        if not await readable(worker.conn, 60):
            self._drop(worker)
            raise PoolBusy("a query worker did not start")
        try:
            worker.confinement = worker.conn.recv()[1]
        except (EOFError, OSError):
            self._drop(worker)
            raise PoolBusy("a query worker did not start") from None
        return worker

    def _drop(self, worker: _Worker) -> None:
        worker.kill()
        if worker in self._workers:
            self._workers.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        self._signal()
        self._replenish()

    def _prompt(self) -> int:
        """Workers in the prompt lane: not demoted, starting ones included."""
        return sum(1 for w in self._workers if not w.demoted) + self._starting

    def _replenish(self) -> None:
        """Start workers in the background until ``size`` stand ready again."""
        for _ in range(max(0, self.size - self._prompt())):
            self._starting += 1
            task = asyncio.get_running_loop().create_task(self._stand_by())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _stand_by(self) -> None:
        snapshot = self.snapshot
        try:
            worker = await self._start()
        except (PoolBusy, OSError):
            self._starting -= 1
            if self.snapshot != snapshot:  # it failed on a snapshot since replaced
                self._replenish()
            return  # otherwise the next query tries again
        self._starting -= 1
        self._idle.append(worker)
        self._signal()

    async def _acquire(self, deadline: float) -> _Worker:
        while True:
            while self._idle:
                worker = self._idle.pop()
                if not self._stale(worker):
                    return worker
                self._drop(worker)
            if self._prompt() < self.size and len(self._workers) < self.max_workers:
                return await self._start()
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise PoolBusy(
                    f"all {len(self._workers)} query workers stayed busy; try again shortly"
                ) from None

    def _release(self, worker: _Worker) -> None:
        if worker not in self._workers or (worker.demoted and self._prompt() >= self.size):
            self._drop(worker)  # the pool grew for slow queries: back to its size
        elif worker.demoted and not worker.promote():
            self._drop(worker)  # its priority cannot be raised again (not root): end it
        else:
            self._idle.append(worker)
            self._signal()
        self._replenish()  # a worker that could not start earlier: try again now

    async def run(
        self, request: dict[str, Any], timeout: float, client: str | None = None
    ) -> Answer:
        """Answer ``request`` within ``timeout`` seconds; ``client`` (an address) is whom
        the slow lane counts it against."""
        deadline = time.monotonic() + timeout
        worker = await self._acquire(deadline)
        slow = False
        try:
            worker.conn.send((self.snapshot, request))
            ready = await readable(worker.conn, min(self.slow_after, deadline - time.monotonic()))
            if not ready and time.monotonic() < deadline:
                self._admit_slow(worker, client)  # or stop it, with a PoolBusy
                slow = True
                ready = await readable(worker.conn, deadline - time.monotonic())
            if not ready:
                self._drop(worker)
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
            message = await asyncio.to_thread(worker.conn.recv)
        except (EOFError, OSError):
            failure = worker.failure()
            self._drop(worker)
            raise failure from None
        except BaseException:
            if worker in self._workers:
                self._drop(worker)  # cancelled (client gone) or worse: never reuse mid-query
            raise
        finally:
            if slow:
                self._slow[client] -= 1
        self._release(worker)
        return _answer(message)

    def _admit_slow(self, worker: _Worker, client: str | None) -> None:
        """Demote a query that has run ``slow_after`` seconds to the slow lane, unless its
        client already has ``slow_per_client`` there or the lane is full: then stop it
        (one client cannot fill the machine with runaways; cheap queries always find a
        worker at normal priority)."""
        mine = self._slow[client]
        lane = sum(self._slow.values())
        if mine >= self.slow_per_client or lane >= self.max_workers - self.size:
            self._drop(worker)
            if mine >= self.slow_per_client:
                raise PoolBusy(
                    f"{mine} slow queries from your address are running already; "
                    "wait for them before sending another"
                )
            raise PoolBusy("the server is running as many slow queries as it can; try again")
        self._slow[client] += 1
        worker.demote()
        self._signal()  # a prompt slot is free for someone else

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._workers:
            worker.process.join(2)
            worker.kill()
        self._workers.clear()
        self._idle.clear()
        for replica in (self.replica, self.standby):
            if replica is not None:
                replica.close()


def run_once(
    snapshot: Path | None, request: dict[str, Any], timeout: float, limits: Limits | None = None
) -> Answer:
    """One request in one confined worker, synchronously (the command line's queries)."""
    worker = _Worker(str(snapshot) if snapshot is not None else None, limits or Limits())
    try:
        if not worker.conn.poll(60):
            raise QueryFailed("the query worker did not start")
        worker.conn.recv()
        worker.conn.send((str(snapshot) if snapshot is not None else None, request))
        if not worker.conn.poll(timeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            raise worker.failure() from None
        return _answer(message)
    except (EOFError, OSError):
        raise worker.failure() from None
    finally:
        worker.kill()
