"""The query probe of ``scale.py``: a fresh process that opens a store and
times retrieval and answers per stage (a fresh process, so its peak RSS is
what serving that index costs).

    .venv/bin/python benchmarks/_scale_probe.py DATA_DIR --cache FILE --queries FILE [--ef-search N]
                                                [--chroma-host H --chroma-port P] [--answers N]

Prints one JSON line: per-stage times (ms), peak RSS, open time (and the
keyword index's load time within it), load average. With ``--chroma-host``
the store is read through a ``chroma run`` server; the keyword index is still
the one saved in DATA_DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.settings import Settings

STAGES = ("embed", "dense", "bm25", "fusion", "search", "retrieval", "answer")
PROBE_ANSWERS = 20  # full answers per size (the answer stages are corpus-size independent)


def probe(
    data_dir: Path,
    cache: Path,
    queries_file: Path,
    ef_search: int | None,
    host: str | None = None,
    port: int = 8000,
    answers: int = PROBE_ANSWERS,
) -> None:
    from assistant.answer import answer
    from assistant.retrieval import retrieve
    from assistant.store import Store, get_embeddings

    settings = Settings(data_dir=data_dir, embed_cache=cache, chroma_host=host, chroma_port=port)
    if ef_search:
        settings = settings.with_overrides(hnsw_ef_search=ef_search)
    queries = json.loads(queries_file.read_text("utf-8"))
    t = time.perf_counter()
    store = Store(settings)
    emb = get_embeddings(settings)
    store.live_chunk_ids()  # documents first, so the next step times the keyword index alone
    t_kw = time.perf_counter()
    store.ensure_keyword_index()  # loads the saved index of this generation
    kw_load_s = time.perf_counter() - t_kw
    retrieve(queries[0], store=store, embeddings=emb, settings=settings)
    open_s = time.perf_counter() - t
    times: dict[str, list[float]] = {s: [] for s in STAGES}
    for q in queries:
        t = time.perf_counter()
        got = retrieve(q, store=store, embeddings=emb, settings=settings)
        times["retrieval"].append((time.perf_counter() - t) * 1000)
        for s in ("embed", "dense", "bm25", "fusion"):
            times[s].append(got.timings_ms[s])
        times["search"].append(sum(got.timings_ms[s] for s in ("dense", "bm25", "fusion")))
    for q in queries[:answers]:
        t = time.perf_counter()
        answer(q, settings=settings, store=store, embeddings=emb)
        times["answer"].append((time.perf_counter() - t) * 1000)
    print(
        json.dumps(
            {
                "times": times,
                "rss_mb": peak_rss_mb(),
                "open_s": open_s,
                "kw_load_s": kw_load_s,
                "load": os.getloadavg()[0],
                "ef_search": settings.hnsw_ef_search,
            }
        )
    )


def peak_rss_mb() -> float:
    """Peak RSS of this process image. Not ru_maxrss: on Linux it survives
    fork + exec, so a probe started by a big parent would report the parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_probe(
    data_dir: Path,
    cache: Path,
    queries: list[str],
    ef_search: int | None,
    server: tuple[str, int] | None = None,
    answers: int = PROBE_ANSWERS,
) -> dict:
    qfile = data_dir.parent / "queries.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            str(data_dir),
            "--cache",
            str(cache),
            "--queries",
            str(qfile),
            *(["--ef-search", str(ef_search)] if ef_search else []),
            *(["--chroma-host", server[0], "--chroma-port", str(server[1])] if server else []),
            "--answers",
            str(answers),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"probe failed: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--ef-search", type=int, default=None)
    parser.add_argument("--chroma-host", default=None, help="a `chroma run` server's host")
    parser.add_argument("--chroma-port", type=int, default=8000)
    parser.add_argument("--answers", type=int, default=PROBE_ANSWERS, help="full answers to time")
    args = parser.parse_args()
    probe(
        args.data_dir,
        args.cache,
        args.queries,
        args.ef_search,
        args.chroma_host,
        args.chroma_port,
        args.answers,
    )


if __name__ == "__main__":
    main()
