"""A query worker process: opens a read-only snapshot of the store and answers queries
sent over a pipe. It imports only pyoxigraph and the standard library so that a new
worker starts fast; the parent ends a worker whose query runs past its time limit, which
is the only way to stop a query in Oxigraph (it has no cancel call)."""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from accordgraph.graph.prefixes import PREFIXES
from accordgraph.graph.results import MEDIA_TYPES, serialize_boolean, serialize_solutions

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
