"""The graph layer: the store, SPARQL execution, validation and ready-made questions."""

from accordgraph.graph.store import KnowledgeGraph, LoadReport, StoreError

__all__ = ["KnowledgeGraph", "LoadReport", "StoreError"]
