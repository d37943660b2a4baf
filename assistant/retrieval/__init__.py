"""Finding passages: hybrid search (dense + BM25, fused), what a question says
about documents, follow-up questions made standalone, and LangChain faces."""

from __future__ import annotations

from assistant.retrieval.docmatch import DocMatch, match_documents, named_documents
from assistant.retrieval.filters import Filters, resolve_filters
from assistant.retrieval.hybrid import MODES, Mode, Retrieval, retrieve
from assistant.retrieval.langchain import (
    HybridRetriever,
    passage_metadata,
    passages_to_documents,
    vector_store,
)
from assistant.retrieval.query import normalize_query
from assistant.retrieval.rewrite import (
    is_follow_up,
    may_stand_alone,
    retrieval_query,
    rewrite,
    standalone_question,
)

__all__ = [
    "MODES",
    "DocMatch",
    "Filters",
    "HybridRetriever",
    "Mode",
    "Retrieval",
    "is_follow_up",
    "match_documents",
    "may_stand_alone",
    "named_documents",
    "normalize_query",
    "passage_metadata",
    "passages_to_documents",
    "resolve_filters",
    "retrieval_query",
    "retrieve",
    "rewrite",
    "standalone_question",
    "vector_store",
]
