"""Passage vectors shipped beside a corpus (``policyqa-vectors.npz``).

Embedding is the slow stage of ingest (~5 chunks/s here), so the bundled
corpus carries the vectors of its passages: ``make run`` indexes it from
nothing in seconds instead of minutes (issue #11). The file only seeds the
embedding cache, and every vector is keyed like the cache itself — a hash of
(embedder id, exact passage text) — so a vector is used only for the very
text and model it was computed from: an edited passage, a changed chunker or
another model finds no key and is embedded afresh. A file built for another
embedder, or damaged, is ignored as a whole.

Vectors are stored as float16 (half the size; cosine similarities move by
~1e-4; lengths stay within 1e-3 of 1). They are not re-normalised on load, so
rebuilding the file from its own vectors gives the same bytes.
``scripts/ship_vectors.py`` rebuilds it.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

__all__ = ["FORMAT", "VECTORS_NAME", "read_vectors", "write_vectors"]

log = logging.getLogger(__name__)

VECTORS_NAME = "policyqa-vectors.npz"
FORMAT = "policyqa-vectors/1"


def write_vectors(path: Path, model: str, vectors: Mapping[str, Iterable[float]]) -> int:
    """Write ``vectors`` (cache key, hex sha256 -> vector) for ``model``; returns the count."""
    keys = sorted(vectors)
    matrix = np.asarray([np.asarray(vectors[k], dtype=np.float32) for k in keys])
    digests = np.frombuffer(b"".join(bytes.fromhex(k) for k in keys), dtype=np.uint8)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(
        tmp,
        format=np.array(FORMAT),
        model=np.array(model),
        keys=digests.reshape(len(keys), 32),
        vectors=matrix.astype(np.float16).reshape(len(keys), -1),
    )
    tmp.replace(path)
    return len(keys)


def read_vectors(path: Path, model: str, dim: int) -> dict[str, np.ndarray]:
    """The vectors of ``path`` by cache key, or ``{}`` when the file is for
    another embedder or format, or fails its checks (logged, never raised)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            fmt, built_for = str(data["format"]), str(data["model"])
            keys, matrix = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("shipped vectors %s unreadable (%s); passages will be embedded", path, exc)
        return {}
    if fmt != FORMAT or built_for != model:
        log.info("shipped vectors %s are for %s (%s), not %s: ignored", path, built_for, fmt, model)
        return {}
    problem = _check(keys, matrix, dim)
    if problem:
        log.warning("shipped vectors %s ignored: %s", path, problem)
        return {}
    vectors = matrix.astype(np.float32)
    return {bytes(k).hex(): v for k, v in zip(keys, vectors, strict=True)}


def _check(keys: np.ndarray, matrix: np.ndarray, dim: int) -> str:
    if keys.ndim != 2 or keys.shape[1] != 32 or keys.dtype != np.uint8:
        return f"keys of shape {keys.shape} ({keys.dtype}), expected (n, 32) bytes"
    if matrix.shape != (len(keys), dim):
        return f"vectors of shape {matrix.shape}, expected ({len(keys)}, {dim})"
    norms = np.linalg.norm(matrix.astype(np.float32), axis=1)
    if not np.all(np.isfinite(norms)) or np.any(np.abs(norms - 1.0) > 0.01):
        return "vectors that are not unit length"
    return ""
