"""Exact dense scoring of a few documents from cached vectors.

Chroma's filtered search costs ≈150 ms at 100k chunks even for one 300-chunk
document (a ``where`` over half the rows ≈0.4 s), while a numpy product over
a few thousand cached vectors takes a millisecond. ``Store.dense_search``
sends questions restricted to at most ``EXACT_LIMIT`` chunks here, and every
question when the whole index is that small (exact, so repeatable).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np

EXACT_LIMIT = 5000  # filters selecting at most this many chunks are scored exactly
_CACHE_LIMIT = 50_000  # vectors kept before the cache starts over

FetchVectors = Callable[[list[str]], dict[str, Sequence[float]]]


class DocVectors:
    """Per-document matrices of chunk vectors, valid for one store generation."""

    def __init__(self, fetch: FetchVectors) -> None:
        self._fetch = fetch
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[list[str], np.ndarray]] = {}
        self._generation: str | None = None

    def search(
        self,
        vector: Sequence[float],
        k: int,
        docs: Sequence[tuple[str, Sequence[str]]],
        generation: str,
    ) -> list[tuple[str, float]]:
        """Top ``k`` (chunk_id, cosine) over ``docs`` given as (doc_id, chunk ids)."""
        ids: list[str] = []
        mats: list[np.ndarray] = []
        for doc_id, chunk_ids in docs:
            doc_ids, mat = self._vectors(doc_id, chunk_ids, generation)
            if doc_ids:  # the vector size is the embedder's: empty ones have none
                ids += doc_ids
                mats.append(mat)
        if not ids:
            return []
        sims = np.vstack(mats) @ np.asarray(vector, dtype=np.float32)
        top = np.argsort(-sims, kind="stable")[:k]
        return [(ids[i], float(sims[i])) for i in top]

    def _vectors(
        self, doc_id: str, chunk_ids: Sequence[str], generation: str
    ) -> tuple[list[str], np.ndarray]:
        with self._lock:
            if self._generation != generation:
                self._cache, self._generation = {}, generation
            if doc_id not in self._cache:
                found = self._fetch(list(chunk_ids))
                ids = [c for c in chunk_ids if c in found]
                mat = np.asarray([found[c] for c in ids], dtype=np.float32)
                if sum(len(v[0]) for v in self._cache.values()) > _CACHE_LIMIT:
                    self._cache.clear()
                self._cache[doc_id] = (ids, mat)
            return self._cache[doc_id]
