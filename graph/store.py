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
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from accordgraph.graph.prefixes import PREFIXES
from accordgraph.loaders import Extraction, extract_bytes, extract_file
from accordgraph.loaders.rdf import to_rdf
from accordgraph.loaders.summary import summarize
from accordgraph.ontology import AG, Ids, ontology_graph
from accordgraph.ontology.reference import reference_graph

RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
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


def _digest(quads: list[ox.Quad]) -> str:
    lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


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
                raise StoreError(
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

    @property
    def meta_graph(self) -> str:
        """The IRI of the store's own metadata graph (version, per-graph digests)."""
        return self._meta.value

    def ensure_reference(self) -> None:
        """Load the ontology and reference graphs if they are missing or out of date."""
        for graph_iri, build in (
            (self.ids.ontology_graph(), ontology_graph),
            (self.ids.reference_graph(), lambda: reference_graph(self.ids)),
        ):
            name = ox.NamedNode(str(graph_iri))
            quads = _quads(build(), name)
            digest = _digest(quads)
            if self._graph_digest(name) != digest:
                self._replace_graph(name, quads, digest)

    # ------------------------------------------------------------------ loading

    def load(self, path: str | Path, doc_id: str | None = None) -> LoadReport:
        """Read, extract and store one file, replacing an earlier version of it."""
        return self.load_extraction(extract_file(path, doc_id))

    def load_bytes(self, data: bytes, name: str, doc_id: str | None = None) -> LoadReport:
        return self.load_extraction(extract_bytes(data, name, doc_id))

    def load_extraction(self, extraction: Extraction) -> LoadReport:
        """Store an extraction as its document's named graph, atomically: the old graph
        and the new one are swapped in one transaction, or nothing changes."""
        doc_id = extraction.source.doc_id
        name = ox.NamedNode(str(self.ids.document_graph(doc_id)))
        quads = _quads(to_rdf(extraction, self.ids), name)
        digest = _digest(quads)
        changed = self._graph_digest(name) != digest
        if changed:
            summary = json.dumps(summarize(extraction), ensure_ascii=False)
            self._replace_graph(name, quads, digest, summary=summary)
        return LoadReport(
            doc_id=doc_id,
            graph=name.value,
            triples=len(quads),
            organizations=sum(1 for e in extraction.entities.values() if e.kind == "organization"),
            commitments=len(extraction.commitments),
            changed=changed,
        )

    def remove_document(self, doc_id: str) -> bool:
        """Delete a document's graph; False if there was none."""
        name = ox.NamedNode(str(self.ids.document_graph(doc_id)))
        if not self.store.contains_named_graph(name):
            return False
        self._replace_graph(name, [], None)
        return True

    def extraction_summary(self, doc_id: str) -> dict[str, Any] | None:
        """What the loader extracted from a stored document (the ``inspect --json`` shape)."""
        name = ox.NamedNode(str(self.ids.document_graph(doc_id)))
        for quad in self.store.quads_for_pattern(
            name, ox.NamedNode(str(AG.extractionSummary)), None, self._meta
        ):
            if isinstance(quad.object, ox.Literal):
                return dict(json.loads(quad.object.value))
        return None

    def _graph_digest(self, name: ox.NamedNode) -> str | None:
        for quad in self.store.quads_for_pattern(
            name, ox.NamedNode(str(AG.sha256)), None, self._meta
        ):
            return str(quad.object.value)  # type: ignore[union-attr]
        return None

    def _replace_graph(
        self,
        name: ox.NamedNode,
        quads: list[ox.Quad],
        digest: str | None,
        keep_meta: bool = False,
        summary: str | None = None,
    ) -> None:
        """Swap a graph's content and bump the store version in one SPARQL update, which
        Oxigraph applies as a single transaction (``keep_meta``: only bump the version)."""
        body = ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
            format=ox.RdfFormat.N_TRIPLES,
        )
        assert body is not None
        version = self.version + 1
        meta, node, sha, ver = self._meta, self._store_node, AG.sha256, AG.storeVersion
        summary_property = AG.extractionSummary
        update = io.StringIO()
        if not keep_meta:
            update.write(f"DROP SILENT GRAPH {name} ;\n")
            update.write(f"DELETE WHERE {{ GRAPH {meta} {{ {name} <{sha}> ?d }} }} ;\n")
            update.write(
                f"DELETE WHERE {{ GRAPH {meta} {{ {name} <{summary_property}> ?j }} }} ;\n"
            )
        update.write(f"DELETE WHERE {{ GRAPH {meta} {{ {node} <{ver}> ?v }} }} ;\n")
        update.write(f"INSERT DATA {{ GRAPH {meta} {{ {node} <{ver}> {version} ")
        if digest is not None:
            update.write(f'. {name} <{sha}> "{digest}" ')
        if summary is not None:
            literal = ox.Literal(summary, datatype=ox.NamedNode(str(RDF_JSON)))
            update.write(f". {name} <{summary_property}> {literal} ")
        update.write("} ")
        if quads:
            update.write(f"GRAPH {name} {{\n")
            update.write(body.decode("utf-8"))
            update.write("} ")
        update.write("}")
        try:
            self.store.update(update.getvalue())
        except OSError as exc:
            raise StoreError(f"could not write to the store: {exc}") from None

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL update and move the store version on, in one transaction.

        The store's own bookkeeping (its version and every graph's digest, in the metadata
        graph) is not the update's to change: the operations that put it back as it was,
        with the next version, run in the same update, after the caller's. The caller's
        text must be one complete update by itself (the server has the engine check that
        first, in a confined worker), so nothing of it can reach into what follows."""
        meta = self._meta
        kept = [
            q
            for q in self.store.quads_for_pattern(None, None, None, meta)
            if q.predicate != ox.NamedNode(str(AG.storeVersion))
        ]
        kept.append(
            ox.Quad(
                self._store_node,
                ox.NamedNode(str(AG.storeVersion)),
                ox.Literal(str(self.version + 1), datatype=ox.NamedNode(str(XSD_INTEGER))),
                meta,
            )
        )
        body = ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in kept],
            format=ox.RdfFormat.N_TRIPLES,
        )
        assert body is not None
        bookkeeping = (
            f"\n;\nDROP SILENT GRAPH {meta} ;\n"
            f"INSERT DATA {{ GRAPH {meta} {{\n{body.decode('utf-8')}}} }}\n"
        )
        try:
            self.store.update(sparql + bookkeeping, prefixes=PREFIXES, base_iri=base_iri)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from None

    # ------------------------------------------------------------------ reading

    @property
    def version(self) -> int:
        """A number that changes whenever the store's content does."""
        for quad in self.store.quads_for_pattern(
            self._store_node, ox.NamedNode(str(AG.storeVersion)), None, self._meta
        ):
            value = quad.object.value  # type: ignore[union-attr]
            if value.isdigit():  # only accordgraph writes it, but a store is data
                return int(value)
        return 0

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
