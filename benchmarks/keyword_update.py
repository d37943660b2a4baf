"""What the keyword index costs at scale, and what an ingest's update costs (issue 14).

    .venv/bin/python benchmarks/keyword_update.py DATA_DIR --cache FILE [--queries FILE]
                                                  [--docs 3] [--doc-chunks 50]

On an existing store (e.g. ``benchmarks/out/scale-index/data`` left by
``scale.py``): reads every live chunk's tokens from the token cache, builds
the index the way it was built before segments (one bm25s index) and the way
it is now (one segment), saves and loads it; then ingests ``--docs`` new
documents of ``--doc-chunks`` chunks each through the real write path
(copies of existing chunks with a marker, their vectors reused) and times the
keyword update after each (``Store.ensure_keyword_index``), deletes them
again and times that update; finally BM25 query latency of both on the same
questions. Prints one table; every figure is one run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _util import dev_questions, percentiles

from assistant.records import ChunkRecord, DocRecord
from assistant.settings import Settings


def _timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def _ingest_copy(store, n: int, chunks: int, rng_seed: int) -> tuple[str, float, float]:  # type: ignore[no-untyped-def]
    """One new document of ``chunks`` chunks (existing texts + a marker)."""
    import random

    live = sorted(store.live_chunk_ids())
    pick = random.Random(rng_seed).sample(live, chunks)
    src = store.chunks(pick)
    vecs = store._fetch_vectors(pick)
    doc_id = f"kwbench{n}"
    new = [
        ChunkRecord(f"{doc_id}-{i}", doc_id, f"{c.text}〔新{n}〕", c.section_path)
        for i, c in enumerate(src)
    ]
    store.add_chunks(new, [list(vecs[c.chunk_id]) for c in src])
    store.put_documents(
        [DocRecord(doc_id, f"新文件{n}", f"{doc_id}.md", chunk_ids=tuple(c.chunk_id for c in new))]
    )
    _, t_docs = _timed(store.live_chunk_ids)  # every reader reloads the records first
    _, dt = _timed(store.ensure_keyword_index)
    return doc_id, dt, t_docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=None)
    parser.add_argument("--docs", type=int, default=3)
    parser.add_argument("--doc-chunks", type=int, default=50)
    parser.add_argument("--updates-only", action="store_true", help="skip the full builds")
    args = parser.parse_args()

    import bm25s

    from assistant.store import Store
    from assistant.store.keyword import KeywordIndex
    from assistant.text import search_tokens

    logging_quiet = __import__("logging").getLogger("bm25s")
    logging_quiet.setLevel("WARNING")
    store = Store(Settings(data_dir=args.data_dir, embed_cache=args.cache))
    live = sorted(store.live_chunk_ids())
    side = store._keywords
    print(f"{len(live):,} live chunks; load average {os.getloadavg()[0]:.1f}")
    rows: list[tuple[str, float]] = []
    ref = None
    if not args.updates_only:
        tokens, t_read = _timed(lambda: side._tokens(live))
        ref = bm25s.BM25()
        _, t_bm25s = _timed(lambda: ref.index(tokens, show_progress=False))
        _, t_full = _timed(store.rebuild_keyword_index)  # read + build + save, as after an ingest
        _, t_build = _timed(lambda: KeywordIndex.build(live, tokens, ""))
        index, t_load = _timed(lambda: KeywordIndex.load(side.folder))
        assert index is not None and index.ids == live
        rows += [
            ("read tokens from the cache", t_read),
            ("build, before (bm25s, one index)", t_bm25s),
            ("build, now (one segment)", t_build),
            ("full rebuild now (read + build + save)", t_full),
            ("load the saved index", t_load),
        ]
    added = []
    for n in range(args.docs):
        doc_id, dt, t_docs = _ingest_copy(store, n, args.doc_chunks, n)
        added.append(doc_id)
        rows.append((f"document records reload after ingest {n + 1}", t_docs))
        rows.append((f"keyword update after ingest {n + 1} (+{args.doc_chunks} chunks)", dt))
    segs = len(side.index().bm25.segments)
    store.delete_documents(added)
    store.live_chunk_ids()
    _, dt = _timed(store.ensure_keyword_index)
    rows.append((f"update after deleting them ({segs} segments)", dt))
    for name, secs in rows:
        print(f"{name:48} {secs:8.2f} s")

    queries = json.loads(args.queries.read_text("utf-8")) if args.queries else dev_questions()
    index = side.index()
    old, new = [], []
    if ref is None:
        return
    for q in queries * 3:
        toks = search_tokens(q)
        known = [t for t in toks if t in ref.vocab_dict]
        t = time.perf_counter()
        if known:
            ref.retrieve([known], k=30, show_progress=False, n_threads=1)
        old.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.search(toks, 30)
        new.append((time.perf_counter() - t) * 1000)
    (p50o, p95o), (p50n, p95n) = percentiles(old), percentiles(new)
    print(
        f"BM25 query ms p50/p95 ({len(old)} searches, k 30): before {p50o:.1f}/{p95o:.1f}, ", end=""
    )
    print(f"now {p50n:.1f}/{p95n:.1f}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
