"""Embeddings from an OpenAI-compatible ``/v1/embeddings`` server (issue 14).

text-embeddings-inference, vLLM, Ollama's ``/v1`` and Xinference all serve
``POST {base_url}/embeddings``; a GPU running bge-m3 or Qwen3-Embedding there
embeds the archive in minutes instead of hours. ``ServerEmbeddings`` is a
LangChain ``Embeddings`` over it, registered as the ``openai`` embedder.

A small client of our own (httpx) rather than langchain-openai's
``OpenAIEmbeddings``: that class fills its key, organisation and base URL
from ``OPENAI_*`` environment variables (settings flow one way here), sends
token ids unless told not to and asks for base64 vectors — details TEI, vLLM
and Ollama disagree on. This client sends exactly ``model``, ``input`` (the
strings) and ``encoding_format: "float"``, and only the key it is given.

Every failure is one ``BackendError`` line a clerk can act on (server down,
slow, key refused, unknown model, batch too large, wrong dimension); vectors
are checked (count, size, finite) and L2-normalised before anyone stores
them, so a bad answer writes nothing. Nothing connects before first use.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import SecretStr

from assistant.errors import BackendError

if TYPE_CHECKING:
    import httpx

    from assistant.settings import Settings

__all__ = ["ServerEmbeddings", "server_embeddings"]


class ServerEmbeddings(Embeddings):
    """Vectors from an OpenAI-compatible embeddings server, checked and normalised."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: SecretStr | str | None = None,
        timeout: float = 60.0,
        batch_size: int = 32,
        dimension: int | None = None,
        query_prefix: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self.batch_size = max(1, batch_size)
        self.query_prefix = query_prefix
        self._api_key = api_key
        # The size every vector must have, and who says so (for the message).
        self.dimension = dimension
        self._dimension_source = "POLICYQA_EMBED_DIM"
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """What the collection records as its embedder."""
        return f"openai:{self.model}"

    def expect_dimension(self, dimension: int, source: str) -> None:
        """From now on, a vector of another size is an error naming ``source``."""
        self.dimension, self._dimension_source = dimension, source

    def probe(self) -> int:
        """Ask the server once; the size of its vectors."""
        return len(self._embed(["维度"])[0])

    # --- LangChain Embeddings ------------------------------------------------------
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self._embed(texts[i : i + self.batch_size]))
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._embed([f"{self.query_prefix}{text}"])[0]

    # --- the client ----------------------------------------------------------------
    def _http(self) -> httpx.Client:
        import httpx

        with self._lock:
            if self._client is None:
                headers = {}
                key = self._api_key
                key = key.get_secret_value() if isinstance(key, SecretStr) else key
                if key:  # read only now, when the server is first used
                    headers["Authorization"] = f"Bearer {key}"
                # trust_env=False: no proxy or certificate settings from the
                # environment; one retry for a refused connection only.
                self._client = httpx.Client(
                    timeout=self.timeout,
                    headers=headers,
                    trust_env=False,
                    transport=httpx.HTTPTransport(retries=1),
                )
            return self._client

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        body = {"model": self.model, "input": list(texts), "encoding_format": "float"}
        data = self._post(body, len(texts))
        return self._vectors(data, len(texts))

    def _post(self, body: dict[str, Any], n: int) -> Any:
        import httpx

        url = f"{self.base_url}/embeddings"
        try:
            response = self._http().post(url, json=body)
        except httpx.TimeoutException as err:
            raise self._error(f"timed out after {self.timeout:g}s") from err
        except httpx.HTTPError as err:
            raise self._error("unreachable") from err
        if response.status_code >= 400:
            raise self._error(self._status_problem(response.status_code, n))
        try:
            return response.json()
        except ValueError as err:
            raise self._error("returned an answer that is not JSON") from err

    def _status_problem(self, status: int, n: int) -> str:
        if status in (401, 403):
            return "rejected the API key (POLICYQA_EMBED_API_KEY)"
        if status == 404:
            return f"does not know model {self.model!r} (or serves no /embeddings)"
        if status == 413:
            return f"refused a batch of {n} texts as too large: lower POLICYQA_EMBED_BATCH"
        return f"returned HTTP {status}"

    def _error(self, problem: str) -> BackendError:
        return BackendError(f"Embeddings server at {self.base_url} {problem}")

    def _vectors(self, data: Any, n: int) -> list[list[float]]:
        try:
            rows = sorted(data["data"], key=lambda r: r.get("index", 0))
            vectors = np.asarray([r["embedding"] for r in rows], dtype=np.float64)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise self._error("returned an answer without float vectors") from err
        if vectors.ndim != 2 or vectors.shape[1] == 0:
            raise self._error("returned vectors of uneven or zero size")
        if len(vectors) != n:
            raise self._error(f"returned {len(vectors)} vectors for {n} texts")
        size = vectors.shape[1]
        if self.dimension is not None and size != self.dimension:
            raise self._error(
                f"returned {size}-dim vectors; {self._dimension_source} needs {self.dimension}"
            )
        # Chroma's cosine space does not need it, but the exact document
        # scoring and the English sentence matching take dot products.
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        if not np.all(np.isfinite(norms)) or np.any(norms == 0.0):
            raise self._error("returned a zero or non-finite vector")
        return (vectors / norms).astype(np.float32).tolist()


def server_embeddings(settings: Settings) -> ServerEmbeddings:
    """The ``openai`` embedder as the settings describe it (nothing connects yet)."""
    return ServerEmbeddings(
        settings.embed_base_url,
        settings.embed_model,
        api_key=settings.embed_api_key,
        timeout=settings.embed_timeout,
        batch_size=settings.embed_batch,
        dimension=settings.embed_dim,
        query_prefix=settings.embed_query_prefix or "",
    )
