"""A query worker process: confined (no network, bounded memory, a deep stack; see
``sandbox.py``), it opens a read-only snapshot of the store and answers requests sent
over a pipe. It imports only pyoxigraph and the standard library so that a new worker
starts fast; the parent ends a worker whose query runs past its time limit, which is the
only way to stop a query in Oxigraph (it has no cancel call).

Requests are dictionaries; ``kind`` says what to do:

- ``"query"`` (the default): evaluate a query and serialize its result within the row and
  byte limits;
- ``"check-update"``: apply an update to an empty in-memory store, which is how the engine
  itself says whether the text is one complete update, and whether it would reach the
  network (``LOAD``, ``SERVICE``), before the writer applies it to the real store
  (``strict``: whether it fails there at all).
"""

from __future__ import annotations

import csv
import io
import json
from multiprocessing.connection import Connection
from typing import IO, Any, cast

import pyoxigraph as ox

from accordgraph.graph.prefixes import PREFIXES
from accordgraph.graph.results import MEDIA_TYPES, serialize_boolean, serialize_solutions
from accordgraph.graph.sandbox import Confinement, Limits, confine, with_deep_stack

NATIVE_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
BYTES_PER_ROW = 4096
DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "nquads": (ox.RdfFormat.N_QUADS, "application/n-quads"),
}


# The kinds of result, by the engine's answer: the form is the engine's parse, not a guess.
_KINDS = {ox.QuerySolutions: "solutions", ox.QueryBoolean: "boolean", ox.QueryTriples: "graph"}


def _term_size(term: Any) -> int:
    """About how many bytes a term takes in a serialized result."""
    if term is None:
        return 0
    if isinstance(term, ox.Literal):
        return len(term.value) + len(term.datatype.value) + len(term.language or "") + 16
    return len(str(term)) + 16


def execute(store: ox.Store, request: dict[str, Any]) -> tuple[Any, ...]:
    """Run one request; the answer is ("ok", body, media type, rows, truncated) or
    ("syntax", message), ("error", message) or ("too-large", message)."""
    if request.get("kind") == "check-update":
        return _check_update(request)
    default = request.get("default_graph")
    named = request.get("named_graphs")
    options: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": request.get("base_iri")}
    limit = int(request["max_rows"])
    max_bytes = int(request.get("max_bytes") or DEFAULT_MAX_RESULT_BYTES)
    try:
        if default or named:
            # The protocol's dataset, exactly: graphs not named are not in it.
            options["default_graph"] = [ox.NamedNode(g) for g in default or []]
            options["named_graphs"] = [ox.NamedNode(g) for g in named or []]
        elif request.get("union", True):
            options["use_default_graph_as_union"] = True
        # else: the query's own FROM / FROM NAMED
        result = store.query(request["query"], **options)
        kind = _KINDS[type(result)]
        fmt = request["formats"].get(kind)
        if fmt is None:  # no accepted format fits the form: the parent says so
            return ("ok", kind.encode(), "", 0, False)
        if isinstance(result, ox.QueryBoolean):
            return ("ok", serialize_boolean(bool(result), fmt), MEDIA_TYPES[fmt], 1, False)
        if isinstance(result, ox.QuerySolutions):
            native = _natively(result, fmt, limit, max_bytes)
            if native is not None:
                return ("ok", native[0], MEDIA_TYPES[fmt], native[1], False)
            # More rows or bytes than the limits: run again and answer what fits.
            result = store.query(request["query"], **options)
            assert isinstance(result, ox.QuerySolutions)
            variables = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            size = 0
            cut = False
            for solution in result:
                row = [solution[v] for v in variables]
                size += sum(_term_size(t) for t in row)
                if len(rows) == limit or size > max_bytes:
                    cut = True
                    break
                rows.append(row)
            if cut and not rows:
                return ("too-large", _too_large(max_bytes))
            body = serialize_solutions(variables, rows, fmt)
            return ("ok", body, MEDIA_TYPES[fmt], len(rows), cut)
        rdf_format, media_type = RDF_FORMATS[fmt]
        triples: list[ox.Triple] = []
        truncated = False
        size = 0
        for triple in result:
            size += _term_size(triple.subject) + _term_size(triple.predicate)
            size += _term_size(triple.object)
            if len(triples) == limit or size > max_bytes:
                truncated = True
                break
            triples.append(triple)
        if truncated and not triples:
            return ("too-large", _too_large(max_bytes))
        statements: list[Any] = triples
        if rdf_format.supports_datasets:
            statements = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        graph = ox.serialize(statements, format=rdf_format, prefixes=PREFIXES)
        return ("ok", graph or b"", media_type, len(triples), truncated)
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except MemoryError:
        return ("too-large", "the query needed more memory than a query may use")
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        return ("error", str(exc))


def _too_large(max_bytes: int) -> str:
    return (
        f"one row of the result is larger than {max_bytes:,} bytes; "
        "select shorter values (e.g. SUBSTR) or fewer variables"
    )


def _check_update(request: dict[str, Any]) -> tuple[Any, ...]:
    """Whether the update parses, and (by how the process ends) whether it reaches for the
    network. It runs on an empty store, so an operation that fails there for want of data
    (``DROP GRAPH`` of a graph the real store has) is the writer's to judge, not this
    check's; unless ``strict``: then any failure counts."""
    try:
        ox.Store().update(request["update"], prefixes=PREFIXES, base_iri=request.get("base_iri"))
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except (OSError, ValueError, RuntimeError) as exc:
        if request.get("strict"):
            return ("error", str(exc))
    return ("ok", b"", "", 0, False)


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
        if len(self.data) + len(chunk) > self.limit:
            raise _TooLarge
        self.data += chunk
        return len(chunk)


def _natively(
    result: ox.QuerySolutions, fmt: str, limit: int, max_bytes: int
) -> tuple[bytes, int] | None:
    """The whole result serialized by Oxigraph, with its row count, if it has at most
    ``limit`` rows and ``max_bytes`` bytes; None if it has more (a huge result costs
    bounded memory before the capped path takes over). Oxigraph's serializers are several
    times faster than iterating solutions in Python."""
    budget = _Budget(min(BYTES_PER_ROW * (limit + 1), max_bytes))
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


def serve(conn: Connection, path: str | None, limits: Limits) -> None:
    """The worker's main loop: (snapshot path, request) in, answer out, until None.
    Confined first; the loop runs on a deep stack (pyoxigraph's results must be read on
    the thread that made them, so everything runs there)."""
    confinement = confine(limits)
    with_deep_stack(lambda: _loop(conn, path, confinement))


def _open(path: str | None) -> ox.Store:
    return ox.Store.read_only(path) if path else ox.Store()


def serve_replica(conn: Connection, store: ox.Store, mirrors: str, limits: Limits) -> None:
    """The main loop of a worker forked from the replica (``replica.py``): ``store`` is
    the in-memory copy of the snapshot ``mirrors``, shared with the replica's process
    until either writes to it. A request on another snapshot opens that one from disk."""
    confinement = confine(limits)
    with_deep_stack(lambda: _answer(conn, store, mirrors, confinement))


def _loop(conn: Connection, path: str | None, confinement: Confinement) -> None:
    # Ready only once the snapshot is open: a worker that cannot open it never joins the
    # pool (it ends here, and the pool sees it end before it is ready).
    _answer(conn, _open(path), path, confinement)


def _answer(conn: Connection, store: ox.Store, path: str | None, confinement: Confinement) -> None:
    conn.send(("ready", confinement))
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the server is gone
            return
        if message is None:
            return
        snapshot, request = message
        if snapshot != path:
            try:
                store, path = _open(snapshot), snapshot
            except OSError as exc:  # keep serving from the one it has, next time
                conn.send(("error", f"the store's snapshot could not be opened: {exc}"))
                continue
        conn.send(execute(store, request))
