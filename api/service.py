"""The server's state: the store, the query workers, snapshots and the answer cache."""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from accordgraph import bundled_document
from accordgraph.api.settings import Settings
from accordgraph.graph.analytics import Analytics
from accordgraph.graph.executor import Answer, QueryPool, Snapshots
from accordgraph.graph.lookup import Lookup
from accordgraph.graph.store import KnowledgeGraph
from accordgraph.settings import store_dir


@dataclass
class AnswerCache:
    """Answers of identical requests, valid while the store version is unchanged."""

    size: int
    _entries: OrderedDict[tuple[Any, ...], Answer] = field(default_factory=OrderedDict)

    def get(self, key: tuple[Any, ...]) -> Answer | None:
        answer = self._entries.get(key)
        if answer is not None:
            self._entries.move_to_end(key)
        return answer

    def clear(self) -> None:
        self._entries.clear()

    def put(self, key: tuple[Any, ...], answer: Answer) -> None:
        if self.size == 0 or len(answer.body) > 4_000_000:
            return
        self._entries[key] = answer
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


class Service:
    """Opened once per server process (FastAPI lifespan)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.graph = KnowledgeGraph.open(store_dir(settings.data), base=settings.base)
        if not self.graph.documents():
            self.graph.load(bundled_document())  # a first run answers with real data
        # Compact the database once at start: queries on a freshly bulk-loaded store run
        # about twice as fast afterwards (benchmarks/README numbers).
        self.graph.store.optimize()
        self.snapshots = Snapshots(settings.data / "snapshots")
        self.pool = QueryPool(self.snapshots.take(self.graph.store), settings.workers)
        self.cache = AnswerCache(settings.cache_entries)
        self.write_lock = asyncio.Lock()
        self.version = self.graph.version
        self.lookup = Lookup(self.graph)
        # Built before serving (seconds on a million triples), not on someone's request.
        self.lookup.build()
        self.analytics = Analytics(self.graph, self.lookup)  # caches per store version
        self.state = self._state()
        # Cache keys use this counter, not the store version: an update that clears the
        # store (CLEAR ALL) sets the stored version back.
        self.generation = 0

    def after_write(self) -> None:
        """Let readers see a write: a new snapshot, and a new cache generation."""
        self.version = self.graph.version
        self.generation += 1
        self.cache.clear()
        self.lookup.invalidate()
        self.lookup.warm()
        self.state = self._state()
        self.pool.refresh(self.snapshots.take(self.graph.store))

    def _state(self) -> str:
        """A digest of the store's metadata graph (every graph's content digest and the
        version): equal digests mean equal content, so HTTP validators (ETags) use it."""
        lines = sorted(str(q) for q in self.graph.quads(self.graph.meta_graph))
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]

    def etag(self, resource: str, accept: str) -> str:
        """A weak validator for one representation of one resource at this store state."""
        variant = hashlib.sha256(f"{resource}\n{accept}".encode()).hexdigest()[:8]
        return f'W/"{self.state}-{variant}"'

    def close(self) -> None:
        self.pool.close()
        self.graph.close()
