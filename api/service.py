"""The server's state: the writer process, a read-only view of the newest snapshot, the
query workers, the answer cache and the lookups."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
from typing import Any

from accordgraph.api.settings import Settings
from accordgraph.graph.analytics import Analytics
from accordgraph.graph.cache import LruCache
from accordgraph.graph.executor import Answer, QueryPool
from accordgraph.graph.facets import Facets
from accordgraph.graph.lookup import Lookup, freeze_long_lived, read_kept
from accordgraph.graph.sandbox import Limits
from accordgraph.graph.store import KnowledgeGraph, StoreError
from accordgraph.graph.writer import Writer, Written
from accordgraph.settings import lookup_cache, store_dir


def answer_cache(entries: int, max_bytes: int) -> LruCache[tuple[Any, ...], Answer]:
    """Answers of identical requests, valid while the store is unchanged (the key starts
    with the store's generation); bounded in entries and bytes."""
    return LruCache(entries, max_bytes, lambda answer: len(answer.body) + 256)


class Service:
    """Opened once per server process (FastAPI lifespan)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        kept = read_kept(lookup_cache(settings.data))  # meanwhile, the processes start
        self.writer = Writer(
            store_dir(settings.data),
            settings.data / "snapshots",
            base=settings.base,
            # the writer's LOAD fails rather than kills it: a LOAD SILENT is a no-op
            limits=Limits(memory_bytes=settings.writer_memory_bytes, refuse_network=True),
        )
        self.graph = KnowledgeGraph.open_snapshot(self.writer.snapshot, base=settings.base)
        self.pool = QueryPool(
            self.writer.snapshot,
            settings.workers,
            max_workers=settings.max_workers,
            slow_after=settings.slow_after,
            slow_per_client=settings.slow_per_client,
            limits=Limits(memory_bytes=settings.worker_memory_bytes),
        )
        if not self.pool.confinement.network_denied and not settings.allow_unconfined:
            self.close()
            raise StoreError(
                "query workers cannot be kept off the network on this platform (no seccomp, "
                "no network namespace); set ACCORDGRAPH_ALLOW_UNCONFINED=true to serve anyway"
            )
        self.cache = answer_cache(settings.cache_entries, settings.cache_bytes)
        # The one number readers key on: the store's generation, which every write moves.
        self.generation = self.graph.generation
        self.lookup = Lookup(self.graph, cache=lookup_cache(settings.data), kept=kept)
        # Read from the last run's file, or built before serving (seconds on a million
        # triples, half a minute on the White House corpus), not on someone's request.
        self.lookup.build()
        self.lookup.save()
        # The pages' read model is built beside the first requests: lookups do not need
        # it, and a page asked for meanwhile waits for it (4 s on the White House corpus).
        threading.Thread(target=self.build_read_models, name="read-models", daemon=True).start()
        if settings.replica:  # after the index: both are work for the same cores
            self.pool.start_replica()
        self.analytics = Analytics(  # caches per store version, bounded
            self.graph, self.lookup, cache_bytes=settings.cache_bytes
        )
        self.state = self._state()

    async def write(self, operation: str, arguments: Any, timeout: float) -> Written:
        """One write through the writer process; readers move to its snapshot."""
        written = await self.writer.write(operation, arguments, timeout)
        if written.changed:
            # off the event loop: a patch takes about 0.6 s on the White House corpus, a
            # rebuild after an update half a minute; other requests go on meanwhile
            await asyncio.to_thread(self.after_write, written)
            self.pool.refresh(written.snapshot, self.changed_graphs(written))
        return written

    def after_write(self, written: Written) -> None:
        """Let readers see a write: the new snapshot, at the write's generation. The
        lookup index is patched from the graphs the write replaced (their subjects as
        they were, read before moving to the new snapshot, and as they are), or rebuilt
        after a SPARQL update, which may have changed anything; either before the write
        is answered, so a client reads its own write, while other requests read the
        previous index."""
        change = written.change
        before = None if change.everything else self.lookup.subjects_in(change.graphs)
        self.graph.reopen(written.snapshot)
        self.generation = written.generation
        self.cache.clear()
        after = None if before is None else self.lookup.subjects_in(change.graphs)
        if before is None or after is None:
            self.lookup.build()
        else:
            self.lookup.patch(before | after)
        self.state = self._state()
        # the pages' read model for the new index, built beside requests, not in one
        threading.Thread(target=self.build_read_models, daemon=True).start()

    def build_read_models(self) -> None:
        """The pages' read model for the current index (4 s on the White House corpus),
        then the index and it kept out of the collector's full passes, as
        :meth:`Lookup.build` does for the index: their millions of long-lived objects
        made any request that triggered a full collection wait 0.1–0.3 s."""
        Facets.of(self.lookup.index)
        freeze_long_lived()

    def changed_graphs(self, written: Written) -> set[str] | None:
        """The graphs the query replica copies after a write (None: all of them)."""
        change = written.change
        return None if change.everything else set(change.graphs)

    def _state(self) -> str:
        """The store's state digest, which HTTP validators (ETags) use."""
        return self.graph.state()

    def etag(self, resource: str, accept: str) -> str:
        """A weak validator for one representation of one resource at this store state."""
        variant = hashlib.sha256(f"{resource}\n{accept}".encode()).hexdigest()[:8]
        return f'W/"{self.state}-{variant}"'

    def close(self) -> None:
        if hasattr(self, "lookup"):
            with contextlib.suppress(OSError):
                self.lookup.save()  # with the writes patched in since the start
        self.pool.close()
        self.writer.close()
