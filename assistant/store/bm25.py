"""BM25 over immutable segments, with statistics of the whole live index.

A segment holds term frequencies (postings per term) for a set of chunks and
never changes once written. An index is a list of segments plus the set of
live chunk ids: adding chunks adds a small segment, deleting chunks only
shrinks the live set. IDF (N, document frequency) and the average length are
computed over live chunks of every segment, so scores equal those of one
index built from the live chunks alone (bm25s, method "lucene", k1 1.5,
b 0.75, float32, the formula and rounding of ``bm25s.scoring``; tested
against it in tests/assistant/store/test_bm25.py).

Segments are saved as ``.npy`` files read with ``mmap_mode="r"``: replicas
that load the same saved segments share their pages through the OS cache.
"""

from __future__ import annotations

import json
import math
import os
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

K1 = 1.5
B = 0.75
_ARRAYS = ("indptr", "docs", "tfs", "lengths")


# numpy reads an .npy header with ast.literal_eval, whose recursion check
# CPython 3.11 shares between threads ("AST constructor recursion depth
# mismatch" when two sessions load the index at once): one load at a time.
_LOADING = threading.Lock()


@dataclass
class Segment:
    """Postings of one batch of chunks: for local term ``t``, chunk positions
    ``docs[indptr[t]:indptr[t+1]]`` with frequencies ``tfs[...]``."""

    name: str
    ids: list[str]
    terms: list[str]
    indptr: np.ndarray  # int64, len(terms) + 1
    docs: np.ndarray  # int32 chunk positions, sorted within a term
    tfs: np.ndarray  # float32 term frequencies
    lengths: np.ndarray  # int32 tokens per chunk (duplicates counted)
    term_pos: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.term_pos = {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def build(cls, ids: Sequence[str], tokens: Sequence[Sequence[str]]) -> Segment:
        vocab: dict[str, int] = {}
        flat = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for toks in tokens for t in toks), dtype=np.int64
        )
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int32, count=len(tokens))
        doc_of = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
        # One sort of (term, chunk) pairs gives postings ordered by term then chunk.
        keys, tfs = np.unique(flat * max(1, len(tokens)) + doc_of, return_counts=True)
        term_of = keys // max(1, len(tokens))
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_of, minlength=len(vocab)), out=indptr[1:])
        return cls(
            name=uuid.uuid4().hex,
            ids=list(ids),
            terms=list(vocab),
            indptr=indptr,
            docs=(keys % max(1, len(tokens))).astype(np.int32),
            tfs=tfs.astype(np.float32),
            lengths=lengths,
        )

    def save(self, folder: Path, scratch: Path) -> None:
        """Write into ``folder/<name>`` through a temp folder ``scratch/.bm25-*``
        (segments never change once there)."""
        tmp = scratch / f".bm25-{self.name}"
        tmp.mkdir(parents=True)
        for a in _ARRAYS:
            np.save(tmp / f"{a}.npy", getattr(self, a))
        (tmp / "meta.json").write_text(
            json.dumps({"ids": self.ids, "terms": self.terms}, ensure_ascii=False), "utf-8"
        )
        os.replace(tmp, folder / self.name)

    @classmethod
    def load(cls, folder: Path) -> Segment:
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        with _LOADING:
            arrays = {a: np.load(folder / f"{a}.npy", mmap_mode="r") for a in _ARRAYS}
        return cls(name=folder.name, ids=meta["ids"], terms=meta["terms"], **arrays)


class SegmentedBM25:
    """Segments + the live chunk ids: BM25 as if built from the live chunks alone."""

    def __init__(self, segments: Sequence[Segment], live: Iterable[str] | None = None) -> None:
        self.segments = list(segments)
        all_ids = [cid for s in self.segments for cid in s.ids]
        live_set = set(all_ids) if live is None else set(live)
        # A chunk id in two segments (re-added): the newest copy is the live one.
        owner: dict[str, tuple[int, int]] = {}
        for si, seg in enumerate(self.segments):
            for pos, cid in enumerate(seg.ids):
                if cid in live_set:
                    owner[cid] = (si, pos)
        self.alive = [np.zeros(len(s.ids), dtype=bool) for s in self.segments]
        for si, pos in owner.values():
            self.alive[si][pos] = True
        self.ids = sorted(owner)
        self.n = len(owner)
        total = sum(int(s.lengths[a].sum()) for s, a in zip(self.segments, self.alive, strict=True))
        self.avgdl = np.float64(total) / self.n if self.n else np.float64(1.0)
        self._df: dict[str, int] = {}

    def df(self, term: str) -> int:
        """Live chunks containing ``term`` (computed once per term)."""
        got = self._df.get(term)
        if got is None:
            got = 0
            for seg, alive in zip(self.segments, self.alive, strict=True):
                t = seg.term_pos.get(term)
                if t is not None:
                    got += int(alive[seg.docs[seg.indptr[t] : seg.indptr[t + 1]]].sum())
            self._df[term] = got
        return got

    def idf(self, term: str) -> np.float32:
        df = self.df(term)
        return np.float32(math.log(1 + (self.n - df + 0.5) / (df + 0.5)))

    def scores(self, query_tokens: Sequence[str]) -> list[np.ndarray]:
        """Per segment, float32 scores of its chunks (0 for dead ones)."""
        out = [np.zeros(len(s.ids), dtype=np.float32) for s in self.segments]
        idfs = {t: self.idf(t) for t in set(query_tokens) if self.df(t) > 0}
        for term in query_tokens:  # duplicates count twice, as in bm25s
            if term not in idfs:
                continue
            for seg, acc in zip(self.segments, out, strict=True):
                t = seg.term_pos.get(term)
                if t is None:
                    continue
                lo, hi = seg.indptr[t], seg.indptr[t + 1]
                docs = seg.docs[lo:hi]
                tf = seg.tfs[lo:hi].astype(np.float64)
                # bm25s: idf * tf / (k1 * ((1 - b) + b * l_d / l_avg) + tf) in
                # float64, stored as float32, summed per query token in float32.
                norm = K1 * ((1 - B) + B * seg.lengths[docs] / self.avgdl)
                acc[docs] += (idfs[term] * (tf / (norm + tf))).astype(np.float32)
        for acc, alive in zip(out, self.alive, strict=True):
            acc[~alive] = 0
        return out
