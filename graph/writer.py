"""The store's one writer, in a confined process of its own.

Everything that changes the store for the server runs here: uploads (reading and
extracting the file too, so a slow or hostile file never holds up the server), removals,
SPARQL updates and the Graph Store Protocol's writes (parsing their bodies too). The
process is confined like a query worker (``sandbox.py``: no network, bounded memory, a
deep stack), so an update that crashes the engine or runs
past its time limit ends this process, not the server: the server kills it, Oxigraph
drops the unfinished transaction, and a new writer reopens the store. After each write
the writer takes a snapshot (``Store.backup``); the server and its query workers read
only snapshots.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from accordgraph import bundled_document
from accordgraph.graph.executor import (
    OUTBOUND_REFUSED,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    Snapshots,
    WorkerError,
    end_process,
    readable,
)
from accordgraph.graph.graph_store import write_graph
from accordgraph.graph.sandbox import (
    Limits,
    confine,
    ran_out_of_memory,
    tried_network,
    with_deep_stack,
)
from accordgraph.graph.store import Change, KnowledgeGraph, StoreError
from accordgraph.loaders import LoaderError, extract_bytes

_CONTEXT = multiprocessing.get_context("spawn")  # a fresh interpreter: the writer is long-lived


class WriteFailed(WorkerError):
    """The write was refused or could not be applied; nothing changed."""

    def __init__(self, message: str, kind: str = "invalid") -> None:
        super().__init__(message)
        self.kind = kind  # "invalid" (the request's fault), "loader", "store"


@dataclass(frozen=True)
class Written:
    """What a write did: its result, the graphs it changed, and the snapshot to read
    from now on."""

    result: Any
    snapshot: Path
    change: Change

    @property
    def generation(self) -> int:  # the store's, after the write
        return self.change.generation

    @property
    def changed(self) -> bool:  # False when the store is as it was (a file loaded again)
        return self.change.changed


def _serve(conn: Connection, path: str, base: str | None, snapshots: str, limits: Limits) -> None:
    confine(limits)
    # rdflib warns with the offending text (a date it cannot read, say): what an upload
    # holds must not end up in the server's log.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    with_deep_stack(lambda: _loop(conn, path, base, snapshots))


def _warm_up() -> None:
    with contextlib.suppress(Exception):
        extract_bytes(b"A warm-up text of no consequence.", "warm-up.txt")


def _loop(conn: Connection, path: str, base: str | None, snapshot_dir: str) -> None:
    try:
        kg = KnowledgeGraph.open(path, base=base)
    except StoreError as exc:
        conn.send(("error", "store", str(exc)))
        return
    if kg.document_count() == 0:
        kg.load(bundled_document())  # a first run answers with real data
        print(
            f"accordgraph: the store was empty; loaded the bundled {bundled_document().name}",
            file=sys.stderr,
            flush=True,
        )
    snapshots = Snapshots(Path(snapshot_dir))
    conn.send(("ok", str(snapshots.take(kg)), kg.generation))
    # Then, beside the writes: a bulk load leaves the store uncompacted, and compacting
    # the White House corpus takes half a minute the server need not wait (started
    # before the snapshot, it slowed the writer's start from 3 s to 12 s).
    threading.Thread(target=kg.optimize, name="compaction", daemon=True).start()
    # The loader compiles its patterns on first use (seconds): not on the first upload.
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the server is gone: close the store cleanly
            message = None
        if message is None:
            kg.close()
            return
        operation, arguments = message
        try:
            result: Any
            if operation == "load":
                data, name, doc_id = arguments
                report = kg.load_bytes(data, name, doc_id)
                result = (report, kg.extraction_summary(report.doc_id))
                graphs = [report.graph] if report.changed else []
                change = Change(kg.generation, frozenset(graphs))
            elif operation == "remove":
                result = kg.remove_document(arguments)
                graphs = [str(kg.ids.document_graph(arguments))] if result else []
                change = Change(kg.generation, frozenset(graphs))
            elif operation == "update":
                sparql, base_iri = arguments
                result, change = None, kg.update(sparql, base_iri)
            elif operation == "graph-store":  # method, graph (None: default), documents
                result, change = write_graph(kg, *arguments)
            else:
                raise ValueError(f"unknown operation {operation!r}")
        except LoaderError as exc:
            conn.send(("error", "loader", str(exc)))
            continue
        except StoreError as exc:
            conn.send(("error", "invalid", str(exc)))
            continue
        except (Exception, MemoryError) as exc:  # the process boundary: report, go on
            reason = f"{type(exc).__name__}: {exc}"[:500]
            conn.send(("error", "invalid", f"the write could not be applied ({reason})"))
            continue
        snapshot = str(snapshots.take(kg)) if change.changed else None
        conn.send(("ok", result, snapshot, change))


class Writer:
    """The server's handle on the writer process; one write at a time."""

    def __init__(
        self, path: Path, snapshots: Path, base: str | None = None, limits: Limits | None = None
    ) -> None:
        self.path = path
        self.snapshots = snapshots
        self.base = base
        self.limits = limits or Limits(memory_bytes=4 * 1024**3, refuse_network=True)
        self.lock = asyncio.Lock()
        self.snapshot: Path
        self.generation = 0
        self._start()

    def _start(self) -> None:
        parent, child = _CONTEXT.Pipe()
        self._conn: Connection = parent
        self._process: BaseProcess = _CONTEXT.Process(
            target=_serve,
            args=(child, str(self.path), self.base, str(self.snapshots), self.limits),
            daemon=True,
        )
        self._process.start()
        child.close()
        if not parent.poll(600):
            self._kill()
            raise WriteFailed("the store's writer did not start within 600 s", "store")
        try:
            message = parent.recv()
        except EOFError:
            raise WriteFailed(
                f"the store's writer stopped while opening {self.path} "
                f"(exit status {self._process.exitcode})",
                "store",
            ) from None
        if message[0] == "error":
            raise WriteFailed(message[2], message[1])
        _ok, snapshot, self.generation = message
        self.snapshot = Path(snapshot)

    def _kill(self) -> None:
        end_process(self._process, self._conn, wait=10)

    def _restart(self) -> None:
        self._kill()
        self._start()

    async def write(self, operation: str, arguments: Any, timeout: float) -> Written:
        """Apply one write; raises :class:`WriteFailed`, or a :class:`WorkerError` that
        says why the writer had to be stopped (time, memory, network)."""
        async with self.lock:
            try:
                self._conn.send((operation, arguments))
                if not await readable(self._conn, timeout):
                    await asyncio.to_thread(self._restart)
                    raise QueryTimeout(
                        f"the write ran longer than {timeout:g} s and was stopped; nothing changed"
                    )
                message = await asyncio.to_thread(self._conn.recv)
            except (EOFError, OSError):
                with contextlib.suppress(OSError, ValueError):
                    self._process.join(5)
                code = self._process.exitcode
                await asyncio.to_thread(self._restart)
                if tried_network(code):
                    raise QueryRefused(OUTBOUND_REFUSED) from None
                if ran_out_of_memory(code):
                    raise QueryTooLarge(
                        "the write needed more memory than the writer may use; nothing changed"
                    ) from None
                raise WriteFailed(
                    f"the write stopped the store's writer (exit status {code}); nothing changed",
                    "invalid",
                ) from None
            if message[0] == "error":
                raise WriteFailed(message[2], message[1])
            _ok, result, snapshot, change = message
            if snapshot is not None:
                self.snapshot = Path(snapshot)
            self.generation = change.generation
            return Written(result, self.snapshot, change)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send(None)
        self._process.join(30)
        self._kill()
