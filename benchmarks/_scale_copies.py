"""Documents past the archive for ``scale.py``: copies of archive documents.

The archive gives ~156k chunks; larger sizes reuse its documents as new ones.
Copy ``n`` of a document gets the doc id ``<id>c<n>``, the title suffix
``（副本n）`` and the marker ``〔副本n〕`` appended to every chunk text, so
chunk ids, content hashes, embedding texts and BM25 documents all differ from
the original (their vectors are not cached, so they get noisy copies).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _scale_chunks import Doc


def copy_doc(doc: Doc, n: int) -> Doc:
    from ingest.pipeline import chunk_id_for, embedding_text

    rec = doc.record
    doc_id = f"{rec.doc_id}c{n}"
    title = f"{rec.title}（副本{n}）"
    seen: dict[tuple, int] = {}
    chunks = []
    for c in doc.chunks:
        text = f"{c.text}〔副本{n}〕"
        key = (c.section_path, text)
        seen[key] = seen.get(key, -1) + 1
        cid = chunk_id_for(doc_id, list(c.section_path), text, seen[key])
        chunks.append(replace(c, chunk_id=cid, doc_id=doc_id, text=text))
    record = replace(
        rec,
        doc_id=doc_id,
        title=title,
        source=f"{rec.source}#copy{n}",
        chunk_ids=tuple(c.chunk_id for c in chunks),
        content_hash=doc_id,
    )
    return type(doc)(record, chunks, [embedding_text(title, c) for c in chunks])


def extend_with_copies(docs: list[Doc], want_chunks: int) -> int:
    """Append copies (pass 1, 2, …) until ``want_chunks``; returns how many documents were added."""
    originals = list(docs)
    total = sum(len(d.chunks) for d in docs)
    added = 0
    n = 1
    while total < want_chunks and originals:
        for d in originals:
            if total >= want_chunks:
                break
            docs.append(copy_doc(d, n))
            total += len(d.chunks)
            added += 1
        n += 1
    return added
