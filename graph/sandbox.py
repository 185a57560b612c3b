"""Confining a worker process: no network, bounded memory, a stack deep enough for the
engine's recursive parser.

Query and update workers run SPARQL that anyone may send. Oxigraph really opens HTTP
connections for ``SERVICE`` and ``LOAD``, so whether a query may reach the network is not
decided by reading its text but by what the process is allowed to do. Two independent
layers, each applied where the platform allows it:

- **seccomp** (Linux, libseccomp through ``pyseccomp``): creating any socket other than a
  Unix-domain one, and io_uring (which can create sockets without the ``socket`` call),
  kills the process at once with ``SIGSYS``. The parent sees that signal and answers
  "this server makes no outbound requests" (:func:`tried_network`). With
  ``Limits.refuse_network`` the call fails instead (``EACCES``) and the engine goes on:
  that is how ``LOAD SILENT`` is found to be a no-op here, by the engine's own rules for
  ``SILENT``, and how the writer applies one.
- **a network namespace of its own** (Linux, as root or with unprivileged user
  namespaces): the process sees only a loopback interface that is down, so even a
  socket that got past the first layer reaches nothing, not even 127.0.0.1.

Memory is bounded with ``RLIMIT_AS``: an allocation past the limit fails and the engine
aborts, which the parent reports as the limit (:func:`ran_out_of_memory`). The pipe to the
parent is a Unix socket pair made before confinement, so it keeps working.

On other platforms neither layer exists; :func:`confine` says which layers hold, and the
server refuses to serve anonymous queries without at least one unless told otherwise
(``ACCORDGRAPH_ALLOW_UNCONFINED``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# Oxigraph's SPARQL parser recurses once per nesting level; 256 MB of stack holds the
# deepest nesting a query within the length limit can write (50,000 levels of ``{``),
# where the default 8 MB overflows at a few thousand. The stack is reserved address
# space: only the pages a deep query touches become memory.
DEEP_STACK_BYTES = 256 * 1024 * 1024
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


@dataclass(frozen=True)
class Limits:
    """What a confined worker may use."""

    memory_bytes: int | None = 2 * 1024**3  # address space; None: unlimited
    refuse_network: bool = False  # a network socket fails (EACCES) rather than kills


@dataclass(frozen=True)
class Confinement:
    """Which layers hold in a confined process."""

    seccomp: bool
    network_namespace: bool
    memory_limit: int | None

    @property
    def network_denied(self) -> bool:
        return self.seccomp or self.network_namespace


# Loaded once, when the module is imported (in the server, before workers are forked):
# finding a library runs ldconfig, which would cost each new worker a tenth of a second.
try:
    import pyseccomp as seccomp
except (ImportError, RuntimeError, OSError):  # RuntimeError: libseccomp not found
    seccomp = None
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _seccomp_no_network(refuse: bool = False) -> bool:
    """Kill the process if it creates a non-Unix socket or an io_uring (``refuse``: make
    the call fail instead); False where libseccomp or the kernel's seccomp is not
    available."""
    if seccomp is None:
        return False
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)  # every thread of the process
        action = seccomp.ERRNO(errno.EACCES) if refuse else seccomp.KILL_PROCESS
        not_unix = seccomp.Arg(0, seccomp.NE, socket.AF_UNIX)
        rules.add_rule(action, "socket", not_unix)
        rules.add_rule(action, "socketpair", not_unix)
        for call in ("io_uring_setup", "io_uring_enter", "io_uring_register"):
            rules.add_rule(action, call)
        rules.load()
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def _own_network_namespace() -> bool:
    """Move the process into a network namespace with nothing in it (root, or an
    unprivileged user namespace); False where neither is allowed. Must run while the
    process has one thread."""
    if _LIBC is None:
        return False
    if _LIBC.unshare(CLONE_NEWNET) == 0:
        return True
    return bool(_LIBC.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0)


def _limit_memory(limit: int | None) -> int | None:
    if limit is None:
        return None
    try:
        import resource
    except ImportError:  # not POSIX
        return None
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return limit


def confine(limits: Limits) -> Confinement:
    """Confine the calling process for good. Call it first thing in a fresh worker,
    while it has one thread: a namespace can only be entered then."""
    # A worker that an attacker makes abort must not write a backtrace to the server's
    # log each time: one line ("memory allocation of N bytes failed") is enough.
    os.environ["RUST_BACKTRACE"] = "0"
    namespace = _own_network_namespace()
    filtered = _seccomp_no_network(limits.refuse_network)
    memory = _limit_memory(limits.memory_bytes)
    return Confinement(seccomp=filtered, network_namespace=namespace, memory_limit=memory)


def with_deep_stack(function: Callable[[], T]) -> T:
    """Run ``function`` in a thread with :data:`DEEP_STACK_BYTES` of stack and return
    what it returns (or raise what it raised)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    previous = threading.stack_size(DEEP_STACK_BYTES)
    try:
        thread = threading.Thread(target=target, name="deep-stack")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def tried_network(exitcode: int | None) -> bool:
    """Whether a confined process was killed for creating a network socket."""
    return exitcode == -signal.SIGSYS


def ran_out_of_memory(exitcode: int | None) -> bool:
    """Whether a confined process died the way Oxigraph dies when an allocation fails
    (Rust aborts; Python's own MemoryError is answered, not fatal)."""
    return exitcode == -signal.SIGABRT


def overflowed_stack(exitcode: int | None) -> bool:
    return exitcode == -signal.SIGSEGV


def confinement_available() -> Confinement:
    """Which layers a worker would get here, tested in a throwaway child process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_report_confinement, args=(child,), daemon=True)
    process.start()
    child.close()
    report: Confinement = Confinement(False, False, None)
    with contextlib.suppress(EOFError):
        if parent.poll(30):
            report = parent.recv()
    process.join(5)
    return report


def _report_confinement(conn: Any) -> None:
    conn.send(confine(Limits()))
    os._exit(0)
