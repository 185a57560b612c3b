"""Support for the W3C SPARQL 1.0 and 1.1 test suites copied in ``tests/w3c/rdf-tests``:
reading their manifests, loading their data, reading their expected results in every
format they use, and comparing results the way the W3C implementation reports do
(solutions as multisets up to blank-node renaming, graphs by isomorphism, literals by
term equality: lexical form, datatype and language tag).

Every file has the IRI it has on the suites' public site
(``https://w3c.github.io/rdf-tests/sparql/sparql11/<dir>/<file>``): the manifests are read
with that IRI as their base, so the files they name come out as such IRIs; data is loaded
with its file's IRI as base, and queries and updates are run with theirs.

RDF files (data and expected results) are read with pyoxigraph, which keeps every literal's
lexical form as written (rdflib would normalize ``"01"^^xsd:integer`` to ``"1"``); graphs are
compared with rdflib's isomorphism, built from those terms without normalization.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.term import Node

from accordgraph.settings import store_dir

ROOT = Path(__file__).parent / "w3c" / "rdf-tests"
PUBLIC = "https://w3c.github.io/rdf-tests/"
ENTRY_MANIFESTS = (
    "sparql/sparql10/manifest.ttl",
    "sparql/sparql11/manifest-sparql11-query.ttl",
    "sparql/sparql11/manifest-sparql11-results.ttl",
    "sparql/sparql11/manifest-sparql11-update.ttl",
)
TOKEN = "w3c-suites-token"
# Graphs of the accordgraph store itself (ontology, reference data, bookkeeping).
OWN_GRAPHS = "https://w3id.org/accordgraph/"
# A graph no test loads: the protocol's default graph for a test with no data at all.
EMPTY_GRAPH = "urn:x-w3c:empty"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = str(RDF.type)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

QUERY_EVALUATION = frozenset({"QueryEvaluationTest", "CSVResultFormatTest"})
QUERY_SYNTAX = frozenset(
    {"PositiveSyntaxTest", "NegativeSyntaxTest", "PositiveSyntaxTest11", "NegativeSyntaxTest11"}
)
UPDATE_SYNTAX = frozenset({"PositiveUpdateSyntaxTest11", "NegativeUpdateSyntaxTest11"})
UPDATE_EVALUATION = frozenset({"UpdateEvaluationTest"})
KINDS = QUERY_EVALUATION | QUERY_SYNTAX | UPDATE_SYNTAX | UPDATE_EVALUATION
# The W3C reports leave these out.
SKIPPED_APPROVALS = frozenset({DAWGT.Withdrawn, DAWGT.NotClassified})


def iri_of(path: Path) -> str:
    """A copied file's public IRI."""
    return PUBLIC + path.resolve().relative_to(ROOT.resolve()).as_posix()


def path_of(iri: str) -> Path:
    """The copy of a file named by its public IRI."""
    if not iri.startswith(PUBLIC):
        raise ValueError(f"{iri} is not a file of the suites")
    return ROOT / iri.removeprefix(PUBLIC)


def text_of(iri: str) -> str:
    return path_of(iri).read_text(encoding="utf-8")


@dataclass(frozen=True)
class W3CTest:
    """One manifest entry. ``action`` is the query or update file (for a syntax test, the
    file whose syntax is tested); graphs are ``(graph name, file)`` pairs (for a query
    test the name is the file's IRI, for an update test its ``rdfs:label``)."""

    id: str
    iri: str
    name: str
    kind: str
    action: str
    data: tuple[str, ...] = ()
    graph_data: tuple[tuple[str, str], ...] = ()
    result: str = ""
    result_data: tuple[str, ...] = ()
    result_graph_data: tuple[tuple[str, str], ...] = ()
    lax_cardinality: bool = False

    @property
    def positive(self) -> bool:
        return self.kind.startswith("Positive")

    @property
    def text(self) -> str:
        return text_of(self.action)

    def data_files(self) -> set[str]:
        """The data files the test loads, those its query names in FROM / FROM NAMED
        included."""
        files = {*self.data, *(f for _, f in self.graph_data)}
        if self.kind in QUERY_EVALUATION:
            default, named = dataset_clause(self.text, self.action)
            files.update(i for i in default + named if i.startswith(PUBLIC))
        return files

    def files(self) -> set[str]:
        """Every file the test uses."""
        files = {self.action, *self.data_files(), *self.result_data}
        files.update(f for _, f in self.result_graph_data)
        if self.result:
            files.add(self.result)
        return files


def _kind(graph: Graph, test: Node) -> str | None:
    for value in graph.objects(test, RDF.type):
        local = str(value).removeprefix(str(MF))
        if local in KINDS:
            return local
    return None


def _graphs(graph: Graph, node: Node | None, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(node, predicate)))


def _named_graphs(graph: Graph, node: Node | None) -> tuple[tuple[str, str], ...]:
    """``ut:graphData [ ut:graph <file> ; rdfs:label "name" ]``: (name, file) pairs."""
    pairs = []
    for item in graph.objects(node, UT.graphData):
        file = str(graph.value(item, UT.graph))
        pairs.append((str(graph.value(item, RDFS.label) or file), file))
    return tuple(sorted(pairs))


def _test(graph: Graph, test: Node, manifest: Path) -> W3CTest | None:
    kind = _kind(graph, test)
    if kind is None or graph.value(test, DAWGT.approval) in SKIPPED_APPROVALS:
        return None
    where = manifest.parent.relative_to(ROOT / "sparql").as_posix()
    local = str(test).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    common: dict[str, Any] = {
        "id": f"{where}/{local}",
        "iri": str(test),
        "name": str(graph.value(test, MF.name) or local),
        "kind": kind,
    }
    action = graph.value(test, MF.action)
    result = graph.value(test, MF.result)
    if kind in QUERY_EVALUATION:
        return W3CTest(
            action=str(graph.value(action, QT.query)),
            data=_graphs(graph, action, QT.data),
            graph_data=tuple((g, g) for g in _graphs(graph, action, QT.graphData)),
            result=str(result),
            lax_cardinality=(test, MF.resultCardinality, MF.LaxCardinality) in graph,
            **common,
        )
    if kind in UPDATE_EVALUATION:
        return W3CTest(
            action=str(graph.value(action, UT.request)),
            data=_graphs(graph, action, UT.data),
            graph_data=_named_graphs(graph, action),
            result_data=_graphs(graph, result, UT.data),
            result_graph_data=_named_graphs(graph, result),
            **common,
        )
    return W3CTest(action=str(action), **common)


def _read_manifest(path: Path, seen: set[Path]) -> Iterator[W3CTest]:
    if path in seen:
        return
    seen.add(path)
    graph = Graph().parse(path, format="turtle", publicID=iri_of(path))
    manifest = URIRef(iri_of(path))
    for includes in graph.objects(manifest, MF.include):
        for included in Collection(graph, includes):
            yield from _read_manifest(path_of(str(included)), seen)
    for entries in graph.objects(manifest, MF.entries):
        for entry in Collection(graph, entries):
            test = _test(graph, entry, path)
            if test is not None:
                yield test


@cache
def _walk() -> tuple[tuple[W3CTest, ...], frozenset[Path]]:
    seen: set[Path] = set()
    tests = [t for entry in ENTRY_MANIFESTS for t in _read_manifest(ROOT / entry, seen)]
    ids = Counter(t.id for t in tests)
    assert max(ids.values()) == 1, [i for i, n in ids.items() if n > 1]
    return tuple(tests), frozenset(seen)


def all_tests() -> tuple[W3CTest, ...]:
    """Every approved test of the copied manifests, in manifest order."""
    return _walk()[0]


def select_tests(kinds: Iterable[str]) -> list[W3CTest]:
    wanted = set(kinds)
    return [t for t in all_tests() if t.kind in wanted]


def with_expected_failures(tests: Iterable[W3CTest], failures: dict[str, str]) -> list[Any]:
    """pytest parameters for ``tests``: those in ``failures`` (id: reason) marked as
    failing, strictly (a test that starts to pass must leave the list)."""
    import pytest

    return [
        pytest.param(
            t,
            id=t.id,
            marks=[pytest.mark.xfail(strict=True, reason=failures[t.id])]
            if t.id in failures
            else [],
        )
        for t in tests
    ]


def writable_server(start: Any, data: Path) -> Iterator[Any]:
    """A live server over an empty store, with updates enabled (the fixtures of the
    syntax and update suites ``yield from`` it); stopped as soon as its module ends, not
    with the session's other servers."""
    build_server_store(data, [])
    server = start("--updates", "--token", TOKEN, data=data)
    yield server
    server.stop()


def manifest_files() -> set[str]:
    """The manifests read: the entry manifests and those they include."""
    return {iri_of(p) for p in _walk()[1]}


# --- queries --------------------------------------------------------------------------

_COMMENT = re.compile(r"#[^\n<>\"']*$", re.MULTILINE)
_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?<([^>\s]*)>", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def dataset_clause(query: str, base: str) -> tuple[list[str], list[str]]:
    """The IRIs of the query's FROM and FROM NAMED clauses, resolved against its base (a
    textual look, enough for the suites: they write these clauses with IRI references)."""
    default: list[str] = []
    named: list[str] = []
    for match in _FROM.finditer(_COMMENT.sub("", query)):
        (named if match.group(1) else default).append(urljoin(base, match.group(2)))
    return default, named


def has_order_by(query: str) -> bool:
    return bool(_ORDER_BY.search(_COMMENT.sub("", query)))


def dataset_parameters(test: W3CTest, query: str) -> tuple[tuple[str, str], ...]:
    """The SPARQL Protocol dataset parameters that give a query test, sent to a server whose
    store holds every data file in a named graph named by the file's IRI, the dataset it
    has in-process:

    - the query has FROM / FROM NAMED clauses: no parameters, so that its own clauses
      apply (parameters would override them, SPARQL 1.1 Protocol §2.1.4), as in-process
      (e.g. ``constructwhere04`` gives qt:graphData and names the same file in FROM);
    - else the manifest's qt:data as ``default-graph-uri`` and its qt:graphData as
      ``named-graph-uri`` (with only qt:graphData the default graph is empty, as
      in-process);
    - else (no data at all) ``default-graph-uri`` of a graph no test loads: without dataset
      parameters the server's default graph is the union of all its graphs, where
      in-process it is empty.
    """
    default, named = dataset_clause(query, test.action)
    if default or named:
        return ()
    if test.data or test.graph_data:
        return tuple(("default-graph-uri", d) for d in test.data) + tuple(
            ("named-graph-uri", name) for name, _ in test.graph_data
        )
    return (("default-graph-uri", EMPTY_GRAPH),)


def with_base(text: str, base: str) -> str:
    """The query or update with a BASE declaration first (the prologue may mix BASE and
    PREFIX declarations in any order), so that it resolves relative IRIs as in-process."""
    return f"BASE <{base}>\n{text}"


# --- RDF data -------------------------------------------------------------------------


def rdf_format(iri: str) -> Any:
    return ox.RdfFormat.from_extension(iri.rsplit(".", 1)[-1])


def parse_file(iri: str) -> list[Any]:
    """The triples of a data file (as pyoxigraph quads in the default graph)."""
    return list(ox.parse(path=str(path_of(iri)), format=rdf_format(iri), base_iri=iri))


def load_file(store: Any, iri: str, graph: str | None) -> None:
    """Load a data file into the default graph (``graph`` None) or a named graph."""
    target = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    store.load(path=str(path_of(iri)), format=rdf_format(iri), base_iri=iri, to_graph=target)


def build_server_store(data: Path, files: Iterable[str]) -> None:
    """A server data directory whose store holds each file in a named graph named by the
    file's IRI (built before the server starts, as ``tests/test_w3c_protocol.py`` does)."""
    store_dir(data).mkdir(parents=True)
    store = ox.Store(str(store_dir(data)))
    for iri in sorted(set(files)):
        load_file(store, iri, iri)
    store.flush()
    del store


# --- results --------------------------------------------------------------------------

# A term as compared: ("I", iri), ("B", label), ("L", lexical, datatype, language) or, for
# CSV results (values only), ("V", text).
Term = tuple[str, ...]
Row = dict[str, Term]


@dataclass
class Solutions:
    """A SELECT result: its variables and its rows (a row leaves unbound variables out)."""

    variables: list[str]
    rows: list[Row]
    ordered: bool = False  # the expected result fixes the order (rs:index)


Result = Solutions | bool | Graph


def term_key(term: Any) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("I", term.value)
    if isinstance(term, ox.BlankNode):
        return ("B", term.value)
    if isinstance(term, ox.Literal):
        return ("L", term.value, term.datatype.value, term.language or "")
    return ("T", str(term))  # RDF 1.2 triple terms: the suites copied here have none


def rdflib_term(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF 1.1 term: {term!r}")


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a warning with a traceback (or warns) for every ill-typed literal it
    makes, such as ``"abc"^^xsd:integer``; the suites have many, on purpose."""
    logger = logging.getLogger("rdflib.term")
    disabled = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        logger.disabled = disabled


def graph_of(triples: Iterable[Any]) -> Graph:
    """An rdflib graph of pyoxigraph triples or quads, literals kept as written."""
    graph = Graph()
    with _quiet_rdflib():
        for t in triples:
            graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


def from_pyoxigraph(result: Any) -> Result:
    """A pyoxigraph query result (solutions, boolean or triples) as compared here."""
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for v in result.variables:
                value = solution[v]
                if value is not None:
                    row[v.value] = term_key(value)
            rows.append(row)
        return Solutions(variables, rows)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return graph_of(result)
    raise TypeError(f"not a query result: {result!r}")


def _result_set(triples: list[Any]) -> Result | None:
    """A result set written in the rs: vocabulary, or None if the graph has none."""
    by_subject: dict[Any, list[tuple[str, Any]]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append((t.predicate.value, t.object))

    def values(subject: Any, predicate: str) -> list[Any]:
        return [o for p, o in by_subject.get(subject, []) if p == predicate]

    result_set = next(
        (
            s
            for s, props in by_subject.items()
            if (RDF_TYPE, ox.NamedNode(RS + "ResultSet")) in props
        ),
        None,
    )
    if result_set is None:
        return None
    boolean = values(result_set, RS + "boolean")
    if boolean:
        return bool(boolean[0].value == "true")
    variables = [v.value for v in values(result_set, RS + "resultVariable")]
    rows: list[tuple[int, Row]] = []
    ordered = False
    for solution in values(result_set, RS + "solution"):
        row = {}
        for binding in values(solution, RS + "binding"):
            variable = values(binding, RS + "variable")[0].value
            row[variable] = term_key(values(binding, RS + "value")[0])
        index = values(solution, RS + "index")
        ordered = ordered or bool(index)
        rows.append((int(index[0].value) if index else 0, row))
    if ordered:
        rows.sort(key=lambda r: r[0])
    return Solutions(variables, [r for _, r in rows], ordered=ordered)


def parse_csv(text: str) -> Solutions:
    """SPARQL CSV results: values only (an IRI or a literal's lexical form), ``_:label``
    for a blank node, an empty field for an unbound variable."""
    lines = list(csv.reader(io.StringIO(text)))
    variables = lines[0]
    rows = []
    for line in lines[1:]:
        row: Row = {}
        for variable, value in zip(variables, line, strict=True):
            if value.startswith("_:"):
                row[variable] = ("B", value[2:])
            elif value:
                row[variable] = ("V", value)
        rows.append(row)
    return Solutions(variables, rows)


def as_csv(result: Solutions) -> Solutions:
    """Solutions as CSV would carry them (what a CSV expected result can be compared with)."""
    rows = [{v: t if t[0] == "B" else ("V", t[1]) for v, t in row.items()} for row in result.rows]
    return Solutions(result.variables, rows, result.ordered)


RESULTS_FORMATS = {
    "srx": ox.QueryResultsFormat.XML,
    "srj": ox.QueryResultsFormat.JSON,
    "tsv": ox.QueryResultsFormat.TSV,
}


def expected_result(iri: str) -> Result:
    """An expected query result, in any of the formats the suites use."""
    extension = iri.rsplit(".", 1)[-1]
    if extension in RESULTS_FORMATS:
        parsed = ox.parse_query_results(path=str(path_of(iri)), format=RESULTS_FORMATS[extension])
        return from_pyoxigraph(parsed)
    if extension == "csv":
        return parse_csv(text_of(iri))
    triples = parse_file(iri)
    result_set = _result_set(triples)
    return graph_of(triples) if result_set is None else result_set


def parse_response(response: httpx.Response) -> Result:
    """A SPARQL answer (results or a graph) by its Content-Type."""
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if media == "text/csv":
        return parse_csv(response.text)
    results_format = ox.QueryResultsFormat.from_media_type(media)
    if results_format is not None:
        return from_pyoxigraph(ox.parse_query_results(response.content, results_format))
    rdf_format = ox.RdfFormat.from_media_type(media)
    if rdf_format is None:
        raise ValueError(f"unexpected Content-Type {media!r}")
    return graph_of(ox.parse(response.content, rdf_format))


# --- comparison -----------------------------------------------------------------------


def _has_blank(row: Row) -> bool:
    return any(t[0] == "B" for t in row.values())


def _shape(row: Row) -> tuple[tuple[str, Term], ...]:
    """The row with its blank nodes made anonymous."""
    return tuple(sorted((v, ("B",) if t[0] == "B" else t) for v, t in row.items()))


def _unify(expected: Row, actual: Row, mapping: dict[str, str], inverse: dict[str, str]) -> bool:
    """Extend the blank-node bijection so that the rows match; on failure the maps are
    left as they were."""
    if expected.keys() != actual.keys():
        return False
    added: list[str] = []
    for variable, e in expected.items():
        a = actual[variable]
        if e[0] == "B" and a[0] == "B":
            if e[1] in mapping or a[1] in inverse:
                if mapping.get(e[1]) == a[1] and inverse.get(a[1]) == e[1]:
                    continue
            else:
                mapping[e[1]] = a[1]
                inverse[a[1]] = e[1]
                added.append(e[1])
                continue
        elif e == a:
            continue
        for label in added:
            del inverse[mapping.pop(label)]
        return False
    return True


# Tries of a row against another when looking for a blank-node bijection: a mismatch of
# many rows with blank nodes of one shape could otherwise take exponential time.
_SEARCH_BUDGET = 1_000_000


def _match_unordered(expected: list[Row], actual: list[Row]) -> bool:
    """Whether the rows are the same multiset up to one blank-node bijection (a
    backtracking search over the rows with blank nodes, by shape)."""
    ground = Counter(_shape(r) for r in expected if not _has_blank(r))
    if ground != Counter(_shape(r) for r in actual if not _has_blank(r)):
        return False
    todo = [r for r in expected if _has_blank(r)]
    pool = [r for r in actual if _has_blank(r)]
    if Counter(map(_shape, todo)) != Counter(map(_shape, pool)):
        return False
    # The most constrained rows first: those whose shape is rarest.
    shapes = Counter(map(_shape, todo))
    todo.sort(key=lambda r: shapes[_shape(r)])
    used = [False] * len(pool)
    mapping: dict[str, str] = {}
    inverse: dict[str, str] = {}
    budget = [_SEARCH_BUDGET]

    def search(i: int) -> bool:
        if i == len(todo):
            return True
        shape = _shape(todo[i])
        for j, candidate in enumerate(pool):
            if used[j] or _shape(candidate) != shape:
                continue
            budget[0] -= 1
            if budget[0] < 0:
                raise RuntimeError("no blank-node bijection found within the search budget")
            before = dict(mapping)
            if _unify(todo[i], candidate, mapping, inverse):
                used[j] = True
                if search(i + 1):
                    return True
                used[j] = False
                for label in set(mapping) - set(before):
                    del inverse[mapping.pop(label)]
        return False

    return search(0)


def _match_ordered(expected: list[Row], actual: list[Row]) -> bool:
    mapping: dict[str, str] = {}
    inverse: dict[str, str] = {}
    return len(expected) == len(actual) and all(
        _unify(e, a, mapping, inverse) for e, a in zip(expected, actual, strict=True)
    )


def _show(term: Term) -> str:
    kind, *rest = term
    if kind == "I":
        return f"<{rest[0]}>"
    if kind == "B":
        return f"_:{rest[0]}"
    if kind == "L":
        value, datatype, language = rest
        if language:
            return f'"{value}"@{language}'
        return f'"{value}"' if datatype == XSD_STRING else f'"{value}"^^<{datatype}>'
    return rest[0]


def _show_row(row: Row) -> str:
    return "{" + ", ".join(f"?{v}={_show(t)}" for v, t in sorted(row.items())) + "}"


def _masked(rows: list[Row]) -> Counter[str]:
    """The rows as text, blank nodes all shown as ``_:_``."""
    return Counter(
        _show_row({v: ("B", "_") if t[0] == "B" else t for v, t in row.items()}) for row in rows
    )


def _solutions_diff(expected: Solutions, actual: Solutions) -> str:
    e, a = _masked(expected.rows), _masked(actual.rows)
    missing = list((e - a).elements())[:5]
    extra = list((a - e).elements())[:5]
    text = f"expected {len(expected.rows)} solutions, got {len(actual.rows)}"
    if missing:
        text += "; missing: " + " ".join(missing)
    if extra:
        text += "; unexpected: " + " ".join(extra)
    if not missing and not extra:
        text += "; same solutions, but not in the expected order or blank-node structure"
        text += "; got: " + " ".join(_show_row(r) for r in actual.rows[:8])
    return text


def _has_blank_triple(triple: tuple[Node, Node, Node]) -> bool:
    return any(isinstance(term, BNode) for term in triple)


def _graph_diff(expected: Graph, actual: Graph) -> str:
    """What differs, told by the triples without blank nodes (cheap, where rdflib's
    graph_diff canonicalizes both graphs, which takes minutes on a large answer)."""
    ground_expected = {t for t in expected if not _has_blank_triple(t)}
    ground_actual = {t for t in actual if not _has_blank_triple(t)}
    text = f"expected {len(expected)} triples, got {len(actual)}"
    for label, part in (
        ("missing", ground_expected - ground_actual),
        ("unexpected", ground_actual - ground_expected),
    ):
        lines = sorted(" ".join(term.n3() for term in triple) for triple in part)
        if lines:
            text += f"; {label}: " + " . ".join(lines[:5])
    return text


def _isomorphic(expected: Graph, actual: Graph) -> bool:
    return len(expected) == len(actual) and isomorphic(expected, actual)


def compare(
    expected: Result, actual: Result, *, ordered: bool = False, lax: bool = False
) -> str | None:
    """None if ``actual`` is the expected result, else what differs. Solutions compare as
    multisets up to a blank-node bijection over the whole result, as sequences if
    ``ordered`` (or the expected result is); with ``lax`` (mf:LaxCardinality, REDUCED)
    duplicates may be dropped, as long as every distinct solution is there."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        if isinstance(expected, bool) and isinstance(actual, bool) and expected == actual:
            return None
        return f"expected {expected!r}, got {actual!r}"
    if isinstance(expected, Graph) or isinstance(actual, Graph):
        if isinstance(expected, Graph) and isinstance(actual, Graph):
            return None if _isomorphic(expected, actual) else _graph_diff(expected, actual)
        return f"expected a {type(expected).__name__}, got a {type(actual).__name__}"
    if set(expected.variables) != set(actual.variables):
        return f"expected variables {sorted(expected.variables)}, got {sorted(actual.variables)}"
    exp_rows, act_rows = expected.rows, actual.rows
    if lax:
        if len(act_rows) > len(exp_rows):
            return _solutions_diff(expected, actual)
        exp_rows = _distinct(exp_rows)
        act_rows = _distinct(act_rows)
    if ordered or expected.ordered:
        matched = _match_ordered(exp_rows, act_rows)
    else:
        matched = len(exp_rows) == len(act_rows) and _match_unordered(exp_rows, act_rows)
    return None if matched else _solutions_diff(expected, actual)


def _distinct(rows: list[Row]) -> list[Row]:
    seen: set[tuple[tuple[str, Term], ...]] = set()
    out = []
    for row in rows:
        key = tuple(sorted(row.items()))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


# --- datasets (update tests) ----------------------------------------------------------

DEFAULT = ""  # the default graph's key in a dataset


def expected_dataset(
    data: Iterable[str], graph_data: Iterable[tuple[str, str]]
) -> dict[str, Graph]:
    """The dataset of files given as default-graph files and (name, file) pairs; named
    graphs left empty are left out (an empty graph and no graph look alike to a query)."""
    dataset = {DEFAULT: Graph()}
    for iri in data:
        dataset[DEFAULT] += graph_of(parse_file(iri))
    for name, iri in graph_data:
        dataset.setdefault(name, Graph())
        dataset[name] += graph_of(parse_file(iri))
    return {k: g for k, g in dataset.items() if k == DEFAULT or len(g)}


def store_dataset(store: Any) -> dict[str, Graph]:
    """A pyoxigraph store's default graph and non-empty named graphs."""
    dataset = {DEFAULT: graph_of(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))}
    for name in store.named_graphs():
        graph = graph_of(store.quads_for_pattern(None, None, None, name))
        if len(graph):
            dataset[term_key(name)[1]] = graph
    return dataset


def compare_datasets(expected: dict[str, Graph], actual: dict[str, Graph]) -> str | None:
    """None if the datasets hold the same graphs (each compared by isomorphism)."""
    problems = []
    if set(expected) != set(actual):
        problems.append(f"expected graphs {sorted(expected)}, got {sorted(actual)}")
    for name in sorted(set(expected) & set(actual)):
        if not _isomorphic(expected[name], actual[name]):
            label = "default graph" if name == DEFAULT else f"graph <{name}>"
            problems.append(f"{label}: {_graph_diff(expected[name], actual[name])}")
    return "; ".join(problems) or None
