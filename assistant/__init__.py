"""policy-qa's answering side: settings, errors, the store and the answer chain.

Public API (see ``__all__``); everything else is an implementation detail.
Heavy modules (Chroma, LangChain chains) are imported on first attribute
access, so ``import assistant`` stays cheap.
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
    "answer": "assistant.chain",
    "stream_answer": "assistant.chain",
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
