"""The SPARQL 1.1 Protocol's request rules: which operation, which dataset, which result
format. Pure functions of the request's parts, so they are tested without a server."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs


class ProtocolError(Exception):
    """The request breaks the protocol: answered with ``status`` and the message."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Operation:
    query: str | None = None
    update: str | None = None
    default_graph: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    using_graph: list[str] = field(default_factory=list)
    using_named_graph: list[str] = field(default_factory=list)
    # ``format``, ``output`` and ``results`` parameters, in order (SPARQLWrapper sends all
    # three): hints, taken when they agree on a format that fits the query's form
    formats: list[str] = field(default_factory=list)
    timeout: float | None = None
    parameters: set[str] = field(default_factory=set)  # the names the request gave


RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
FORMAT_NAMES = {
    "json": "json",
    "xml": "xml",
    "srj": "json",
    "srx": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "trig": "trig",
    "nquads": "nquads",
    "n-quads": "nquads",
    "n3": "turtle",
    "rdf+xml": "rdfxml",
}
# What a name that stands for results as well as graphs means for a graph (CONSTRUCT or
# DESCRIBE): "json" asked of a CONSTRUCT is JSON-LD, "xml" RDF/XML.
GRAPH_SYNONYMS = {"json": "jsonld", "xml": "rdfxml"}


DEFAULT_MEDIA = {"json": "application/sparql-results+json", "turtle": "text/turtle"}
FORMAT_PARAMETERS = ("format", "output", "results")


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(f"the request gives {len(values)} '{name}' parameters; give one")
    return values[0] if values else None


def _charset_ok(content_type: str) -> bool:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value.strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def read_operation(
    method: str, query_string: str, content_type: str | None, body: bytes
) -> Operation:
    """The operation a GET or POST request asks for."""
    params = parse_qs(query_string, keep_blank_values=True)
    media = (content_type or "").split(";")[0].strip().lower()
    operation = Operation()
    if method == "POST":
        if not content_type:
            raise ProtocolError(
                "a POST needs a Content-Type: application/x-www-form-urlencoded, "
                "application/sparql-query or application/sparql-update"
            )
        if not _charset_ok(content_type):
            raise ProtocolError("the request body must be UTF-8", 415)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("the request body is not UTF-8", 415) from None
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            if "query" in params:
                raise ProtocolError("give the query in the body or in the URL, not both")
            params["query"] = [text]
        elif media == "application/sparql-update":
            if "update" in params:
                raise ProtocolError("give the update in the body or in the URL, not both")
            params["update"] = [text]
        else:
            raise ProtocolError(f"unsupported Content-Type {media!r} for a SPARQL request", 415)
    operation.parameters = set(params)
    operation.query = _single(params, "query")
    operation.update = _single(params, "update")
    if method == "GET" and operation.update is not None:
        raise ProtocolError("updates are sent with POST, not GET")
    if operation.query is not None and operation.update is not None:
        raise ProtocolError("a request carries a query or an update, not both")
    operation.default_graph = params.get("default-graph-uri", [])
    operation.named_graphs = params.get("named-graph-uri", [])
    operation.using_graph = params.get("using-graph-uri", [])
    operation.using_named_graph = params.get("using-named-graph-uri", [])
    operation.formats = [v for name in FORMAT_PARAMETERS for v in params.get(name, []) if v]
    timeout = _single(params, "timeout")
    if timeout is not None:
        try:
            operation.timeout = float(timeout)
        except ValueError:
            raise ProtocolError(f"timeout must be a number of seconds, not {timeout!r}") from None
        if operation.timeout <= 0:
            raise ProtocolError("timeout must be positive")
    return operation


def accepted(accept: str | None) -> list[tuple[str, float]]:
    ranges: list[tuple[str, float]] = []
    for item in (accept or "*/*").split(","):
        parts = item.strip().split(";")
        media = parts[0].strip().lower()
        quality = 1.0
        for param in parts[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((media, quality))
    return sorted(ranges, key=lambda r: -r[1])


BOOLEAN_FORMATS = ("json", "xml")  # the results formats that define a boolean


def _table(form: str) -> dict[str, str]:
    """The media types that can carry a result of the query form, and their formats."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return RDF_TYPES
    if form == "ASK":
        return {m: f for m, f in RESULT_TYPES.items() if f in BOOLEAN_FORMATS}
    return RESULT_TYPES


def hinted_format(form: str, hints: list[str]) -> str | None:
    """The format the ``format``/``output``/``results`` parameters ask for, if they name
    one that fits the query's form and do not contradict each other; None otherwise (the
    Accept header decides).

    >>> hinted_format("SELECT", ["json", "json", "json"]), hinted_format("CONSTRUCT", ["json"])
    ('json', 'jsonld')
    >>> hinted_format("SELECT", ["turtle"]), hinted_format("SELECT", ["csv", "tsv"])
    (None, None)
    >>> hinted_format("ASK", ["csv"]), negotiate("ASK", "text/csv")
    (None, 'json')
    """
    rdf = form in ("CONSTRUCT", "DESCRIBE")
    table = _table(form)
    names = set()
    for hint in hints:
        value = hint.strip().lower()
        name = FORMAT_NAMES.get(value) or table.get(value)
        if rdf and name in GRAPH_SYNONYMS:
            name = GRAPH_SYNONYMS[name]
        if name is not None and name in table.values():
            names.add(name)
    return names.pop() if len(names) == 1 else None


def negotiate(form: str, accept: str | None, hints: list[str] | None = None) -> str:
    """The result format for a query form: what the format parameters agree on, else
    the Accept header's first choice that fits the form."""
    rdf = form in ("CONSTRUCT", "DESCRIBE")
    table = _table(form)
    hinted = hinted_format(form, hints or [])
    if hinted is not None:
        return hinted
    default = "turtle" if rdf else "json"
    for media, _quality in accepted(accept):
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):  # the first of the offered types of that kind
            kind = media[:-1]
            if kind in DEFAULT_MEDIA[default]:
                return default
            for offered, name in table.items():
                if offered.startswith(kind):
                    return name
    if form == "ASK" and any(media in RESULT_TYPES for media, _q in accepted(accept)):
        # CSV and TSV carry SELECT results only: an ASK is answered in the JSON format
        # (a server may disregard Accept, RFC 9110 §12.5.1), which clients read by its
        # Content-Type, rather than refused
        return "json"
    raise ProtocolError(
        f"none of the accepted media types can carry a {form} result "
        f"(offer: {', '.join(sorted(table))})",
        406,
    )
