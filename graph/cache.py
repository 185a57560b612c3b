"""A least-recently-used cache bounded in entries and in bytes, for answers that anyone
can ask to be computed (every distinct request would otherwise stay in memory for good).

>>> cache = LruCache[str, bytes](max_entries=2, max_bytes=10, size=len)
>>> cache.put("a", b"12345"); cache.put("b", b"12345"); cache.put("c", b"1")
>>> sorted(cache.keys()), cache.bytes
(['b', 'c'], 6)
>>> cache.put("huge", b"x" * 11)  # larger than the whole budget: not kept
>>> cache.get("huge") is None
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """Thread-safe; ``size`` says how many bytes a value costs (about)."""

    def __init__(self, max_entries: int, max_bytes: int, size: Callable[[V], int]) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._size = size
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: K, value: V) -> None:
        cost = self._size(value)
        if self.max_entries == 0 or cost > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, cost)
            self._bytes += cost
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _key, (_value, freed) = self._entries.popitem(last=False)
                self._bytes -= freed

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def keys(self) -> Iterator[K]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        return self._bytes
