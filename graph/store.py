"""The knowledge graph store: Oxigraph (pyoxigraph), embedded, on disk or in memory.

One named graph per source document, the reference data (ontology, vocabularies,
organizations, countries) in graphs of their own, and a small metadata graph holding the
store's version, which changes on every write (caches key on it). SPARQL runs on
Oxigraph's native engine with the default graph as the union of all graphs.

>>> kg = KnowledgeGraph.open()
>>> from accordgraph import bundled_document
>>> kg.load(bundled_document()).organizations
13
>>> kg.load(bundled_document()).changed   # same file again: nothing to do
False
>>> kg.ask("ASK { ?o skos:altLabel 'NTIA' }")
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from accordgraph.graph.prefixes import PREFIXES
from accordgraph.loaders import Extraction, extract_bytes, extract_file
from accordgraph.loaders.rdf import Lit, Triple, triples
from accordgraph.loaders.summary import summarize
from accordgraph.ontology import AG, Ids, ontology_graph
from accordgraph.ontology.reference import reference_graph

RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_INTEGER_NODE = ox.NamedNode(XSD_INTEGER)
_SHA256 = ox.NamedNode(str(AG.sha256))
_SOURCE_KEY = ox.NamedNode(str(AG.sourceKey))
_VERSION = ox.NamedNode(str(AG.storeVersion))
_PENDING = ox.NamedNode(str(AG.writePending))
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class StoreError(Exception):
    """The store cannot do what was asked; the message is one line for the user."""


@dataclass(frozen=True)
class LoadReport:
    """What loading one document did."""

    doc_id: str
    graph: str
    triples: int
    organizations: int
    commitments: int
    changed: bool  # False when the same file was already loaded


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    graph: str
    file_name: str
    sha256: str
    agreement: str | None
    triples: int


def to_oxigraph(term: Any) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as a pyoxigraph term (accordgraph mints no blank nodes)."""
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"blank nodes are not stored: {term!r}")


def _quads(graph: Graph, name: ox.NamedNode) -> list[ox.Quad]:
    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in graph]  # type: ignore[arg-type]


# N-Quads escapes, exactly as Oxigraph writes a literal (so a digest of these lines is
# the digest of the engine's own rendering of the quads)
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)} | {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}


def _ntriples_term(term: str | Lit) -> str:
    """
    >>> _ntriples_term(Lit('say "hi"\\n', "en")), _ntriples_term("http://a")
    ('"say \\\\"hi\\\\"\\\\n"@en', '<http://a>')
    """
    if isinstance(term, Lit):
        quoted = '"' + term.value.translate(_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted
    return f"<{term}>"


def _nquad(subject: str, predicate: str, value: str | Lit, graph: str) -> str:
    return f"<{subject}> <{predicate}> {_ntriples_term(value)} <{graph}> .\n"


@dataclass(frozen=True)
class GraphContent:
    """A named graph's new content, made ready for the store where the extraction ran
    (a worker process, for a bulk load): N-Quads text built straight from the mapper's
    plain triples, with no engine objects on the way, and the digest that tells whether
    the store holds it already. Plain strings, so cheap to send between processes."""

    graph: str
    nquads: str
    digest: str
    triples: int
    summary: str | None = None  # the extraction summary (documents only)
    source_key: str | None = None  # what it was made from (documents only)

    @classmethod
    def of_triples(
        cls,
        triples: list[Triple],
        graph: str,
        summary: str | None = None,
        source_key: str | None = None,
    ) -> GraphContent:
        lines = sorted(
            f"{_ntriples_term(s)} {_ntriples_term(p)} {_ntriples_term(o)}" for s, p, o in triples
        )
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        nquads = "".join(f"{line} <{graph}> .\n" for line in lines)
        return cls(graph, nquads, digest, len(lines), summary, source_key)

    @classmethod
    def of_quads(cls, quads: list[ox.Quad], graph: str) -> GraphContent:
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert data is not None
        return cls(graph, data.decode("utf-8"), _digest(quads), len(quads))


@dataclass(frozen=True)
class DocumentGraph:
    """One document, extracted and made ready for the store (see :meth:`of`)."""

    doc_id: str
    content: GraphContent
    organizations: int
    commitments: int
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, extraction: Extraction, ids: Ids, source_key: str | None = None) -> DocumentGraph:
        """
        >>> from accordgraph import bundled_document
        >>> from accordgraph.loaders import extract_file
        >>> d = DocumentGraph.of(extract_file(bundled_document()), Ids())
        >>> d.doc_id, d.organizations, d.commitments, d.content.graph.rsplit("/", 2)[-2:]
        ('us-japan-tpd-2025', 13, 26, ['doc', 'us-japan-tpd-2025'])
        """
        doc_id = extraction.source.doc_id
        content = GraphContent.of_triples(
            triples(extraction, ids),
            str(ids.document_graph(doc_id)),
            json.dumps(summarize(extraction), ensure_ascii=False),
            source_key,
        )
        return cls(
            doc_id,
            content,
            organizations=sum(1 for e in extraction.entities.values() if e.kind == "organization"),
            commitments=len(extraction.commitments),
            warnings=tuple(extraction.warnings),
        )


@dataclass(frozen=True)
class Change:
    """What one write did: the generation the store is at after it, and the graphs it
    changed (none: the store is as it was). ``everything``: a SPARQL update, after
    which any graph may have changed."""

    generation: int
    graphs: frozenset[str]
    everything: bool = False

    @property
    def changed(self) -> bool:
        return self.everything or bool(self.graphs)


def _digest(quads: list[ox.Quad]) -> str:
    lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class StoreInUse(StoreError):
    """Another process (a server, a load) holds the store's lock."""


class KnowledgeGraph:
    """An accordgraph store. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(
        self, store: ox.Store, ids: Ids, path: Path | None, read_only: bool = False
    ) -> None:
        self.store = store
        self.ids = ids
        self.path = path
        self.read_only = read_only
        self._meta = ox.NamedNode(ids.base + "graph/meta")
        self._store_node = ox.NamedNode(ids.base + "store")

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path | None = None, base: str | None = None) -> KnowledgeGraph:
        """Open (creating if needed) the store at ``path``, or an in-memory one."""
        ids = Ids(base) if base else Ids()
        directory = Path(path).expanduser() if path is not None else None
        try:
            if directory is not None:
                directory.mkdir(parents=True, exist_ok=True)
                store = ox.Store(str(directory))
            else:
                store = ox.Store()
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreInUse(
                    f"{directory}: the store is in use by another accordgraph process"
                ) from None
            raise StoreError(f"{directory}: cannot open the store ({message})") from None
        graph = cls(store, ids, directory)
        graph.ensure_reference()
        return graph

    @classmethod
    def open_snapshot(cls, path: str | Path, base: str | None = None) -> KnowledgeGraph:
        """Open a snapshot (``Store.backup``) or a store directory read-only: any number
        of readers, beside the one writer; it sees the store as it was when opened."""
        try:
            store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store read-only ({exc})") from None
        return cls(store, Ids(base) if base else Ids(), None, read_only=True)

    def reopen(self, path: str | Path) -> None:
        """Read from a newer snapshot from now on (a read-only graph only)."""
        assert self.read_only, "only a read-only graph moves to another snapshot"
        try:
            self.store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store read-only ({exc})") from None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store (and, on disk, its lock)."""
        if getattr(self, "store", None) is None:
            return
        if self.path is not None and not self.read_only:
            self.store.flush()
        del self.store  # pyoxigraph releases the database when the object goes

    def optimize(self) -> None:
        """Compact the store: queries on a freshly bulk-loaded store run about twice as
        fast afterwards."""
        self.store.optimize()

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the store to ``target`` (hard links where it can),
        which :meth:`open_snapshot` opens."""
        self.store.backup(str(target))

    def backup_for_queries(self, target: Path) -> None:
        """A copy like :meth:`backup`, without the store's bookkeeping graph: what the
        query workers read (hard links, and the bookkeeping's deletion on top)."""
        self.store.backup(str(target))
        view = ox.Store(str(target))
        view.remove_graph(self._meta)
        view.flush()
        del view  # closed: the workers open it read-only

    @property
    def meta_graph(self) -> str:
        """The IRI of the store's own metadata graph (version, per-graph digests)."""
        return self._meta.value

    def ensure_reference(self) -> None:
        """Load the ontology and reference graphs if they are missing or out of date."""
        contents = []
        for graph_iri, build in (
            (self.ids.ontology_graph(), ontology_graph),
            (self.ids.reference_graph(), lambda: reference_graph(self.ids)),
        ):
            name = ox.NamedNode(str(graph_iri))
            contents.append(GraphContent.of_quads(_quads(build(), name), name.value))
        self.write(contents)

    # ------------------------------------------------------------------ writing

    def load(self, path: str | Path, doc_id: str | None = None) -> LoadReport:
        """Read, extract and store one file, replacing an earlier version of it."""
        return self.load_extraction(extract_file(path, doc_id))

    def load_bytes(self, data: bytes, name: str, doc_id: str | None = None) -> LoadReport:
        return self.load_extraction(extract_bytes(data, name, doc_id))

    def load_extraction(self, extraction: Extraction) -> LoadReport:
        """Store an extraction as its document's named graph (see :meth:`write`)."""
        document = DocumentGraph.of(extraction, self.ids)
        change = self.write([document.content])
        return LoadReport(
            doc_id=document.doc_id,
            graph=document.content.graph,
            triples=document.content.triples,
            organizations=document.organizations,
            commitments=document.commitments,
            changed=change.changed,
        )

    def remove_document(self, doc_id: str) -> bool:
        """Delete a document's graph; False if there was none."""
        return self.write(remove=[str(self.ids.document_graph(doc_id))]).changed

    def stored_digests(self) -> dict[str, str]:
        """Every graph's content digest, from the metadata graph (no scan of the data)."""
        return {
            q.subject.value: q.object.value
            for q in self.store.quads_for_pattern(None, _SHA256, None, self._meta)
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)
        }

    def source_keys(self) -> dict[str, str]:
        """Every document graph's source key (file digest, id, loader fingerprint)."""
        return {
            q.subject.value: q.object.value
            for q in self.store.quads_for_pattern(None, _SOURCE_KEY, None, self._meta)
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)
        }

    def write(
        self, contents: Sequence[GraphContent] = (), remove: Sequence[str] = (), bulk: bool = False
    ) -> Change:
        """Replace graphs' content and remove graphs, as one write: one step of the
        generation, however many graphs it touches. Contents equal to what the store
        holds (by digest) are left alone. ``bulk``: write the data with Oxigraph's bulk
        loader (several times faster, for large batches; readers of the live store may
        see a graph's data before its digest).

        Each graph is wholly old, wholly new or absent, wherever the process is killed:
        the graphs to write are first marked pending (``ag:writePending``); then their
        bookkeeping and old content go; then the new content; then, in one transaction,
        their digests and the next generation; then the marks. Opening the store (or the
        next write) removes any graph still marked, so a rerun loads it again. The cost
        of a write grows with the graphs written, not with the store.

        >>> kg = KnowledgeGraph.open()
        >>> g = "https://example.org/graph/a"
        >>> t = [("https://example.org/s", "https://example.org/p", "https://example.org/o")]
        >>> first = kg.write([GraphContent.of_triples(t, g)])
        >>> sorted(first.graphs), kg.generation == first.generation
        (['https://example.org/graph/a'], True)
        >>> kg.write([GraphContent.of_triples(t, g)]).changed  # the same content again
        False
        >>> kg.write(remove=[g]).generation == first.generation + 1
        True
        """
        if self.read_only:
            raise StoreError("this store was opened read-only")
        self._recover()
        stored = self.stored_digests()
        keys = self.source_keys()
        contents = list({c.graph: c for c in contents}.values())  # the last of each graph
        new = [c for c in contents if stored.get(c.graph) != c.digest]
        # the same content read from a new file, or by a new loader: only its key moves
        rekeyed = [
            c
            for c in contents
            if stored.get(c.graph) == c.digest
            and c.source_key
            and keys.get(c.graph) != c.source_key
        ]
        gone = [g for g in dict.fromkeys(remove) if g in stored or self.has_graph(g)]
        if not (new or gone or rekeyed):
            return Change(self.generation, frozenset())
        generation = self.generation + 1
        touched = [*(c.graph for c in new), *gone]
        try:
            self._mark(touched, generation)
            self._forget([*touched, *(c.graph for c in rekeyed)])
            for graph in touched:
                self.store.remove_graph(ox.NamedNode(graph))
            data = "".join(content.nquads for content in new).encode("utf-8")
            meta = self._meta.value
            bookkeeping = "".join(self._bookkeeping(content) for content in [*new, *rekeyed])
            bookkeeping += _nquad(self._store_node.value, AG.storeVersion, Lit.of(generation), meta)
            if bulk:
                self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                self.store.load(bookkeeping.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            else:  # one transaction: a reader of the live store sees all of it or none
                self.store.load(data + bookkeeping.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            self._unmark()
            for quad in list(
                self.store.quads_for_pattern(self._store_node, _VERSION, None, self._meta)
            ):
                if quad.object != ox.Literal(str(generation), datatype=_XSD_INTEGER_NODE):
                    self.store.remove(quad)
        except OSError as exc:
            raise StoreError(f"could not write to the store: {exc}") from None
        except SyntaxError as exc:  # the N-Quads the mapper built: a bug, not the user's
            raise StoreError(f"could not store the extracted graph: {exc}") from None
        return Change(generation, frozenset(touched))

    def has_graph(self, graph: str) -> bool:
        """Whether the store has a named graph of that name (it may be empty)."""
        return bool(self.store.contains_named_graph(ox.NamedNode(graph)))

    def _mark(self, graphs: list[str], generation: int) -> None:
        """Mark graphs pending, in one transaction (see :meth:`write`)."""
        mark, meta = Lit.of(generation), self._meta.value
        lines = "".join(_nquad(g, AG.writePending, mark, meta) for g in graphs)
        self.store.load(lines.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def _unmark(self) -> None:
        for quad in list(self.store.quads_for_pattern(None, _PENDING, None, self._meta)):
            self.store.remove(quad)

    def _recover(self) -> list[str]:
        """Remove the graphs a write was cut off in (see :meth:`write`); their names."""
        pending = sorted(
            {
                q.subject.value
                for q in self.store.quads_for_pattern(None, _PENDING, None, self._meta)
                if isinstance(q.subject, ox.NamedNode)
            }
        )
        if pending:
            self._forget(pending)  # the bookkeeping first: a graph without it is not trusted
            for graph in pending:
                self.store.remove_graph(ox.NamedNode(graph))
            self._unmark()
        return pending

    def _forget(self, graphs: list[str]) -> None:
        """Take graphs' bookkeeping (digest, summary, source key) out of the metadata graph;
        their pending marks stay."""
        for graph in graphs:
            node = ox.NamedNode(graph)
            for quad in list(self.store.quads_for_pattern(node, None, None, self._meta)):
                if quad.predicate != _PENDING:
                    self.store.remove(quad)

    def _bookkeeping(self, content: GraphContent) -> str:
        """The metadata-graph lines that record a graph's content."""
        meta, graph = self._meta.value, content.graph
        lines = [_nquad(graph, AG.sha256, Lit.of(content.digest), meta)]
        if content.summary is not None:
            summary = Lit(content.summary, None, RDF_JSON)
            lines.append(_nquad(graph, AG.extractionSummary, summary, meta))
        if content.source_key is not None:
            lines.append(_nquad(graph, AG.sourceKey, Lit.of(content.source_key), meta))
        return "".join(lines)

    def extraction_summary(self, doc_id: str) -> dict[str, Any] | None:
        """What the loader extracted from a stored document (the ``inspect --json`` shape)."""
        name = ox.NamedNode(str(self.ids.document_graph(doc_id)))
        for quad in self.store.quads_for_pattern(
            name, ox.NamedNode(str(AG.extractionSummary)), None, self._meta
        ):
            if isinstance(quad.object, ox.Literal):
                return dict(json.loads(quad.object.value))
        return None

    def update(self, sparql: str, base_iri: str | None = None) -> Change:
        """Run a SPARQL update and move the generation on, in one transaction.

        The store's own bookkeeping (its generation and every graph's digest, in the
        metadata graph) is not the update's to change: the operations that put it back
        as it was, with the next generation, run in the same update, after the caller's;
        a digest is kept only for a graph that still exists (``CLEAR ALL`` empties the
        bookkeeping too, so a later load finds nothing to skip). The caller's text must
        be one complete update by itself (the server has the engine check that first,
        in a confined worker), so nothing of it can reach into what follows."""
        meta = self._meta
        self._recover()
        generation = self.generation + 1
        kept = [
            q
            for q in self.store.quads_for_pattern(None, None, None, meta)
            if q.predicate != _VERSION
        ]
        version = ox.Quad(
            self._store_node,
            _VERSION,
            ox.Literal(str(generation), datatype=_XSD_INTEGER_NODE),
            meta,
        )
        rows = " ".join(f"({q.subject} {q.predicate} {q.object})" for q in kept)
        bookkeeping = (
            f"DROP SILENT GRAPH {meta} ;\n"
            f"INSERT DATA {{ GRAPH {meta} {{ {version.subject} {version.predicate} "
            f"{version.object} }} }}"
        )
        if kept:
            bookkeeping += (
                f" ;\nINSERT {{ GRAPH {meta} {{ ?g ?p ?o }} }} WHERE {{ "
                f"VALUES (?g ?p ?o) {{ {rows} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?q ?v }} }} }}"
            )
        # After the caller's last operation a ';'; after a text that is only a prologue,
        # or ends with its own ';', none (the grammar allows neither one more nor one less)
        for separator in ("\n;\n", "\n"):
            try:
                self.store.update(
                    sparql + separator + bookkeeping, prefixes=PREFIXES, base_iri=base_iri
                )
                return Change(generation, frozenset(), everything=True)
            except SyntaxError as exc:
                error = exc
        raise StoreError(f"SPARQL syntax error: {error}")

    # ------------------------------------------------------------------ reading

    @property
    def generation(self) -> int:
        """The store's generation: it grows with every write and never goes back."""
        values = [
            int(q.object.value)
            for q in self.store.quads_for_pattern(self._store_node, _VERSION, None, self._meta)
            # only accordgraph writes it, but a store is data
            if isinstance(q.object, ox.Literal) and q.object.value.isdigit()
        ]
        return max(values, default=0)

    def state(self) -> str:
        """A digest of every graph's content digest and the generation: equal digests
        mean equal content, so validators (ETags) and caches kept on disk key on it."""
        digests = sorted(self.stored_digests().items())
        lines = [str(self.generation), *(f"{graph} {digest}" for graph, digest in digests)]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]

    def query(self, sparql: str) -> Any:
        """Run a SPARQL query over the union of all graphs, with the usual prefixes
        predeclared (``ag:``, ``skos:``, ``org:``, ``prov:``, ``oa:``, ``dcterms:`` …)."""
        try:
            return self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from None

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT query as plain strings (IRIs and literal values)."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: s[n].value for n in names if s[n] is not None} for s in result]

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def documents(self) -> list[DocumentInfo]:
        rows = self.select(
            """SELECT ?g ?doc ?file ?sha ?agreement (COUNT(*) AS ?n) WHERE {
                 GRAPH ?g { ?doc a ag:SourceDocument ; ag:fileName ?file ; ag:sha256 ?sha .
                            OPTIONAL { ?doc ag:expresses ?agreement }
                            ?s ?p ?o } }
               GROUP BY ?g ?doc ?file ?sha ?agreement ORDER BY ?file"""
        )
        prefix = str(self.ids.document(""))
        return [
            DocumentInfo(
                doc_id=r["doc"][len(prefix) :],
                graph=r["g"],
                file_name=r["file"],
                sha256=r["sha"],
                agreement=r.get("agreement"),
                triples=int(r["n"]),
            )
            for r in rows
        ]

    def document_count(self) -> int:
        """How many documents are stored (from the metadata graph: no scan of the data)."""
        prefix = str(self.ids.document_graph(""))
        return sum(
            1
            for quad in self.store.quads_for_pattern(
                None, ox.NamedNode(str(AG.sha256)), None, self._meta
            )
            if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(prefix)
        )

    def named_graphs(self) -> list[str]:
        """The IRIs of every named graph in the store."""
        return [g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        name = ox.NamedNode(graph) if graph else None
        return iter(self.store.quads_for_pattern(None, None, None, name))

    def export(self, fmt: str, graph: str | None = None) -> bytes:
        """Serialize the store (or one graph). Triple formats get the union of all graphs
        except the store's own metadata; TriG and N-Quads keep the named graphs."""
        try:
            rdf_format = EXPORT_FORMATS[fmt]
        except KeyError:
            raise StoreError(
                f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
            ) from None
        quads = [q for q in self.quads(graph) if q.graph_name != self._meta]
        prefixes = {**PREFIXES, "id": self.ids.base}
        if rdf_format.supports_datasets:
            data = ox.serialize(quads, format=rdf_format, prefixes=prefixes)
        else:
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
            data = ox.serialize(sorted(triples, key=str), format=rdf_format, prefixes=prefixes)
        assert data is not None
        return data

    def to_rdflib(self, graph: str | None = None) -> Graph:
        """The store's triples (or one graph's) as an rdflib Graph, e.g. for SHACL."""
        return Graph().parse(data=self.export("nt", graph), format="nt")
