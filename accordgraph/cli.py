"""The ``accordgraph`` command line."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from accordgraph import __version__, bundled_document
from accordgraph.settings import DATA_ENV, data_dir, instance_base, lookup_cache, store_dir

if TYPE_CHECKING:
    from accordgraph.graph.store import DocumentGraph

EPILOG = f"""\
examples:
  accordgraph load                      load the bundled US–Japan MOC
  accordgraph load agreements/*.md      load files (re-loading a file replaces it)
  accordgraph report                    agencies per Critical and Emerging Technology category
  accordgraph query 'SELECT ?o ?label WHERE {{ ?o a org:Organization ; rdfs:label ?label }}'
  accordgraph query --question partnerships --format csv
  accordgraph inspect us-uk-tpd-2025.md --json
  accordgraph export --format turtle --output graph.ttl
  accordgraph validate
  accordgraph analyze path NTIA NSF     how two organizations are connected, with quotes
  accordgraph serve                     pages, SPARQL endpoint, lookup API, Linked Data

The store lives in --data DIR, else ${DATA_ENV}, else a per-user data directory.
SPARQL queries see the union of all graphs and may use the prefixes ag: rdf: rdfs: owl:
xsd: skos: dcterms: org: prov: foaf: schema: oa: without declaring them.
"""


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit status 1."""


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"store directory (default: ${DATA_ENV} or a per-user data directory)",
    )
    common.add_argument(
        "--base",
        metavar="IRI",
        default=argparse.SUPPRESS,
        help="instance IRI base (default: https://w3id.org/accordgraph/id/)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="accordgraph",
        description="Turn government science-and-technology agreements into a knowledge graph "
        "of who commits to what, and query it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"accordgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=description,
            parents=[common],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    load = command(
        "load",
        "read agreements into the store",
        "Read agreement files (.txt as PDF-extracted text, .md as Markdown with front matter,\n"
        ".html, .pdf with a text layer), extract actors, technologies and commitments, and\n"
        "store each file as its own named graph. PATH may be a file, a directory (read\n"
        "recursively), a glob pattern (quote it) or an archive (.tar, .tar.gz, .tar.xz,\n"
        ".zip), as it is. Files are extracted in parallel processes (--jobs).\n"
        "\n"
        "A document's id is its file name's stem; two files of one load with the same stem\n"
        "get their paths instead, and the report lists them. Loading is atomic per document\n"
        "and idempotent: a file loaded again replaces its graph, and a file already loaded\n"
        "by the same version of the loader is skipped without being read. An interrupted\n"
        "load (even kill -9) leaves every document wholly in or wholly out; run it again\n"
        "to finish.\n"
        "With no PATH, loads the bundled US–Japan Memorandum of Cooperation.\n"
        "\n"
        "examples:\n"
        "  accordgraph load ../shared/corpus/whitehouse-briefings.tar.xz\n"
        "  accordgraph load agreements/ 'more/**/*.md' --jobs 4",
    )
    load.add_argument(
        "files", nargs="*", metavar="PATH", help="files, directories, globs, archives"
    )
    load.add_argument("--id", dest="doc_id", help="document id (one file only; default: its stem)")
    load.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="extraction processes (default: the machine's cores, %(default)s here)",
    )

    query = command(
        "query",
        "run a SPARQL query",
        "Run a SPARQL 1.1 query on the store. QUERY may be the query text, @FILE, or - for\n"
        "standard input; --question runs a ready-made one (--list-questions shows them).\n"
        "The query runs in a separate process that cannot open network connections\n"
        "(SERVICE and LOAD are refused), stopped at --timeout; the store is read, not\n"
        "locked, so this works while accordgraph serve runs.",
    )
    query.add_argument("sparql", nargs="?", metavar="QUERY")
    query.add_argument("--question", help="run a ready-made question by name")
    query.add_argument("--list-questions", action="store_true", help="list ready-made questions")
    query.add_argument(
        "--format",
        choices=["table", "json", "csv", "tsv"],
        default="table",
        help="result format for SELECT/ASK (default: table); CONSTRUCT gives Turtle",
    )
    query.add_argument("--output", metavar="FILE", help="write the result to FILE")
    query.add_argument(
        "--timeout", type=float, default=600.0, help="stop the query after SECONDS (default 600)"
    )

    inspect = command(
        "inspect",
        "show what the loader finds in a file, without storing it",
        "Show the participants, organizations (with acronyms and identifiers), technology\n"
        "areas, organization→area links and commitments the loader finds in FILE.",
    )
    inspect.add_argument("file", metavar="FILE")
    inspect.add_argument("--json", action="store_true", help="print one JSON object")
    inspect.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    export = command(
        "export",
        "serialize the store",
        "Serialize the whole store, or one document's graph, as RDF.",
    )
    export.add_argument(
        "--format", choices=["turtle", "nt", "jsonld", "trig", "nquads", "rdfxml"], default="turtle"
    )
    export.add_argument("--document", metavar="ID", help="only this document's graph")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    validate = command(
        "validate",
        "check the store against the SHACL shapes",
        "Validate the store against ontology/shapes.ttl; exit status 1 if it does not conform.",
    )
    validate.add_argument("--output", metavar="FILE", help="write the full report to FILE")

    report = command(
        "report",
        "agencies per technology category",
        "Print which agencies work on which Critical and Emerging Technology "
        "categories,\nfrom the documents in the store (loading the bundled one if "
        "the store is empty).",
    )
    report.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    serve = command(
        "serve",
        "run the SPARQL endpoint, lookup API and Linked Data server",
        "Serve the store over HTTP:\n"
        "  /            pages to read: agreements, countries, organizations, technologies,\n"
        "               Explore (commitments by facet, CSV), search; ?lang=ja for Japanese\n"
        "  /query       the SPARQL query page (editor, results table, ready-made questions)\n"
        "  /sparql      a SPARQL 1.1 endpoint (GET or POST; Service Description on a bare GET)\n"
        "  /api/...     lookups of organizations, technologies, commitments, documents,\n"
        "               agreements and search (docs at /docs)\n"
        "  /id/...      every minted IRI, as Turtle, JSON-LD or a page; /ontology\n"
        "On a first run with an empty store it loads the bundled document. Read-only unless\n"
        "started with --updates and a token (then SPARQL updates and document uploads are\n"
        "accepted from clients that send it). Settings also come from ACCORDGRAPH_*\n"
        "environment variables.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--timeout", type=float, help="query time limit in seconds (default 30)")
    serve.add_argument("--workers", type=int, help="query worker processes (default 2)")
    serve.add_argument("--max-rows", type=int, help="rows in one result (default 10,000)")
    serve.add_argument(
        "--updates",
        action="store_true",
        help="accept SPARQL updates and document uploads from clients that send the token",
    )
    serve.add_argument(
        "--token",
        help="bearer token for updates; prefer ACCORDGRAPH_UPDATE_TOKEN, which other users "
        "of the machine cannot read in the process list",
    )

    analyze = command(
        "analyze",
        "graph analytics: centrality, communities, paths, neighbours, similarity",
        "Structural questions on a projection of the graph into networkx. Projections:\n"
        "  organizations            organizations named in the same commitment or partnership\n"
        "  organization-technology  organizations and the technology areas they are linked to\n"
        "  technologies             technology areas named in the same commitment\n"
        "  entities                 documents, agreements, commitments and what they name\n"
        "Every projection can be restricted with --document, --country and --technology.\n\n"
        "examples:\n"
        "  accordgraph analyze summary\n"
        "  accordgraph analyze centrality --measure pagerank --top 5\n"
        "  accordgraph analyze communities --method louvain\n"
        "  accordgraph analyze path NTIA NSF          (with the quotes behind each step)\n"
        "  accordgraph analyze neighbours NSF\n"
        "  accordgraph analyze similar MIC\n"
        "  accordgraph analyze compare us-japan-tpd-2025 us-uk-tpd-2025   (two documents)\n"
        "  accordgraph analyze export --format gexf --output network.gexf   (opens in Gephi)\n"
        "  accordgraph analyze export --format png --output network.png    (a picture)\n"
        "  accordgraph analyze export --format html --output network.html  (interactive)\n"
        "  accordgraph analyze heatmap --format svg --output heatmap.svg\n"
        "      (organizations x CET categories; --country, --document, --technology narrow it)\n"
        "  accordgraph analyze timeline --format png --output timeline.png --country JP\n"
        "      (commitments per CET category per year)",
    )
    analyze.add_argument(
        "action",
        choices=[
            "summary",
            "centrality",
            "communities",
            "path",
            "neighbours",
            "similar",
            "compare",
            "export",
            "heatmap",
            "timeline",
        ],
    )
    analyze.add_argument("entities", nargs="*", metavar="ENTITY",
                         help="id, acronym or label (compare: two document ids)")  # fmt: skip
    analyze.add_argument("--projection", default="organizations", help="default: organizations")
    analyze.add_argument("--document", metavar="ID", help="only this document's commitments")
    analyze.add_argument("--country", metavar="CC", help="only organizations of this country")
    analyze.add_argument("--technology", metavar="AREA", help="only this area and those below")
    analyze.add_argument("--rollup", action=argparse.BooleanOptionalAction, default=None,
                         help="areas as their top category (pictures and html: by default "
                         "when they would show more than 30 areas)")  # fmt: skip
    analyze.add_argument("--measure", default="degree", help="degree (default), betweenness, "
                         "closeness, eigenvector, pagerank")  # fmt: skip
    analyze.add_argument("--method", default="louvain", help="louvain or label-propagation")
    analyze.add_argument("--top", type=int, default=20, help="rows of a ranking (default 20)")
    analyze.add_argument("--max-length", type=int, default=3, help="longest path in edges")
    analyze.add_argument("--radius", type=int, default=1, help="neighbourhood radius")
    analyze.add_argument("--json", action="store_true", help="print JSON")
    analyze.add_argument(
        "--format",
        default="graphml",
        help="export: graphml (default), gexf, cytoscape, node-link, dot, nodes-csv, "
        "edges-csv; pictures: svg, png; html (an interactive page that works offline); "
        "heatmap and timeline: svg (default) or png",
    )
    analyze.add_argument("--language", default="en", help="export labels: en (default) or ja")
    analyze.add_argument("--size-by", default="degree",
                         help="export: node size measure of GEXF, pictures and html")  # fmt: skip
    analyze.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    evaluate = command(
        "evaluate",
        "score the loader against hand annotations",
        "Extract each annotated document under GOLD_DIR (NAME.md beside NAME.yaml; the\n"
        "format and rules are in tests/fixtures/gold/README.md) and print precision, recall\n"
        "and F1 of organizations, organization → CET-category links and commitment actors,\n"
        "per document and overall.\n\n"
        "  accordgraph evaluate tests/fixtures/gold/dev --errors",
    )
    evaluate.add_argument("gold", metavar="GOLD_DIR", help="folder of annotated documents")
    evaluate.add_argument(
        "--errors", action="store_true", help="list each document's missed and false items"
    )
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    command("documents", "list the documents in the store", "List the loaded documents.")
    remove = command("remove", "remove a document from the store", "Delete one document's graph.")
    remove.add_argument("doc_id", metavar="ID")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except UserError as exc:
        print(f"accordgraph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("accordgraph: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    from accordgraph.graph.store import StoreError
    from accordgraph.loaders import LoaderError

    try:
        handler = globals()[f"_cmd_{args.command}"]
        result: int = handler(args)
        return result
    except (LoaderError, StoreError) as exc:
        raise UserError(str(exc)) from None


UPLOAD_HINT = (
    'send documents through it: curl -H "Authorization: Bearer $ACCORDGRAPH_UPDATE_TOKEN" '
    "-F file=@FILE http://HOST:PORT/api/documents (a server started with --updates)"
)
REMOVE_HINT = (
    'remove documents through it: curl -X DELETE -H "Authorization: Bearer '
    '$ACCORDGRAPH_UPDATE_TOKEN" http://HOST:PORT/api/documents/ID (a server started with '
    "--updates)"
)


def _open(args: argparse.Namespace, write: str | None = None) -> Any:
    """The store; while ``accordgraph serve`` holds it, a reading command reads it as it
    is now (read-only, beside the server) and a writing one (``write``: how to do it
    through the server) says how instead."""
    from accordgraph.graph.store import KnowledgeGraph, StoreInUse

    path = store_dir(data_dir(getattr(args, "data", None)))
    base = instance_base(getattr(args, "base", None))
    try:
        return KnowledgeGraph.open(path, base=base)
    except StoreInUse:
        if write:
            raise UserError(
                f"{path}: a running accordgraph server holds the store; {write}, or stop it first"
            ) from None
        print(
            "accordgraph: a running server holds the store; reading it as it is now",
            file=sys.stderr,
        )
        return KnowledgeGraph.open_snapshot(path, base=base)


def _with_documents(kg: Any) -> Any:
    """``kg``, with the bundled document loaded (and said so) when the store is empty."""
    if not kg.documents():
        if kg.read_only:
            raise UserError("the store is empty (load documents with accordgraph load)")
        kg.load(bundled_document())
        print(
            f"accordgraph: the store was empty; loaded the bundled {bundled_document().name}",
            file=sys.stderr,
        )
    return kg


def _emit(args: argparse.Namespace, data: str | bytes) -> None:
    from accordgraph.graph.files import write_atomic

    output = getattr(args, "output", None)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output:
        try:
            write_atomic(output, raw)
        except OSError as exc:
            raise UserError(f"{output}: cannot write ({exc.strerror or exc})") from None
        print(f"wrote {output} ({len(raw):,} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()


# ---------------------------------------------------------------------------- commands


def _cmd_load(args: argparse.Namespace) -> int:
    from accordgraph.graph.ingest import ingest
    from accordgraph.graph.lookup import Lookup
    from accordgraph.loaders.sources import collect

    if args.jobs < 1:
        raise UserError("--jobs must be at least 1")
    found = collect(args.files or [str(bundled_document())], args.doc_id)
    for stem, names in found.collisions.items():
        print(
            f"accordgraph: {len(names)} files are named {stem!r}; their ids are their paths: "
            + ", ".join(names),
            file=sys.stderr,
        )
    with _open(args, write=UPLOAD_HINT) as kg, _Progress(len(found.sources)) as progress:

        def each(state: str, doc_id: str, document: DocumentGraph | None) -> None:
            line = f"{state:9} {doc_id}"
            if document is not None:
                line += (
                    f": {document.organizations} organizations, {document.commitments} "
                    f"commitments, {document.content.triples:,} triples"
                )
            progress.record(line)

        report = ingest(
            kg, found, args.jobs, advance=progress.advance, note=progress.write, each=each
        )
        store = kg.path.parent if kg.path else "memory"
        if kg.path is not None:  # the server's lookup index, ready for its start
            started = time.perf_counter()
            Lookup(kg, cache=lookup_cache(kg.path.parent)).save()
            total = report.seconds.pop("total (wall)", 0.0)
            report.seconds["lookup index"] = time.perf_counter() - started
            report.seconds["total (wall)"] = total + report.seconds["lookup index"]
    print(render_load_report(report, store), file=sys.stderr)
    return 1 if report.failed else 0


class _Progress:
    """A progress bar on a terminal; a line every ten seconds otherwise (logs, CI)."""

    def __init__(self, total: int) -> None:
        from tqdm import tqdm

        self.total = total
        self.done = 0
        self.started = self.last = time.monotonic()
        self.bar = (
            tqdm(total=total, unit="doc", file=sys.stderr, smoothing=0.1)
            if sys.stderr.isatty() and total > 1
            else None
        )

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if now - self.last >= 10 and self.done < self.total:
            self.last = now
            rate = self.done / (now - self.started)
            left = (self.total - self.done) / rate if rate else 0
            print(
                f"{self.done:,}/{self.total:,} documents, {rate:.0f}/s, about {left:.0f} s left",
                file=sys.stderr,
            )

    def write(self, line: str) -> None:
        """A problem with one document, on stderr."""
        if self.bar is not None:
            self.bar.write(f"accordgraph: {line}", file=sys.stderr)
        else:
            print(f"accordgraph: {line}", file=sys.stderr)

    def record(self, line: str) -> None:
        """What happened to one document, on stdout (the bar stays below it)."""
        if self.bar is not None:
            self.bar.write(line, file=sys.stdout)
        else:
            print(line)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _count(n: int, noun: str) -> str:
    """
    >>> _count(1, "file"), _count(14390, "document")
    ('1 file', '14,390 documents')
    """
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def render_load_report(report: Any, store: object) -> str:
    """The final report of a load."""
    lines = [
        f"documents: {report.documents:,} — loaded {report.loaded:,}, replaced "
        f"{report.replaced:,}, unchanged {report.unchanged:,}, failed {len(report.failed):,}",
        f"extracted: {report.organizations:,} organizations, {report.commitments:,} "
        f"commitments, {report.triples:,} triples ({report.warnings:,} warnings)",
    ]
    if report.skipped:
        n = len(report.skipped)
        what = "is not a document" if n == 1 else "are not documents"
        lines.append(f"skipped {_count(n, 'file')} that {what}:")
        lines += [f"  {name}: {reason}" for name, reason in report.skipped[:20]]
        if len(report.skipped) > 20:
            lines.append(f"  … and {len(report.skipped) - 20:,} more")
    if report.failed:
        lines.append(
            f"{len(report.failed):,} of {_count(report.documents, 'file')} could not be loaded:"
        )
        lines += [f"  {reason}" for _name, reason in report.failed[:20]]
    if report.collisions:
        lines.append(
            f"{sum(len(v) for v in report.collisions.values()):,} files shared "
            f"{len(report.collisions):,} names; each got its path as its id"
        )
    stages = ", ".join(f"{stage} {sec:.1f} s" for stage, sec in report.seconds.items())
    lines.append(f"time: {stages}")
    lines.append(f"store: {store} (generation {report.generation}, {report.writes} writes)")
    return "\n".join(lines)


def _read_query(args: argparse.Namespace) -> str:
    from accordgraph.graph.questions import QUESTIONS

    if args.question:
        if args.sparql:
            raise UserError("give either QUERY or --question, not both")
        if args.question not in QUESTIONS:
            raise UserError(
                f"no question named {args.question!r} (choose from {', '.join(QUESTIONS)})"
            )
        return QUESTIONS[args.question].sparql
    if not args.sparql:
        raise UserError("give a SPARQL query (or --question NAME; see --list-questions)")
    if args.sparql == "-":
        return sys.stdin.read()
    if args.sparql.startswith("@"):
        try:
            return Path(args.sparql[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{args.sparql[1:]}: cannot read the query ({exc})") from None
    return str(args.sparql)


def _cmd_query(args: argparse.Namespace) -> int:
    from accordgraph.graph.questions import QUESTIONS

    if args.list_questions:
        for q in QUESTIONS.values():
            print(f"{q.name:26} {q.title}")
        return 0
    sparql = _read_query(args)
    _emit(args, format_result(run_query(args, sparql), args.format))
    return 0


def run_query(args: argparse.Namespace, sparql: str) -> Any:
    """A query's result, evaluated by a confined worker over the store read-only."""
    from accordgraph.graph.executor import QuerySyntaxError, WorkerError, run_once
    from accordgraph.graph.sandbox import Limits

    path = store_dir(data_dir(getattr(args, "data", None)))
    if not path.exists():
        _open(args).close()  # create it: an empty store answers too
    request = {
        "query": sparql,
        "formats": {"solutions": "json", "boolean": "json", "graph": "nt"},
        "max_rows": 2**62,
        "max_bytes": 2**62,
    }
    try:
        answer = run_once(path, request, args.timeout, Limits(memory_bytes=None))
    except QuerySyntaxError as exc:
        raise UserError(f"SPARQL syntax error: {exc}") from None
    except WorkerError as exc:
        raise UserError(str(exc)) from None
    if answer.media_type == "application/n-triples":
        return ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
    return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)


_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def format_result(result: Any, fmt: str) -> str | bytes:
    """Render a pyoxigraph query result in a command-line format."""
    if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean):  # triples
        from accordgraph.graph.prefixes import PREFIXES

        data = ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return data or b""
    if fmt in _RESULT_FORMATS:
        return result.serialize(format=_RESULT_FORMATS[fmt]) or b""
    if isinstance(result, ox.QueryBoolean):
        return "true\n" if bool(result) else "false\n"
    names = [v.value for v in result.variables]
    rows = [[_cell(s[n]) for n in names] for s in result]
    if not names:  # SELECT * over a pattern with no variables: only a count to show
        return f"({len(rows)} row{'s' if len(rows) != 1 else ''}, no variables)\n"
    return render_table(names, rows) + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def _cell(term: Any) -> str:
    if term is None:
        return ""
    return str(term.value)


def render_table(header: list[str], rows: list[list[str]], width: int = 70) -> str:
    """A plain-text table; long cells wrap within ``width`` characters."""
    wrapped = [[textwrap.wrap(c, width) or [""] for c in row] for row in rows]
    widths = [
        max([len(h)] + [max(len(line) for line in row[i]) for row in wrapped])
        for i, h in enumerate(header)
    ]
    out = io.StringIO()
    out.write("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in wrapped:
        for line_no in range(max(len(c) for c in row)):
            cells = [c[line_no] if line_no < len(c) else "" for c in row]
            out.write("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
            out.write("\n")
    return out.getvalue()


def _cmd_inspect(args: argparse.Namespace) -> int:
    from accordgraph.loaders import extract_file
    from accordgraph.loaders.summary import summarize

    summary = summarize(extract_file(args.file))
    if args.json:
        _emit(args, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    else:
        _emit(args, render_summary(summary))
    return 0


def render_summary(s: dict[str, Any]) -> str:
    """The human-readable form of ``inspect``."""
    out = io.StringIO()
    doc, agreement = s["document"], s["document"]["agreement"]
    out.write(f"{doc['file']}: {agreement['kind']} {agreement['short_name'] or ''}".rstrip())
    out.write(f", {agreement['date'] or 'undated'}, {agreement['place'] or 'no place'}\n")
    out.write(f"  {agreement['title'] or doc['title'] or ''}\n")
    legal = [agreement["legal_character"] or "legal character not stated"]
    if agreement["discontinuation_notice"]:
        legal.append(f"discontinuation notice {agreement['discontinuation_notice']}")
    out.write(f"  {'; '.join(legal)}\n\nParticipants\n")
    for p in s["participants"]:
        rep = f" (represented by {p['represented_by']})" if p["represented_by"] else ""
        out.write(f"  {p['label']}{rep}\n")
    out.write(f"\nOrganizations ({len(s['organizations'])})\n")
    rows = [
        [
            o["acronym"] or "",
            o["label"],
            o["country"] or "",
            str(len(o["mentions"])),
            (o["ror"] or "").rsplit("/", 1)[-1],
        ]
        for o in s["organizations"]
    ]
    out.write(
        textwrap.indent(render_table(["acronym", "name", "country", "mentions", "ror"], rows), "  ")
    )
    out.write(f"\nTechnology areas ({len(s['technologies'])})\n")
    rows = [[t["label"], t["category"]["label"], str(t["mentions"])] for t in s["technologies"]]
    out.write(textwrap.indent(render_table(["area", "category", "mentions"], rows, 50), "  "))
    out.write("\nOrganization → technology area\n")
    pairs: dict[tuple[str, str], str] = {}
    for link in s["links"]:
        pairs.setdefault((link["organization"], link["technology"]), link["category"])
    rows = [[o, t, c] for (o, t), c in pairs.items()]
    out.write(textwrap.indent(render_table(["organization", "area", "category"], rows, 50), "  "))
    out.write(f"\nCommitments ({len(s['commitments'])})\n")
    for c in s["commitments"]:
        actions = ", ".join(c["actions"]) or "-"
        via = f" via {', '.join(c['through'])}" if c["through"] else ""
        out.write(f"  {c['number']:>3}. [{c['modality']}: {actions}]{via}\n")
        out.write(textwrap.indent(textwrap.fill(c["text"], 88), "       ") + "\n")
    return out.getvalue()


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from accordgraph.loaders.evaluate import MEASURES, evaluate, total

    gold = Path(args.gold)
    if not gold.is_dir():
        raise UserError(f"{gold}: not a folder of annotated documents")
    documents = list(tqdm(evaluate(gold), desc="evaluate", unit="doc", file=sys.stderr))
    if not documents:
        raise UserError(f"{gold}: no NAME.yaml annotations found")
    overall = total(documents)

    def prf(score: Any) -> dict[str, Any]:
        return {
            "precision": round(score.precision, 3),
            "recall": round(score.recall, 3),
            "f1": round(score.f1, 3),
            "tp": score.tp,
            "fp": score.fp,
            "fn": score.fn,
        }

    if args.json:
        result = {
            "documents": [
                {"document": d.document, **{m: prf(d.scores[m]) for m in MEASURES}}
                | ({"errors": _errors(d.scores)} if args.errors else {})
                for d in documents
            ],
            "overall": {m: prf(overall[m]) for m in MEASURES},
        }
        _emit(args, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return 0
    header = ["document", *(f"{m[:5]} P/R/F1" for m in MEASURES)]

    def cells(scores: dict[str, Any]) -> list[str]:
        return [
            f"{scores[m].precision:.2f} {scores[m].recall:.2f} {scores[m].f1:.2f}" for m in MEASURES
        ]

    rows = [[d.document[:60], *cells(d.scores)] for d in documents]
    rows.append([f"overall ({len(documents)} documents)", *cells(overall)])
    out = io.StringIO()
    out.write(render_table(header, rows, 60))
    if args.errors:
        for d in documents:
            out.write(f"\n{d.document}\n")
            for line in _errors(d.scores):
                out.write(f"  {line}\n")
    _emit(args, out.getvalue())
    return 0


def _errors(scores: dict[str, Any]) -> list[str]:
    lines = []
    for measure, score in scores.items():
        lines += [f"{measure} missed: {item}" for item in score.missed]
        lines += [f"{measure} false: {item}" for item in score.false]
    return lines


def _cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as kg:
        graph = str(kg.ids.document_graph(args.document)) if args.document else None
        if graph and graph not in kg.named_graphs():
            raise UserError(f"no document {args.document!r} in the store")
        _emit(args, kg.export(args.format, graph))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from accordgraph.graph.validate import validate_store

    with _open(args) as kg:
        report = validate_store(kg)
    if args.output:
        _emit(args, report.text)
    verdict = (
        "conforms"
        if report.conforms
        else (
            f"does NOT conform ({report.violations} SHACL violations, "
            f"{report.selector_mismatches} selector mismatches)"
        )
    )
    print(
        f"{report.triples:,} triples checked against the SHACL shapes, "
        f"{report.selectors:,} text selectors against the stored text: {verdict}"
    )
    if not report.conforms and not args.output:
        print(report.text)
    return 0 if report.conforms else 1


def _cmd_report(args: argparse.Namespace) -> int:
    from accordgraph.graph.questions import QUESTIONS

    with _open(args) as kg:
        _with_documents(kg)
        docs = ", ".join(d.file_name for d in kg.documents())
        rows = kg.select(QUESTIONS["agencies-by-category"].sparql)
    text = f"Agencies per Critical and Emerging Technology category ({docs})\n\n"
    text += render_table(
        ["category", "agencies"], [[r["category"], r.get("agencies", "")] for r in rows], 60
    )
    _emit(args, text)
    return 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    from accordgraph.graph.analytics import Analytics
    from accordgraph.graph.facets import filters_of
    from accordgraph.graph.lookup import NotFound

    wanted = {"path": 2, "neighbours": 1, "similar": 1, "compare": 2}.get(args.action, 0)
    if len(args.entities) != wanted:
        raise UserError(f"analyze {args.action} takes {wanted} ENTITY argument(s)")
    where: dict[str, Any] = {
        k: v
        for k, v in (("document", args.document), ("country", args.country),
                     ("technology", args.technology))
        if v
    }  # fmt: skip
    with _open(args) as kg:
        _with_documents(kg)
        analytics = Analytics(kg)
        try:
            if args.action in ("heatmap", "timeline"):
                fmt = args.format if args.format in ("svg", "png") else "svg"
                if fmt == "png" and not args.output and sys.stdout.isatty():
                    raise UserError("png is binary: write it with --output FILE.png")
                filters = {
                    facet: {where[option]}
                    for option, facet in (("document", "document"), ("country", "country"),
                                          ("technology", "area"))
                    if option in where
                }  # fmt: skip
                _emit(args, analytics.chart(args.action, fmt, filters_of(filters)))
                return 0
            if args.action == "export":
                if args.format == "png" and not args.output and sys.stdout.isatty():
                    raise UserError("png is binary: write it with --output FILE.png")
                if args.rollup is not None:
                    where["rollup"] = args.rollup
                exported = analytics.export(
                    args.format, args.projection, args.language, args.size_by, **where
                )
                _emit(args, exported)
                return 0
            result: Any = _analyze(analytics, args, where)
        except (NotFound, ValueError) as exc:
            raise UserError(str(exc.args[0]) if exc.args else str(exc)) from None
    if args.json:
        if isinstance(result, list):
            data: Any = [r.model_dump(mode="json") for r in result]
        else:
            data = result.model_dump(mode="json")
        _emit(args, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _emit(args, _analysis_text(args.action, result))
    return 0


def _analyze(analytics: Any, args: argparse.Namespace, where: dict[str, Any]) -> Any:
    projection = args.projection
    if args.rollup:
        where = {**where, "rollup": True}
    if args.action == "summary":
        return analytics.summary(projection, **where)
    if args.action == "centrality":
        return analytics.centrality(projection, args.measure, **where)[: args.top]
    if args.action == "communities":
        return analytics.communities(projection, args.method, **where)
    if args.action == "path":
        source, target = args.entities
        return analytics.paths(source, target, projection, args.max_length, **where)
    if args.action == "neighbours":
        return analytics.neighbours(args.entities[0], projection, args.radius, **where)
    if args.action == "compare":
        return analytics.compare(*args.entities)
    return analytics.similar(args.entities[0], **where)


def _analysis_text(action: str, result: Any) -> str:
    if action == "summary":
        lines = [f"{k.replace('_', ' ')}: {v}" for k, v in vars(result).items()]
        return "\n".join(lines) + "\n"
    if action == "centrality":
        rows = [[str(r.rank), r.label, r.type, f"{r.score:.4f}"] for r in result]
        return render_table(["rank", "label", "type", "score"], rows, 70)
    if action == "communities":
        out = f"{result.method}: modularity {result.modularity:.4f}\n"
        for c in result.communities:
            out += f"{c.number}. " + ", ".join(m.label for m in c.members) + "\n"
        return out
    if action == "path":
        if result.shortest is None:
            return "no path\n"
        out = " → ".join(n.label for n in result.shortest.nodes) + "\n"
        for step in result.shortest.steps:
            out += f"\n{step.source.label} — {step.target.label}\n"
            for e in step.evidence:
                out += (
                    textwrap.fill(
                        f"“{e.quote}” ({e.document} {e.start}–{e.end})",
                        width=88,
                        initial_indent="  ",
                        subsequent_indent="    ",
                    )
                    + "\n"
                )
        out += f"\n{len(result.all)} simple paths up to the length limit\n"
        return out
    if action == "neighbours":
        return "".join(f"{n.label} ({n.type})\n" for n in result)
    if action == "compare":
        out = f"{result.first.id} and {result.second.id}\n"
        for kind in ("organizations", "categories"):
            overlap = getattr(result, kind)
            out += f"\n{kind} (Jaccard {overlap.jaccard:.3f})\n"
            for name, refs in (("shared", overlap.shared),
                               (f"only {result.first.id}", overlap.only_first),
                               (f"only {result.second.id}", overlap.only_second)):  # fmt: skip
                text = ", ".join(r.label for r in refs) or "—"
                out += textwrap.fill(f"{name}: {text}", 88, subsequent_indent="    ") + "\n"
        return out
    rows = [[r.label, f"{r.jaccard:.3f}", ", ".join(r.shared)] for r in result]
    return render_table(["organization", "jaccard", "shared areas"], rows, 90)


def _cmd_serve(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from accordgraph.api.app import create_app
    from accordgraph.api.server import PortInUse, listen, run
    from accordgraph.api.settings import Settings
    from accordgraph.graph.store import KnowledgeGraph, StoreInUse

    overrides: dict[str, Any] = {"data": data_dir(getattr(args, "data", None))}
    base = instance_base(getattr(args, "base", None))
    if base:
        overrides["base"] = base
    for option, name in (
        ("timeout", "query_timeout"),
        ("workers", "workers"),
        ("max_rows", "max_rows"),
        ("token", "update_token"),
    ):
        if getattr(args, option) is not None:
            overrides[name] = getattr(args, option)
    if args.updates:
        overrides["updates"] = True
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise UserError(f"bad setting {error['loc'][0]}: {error['msg']}") from None
    if settings.updates and not settings.update_token:
        raise UserError("--updates needs a token: --token or ACCORDGRAPH_UPDATE_TOKEN")
    path = store_dir(settings.data)
    try:
        KnowledgeGraph.open(path, base=settings.base).close()  # free, and openable
    except StoreInUse:
        raise UserError(
            f"{path}: another accordgraph process holds the store (a server already running "
            "on it, or a load): stop it, or serve another --data directory"
        ) from None
    try:
        sock = listen(args.host, args.port)
    except PortInUse as exc:
        raise UserError(f"{exc}: choose another with --port {args.port + 1}") from None
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port} ({exc.strerror})") from None
    root = f"http://{args.host}:{args.port}"

    def banner() -> None:
        print(
            f"accordgraph: serving {root}/ (pages), {root}/sparql (SPARQL endpoint), "
            f"{root}/docs (lookup API), {root}/id/… (Linked Data); "
            f"{'updates and uploads with the token' if settings.updates else 'read-only'}. "
            "Press Ctrl+C to stop.",
            file=sys.stderr,
            flush=True,
        )

    run(create_app(settings), settings, sock, banner)
    return 0


def _cmd_documents(args: argparse.Namespace) -> int:
    with _open(args) as kg:
        docs = kg.documents()
    if not docs:
        print("no documents loaded (try: accordgraph load)")
        return 0
    print(
        render_table(
            ["id", "file", "triples", "agreement"],
            [[d.doc_id, d.file_name, f"{d.triples:,}", d.agreement or ""] for d in docs],
            80,
        ),
        end="",
    )
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    with _open(args, write=REMOVE_HINT) as kg:
        if not kg.remove_document(args.doc_id):
            raise UserError(f"no document {args.doc_id!r} in the store")
    print(f"removed {args.doc_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
