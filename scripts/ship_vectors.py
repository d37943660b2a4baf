"""Rebuild the passage vectors a corpus folder ships (``policyqa-vectors.npz``).

    .venv/bin/python scripts/ship_vectors.py                 # corpus/
    .venv/bin/python scripts/ship_vectors.py corpus --fresh  # embed everything anew
    .venv/bin/python scripts/ship_vectors.py corpus --cache data/embed-cache.sqlite

Each folder is ingested into a temporary index exactly as ``policy-qa ingest``
would (same loaders, manifest, chunker and embedding text), and the vector of
every passage is written beside the documents, keyed by (embedder id, passage
text). Run it after changing the bundled documents, ``policyqa.toml``, the
chunker or the embedder; ``make run`` stays fast only while the file matches
(passages it does not cover are embedded at ingest, ~5 per second here).

Without ``--fresh`` the folder's current file seeds the run, so unchanged
passages keep their exact vectors and only new ones are embedded. ``--cache``
reuses (and fills) an embedding cache, e.g. the one in your data folder.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from assistant.settings import Settings
from assistant.store import CachedEmbeddings, Store
from ingest.pipeline import Indexer, embedding_text
from ingest.shipped import VECTORS_NAME, write_vectors


def ship(folder: Path, cache: Path | None, fresh: bool) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ship-vectors-") as tmp:
        source = folder
        if fresh:  # a copy without the shipped file: every passage is embedded
            source = Path(tmp) / "docs"
            shutil.copytree(folder, source, ignore=shutil.ignore_patterns(VECTORS_NAME))
        settings = Settings(
            data_dir=Path(tmp) / "data", embed_cache=cache or Path(tmp) / "vectors.sqlite"
        )
        store = Store(settings)
        summary = Indexer(settings, store).ingest([source])
        if summary.failed:
            raise SystemExit(f"{folder}: {len(summary.failed)} file(s) failed; fix them first")
        embeddings = store.embeddings
        assert isinstance(embeddings, CachedEmbeddings)
        texts = [
            embedding_text(doc.title, chunk)
            for doc in store.documents()
            for chunk in store.doc_chunks(doc.doc_id)
        ]
        vectors = embeddings.cached(texts)
        missing = len({embeddings.key(t) for t in texts}) - len(vectors)
        if missing:
            raise SystemExit(f"{folder}: {missing} passage vectors missing from the cache")
        count = write_vectors(folder / VECTORS_NAME, embeddings.model, vectors)
    size = (folder / VECTORS_NAME).stat().st_size / 1e6
    print(
        f"{folder / VECTORS_NAME}: {count} vectors ({embeddings.model}), {size:.1f} MB; "
        f"{summary.embedded} chunks indexed, {time.perf_counter() - started:.0f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("corpus")])
    parser.add_argument("--cache", type=Path, help="Embedding cache to reuse and fill.")
    parser.add_argument("--fresh", action="store_true", help="Ignore the current file.")
    args = parser.parse_args(argv)
    for folder in args.folders:
        if not folder.is_dir():
            print(f"error: {folder} is not a folder", file=sys.stderr)
            return 1
        ship(folder, args.cache, args.fresh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
