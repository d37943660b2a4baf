"""A document's record: what the store keeps of a cleaned document, the hash
that says a re-read document is unchanged, and the fields version resolution
reads back from it.

Beside ``ingest.passages`` (a document's chunks as records); the pipeline
decides when to write a record, this module what goes in it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from assistant.records import DOC_FIELDS, ChunkRecord, DocRecord
from assistant.settings import Settings
from assistant.text import citation_rows, document_citations

from .chunker import CHUNKER_VERSION
from .identity import Source
from .types import CleanDocument

__all__ = ["content_hash_of", "doc_record", "version_view"]


def content_hash_of(text: str, meta: dict, settings: Settings) -> str:
    """What decides "unchanged": the text, its metadata and how it would be cut."""
    cut = (CHUNKER_VERSION, settings.chunk_max_tokens, settings.chunk_min_tokens)
    key = json.dumps([text, meta, cut], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def doc_record(
    doc: CleanDocument,
    meta: dict,
    path: Path,
    chunks: Sequence[ChunkRecord],
    *,
    doc_id: str,
    title: str,
    content_hash: str,
    text_hash: str,
    sources: tuple[Source, ...],
    existing: DocRecord | None,
) -> DocRecord:
    """The record of ``doc`` with ``chunks``; ``existing`` (the record it
    updates) keeps its added time and, unless ``meta`` says otherwise, its status."""
    extra = {k: str(v) for k, v in meta.items() if k not in DOC_FIELDS and k != "status" and v}
    if meta.get("status"):  # a manifest's word beats version detection
        extra["status_override"] = str(meta["status"])
    if doc.notes:
        extra["notes"] = "; ".join(doc.notes)
    return DocRecord(
        doc_id=doc_id,
        title=title,
        source=str(path),
        **{k: str(meta.get(k) or "") for k in DOC_FIELDS if k != "title"},
        status=meta.get("status") or (existing.status if existing else "current"),
        chunk_ids=tuple(c.chunk_id for c in chunks),
        content_hash=content_hash,
        text_hash=text_hash,
        sources=sources,
        added_at=existing.added_at if existing else _now(),
        updated_at=_now(),
        extra=extra,
        citations=citation_rows(document_citations(chunks)),
    )


def version_view(doc: DocRecord) -> dict[str, str]:
    """The fields ``metadata.resolve_versions`` reads of a stored document."""
    return {
        "doc_id": doc.doc_id,
        "version_key": doc.version_key,
        "issued": doc.issued,
        "effective": doc.effective,
        "doc_number": doc.doc_number,
        "status_override": doc.extra.get("status_override", ""),
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
