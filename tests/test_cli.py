"""The accordgraph command line, run as a user runs it: the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

EXE = shutil.which("accordgraph")


def run(*args: str, data: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert EXE, "the accordgraph console script is not installed (pip install -e .)"
    env = {**os.environ, "ACCORDGRAPH_DATA": str(data)}
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, env=env, input=stdin, timeout=120
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, uk_file: Path) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    loaded = run("load", data=store)
    assert loaded.returncode == 0, loaded.stderr
    assert "us-japan-tpd-2025: 13 organizations, 26 commitments" in loaded.stdout
    assert run("load", str(uk_file), data=store).returncode == 0
    return store


def assert_one_line_error(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode == 1
    assert result.stderr.startswith("accordgraph: error: ") and text in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_help_teaches_with_examples() -> None:
    result = subprocess.run([EXE or "accordgraph", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("load", "query", "inspect", "export", "validate", "report"):
        assert command in result.stdout
    assert "examples:" in result.stdout and "ACCORDGRAPH_DATA" in result.stdout


def test_reloading_is_reported_unchanged(data: Path) -> None:
    result = run("load", data=data)
    assert result.returncode == 0 and result.stdout.startswith("unchanged us-japan-tpd-2025")


def test_report_lists_agencies_per_category(data: Path) -> None:
    result = run("report", data=data)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    line = next(row for row in lines if row.startswith("Integrated Communication"))
    assert {"NTIA", "MIC", "NICT"} <= set(line.split(None, 5)[-1].replace(",", " ").split())


def test_query_formats(data: Path) -> None:
    sparql = "SELECT ?acronym WHERE { ?o skos:altLabel ?acronym FILTER(?acronym = 'NICT') }"
    table = run("query", sparql, data=data)
    assert table.returncode == 0 and "NICT" in table.stdout and "(1 row)" in table.stdout
    as_json = json.loads(run("query", sparql, "--format", "json", data=data).stdout)
    assert as_json["results"]["bindings"] == [{"acronym": {"type": "literal", "value": "NICT"}}]
    as_csv = run("query", sparql, "--format", "csv", data=data).stdout
    assert as_csv.splitlines() == ["acronym", "NICT"]
    ask = run("query", "ASK { ?c a ag:FocusArea }", data=data)
    assert ask.stdout == "true\n"
    construct = run(
        "query",
        "-",
        data=data,
        stdin="CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o skos:altLabel 'MIC' ; rdfs:label ?l }",
    )
    assert "Ministry of Internal Affairs and Communications" in construct.stdout


def test_ready_made_questions(data: Path) -> None:
    listing = run("query", "--list-questions", data=data)
    assert "agencies-by-category" in listing.stdout
    result = run("query", "--question", "partnerships", data=data)
    assert "Partnership between NTIA and MIC" in result.stdout


def test_inspect_json_shape(uk_file: Path, tmp_path: Path) -> None:
    result = run("inspect", str(uk_file), "--json", data=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert {
        "document",
        "participants",
        "organizations",
        "technologies",
        "links",
        "commitments",
    } <= set(summary)
    names = {o["acronym"] or o["label"] for o in summary["organizations"]}
    assert {"DSIT", "UKRI", "NASA", "UKSA", "EA"} <= names
    link = next(row for row in summary["links"] if row["organization"] == "EA")
    assert link["category"] == "Clean Energy Generation and Storage"
    commitment = summary["commitments"][0]
    assert {"modality", "actions", "actors", "through", "text", "start", "end"} <= set(commitment)
    assert not (tmp_path / "unused").exists()  # inspect stores nothing


def test_inspect_human_readable(data: Path) -> None:
    from accordgraph import bundled_document

    result = run("inspect", str(bundled_document()), data=data)
    assert "MOC Technology Prosperity Deal, 2025-10-28, Tokyo" in result.stdout
    assert "represented by OSTP" in result.stdout and "Commitments (26)" in result.stdout


def test_export_writes_the_file_whole(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    result = run("export", "--format", "turtle", "--output", str(out), data=data)
    assert result.returncode == 0 and out.stat().st_size > 100_000
    assert "ag:Commitment" in out.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    one = run("export", "--format", "nt", "--document", "us-uk-tpd-2025", data=data)
    assert "us-japan-tpd-2025" not in one.stdout and "us-uk-tpd-2025" in one.stdout


def test_validate_passes(data: Path) -> None:
    result = run("validate", data=data)
    assert result.returncode == 0, result.stdout
    assert "conforms" in result.stdout and "NOT" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("load", "no-such-file.txt"), "no-such-file.txt: no such file"),
        (("inspect", "no-such-file.md"), "no-such-file.md: no such file"),
        (("query", "SELEC ?x"), "SPARQL syntax error"),
        (("query", "--question", "nope"), "no question named 'nope'"),
        (("query",), "give a SPARQL query"),
        (("export", "--document", "nope"), "no document 'nope' in the store"),
        (("export", "--output", "/nonexistent-dir/x.ttl"), "/nonexistent-dir/x.ttl: cannot write"),
        (("remove", "nope"), "no document 'nope' in the store"),
    ],
)
def test_user_mistakes_get_one_line_errors(data: Path, args: tuple[str, ...], message: str) -> None:
    assert_one_line_error(run(*args, data=data), message)


def test_non_utf8_and_binary_input(tmp_path: Path, data: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Memorandum – café".encode("latin-1", errors="replace"))
    assert_one_line_error(run("inspect", str(latin), data=data), "not UTF-8 text")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02")
    result = run("load", str(binary), data=data)
    assert result.returncode == 1 and "binary file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_file_among_good_ones_loads_the_good_ones(tmp_path: Path, uk_file: Path) -> None:
    store = tmp_path / "store"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe broken")
    result = run("load", str(bad), str(uk_file), data=store)
    assert result.returncode == 1
    assert "1 of 2 files could not be loaded" in result.stderr
    assert "us-uk-tpd-2025" in run("documents", data=store).stdout


def test_data_option_overrides_the_environment(tmp_path: Path, data: Path) -> None:
    other = tmp_path / "other"
    result = run("documents", "--data", str(other), data=data)
    assert "no documents loaded" in result.stdout


@pytest.fixture(scope="module")
def served(start_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A server started on an empty data directory (it loads the bundled document)."""
    return start_server(data=tmp_path_factory.mktemp("served") / "data")


def test_serve_says_what_it_loaded_and_how_to_stop_once_listening(served: Any) -> None:
    log = served.log.read_text()
    assert "the store was empty; loaded the bundled us-japan-tpd-2025.txt" in log
    banner = [line for line in log.splitlines() if "serving" in line]
    assert len(banner) == 1 and banner[0].endswith("Press Ctrl+C to stop.")
    assert f"{served.url}/ (pages)" in banner[0]


def test_reading_commands_work_beside_the_server(served: Any, tmp_path: Path) -> None:
    data = served.data
    report = run("report", data=data)
    assert report.returncode == 0, report.stderr
    assert "Quantum Information and Enabling Technologies" in report.stdout
    assert "reading it as it is now" in report.stderr
    summary = run("analyze", "summary", data=data)
    assert summary.returncode == 0 and "components: 1" in summary.stdout
    out = tmp_path / "beside.nt"
    exported = run("export", "--format", "nt", "--output", str(out), data=data)
    assert exported.returncode == 0, exported.stderr
    assert len(out.read_text().splitlines()) > 9000
    listed = run("documents", data=data)
    assert listed.returncode == 0 and "us-japan-tpd-2025" in listed.stdout
    assert run("validate", data=data).returncode == 0


def test_writing_commands_beside_the_server_say_how(served: Any, uk_file: Path) -> None:
    load = run("load", str(uk_file), data=served.data)
    assert_one_line_error(load, "a running accordgraph server holds the store")
    assert "-F file=@FILE http://HOST:PORT/api/documents" in load.stderr
    remove = run("remove", "us-japan-tpd-2025", data=served.data)
    assert_one_line_error(remove, "curl -X DELETE")


def test_serve_mistakes_are_one_line(served: Any, tmp_path: Path) -> None:
    port = served.url.rsplit(":", 1)[1]
    taken = run("serve", "--port", port, data=tmp_path / "other")
    assert_one_line_error(taken, f"port {port} on 127.0.0.1 is in use")
    assert f"--port {int(port) + 1}" in taken.stderr
    held = run("serve", "--port", "0", data=served.data)
    assert_one_line_error(held, "another accordgraph process holds the store")


def test_written_files_get_the_usual_permissions(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    assert run("export", "--format", "turtle", "--output", str(out), data=data).returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_heatmap_and_timeline_pictures(data: Path, tmp_path: Path) -> None:
    heatmap = tmp_path / "heatmap.svg"
    made = run("analyze", "heatmap", "--country", "JP", "--output", str(heatmap), data=data)
    assert made.returncode == 0, made.stderr
    assert heatmap.read_bytes().startswith(b"<?xml")
    timeline = tmp_path / "timeline.png"
    made = run("analyze", "timeline", "--format", "png", "--output", str(timeline), data=data)
    assert made.returncode == 0 and timeline.read_bytes()[:4] == b"\x89PNG"
