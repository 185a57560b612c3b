"""accordgraph: who commits to what in government science-and-technology agreements.

A notebook session needs three calls:

>>> import accordgraph
>>> store = accordgraph.open_store()          # in memory; pass a directory to persist
>>> report = store.load(accordgraph.bundled_document())
>>> report.commitments
26
>>> rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?c a ag:Commitment }")
>>> rows[0]["n"]
'26'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accordgraph.graph.store import KnowledgeGraph

__version__ = "0.1.0"


def bundled_document() -> Path:
    """Path of the default data set: the US–Japan Memorandum of Cooperation on the
    Technology Prosperity Deal (Tokyo, 28 October 2025), as published."""
    return Path(str(resources.files(__package__).joinpath("data/us-japan-tpd-2025.txt")))


def open_store(path: str | Path | None = None, base: str | None = None) -> KnowledgeGraph:
    """Open the knowledge graph store: on disk at ``path`` or, with no path, in memory."""
    from accordgraph.graph.store import KnowledgeGraph

    return KnowledgeGraph.open(path, base=base)


__all__ = ["__version__", "bundled_document", "open_store"]
