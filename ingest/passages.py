"""A document's chunks as records: their ids, and the text embedded for each.

A chunk's id is a hash of its document, section, text and occurrence, so
re-ingesting changes nothing and an edited document replaces exactly its own
chunks; what is embedded adds the title and section path to the text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from assistant.records import ChunkRecord

from .types import ChunkDraft

__all__ = ["chunk_id_for", "embedding_text", "records", "title_of"]


def chunk_id_for(doc_id: str, section: Sequence[str], text: str, occurrence: int) -> str:
    key = json.dumps([doc_id, list(section), text, occurrence], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def embedding_text(title: str, chunk: ChunkRecord) -> str:
    """What gets embedded: the passage with its document title and section path,
    so a chunk that says "本条例" still matches questions naming the document."""
    head = f"《{title}》" + (f" {chunk.section}" if chunk.section_path else "")
    return f"{head}\n{chunk.text}"


def records(doc_id: str, drafts: Sequence[ChunkDraft]) -> list[ChunkRecord]:
    seen: dict[tuple, int] = {}
    out = []
    for draft in drafts:
        key = (draft.section_path, draft.text)
        seen[key] = seen.get(key, -1) + 1
        out.append(
            ChunkRecord(
                chunk_id=chunk_id_for(doc_id, draft.section_path, draft.text, seen[key]),
                doc_id=doc_id,
                text=draft.text,
                section_path=tuple(draft.section_path),
                page=draft.page,
                page_end=draft.page_end,
                start=draft.start,
                end=draft.end,
            )
        )
    return out


def title_of(meta: dict, path: Path) -> str:
    return str(meta.get("title") or path.stem)
