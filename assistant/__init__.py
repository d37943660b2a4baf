"""policy-qa's answering side.

The core lives here — ``settings``, ``errors``, ``records``, ``evaluation`` —
and the wings below it, each with a face (``__init__.py`` with ``__all__``)
that is all other code imports:

- ``assistant.text``: Chinese text (normal forms, figures, sentences, terms, places, titles);
- ``assistant.store``: Chroma, the keyword index, embeddings;
- ``assistant.llm``: chat models and prompts;
- ``assistant.retrieval``: hybrid search, document matching, follow-ups;
- ``assistant.policy``: measure cards, firm matching, cited documents;
- ``assistant.answer``: the chain, extractive answers, citations, verification.

Dependencies run one way: answer → retrieval, policy → store, llm, text → core.
This face re-exports the names most callers need (``__all__``); heavy wings
(Chroma, LangChain chains) are imported on first attribute access, so
``import assistant`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import (
    AssistantError,
    BackendError,
    ConfigError,
    IngestError,
    StoreError,
    UnknownBackendError,
    UnsupportedFormatError,
)
from .records import Answer, ChunkRecord, Citation, DocRecord, Passage
from .settings import Settings

_LAZY = {
    "answer": "assistant.answer",
    "stream_answer": "assistant.answer",
    "Store": "assistant.store",
    "Filters": "assistant.retrieval",
    "retrieve": "assistant.retrieval",
}

__all__ = [
    "Answer",
    "AssistantError",
    "BackendError",
    "ChunkRecord",
    "Citation",
    "ConfigError",
    "DocRecord",
    "Filters",
    "IngestError",
    "Passage",
    "Settings",
    "Store",
    "StoreError",
    "UnknownBackendError",
    "UnsupportedFormatError",
    "answer",
    "retrieve",
    "stream_answer",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
