"""Chroma's side of the store: opening a client (embedded or server),
mapping chunk records to and from Chroma rows, and reading rows in batches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from assistant.records import ChunkRecord
from assistant.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

MAX_BATCH = 5000  # Chroma refuses batches over 5,461


def open_client(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        headers = {}
        if settings.chroma_token is not None:
            headers[settings.chroma_auth_header] = settings.chroma_token.get_secret_value()
        return chromadb.HttpClient(
            host=settings.chroma_host,
            port=settings.chroma_port,
            ssl=settings.chroma_ssl,
            headers=headers or None,
            settings=chroma_settings,
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def chunk_metadata(chunk: ChunkRecord) -> dict[str, Any]:
    # Chroma metadata cannot hold None: -1 stands for "no page".
    return {
        "doc_id": chunk.doc_id,
        "section": json.dumps(list(chunk.section_path), ensure_ascii=False),
        "page": chunk.page if chunk.page is not None else -1,
        "page_end": chunk.page_end if chunk.page_end is not None else -1,
        "start": chunk.start,
        "end": chunk.end,
    }


def chunk_from_row(cid: str, text: str, meta: dict[str, Any]) -> ChunkRecord:
    page = int(meta.get("page", -1))
    page_end = int(meta.get("page_end", -1))
    return ChunkRecord(
        chunk_id=cid,
        doc_id=str(meta.get("doc_id", "")),
        text=text or "",
        section_path=tuple(json.loads(meta.get("section") or "[]")),
        page=page if page >= 0 else None,
        page_end=page_end if page_end >= 0 else None,
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
    )


def iter_rows(col: Collection, include: list[str], page: int = 5000) -> Iterable[tuple[str, Any]]:
    """(id, the first included field) of every row, a page at a time."""
    offset = 0
    while True:
        got = col.get(include=include, limit=page, offset=offset)
        ids = got["ids"]
        field = include[0] if include else None
        values = got.get(field) if field else None
        for i, cid in enumerate(ids):
            yield cid, (values[i] if values is not None else None)
        if len(ids) < page:
            return
        offset += page


def _get(col: Collection, ids: Sequence[str], include: list[str]) -> Iterable[Any]:
    """Chroma's rows of ``ids``, a batch Chroma accepts at a time."""
    for i in range(0, len(ids), MAX_BATCH):
        yield col.get(ids=list(ids[i : i + MAX_BATCH]), include=include)  # type: ignore[list-item]


def fetch(col: Collection, ids: Sequence[str], field: str) -> dict[str, Any]:
    """id -> one Chroma field ("documents", "embeddings") of the rows that exist."""
    out: dict[str, Any] = {}
    for got in _get(col, ids, [field]):
        out.update(zip(got["ids"], got[field], strict=True))
    return out


def existing_ids(col: Collection, ids: Sequence[str]) -> set[str]:
    return {cid for got in _get(col, ids, []) for cid in got["ids"]}


def nearest(
    col: Collection, vector: Sequence[float], n: int, where: dict[str, Any] | None
) -> list[tuple[str, float]]:
    """(id, cosine similarity) of Chroma's ``n`` nearest rows, best first."""
    got = col.query(
        query_embeddings=[list(vector)], n_results=max(1, n), where=where, include=["distances"]
    )
    return [
        (cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0], strict=True)
    ]


def containing(
    col: Collection, phrase: str, n: int, doc_ids: Sequence[str] | None = None
) -> list[str]:
    """The ids of up to ``n`` rows (of ``doc_ids``' documents) whose text holds
    ``phrase`` verbatim."""
    where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
    got = col.get(where_document={"$contains": phrase}, where=where, include=[], limit=n)
    return list(got["ids"])
