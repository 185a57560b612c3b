"""Loading many documents at once: files, directories and archives, read in parallel
processes and written in batches.

The main process reads the files (an archive front to back, once) and skips any whose
source key (the file's digest, its document id and the loader's fingerprint) the store
already holds, without extracting it. The rest go to ``jobs`` worker processes, each
confined like the server's (no network, bounded memory, a deep stack), which read,
extract and map a document to its graph's N-Quads. The main process writes those in
batches (:meth:`KnowledgeGraph.write`), each one step of the store's generation.

A document is wholly in the store or not at all, wherever the process is killed, and a
rerun loads exactly those that are not (see :meth:`KnowledgeGraph.write`).

>>> from accordgraph.graph.store import KnowledgeGraph
>>> from accordgraph.loaders.sources import collect
>>> from accordgraph import bundled_document
>>> kg = KnowledgeGraph.open()
>>> report = ingest(kg, collect([str(bundled_document())]), jobs=1)
>>> report.loaded, report.commitments, report.failed
(1, 26, [])
>>> ingest(kg, collect([str(bundled_document())]), jobs=1).unchanged
1
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from accordgraph.graph.sandbox import Limits, confine, with_deep_stack
from accordgraph.graph.store import Change, DocumentGraph, GraphContent, KnowledgeGraph
from accordgraph.loaders import LoaderError, extract_bytes
from accordgraph.loaders.extract import loader_fingerprint
from accordgraph.loaders.sources import Source, Sources, read_all
from accordgraph.ontology import Ids

BATCH_TRIPLES = 200_000  # per write: large enough to amortize it, small enough to redo
WORKER_MEMORY = 3 * 1024**3


@dataclass
class IngestReport:
    """What a load did, for the final report."""

    documents: int = 0  # documents offered
    loaded: int = 0  # new to the store
    replaced: int = 0  # in the store before, with other content
    unchanged: int = 0  # the same file, read by the same loader: not read again
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # not documents
    collisions: dict[str, list[str]] = field(default_factory=dict)
    organizations: int = 0
    commitments: int = 0
    triples: int = 0
    warnings: int = 0
    writes: int = 0
    generation: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per stage


def _start_worker(limits: Limits) -> None:
    confine(limits)
    logging.getLogger("rdflib").setLevel(logging.ERROR)  # no document text in the log


def _extract(data: bytes, name: str, doc_id: str, key: str, base: str) -> tuple[object, float]:
    """In a worker: one file → its document graph, or the reason it cannot be read."""
    started = time.process_time()

    def run() -> DocumentGraph:
        return DocumentGraph.of(extract_bytes(data, name, doc_id), Ids(base), key)

    try:
        result: object = with_deep_stack(run)
    except LoaderError as exc:
        result = str(exc)
    except Exception as exc:  # a loader bug on one file must not stop the others
        result = f"{name}: the loader failed ({type(exc).__name__}: {str(exc)[:200]})"
    return result, time.process_time() - started


def source_key(data: bytes, doc_id: str) -> str:
    """What decides a document's graph: its bytes, its id and the loader."""
    return f"{hashlib.sha256(data).hexdigest()} {doc_id} {loader_fingerprint()}"


def ingest(
    kg: KnowledgeGraph,
    found: Sources,
    jobs: int = 1,
    advance: Callable[[int], None] = lambda n: None,
    note: Callable[[str], None] = lambda line: None,
    memory_bytes: int = WORKER_MEMORY,
    each: Callable[[str, str, DocumentGraph | None], None] = lambda state, doc_id, doc: None,
) -> IngestReport:
    """Load every source; ``advance(n)`` after each ``n`` documents done, ``note(line)``
    for each document that could not be loaded, ``each(state, doc_id, document)`` for
    each one that is in the store now (state ``loaded``, ``replaced`` or ``unchanged``;
    the document is None when its file was skipped unread)."""
    report = IngestReport(
        documents=len(found.sources), skipped=list(found.skipped), collisions=found.collisions
    )
    started = time.perf_counter()
    keys = kg.source_keys()
    stored = kg.stored_digests()
    seconds = {"read": 0.0, "extract (CPU, all workers)": 0.0, "write": 0.0}
    batch: list[DocumentGraph] = []
    batch_triples = 0

    writer = ThreadPoolExecutor(1, thread_name_prefix="accordgraph-writer")
    writing: tuple[Future[tuple[Change, float]], list[DocumentGraph]] | None = None

    def write(contents: list[GraphContent]) -> tuple[Change, float]:
        began = time.perf_counter()
        return kg.write(contents, bulk=True), time.perf_counter() - began

    def written() -> None:
        """Wait for the write under way and count what it did."""
        nonlocal writing
        if writing is None:
            return
        future, documents = writing
        writing = None
        change, took = future.result()
        seconds["write"] += took
        report.writes += 1
        for document in documents:
            graph = document.content.graph
            if graph not in change.graphs:
                report.unchanged += 1
                each("unchanged", document.doc_id, document)
            elif graph in stored:
                report.replaced += 1
                each("replaced", document.doc_id, document)
            else:
                report.loaded += 1
                each("loaded", document.doc_id, document)
            report.organizations += document.organizations
            report.commitments += document.commitments
            report.triples += document.content.triples
            report.warnings += len(document.warnings)
        advance(len(documents))

    def flush() -> None:
        """Hand the batch to the writer thread (Oxigraph writes without the GIL, so the
        workers go on extracting meanwhile), after the write before it is done."""
        nonlocal batch, batch_triples, writing
        if not batch:
            return
        written()
        writing = (writer.submit(write, [d.content for d in batch]), batch)
        batch, batch_triples = [], 0

    # Documents in flight when a worker died: the pool fails them all, though one file
    # (or none: the machine's memory) was the cause, so each is tried again on its own.
    again: list[tuple[Source, bytes]] = []

    def settle(future: Future[tuple[object, float]], source: Source, data: bytes) -> None:
        nonlocal batch_triples
        try:
            result, cpu = future.result()
        except BrokenProcessPool:
            if retrying:
                result = f"{source.name}: the extraction process stopped (memory or a crash)"
                cpu = 0.0
            else:
                again.append((source, data))
                return
        seconds["extract (CPU, all workers)"] += cpu
        if isinstance(result, DocumentGraph):
            batch.append(result)
            batch_triples += result.content.triples
            if batch_triples >= BATCH_TRIPLES:
                flush()
        else:
            report.failed.append((source.label, str(result)))
            note(str(result))
            advance(1)

    context = multiprocessing.get_context("spawn")
    limits = Limits(memory_bytes=memory_bytes)
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(limits,)
    )
    in_flight: dict[Future[tuple[object, float]], tuple[Source, bytes]] = {}
    retrying = False

    def submit(source: Source, data: bytes, key: str) -> None:
        nonlocal pool
        arguments = (data, source.name, source.doc_id, key, kg.ids.base)
        try:
            future = pool.submit(_extract, *arguments)
        except BrokenProcessPool:  # a worker died: the pool is gone, start another
            pool.shutdown(wait=False, cancel_futures=True)
            pool = ProcessPoolExecutor(
                jobs, mp_context=context, initializer=_start_worker, initargs=(limits,)
            )
            future = pool.submit(_extract, *arguments)
        in_flight[future] = (source, data)

    def settle_all(at_most: int) -> None:
        while len(in_flight) > at_most:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for finished in done:
                settle(finished, *in_flight.pop(finished))

    try:
        t = time.perf_counter()
        for source, data in read_all(found.sources):
            key = source_key(data, source.doc_id)
            if keys.get(str(kg.ids.document_graph(source.doc_id))) == key:
                report.unchanged += 1
                each("unchanged", source.doc_id, None)
                advance(1)
                continue
            seconds["read"] += time.perf_counter() - t
            submit(source, data, key)
            settle_all(8 * jobs - 1)  # bounded: the archive is not read ahead
            t = time.perf_counter()
        settle_all(0)
        retrying = True
        for source, data in again:  # one at a time: a file that breaks a worker again fails
            submit(source, data, source_key(data, source.doc_id))
            settle_all(0)
        flush()
        written()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        writer.shutdown(wait=True)
    report.generation = kg.generation
    seconds["total (wall)"] = time.perf_counter() - started
    report.seconds = seconds
    return report
