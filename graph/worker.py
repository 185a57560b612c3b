"""A query worker process: opens a read-only snapshot of the store and answers queries
sent over a pipe. It imports only pyoxigraph and the standard library so that a new
worker starts fast; the parent ends a worker whose query runs past its time limit, which
is the only way to stop a query in Oxigraph (it has no cancel call)."""

from __future__ import annotations

import csv
import io
import json
from multiprocessing.connection import Connection
from typing import IO, Any, cast

import pyoxigraph as ox

from accordgraph.graph.prefixes import PREFIXES
from accordgraph.graph.results import MEDIA_TYPES, serialize_boolean, serialize_solutions

NATIVE_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
BYTES_PER_ROW = 4096
MAX_NATIVE_BYTES = 64 * 1024 * 1024
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "nquads": (ox.RdfFormat.N_QUADS, "application/n-quads"),
}


def execute(store: ox.Store, request: dict[str, Any]) -> tuple[Any, ...]:
    """Run one query; the answer is ("ok", body, media type, rows, truncated) or
    ("syntax", message) or ("error", message)."""
    default = request.get("default_graph")
    named = request.get("named_graphs")
    options: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": request.get("base_iri")}
    if default or named:
        # The protocol's dataset, exactly: graphs not named are not in it.
        options["default_graph"] = [ox.NamedNode(g) for g in default or []]
        options["named_graphs"] = [ox.NamedNode(g) for g in named or []]
    else:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(request["query"], **options)
        limit = int(request["max_rows"])
        if isinstance(result, ox.QueryBoolean):
            fmt = request["results_format"]
            return ("ok", serialize_boolean(bool(result), fmt), MEDIA_TYPES[fmt], 1, False)
        if isinstance(result, ox.QuerySolutions):
            fmt = request["results_format"]
            native = _natively(result, fmt, limit)
            if native is not None:
                return ("ok", native[0], MEDIA_TYPES[fmt], native[1], False)
            # More rows than the limit: run again and answer the first ``limit`` rows.
            result = store.query(request["query"], **options)
            assert isinstance(result, ox.QuerySolutions)
            variables = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            cut = False
            for solution in result:
                if len(rows) == limit:
                    cut = True
                    break
                rows.append([solution[v] for v in variables])
            body = serialize_solutions(variables, rows, fmt)
            return ("ok", body, MEDIA_TYPES[fmt], len(rows), cut)
        rdf_format, media_type = RDF_FORMATS[request["rdf_format"]]
        triples: list[ox.Triple] = []
        truncated = False
        for triple in result:
            if len(triples) == limit:
                truncated = True
                break
            triples.append(triple)
        statements: list[Any] = triples
        if rdf_format.supports_datasets:
            statements = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        graph = ox.serialize(statements, format=rdf_format, prefixes=PREFIXES)
        return ("ok", graph or b"", media_type, len(triples), truncated)
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except (OSError, ValueError, RuntimeError) as exc:
        return ("error", str(exc))


class _TooLarge(Exception):
    pass


class _Budget(io.RawIOBase):
    """A write target that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.data = bytearray()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self.data += chunk
        if len(self.data) > self.limit:
            raise _TooLarge
        return len(chunk)


def _natively(result: ox.QuerySolutions, fmt: str, limit: int) -> tuple[bytes, int] | None:
    """The whole result serialized by Oxigraph, with its row count, if it has at most
    ``limit`` rows; None if it has more (or would take more than a generous byte budget,
    so a huge result costs bounded memory before the capped path takes over). Oxigraph's
    serializers are several times faster than iterating solutions in Python."""
    budget = _Budget(min(BYTES_PER_ROW * (limit + 1), MAX_NATIVE_BYTES))
    try:
        result.serialize(cast("IO[bytes]", budget), format=NATIVE_RESULTS[fmt])
    except _TooLarge:
        return None
    body = bytes(budget.data)
    rows = _count_rows(body, fmt)
    return (body, rows) if rows <= limit else None


def _count_rows(body: bytes, fmt: str) -> int:
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return body.count(b"<result>")  # markup in values is escaped
    if fmt == "csv":
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
    return body.count(b"\n") - 1  # TSV escapes line breaks in values


def serve(conn: Connection, path: str) -> None:
    """The worker's main loop: (snapshot path, request) in, answer out, until None."""
    store = ox.Store.read_only(path)
    while True:
        message = conn.recv()
        if message is None:
            return
        snapshot, request = message
        if snapshot != path:
            path = snapshot
            store = ox.Store.read_only(path)
        conn.send(execute(store, request))
