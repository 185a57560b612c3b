"""The worker's confinement, layer by layer: each layer alone keeps a SERVICE call off the
network (and a control with neither shows the test can fail); the memory limit stops a
query that doubles a string; the deep stack parses nesting the default stack cannot."""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from typing import Any

import pytest
from listener import Listener

from accordgraph.graph import sandbox

CONTEXT = multiprocessing.get_context("spawn")
DOUBLING = (
    "SELECT (STRLEN(?s31) AS ?n) WHERE { BIND('ab' AS ?s0) "
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(31))
    + " }"
)


def _child(layers: str, query: str, conn: Connection, memory: int | None) -> None:
    import pyoxigraph as ox

    if "namespace" in layers:
        conn.send(("namespace", sandbox._own_network_namespace()))
    if "seccomp" in layers:
        conn.send(("seccomp", sandbox._seccomp_no_network()))
    if memory:
        sandbox._limit_memory(memory)

    def run() -> Any:
        return len(list(ox.Store().query(query)))  # type: ignore[arg-type]

    try:
        conn.send(("result", sandbox.with_deep_stack(run)))
    except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
        conn.send(("error", str(exc)))


def run_child(
    layers: str, query: str, memory: int | None = None
) -> tuple[int | None, dict[str, Any]]:
    parent, child = CONTEXT.Pipe(duplex=False)
    process = CONTEXT.Process(target=_child, args=(layers, query, child, memory))
    process.start()
    child.close()
    said: dict[str, Any] = {}
    process.join(120)
    if process.is_alive():
        process.kill()
        process.join()
    try:
        while parent.poll(0):
            key, value = parent.recv()
            said[key] = value
    except EOFError:  # everything the child sent has been read
        pass
    return process.exitcode, said


def service(listener: Listener) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"


def test_without_confinement_the_engine_connects() -> None:
    """The control: the same child with no layer reaches the listener."""
    _code, _said, connections = service_call("")
    assert connections == 1


def service_call(layers: str) -> tuple[int | None, dict[str, Any], int]:
    """A child with these layers runs a SERVICE query aimed at a loopback listener: its
    exit code, what it said, and how many connections the listener counted."""
    listener = Listener()
    try:
        code, said = run_child(layers, service(listener))
        listener.wait_for_connections(1, 1.0)
        return code, said, listener.connections
    finally:
        listener.close()


def test_seccomp_alone_stops_the_process_before_it_connects() -> None:
    code, said, connections = service_call("seccomp")
    assert connections == 0
    assert said["seccomp"] is True
    assert sandbox.tried_network(code)


def test_a_network_namespace_alone_reaches_nothing() -> None:
    code, said, connections = service_call("namespace")
    assert connections == 0
    if not said["namespace"] and os.environ.get("CI") != "true":
        pytest.skip("this machine allows no network namespace (not root, no user namespaces)")
    assert said["namespace"] is True
    assert code == 0 and "error" in said  # the engine got an error, not a connection


def test_both_layers_hold_in_a_worker() -> None:
    confinement = sandbox.confinement_available()
    assert confinement.seccomp
    assert confinement.network_denied


def test_the_memory_limit_stops_a_doubling_string() -> None:
    code, said = run_child("", DOUBLING, memory=768 * 1024**2)
    assert "result" not in said
    assert sandbox.ran_out_of_memory(code), code


def test_the_deep_stack_parses_what_the_default_stack_cannot() -> None:
    nested = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000
    code, said = run_child("", nested)
    assert code == 0
    assert said["result"] == 1  # one solution, with no variables
