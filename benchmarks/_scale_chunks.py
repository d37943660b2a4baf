"""The archive's files as documents for ``scale.py``: each file through the
real loader, cleaner, metadata and chunker, timed per stage, into the
records and embedding texts the store is then given.

Apart from ``scale.py`` so the copies past the archive (``_scale_copies.py``)
can name ``Doc`` without importing the script that runs them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError
from assistant.records import ChunkRecord, DocRecord
from assistant.settings import Settings

__all__ = ["Chunked", "Doc", "chunk_files"]


@dataclass
class Doc:
    record: DocRecord
    chunks: list[ChunkRecord]
    texts: list[str]  # what gets embedded


@dataclass
class Chunked:
    docs: list[Doc] = field(default_factory=list)
    failed: int = 0
    files: int = 0
    chars: int = 0
    t_parse: float = 0.0
    t_chunk: float = 0.0


def chunk_files(files: list[Path], settings: Settings, want_chunks: int | None) -> Chunked:
    """Real loader → cleaner → metadata → chunker, until ``want_chunks`` chunks."""
    from assistant.text import citation_rows, document_citations
    from ingest.clean import clean_document
    from ingest.identity import legacy_id
    from ingest.loaders import load
    from ingest.metadata import extract_metadata
    from ingest.pipeline import Indexer, embedding_text

    out = Chunked()
    total = 0
    for path in files:
        if want_chunks is not None and total >= want_chunks:
            break
        out.files += 1
        t = time.perf_counter()
        try:
            loaded = load(path, settings)
        except AssistantError:
            out.failed += 1
            continue
        finally:
            out.t_parse += time.perf_counter() - t
        t = time.perf_counter()
        try:
            doc = clean_document(loaded)
            meta = extract_metadata(doc, path)
            doc_id = legacy_id(path)  # one per file, as when these figures were measured
            chunks = Indexer._chunk_records(doc_id, doc, settings)
        except AssistantError:
            out.failed += 1
            continue
        finally:
            out.t_chunk += time.perf_counter() - t
        if not chunks:
            continue
        title = str(meta.get("title") or path.stem)
        out.chars += len(doc.text)
        record = DocRecord(
            doc_id=doc_id,
            title=title,
            source=str(path.relative_to(path.parents[len(path.parts) - 3])),
            issued=str(meta.get("issued") or ""),
            chunk_ids=tuple(c.chunk_id for c in chunks),
            content_hash=doc_id,
            citations=citation_rows(document_citations(chunks)),
        )
        out.docs.append(Doc(record, chunks, [embedding_text(title, c) for c in chunks]))
        total += len(chunks)
    return out
