"""The graph layer: the store, SPARQL execution, validation and ready-made questions.

The names below load on first use, so that a query worker process (which imports only
:mod:`accordgraph.graph.worker`) starts without rdflib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accordgraph.graph.store import KnowledgeGraph, LoadReport, StoreError

__all__ = ["KnowledgeGraph", "LoadReport", "StoreError"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from accordgraph.graph import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
