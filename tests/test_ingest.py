"""Bulk loading (``accordgraph.graph.ingest``): directories and archives, id collisions,
reruns, per-file failures, resuming after ``kill -9`` and the recovery of a write cut
off midway. Real stores on disk, real extraction processes and the installed console
script: nothing is mocked."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from accordgraph.graph.ingest import IngestReport, ingest, source_key
from accordgraph.graph.store import XSD_INTEGER, DocumentGraph, GraphContent, KnowledgeGraph
from accordgraph.graph.store import _digest as engine_digest
from accordgraph.loaders import extract_bytes
from accordgraph.loaders.sources import Sources, collect
from accordgraph.ontology import AG, Ids

EXE = shutil.which("accordgraph")
FIXTURES = Path(__file__).parent / "fixtures"
DEV = FIXTURES / "gold" / "dev"
JAPAN = FIXTURES / "us-japan-tpd-2025.txt"
UK = FIXTURES / "us-uk-tpd-2025.md"
WH_JAPAN = FIXTURES / "wh-us-japan-tpd-2025.md"


def gold(prefix: str) -> Path:
    """A press text of the annotated corpus, by the start of its name."""
    (path,) = DEV.glob(f"{prefix}*.md")
    return path


IMEC = gold("2023-09-09-memorandum-of-understanding")
OUTBOUND = gold("2023-08-09-president-biden-signs-executive-order")

# A small corpus in folders (path in the corpus → its text), and what is not a document.
CORPUS = {
    "japan/us-japan-tpd-2025.txt": JAPAN,
    "uk/2025/us-uk-tpd-2025.md": UK,
    "imec-mou.md": IMEC,
    "orders/outbound-investment.md": OUTBOUND,
}
IDS = {"us-japan-tpd-2025", "us-uk-tpd-2025", "imec-mou", "outbound-investment"}
NOT_DOCUMENTS = {
    "README": (b"A corpus for the tests.\n", "not a document (no extension)"),
    "uk/logo.png": (b"\x89PNG\r\n\x1a\n" + bytes(64), "not a document (.png)"),
    "orders/annotations.yaml": (b"organizations: []\n", "not a document (.yaml)"),
}

SOURCE_DOCUMENTS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a ag:SourceDocument }"
COMMITMENTS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ag:Commitment }"
ORGANIZATIONS = """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
    ?d a ag:SourceDocument ; ag:mentions ?o . ?o a org:Organization }"""
PENDING = ox.NamedNode(str(AG.writePending))
SHA256 = ox.NamedNode(str(AG.sha256))


# ---------------------------------------------------------------------------- helpers


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def corpus_files() -> dict[str, bytes]:
    files = {name: path.read_bytes() for name, path in CORPUS.items()}
    return files | {name: data for name, (data, _reason) in NOT_DOCUMENTS.items()}


def make_archive(archive: Path, files: dict[str, bytes], prefix: str = "corpus/") -> Path:
    """``files`` under ``prefix`` in a .tar.* or .zip archive, with folder entries too."""
    folders = sorted({str(Path(prefix + name).parent) for name in files} - {"."})
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for folder in folders:
                z.writestr(folder + "/", b"")
            for name, data in files.items():
                z.writestr(prefix + name, data)
        return archive
    mode = {".gz": "w:gz", ".xz": "w:xz", ".bz2": "w:bz2"}.get(archive.suffix, "w")
    with tarfile.open(archive, mode) as t:  # type: ignore[call-overload]
        for folder in folders:
            info = tarfile.TarInfo(folder)
            info.type = tarfile.DIRTYPE
            t.addfile(info)
        for name, data in files.items():
            info = tarfile.TarInfo(prefix + name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return archive


def iri(term: object) -> str:
    """accordgraph names everything with IRIs: no blank nodes, no quoted triples."""
    assert isinstance(term, ox.NamedNode), term
    return term.value


def count(kg: KnowledgeGraph, sparql: str) -> int:
    return int(kg.select(sparql)[0]["n"])


def data_quads(kg: KnowledgeGraph) -> set[str]:
    """Every quad but the store's own bookkeeping (which holds the generation)."""
    meta = ox.NamedNode(kg.meta_graph)
    return {str(q) for q in kg.quads() if q.graph_name != meta}


def counts(kg: KnowledgeGraph) -> dict[str, int]:
    """What a load put in the store, independent of the store's generation."""
    return {
        "documents": kg.document_count(),
        "source documents": count(kg, SOURCE_DOCUMENTS),
        "commitments": count(kg, COMMITMENTS),
        "organizations": count(kg, ORGANIZATIONS),
        "quads": len(data_quads(kg)),
    }


def pending_marks(kg: KnowledgeGraph) -> list[str]:
    return [str(q) for q in kg.store.quads_for_pattern(None, PENDING, None, None)]


def document_text(kg: KnowledgeGraph, doc_id: str) -> str:
    rows = kg.select(f"SELECT ?t WHERE {{ <{kg.ids.document(doc_id)}> ag:text ?t }}")
    assert len(rows) == 1, rows
    return rows[0]["t"]


def load(
    kg: KnowledgeGraph, found: Sources, note: Callable[[str], None] = lambda line: None
) -> tuple[IngestReport, dict[str, tuple[str, DocumentGraph | None]]]:
    """Ingest with one extraction process; also what ``each`` said of every document."""
    states: dict[str, tuple[str, DocumentGraph | None]] = {}

    def each(state: str, doc_id: str, document: DocumentGraph | None) -> None:
        assert doc_id not in states, f"{doc_id} reported twice"
        states[doc_id] = (state, document)

    return ingest(kg, found, jobs=1, note=note, each=each), states


def run_cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    assert EXE, "the accordgraph console script is not installed (pip install -e .)"
    env = {**os.environ, "ACCORDGRAPH_DATA": str(data)}
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def expected() -> dict[str, object]:
    """The corpus loaded the simple way, one file at a time in this process: what each
    bulk load must match (numbers only: file names differ with the folders)."""
    kg = KnowledgeGraph.open()
    per_document = {}
    for name, path in CORPUS.items():
        document = DocumentGraph.of(
            extract_bytes(path.read_bytes(), Path(name).name), kg.ids, "key"
        )
        kg.write([document.content])
        per_document[document.doc_id] = (document.organizations, document.commitments)
    return {"counts": counts(kg), "per document": per_document}


# ------------------------------------------------------------ directories and archives


@pytest.mark.parametrize("form", ["directory", "tar.gz", "tar.xz", "zip"])
def test_a_directory_and_its_archives_load_the_same_documents(
    tmp_path: Path, form: str, expected: dict[str, object]
) -> None:
    files = corpus_files()
    if form == "directory":
        path, prefix = write_tree(tmp_path / "corpus", files), ""
    else:
        path, prefix = make_archive(tmp_path / f"corpus.{form}", files), "corpus/"
    found = collect([str(path)])
    assert sorted(s.doc_id for s in found.sources) == sorted(IDS)
    assert found.collisions == {}
    assert sorted(found.skipped) == sorted(
        (prefix + name, reason) for name, (_data, reason) in NOT_DOCUMENTS.items()
    )

    with KnowledgeGraph.open(tmp_path / "store") as kg:
        report, states = load(kg, found)
        assert (report.documents, report.loaded, report.replaced, report.unchanged) == (4, 4, 0, 0)
        assert report.failed == [] and report.skipped == found.skipped
        per_document = {
            doc_id: (document.organizations, document.commitments)
            for doc_id, (state, document) in states.items()
            if state == "loaded" and document is not None
        }
        assert per_document == expected["per document"]
        assert report.organizations == sum(o for o, _c in per_document.values())
        assert report.commitments == sum(c for _o, c in per_document.values())
        assert counts(kg) == expected["counts"]
        names = {d.doc_id: d.file_name for d in kg.documents()}
        assert names == {Path(n).stem: prefix + n for n in CORPUS}
        assert report.generation == kg.generation and report.writes == 1
        assert not pending_marks(kg)


def test_files_with_one_name_in_two_folders_get_their_paths_as_ids(tmp_path: Path) -> None:
    files = {"a/statement.txt": JAPAN.read_bytes(), "b/statement.txt": UK.read_bytes()}
    root = write_tree(tmp_path / "in", files)
    found = collect([str(root)])
    assert {s.name: s.doc_id for s in found.sources} == {
        "a/statement.txt": "a-statement",
        "b/statement.txt": "b-statement",
    }
    assert found.collisions == {"statement": ["a/statement.txt", "b/statement.txt"]}
    zipped = collect([str(make_archive(tmp_path / "in.zip", files, prefix="x/"))])
    assert sorted(s.doc_id for s in zipped.sources) == ["x-a-statement", "x-b-statement"]
    assert zipped.collisions == {"statement": ["x/a/statement.txt", "x/b/statement.txt"]}

    with KnowledgeGraph.open(tmp_path / "store") as kg:
        report, states = load(kg, found)
        assert report.loaded == 2 and report.failed == []
        assert report.collisions == {"statement": ["a/statement.txt", "b/statement.txt"]}
        assert {d: s for d, (s, _doc) in states.items()} == {
            "a-statement": "loaded",
            "b-statement": "loaded",
        }
        assert {d.doc_id: d.file_name for d in kg.documents()} == {
            "a-statement": "a/statement.txt",
            "b-statement": "b/statement.txt",
        }
        assert "Tokyo" in document_text(kg, "a-statement")
        assert "Chequers" in document_text(kg, "b-statement")


@pytest.mark.parametrize(
    ("layout", "one_by_one"),
    [
        ({"a/statement.txt": JAPAN, "a/statement.md": WH_JAPAN}, False),
        ({"one/statement.txt": JAPAN, "two/statement.txt": UK}, True),
    ],
    ids=["same-folder-two-suffixes", "two-files-named-on-the-command-line"],
)
def test_colliding_names_always_get_distinct_ids(
    tmp_path: Path, layout: dict[str, Path], one_by_one: bool
) -> None:
    root = write_tree(tmp_path / "in", {n: p.read_bytes() for n, p in layout.items()})
    found = collect([str(root / n) for n in layout] if one_by_one else [str(root)])
    assert found.collisions  # noticed, and resolved:
    assert len({s.doc_id for s in found.sources}) == len(found.sources)


# ------------------------------------------------------------------------------ reruns


def test_a_rerun_skips_unchanged_files_and_replaces_a_changed_one(tmp_path: Path) -> None:
    files = corpus_files()
    archive = make_archive(tmp_path / "corpus.tar.gz", files)
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        first, _ = load(kg, collect([str(archive)]))
        assert first.loaded == 4
        before, quads, generation = counts(kg), data_quads(kg), kg.generation

    with KnowledgeGraph.open(tmp_path / "store") as kg:  # the keys outlive the process
        again, states = load(kg, collect([str(archive)]))
        assert (again.documents, again.unchanged, again.loaded, again.replaced) == (4, 4, 0, 0)
        assert again.writes == 0 and again.failed == [] and again.triples == 0
        assert states == {doc_id: ("unchanged", None) for doc_id in IDS}  # not even read
        assert counts(kg) == before and data_quads(kg) == quads
        assert kg.generation == generation

        added = "The Participants intend to meet again in Riyadh in 2026."
        files["imec-mou.md"] += f"\n{added}\n".encode()
        changed = make_archive(tmp_path / "corpus.tar.gz", files)
        third, states = load(kg, collect([str(changed)]))
        assert (third.unchanged, third.loaded, third.replaced, third.writes) == (3, 0, 1, 1)
        assert states["imec-mou"][0] == "replaced"
        assert added in document_text(kg, "imec-mou")
        assert kg.document_count() == 4 and kg.generation == generation + 1
        imec = str(kg.ids.document_graph("imec-mou"))
        assert {q for q in data_quads(kg) if imec not in q} == {q for q in quads if imec not in q}


# ---------------------------------------------------------------------- failing files


def test_files_that_cannot_be_read_are_reported_and_the_others_load(tmp_path: Path) -> None:
    bad = {
        "bad/garbage.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8, "not a readable PDF"),
        "bad/empty.txt": (b"  \n\n ", "file is empty"),
        "bad/latin1.md": ("Mémorandum".encode("latin-1"), "not UTF-8 text"),
        "bad/blob.txt": (b"\x00\x01\x02binary" * 10, "binary file"),
    }
    files = {"a-first.md": IMEC.read_bytes(), "z-last.txt": JAPAN.read_bytes()}
    root = write_tree(tmp_path / "in", files | {n: d for n, (d, _r) in bad.items()})
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        notes: list[str] = []
        report, states = load(kg, collect([str(root)]), note=notes.append)
        assert report.documents == 6 and report.loaded == 2 and report.unchanged == 0
        failed = dict(report.failed)
        assert set(failed) == set(bad)
        for name, (_data, reason) in bad.items():
            assert failed[name].startswith(f"{name}: ") and reason in failed[name]
        assert sorted(notes) == sorted(failed.values())
        assert set(states) == {"a-first", "z-last"}
        assert {d.doc_id for d in kg.documents()} == {"a-first", "z-last"}
        assert kg.document_count() == 2 and not pending_marks(kg)


# ---------------------------------------------------------------- resuming after kill -9

# The load as the console script runs it, but with a write per document, so that a kill
# lands between or inside writes (the batch size, BATCH_TRIPLES, is a module constant:
# no option or environment variable sets it).
ONE_WRITE_PER_DOCUMENT = (
    "import sys\n"
    "import accordgraph.graph.ingest as ingest\n"
    "from accordgraph.cli import main\n"
    "ingest.BATCH_TRIPLES = 1\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
# Documents that conform to the shapes (not every press text does: a commitment without
# an actor, two bodies on one mention; see issue 11)
CONFORMING = [
    JAPAN,
    UK,
    WH_JAPAN,
    IMEC,
    OUTBOUND,
    gold("2024-02-26-joint-statement"),
    gold("2023-02-02-quad-senior"),
    gold("2026-06-02-fact-sheet"),
    gold("2024-04-11-remarks-by"),
    gold("2025-02-21-fact-sheet"),
    gold("2022-08-08-fact-sheet"),
    gold("2025-12-19-national-security"),
    gold("2021-01-27-executive-order"),
]
KILLED_DOCUMENTS = 40


def killed_load(
    archive: Path, data: Path, log: Path, after: int, delay: float
) -> tuple[list[str], bool]:
    """Run a load and ``kill -9`` it (with its extraction processes) ``delay`` seconds
    after it reported ``after`` documents loaded: the ids it reported in the store, and
    whether it was killed (False: it finished first)."""
    env = {**os.environ, "ACCORDGRAPH_DATA": str(data), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", ONE_WRITE_PER_DOCUMENT, "load", str(archive), "--jobs", "1"]
    with log.open("a") as stderr:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
            start_new_session=True,
        )

    def kill() -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    watchdog = threading.Timer(120, kill)  # a hung load fails the test, not the suite
    watchdog.start()
    reported, loaded, killed = [], 0, False
    try:
        assert process.stdout is not None
        for line in process.stdout:
            state, _, rest = line.partition(" ")
            reported.append(rest.strip().split(":")[0])
            loaded += state == "loaded"
            if loaded == after:
                threading.Event().wait(delay)
                kill()
                killed = True
                break
        process.wait(60)
    finally:
        watchdog.cancel()
        if process.returncode is None:
            kill()
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == (-signal.SIGKILL if killed else 0), log.read_text()
    return reported, killed and process.returncode == -signal.SIGKILL


def assert_every_graph_whole_or_pending(store: Path) -> tuple[set[str], set[str]]:
    """The store just as the kill left it (opened read-only: no recovery): every
    document graph without a pending mark holds exactly the content its digest records.
    Returns the documents recorded and the graphs still marked."""
    raw = ox.Store.read_only(str(store))
    ids = Ids()
    meta, prefix = ox.NamedNode(ids.base + "graph/meta"), str(ids.document_graph(""))
    marked = {iri(q.subject) for q in raw.quads_for_pattern(None, PENDING, None, meta)}
    digests = {
        iri(q.subject): q.object.value
        for q in raw.quads_for_pattern(None, SHA256, None, meta)
        if isinstance(q.object, ox.Literal) and iri(q.subject).startswith(prefix)
    }
    graphs = {iri(g) for g in raw.named_graphs() if iri(g).startswith(prefix)}
    for graph in (graphs | set(digests)) - marked:
        quads = list(raw.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        assert quads and engine_digest(quads) == digests.get(graph), graph
    del raw
    return {g[len(prefix) :] for g in set(digests) - marked}, marked


@pytest.mark.slow
def test_a_load_killed_midway_three_times_then_rerun_equals_a_clean_load(tmp_path: Path) -> None:
    files = {}
    for i in range(KILLED_DOCUMENTS):
        source = CONFORMING[i % len(CONFORMING)]
        text = source.read_bytes() + f"\n\nCopy {i}.\n".encode()
        files[f"part-{i // 10}/{i:02d}-{source.stem[:24]}{source.suffix}"] = text
    archive = make_archive(tmp_path / "corpus.tar.xz", files)
    data, log = tmp_path / "data", tmp_path / "stderr.log"
    store = data / "oxigraph"

    in_store: set[str] = set()
    kills = 0
    for after, delay in ((3, 0.0), (4, 0.03), (2, 0.15)):
        reported, killed = killed_load(archive, data, log, after, delay)
        recorded, _marked = assert_every_graph_whole_or_pending(store)
        assert set(reported) <= recorded  # what a load reports done stays done
        assert in_store <= recorded  # and a later load leaves it be
        in_store = recorded
        if not killed:  # it finished before the kill (it should not, with 40 writes)
            assert len(recorded) == KILLED_DOCUMENTS
            break
        kills += 1
        assert len(recorded) < KILLED_DOCUMENTS
    assert kills >= 1, "no load was killed midway: the test proved nothing"

    finished = run_cli("load", str(archive), "--jobs", "1", data=data)
    assert finished.returncode == 0, finished.stderr
    counted = re.search(
        r"documents: 40 — loaded (\d+), replaced 0, unchanged (\d+), failed 0", finished.stderr
    )
    assert counted, finished.stderr
    assert int(counted[2]) >= len(in_store) and int(counted[1]) + int(counted[2]) == 40

    with KnowledgeGraph.open(tmp_path / "clean") as clean:
        report, _ = load(clean, collect([str(archive)]))
        assert report.loaded == KILLED_DOCUMENTS and report.failed == []
        clean_counts, clean_quads = counts(clean), data_quads(clean)
        clean_keys, clean_digests = clean.source_keys(), clean.stored_digests()
    with KnowledgeGraph.open(store) as kg:
        assert not pending_marks(kg)
        assert counts(kg) == clean_counts
        assert clean_counts["documents"] == clean_counts["source documents"] == KILLED_DOCUMENTS
        assert data_quads(kg) == clean_quads  # no document twice, none in part
        assert kg.source_keys() == clean_keys and kg.stored_digests() == clean_digests
    validated = run_cli("validate", data=data)
    assert validated.returncode == 0, validated.stdout[-3000:]
    assert "conforms" in validated.stdout and "NOT" not in validated.stdout


def _extraction_workers(pid: int) -> list[int]:
    """The extraction processes a load started (not multiprocessing's resource tracker)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"spawn_main" in cmdline:
            found.append(int(child))
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_a_worker_that_dies_fails_no_document_it_was_not_reading(tmp_path: Path) -> None:
    """Regression: when an extraction process died, every document in flight was
    reported failed (8 of them with one job), though one at most was the cause; now each
    is tried again on its own, and only one that kills a worker again fails."""
    files = {
        f"{i:02d}-{src.name}": src.read_bytes() + f"\n\nCopy {i}.\n".encode()
        for i, src in enumerate(CONFORMING[:4] * 5)
    }
    archive = make_archive(tmp_path / "corpus.tar.gz", files)
    env = {**os.environ, "ACCORDGRAPH_DATA": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", ONE_WRITE_PER_DOCUMENT, "load", str(archive), "--jobs", "1"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    killed = []
    for line in process.stdout:
        if line.startswith("loaded") and not killed:
            killed = _extraction_workers(process.pid)
            for worker in killed:
                os.kill(worker, signal.SIGKILL)
    _out, err = process.communicate(timeout=120)
    assert killed, "no extraction process was found to kill"
    assert process.returncode == 0, err
    assert (
        f"documents: {len(files)} — loaded {len(files)}, replaced 0, unchanged 0, failed 0" in err
    )


# ------------------------------------------------------- a write cut off, then recovered


def cut_off_write(kg: KnowledgeGraph, contents: list[GraphContent], stage: str) -> None:
    """The steps of :meth:`KnowledgeGraph.write` (bulk) up to ``stage``, as a process
    killed there leaves them."""
    generation = kg.generation + 1
    graphs = [c.graph for c in contents]
    kg._mark(graphs, generation)
    if stage == "marked":
        return
    kg._forget(graphs)
    for graph in graphs:
        kg.store.remove_graph(ox.NamedNode(graph))
    if stage == "old content removed":
        return
    lines = "".join(c.nquads for c in contents).splitlines(keepends=True)
    if stage == "half the new content":
        lines = lines[: len(lines) // 2]
    kg.store.bulk_load("".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
    if stage == "half the new content":
        return
    version = (
        f'<{kg.ids.base}store> <{AG.storeVersion}> "{generation}"^^<{XSD_INTEGER}> '
        f"<{kg.meta_graph}> .\n"
    )
    bookkeeping = "".join(kg._bookkeeping(c) for c in contents) + version
    kg.store.load(bookkeeping.encode(), format=ox.RdfFormat.N_QUADS)
    assert stage == "all but the unmarking"


def document(kg: KnowledgeGraph, data: bytes, name: str) -> GraphContent:
    doc_id = Path(name).stem
    extraction = extract_bytes(data, name, doc_id)
    return DocumentGraph.of(extraction, kg.ids, source_key(data, doc_id)).content


@pytest.mark.parametrize(
    "stage",
    ["marked", "old content removed", "half the new content", "all but the unmarking"],
)
def test_opening_the_store_removes_the_graphs_of_a_write_cut_off_midway(
    tmp_path: Path, stage: str
) -> None:
    japan, uk = JAPAN.read_bytes(), UK.read_bytes()
    changed = japan + b"\nThe Participants intend to meet again in 2026.\n"
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.write([document(kg, japan, JAPAN.name), document(kg, uk, UK.name)])
        japan_graph, uk_graph = (
            str(kg.ids.document_graph(d)) for d in ("us-japan-tpd-2025", "us-uk-tpd-2025")
        )
        uk_quads = {str(q) for q in kg.quads(uk_graph)}
        reference = {
            g: {str(q) for q in kg.quads(g)}
            for g in kg.named_graphs()
            if "/doc/" not in g and g != kg.meta_graph
        }
        generation, uk_digest = kg.generation, kg.stored_digests()[uk_graph]
        # a write replacing one document and adding another, cut off at ``stage``
        new = [document(kg, changed, JAPAN.name), document(kg, uk, "uk-copy.md")]
        cut_off_write(kg, new, stage)
        assert len(pending_marks(kg)) == 2
        partial = stage in ("half the new content", "all but the unmarking")
        assert bool(list(kg.quads(new[1].graph))) == partial  # what recovery must undo

    with KnowledgeGraph.open(tmp_path / "store") as kg:
        assert not pending_marks(kg)
        for graph in (japan_graph, new[1].graph):
            assert not list(kg.quads(graph)), graph  # wholly gone: neither old nor part new
            assert graph not in kg.stored_digests() and graph not in kg.source_keys()
        assert kg.extraction_summary("us-japan-tpd-2025") is None
        assert {g: {str(q) for q in kg.quads(g)} for g in reference} == reference
        assert {str(q) for q in kg.quads(uk_graph)} == uk_quads
        assert kg.stored_digests()[uk_graph] == uk_digest
        assert [d.doc_id for d in kg.documents()] == ["us-uk-tpd-2025"]
        assert kg.generation == generation + (stage == "all but the unmarking")

        redo = kg.write(new)  # the rerun writes both again
        assert redo.graphs == {japan_graph, new[1].graph} and redo.generation > generation
        assert "meet again in 2026" in document_text(kg, "us-japan-tpd-2025")
        assert kg.document_count() == 3 and not pending_marks(kg)


# -------------------------------------------------------------------- the command line

LOADED_LINE = re.compile(
    r"^loaded    (\S+): (\d+) organizations, (\d+) commitments, ([\d,]+) triples$"
)


def test_load_command_reports_each_document_and_the_whole_load(tmp_path: Path) -> None:
    files = {"uk/us-uk-tpd-2025.md": UK.read_bytes(), "memos/imec-mou.md": IMEC.read_bytes()}
    docs = write_tree(tmp_path / "docs", files | {"logo.png": b"\x89PNG\r\n\x1a\n"})
    data = tmp_path / "data"
    result = run_cli("load", str(docs), "--jobs", "1", data=data)
    assert result.returncode == 0, result.stderr

    ids = Ids()
    wanted = {}
    for name, raw in files.items():
        made = DocumentGraph.of(extract_bytes(raw, name, Path(name).stem), ids)
        wanted[made.doc_id] = (made.organizations, made.commitments, made.content.triples)
    lines = result.stdout.splitlines()
    matches = [LOADED_LINE.match(line) for line in lines]
    assert all(matches), lines
    said = {m[1]: (int(m[2]), int(m[3]), int(m[4].replace(",", ""))) for m in matches if m}
    assert said == wanted

    report = result.stderr
    assert "documents: 2 — loaded 2, replaced 0, unchanged 0, failed 0" in report
    total = sum(o for o, _c, _t in wanted.values()), sum(c for _o, c, _t in wanted.values())
    assert f"extracted: {total[0]} organizations, {total[1]} commitments" in report
    assert "skipped 1 file that is not a document:\n  logo.png: not a document (.png)" in report
    assert re.search(
        r"^time: read [\d.]+ s, extract \(CPU, all workers\) [\d.]+ s, write [\d.]+ s, "
        r"lookup index [\d.]+ s, total \(wall\) [\d.]+ s$",
        report,
        re.M,
    ), report
    assert f"store: {data} (generation " in report

    again = run_cli("load", str(docs), "--jobs", "1", data=data)
    assert again.returncode == 0, again.stderr
    assert sorted(again.stdout.splitlines()) == ["unchanged imec-mou", "unchanged us-uk-tpd-2025"]
    assert "documents: 2 — loaded 0, replaced 0, unchanged 2, failed 0" in again.stderr
    listed = run_cli("documents", data=data).stdout
    assert "imec-mou" in listed and "us-uk-tpd-2025" in listed


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("no-such-dir", "no-such-dir: no such file or directory"),
        ("nothing/**/*.md", "nothing/**/*.md: matches no file"),
    ],
)
def test_load_command_refuses_a_path_that_names_nothing(
    tmp_path: Path, missing: str, message: str
) -> None:
    docs = write_tree(tmp_path / "docs", {"imec-mou.md": IMEC.read_bytes()})
    data = tmp_path / "data"
    result = run_cli("load", str(docs), str(tmp_path / missing), data=data)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("accordgraph: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not data.exists()  # refused before the store was opened: nothing loaded


def test_load_help_names_directories_archives_and_jobs(tmp_path: Path) -> None:
    result = run_cli("load", "--help", data=tmp_path / "data")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for words in ("a directory (read recursively)", "an archive", ".tar.gz", ".zip", "--jobs"):
        assert words in text, words


def test_ingest_reports_progress_for_every_document(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "in", {"a.md": IMEC.read_bytes(), "b.txt": b"   "})
    steps: list[int] = []
    advance: Callable[[int], None] = steps.append
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        report = ingest(kg, collect([str(root)]), jobs=1, advance=advance)
        assert report.loaded == 1 and len(report.failed) == 1 and sum(steps) == 2
        assert ingest(kg, collect([str(root)]), jobs=1, advance=advance).unchanged == 1
        assert sum(steps) == 4
