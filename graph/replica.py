"""An in-memory replica of the store, shared by the query workers.

Oxigraph answers the same query 2-7 times faster from its in-memory store than from
RocksDB on disk (``benchmarks/sparql_endpoint.py``). The on-disk store stays the one
durable copy; a replica process reads a snapshot of it into memory once, then forks the
query workers, which share its memory copy-on-write instead of each holding a copy. A
worker is confined after the fork like any other (``sandbox.py``: no network, bounded
memory; its memory limit counts from the replica's size), and the pool stops a worker
the same way whichever process made it.

After a write, the replica copies the graphs the write changed from the new snapshot
(milliseconds for a document); workers forked before that are retired as they come
back to the pool. After a SPARQL update, which may have changed anything, the server
starts a new replica and keeps serving from snapshots until it is ready. So is it at
start: a replica of the White House corpus (17 M quads) takes minutes to read.

The replica process is single-threaded (a fork copies only the calling thread, so no
lock may be held elsewhere), and reaps its workers: their exit status, which says why a
worker stopped, is asked of it (:meth:`Replica.exitcode`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Iterable
from multiprocessing import reduction
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import pyoxigraph as ox

from accordgraph.graph.sandbox import Limits, confine
from accordgraph.graph.worker import serve_replica

_CONTEXT = multiprocessing.get_context("spawn")


def _address_space() -> int:
    """This process's address space in bytes (what ``RLIMIT_AS`` counts)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _copy(store: ox.Store, snapshot: str, graphs: Iterable[str] | None) -> None:
    """Copy ``graphs`` (None: everything) from the snapshot into ``store``."""
    disk = ox.Store.read_only(snapshot)
    if graphs is None:
        store.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        return
    for graph in graphs:
        name = ox.NamedNode(graph)
        store.remove_graph(name)
        store.extend(disk.quads_for_pattern(None, None, None, name))


def _reap(exited: dict[int, int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        exited[pid] = os.waitstatus_to_exitcode(status)
        while len(exited) > 10_000:  # statuses nobody asked for
            exited.pop(next(iter(exited)))


def _hold(conn: Connection, snapshot: str) -> None:
    """The replica process: load, then fork workers and apply changes on request."""
    confine(Limits(memory_bytes=None))  # off the network; its memory is the replica's
    store = ox.Store()
    try:
        _copy(store, snapshot, None)
    except OSError as exc:
        conn.send(("error", str(exc)))
        return
    mirrors = snapshot
    conn.send(("ready", mirrors, len(store)))
    exited: dict[int, int] = {}
    while True:
        try:
            message = conn.recv()
        except EOFError:
            message = None
        if message is None:
            return
        _reap(exited)
        command, *arguments = message
        if command == "fork":
            (budget,) = arguments
            ours, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:  # the worker
                try:
                    conn.close()
                    ours.close()
                    limit = None if budget is None else _address_space() + budget
                    worker = Connection(theirs.detach())
                    serve_replica(worker, store, mirrors, Limits(memory_bytes=limit))
                finally:
                    os._exit(0)
            theirs.close()
            conn.send(("forked", pid))
            reduction.send_handle(conn, ours.fileno(), 0)  # the pid matters on Windows only
            ours.close()
        elif command == "patch":
            snapshot, graphs = arguments
            try:
                _copy(store, snapshot, graphs)
            except OSError as exc:  # the snapshot is gone: the server starts a new replica
                conn.send(("error", str(exc)))
                continue
            mirrors = snapshot
            conn.send(("patched", mirrors))
        elif command == "exitcode":
            pid, wait = arguments
            deadline = time.monotonic() + wait
            while pid not in exited and time.monotonic() < deadline:
                time.sleep(0.005)
                _reap(exited)
            conn.send(("exitcode", exited.pop(pid, None)))


class ReplicaError(Exception):
    """The replica could not do what was asked; the pool serves from snapshots."""


class Replica:
    """The server's handle on a replica process, loading from ``snapshot`` from the
    moment it is made (:meth:`ready` says when it is done)."""

    def __init__(self, snapshot: str | os.PathLike[str]) -> None:
        parent, child = _CONTEXT.Pipe()
        self._conn: Connection = parent
        self._lock = threading.Lock()  # one request and its answer at a time
        self.process: BaseProcess = _CONTEXT.Process(
            target=_hold, args=(child, str(snapshot)), daemon=True, name="accordgraph-replica"
        )
        self.process.start()
        child.close()
        self.mirrors: str | None = None  # the snapshot it holds, once loaded
        self.quads = 0
        self.failed: str | None = None

    def ready(self) -> bool:
        """Whether it holds a snapshot (it never waits)."""
        if self.mirrors is not None or self.failed is not None:
            return self.mirrors is not None
        with self._lock:
            try:
                if not self._conn.poll():
                    return False
                message = self._conn.recv()
            except (EOFError, OSError):
                message = ("error", f"the replica process ended ({self.process.exitcode})")
            if message[0] == "ready":
                _ready, self.mirrors, self.quads = message
            else:
                self.failed = str(message[1])
        return self.mirrors is not None

    def wait(self, timeout: float) -> bool:
        """Wait until it is ready (tests, benchmarks); False if it is not by then."""
        deadline = time.monotonic() + timeout
        while not self.ready() and self.failed is None and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.ready()

    def _ask(self, *message: object) -> tuple[object, ...]:
        try:
            self._conn.send(message)
            answer: tuple[object, ...] = self._conn.recv()
        except (EOFError, OSError) as exc:
            self.failed = f"the replica process ended ({exc or self.process.exitcode})"
            self.mirrors = None
            raise ReplicaError(self.failed) from None
        if answer[0] == "error":
            self.failed = str(answer[1])
            self.mirrors = None
            raise ReplicaError(self.failed)
        return answer

    def fork(self, memory_bytes: int | None) -> tuple[Connection, Forked]:
        """A new worker on the replica, with ``memory_bytes`` beyond what it shares."""
        if not self.ready():
            raise ReplicaError("the replica is not loaded yet")
        with self._lock:
            _forked, pid = self._ask("fork", memory_bytes)
            try:
                fd = reduction.recv_handle(self._conn)
            except (EOFError, OSError) as exc:
                raise ReplicaError(f"no connection to the new worker ({exc})") from None
        assert isinstance(pid, int)
        return Connection(fd), Forked(self, pid)

    def patch(self, snapshot: str | os.PathLike[str], graphs: Iterable[str]) -> None:
        """Copy ``graphs`` from a newer ``snapshot``; it mirrors that snapshot after."""
        if not self.ready():
            raise ReplicaError("the replica is not loaded yet")
        with self._lock:
            _patched, mirrors = self._ask("patch", str(snapshot), sorted(graphs))
        self.mirrors = str(mirrors)

    def exitcode(self, pid: int, wait: float) -> int | None:
        """A worker's exit status, once it has ended (None: still running)."""
        if self.process.exitcode is not None:
            return None
        with self._lock:
            try:
                _exitcode, code = self._ask("exitcode", pid, wait)
            except ReplicaError:
                return None
        return code if isinstance(code, int) else None

    def close(self) -> None:
        """End the replica process (its workers end when the pool closes them)."""
        with contextlib.suppress(OSError):
            self._conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(OSError):
            self._conn.close()


class Forked:
    """A worker forked by the replica, with what the pool uses of a process."""

    def __init__(self, replica: Replica, pid: int) -> None:
        self.replica = replica
        self.pid = pid
        self._exitcode: int | None = None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        if self._exitcode is None:
            self._exitcode = self.replica.exitcode(self.pid, timeout or 0.0)

    @property
    def exitcode(self) -> int | None:
        self.join(0)
        return self._exitcode
