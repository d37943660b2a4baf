"""Passage vectors shipped beside a corpus (issue #11): used only for the exact
text and embedder they were computed for, ignored whole when stale or damaged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from assistant.store import DIM, CachedEmbeddings, Store
from ingest.pipeline import Indexer, embedding_text
from ingest.shipped import VECTORS_NAME, read_vectors, write_vectors

MODEL = "test-embedder-1"
POLICY = (
    "# 样例促进办法\n\n第一条 为了测试，制定本办法。\n\n"
    "第二条 样例企业新增员工的，给予一次性奖励五千元。\n\n"
    "第三条 本办法自2024年1月1日起施行。\n"
)


class Counting(Embeddings):
    """Deterministic unit vectors from the text; counts the passages it embeds."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vector(self, text: str) -> list[float]:
        seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
        v = np.random.default_rng(seed).normal(size=DIM)
        return (v / np.linalg.norm(v)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def indexer(root: Path, name: str, model: str = MODEL) -> tuple[Indexer, Counting]:
    settings = Settings(data_dir=root / name, embed_cache=root / name / "vectors.sqlite")
    inner = Counting()
    store = Store(settings, CachedEmbeddings(inner, settings.embed_cache_path, model))
    return Indexer(settings, store), inner


def ship(folder: Path, root: Path) -> None:
    """What scripts/ship_vectors.py does, with the counting embedder."""
    idx, _ = indexer(root, "ship")
    idx.ingest([folder])
    store = idx.store
    texts = [
        embedding_text(d.title, c) for d in store.documents() for c in store.doc_chunks(d.doc_id)
    ]
    write_vectors(folder / VECTORS_NAME, MODEL, store.embeddings.cached(texts))


def test_a_folder_with_its_vectors_is_indexed_without_embedding(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(POLICY, encoding="utf-8")
    ship(docs, tmp_path)

    fresh, inner = indexer(tmp_path, "fresh")
    summary = fresh.ingest([docs])
    assert summary.count("added") == 1 and summary.embedded == 3 and inner.embedded == []

    # An edited passage is embedded anew; the others still come from the file.
    (docs / "a.md").write_text(POLICY.replace("五千元", "八千元"), encoding="utf-8")
    edited, inner = indexer(tmp_path, "edited")
    edited.ingest([docs])
    assert len(inner.embedded) == 1 and "八千元" in inner.embedded[0]

    # Another embedder: the file is ignored, everything is embedded.
    other, inner = indexer(tmp_path, "other", model="test-embedder-2")
    other.ingest([docs])
    assert len(inner.embedded) == 3


def test_vectors_round_trip_and_bad_files_are_ignored(tmp_path):
    rng = np.random.default_rng(1)
    vectors = {}
    for i in range(5):
        v = rng.normal(size=DIM)
        vectors[hashlib.sha256(str(i).encode()).hexdigest()] = v / np.linalg.norm(v)
    path = tmp_path / VECTORS_NAME
    assert write_vectors(path, MODEL, vectors) == 5
    got = read_vectors(path, MODEL, DIM)
    assert set(got) == set(vectors)
    assert all(np.allclose(got[k], vectors[k], atol=1e-3) for k in vectors)
    again = tmp_path / "again.npz"
    write_vectors(again, MODEL, got)  # rebuilding from its own vectors: the same bytes
    assert np.array_equal(
        read_vectors(again, MODEL, DIM)[next(iter(got))], next(iter(got.values()))
    )

    assert read_vectors(path, "another-model", DIM) == {}
    assert read_vectors(path, MODEL, DIM + 1) == {}
    write_vectors(path, MODEL, {k: v * 2 for k, v in vectors.items()})  # not unit length
    assert read_vectors(path, MODEL, DIM) == {}
    path.write_bytes(path.read_bytes()[:100])  # cut short
    assert read_vectors(path, MODEL, DIM) == {}
    assert read_vectors(tmp_path / "absent.npz", MODEL, DIM) == {}
