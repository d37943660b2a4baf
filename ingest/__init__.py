"""policy-qa's ingest side: files → clean, structure-aware, cited chunks in the store."""

from __future__ import annotations

from .pipeline import FileResult, Indexer, IngestSummary, collect_files, ingest_paths

__all__ = ["FileResult", "Indexer", "IngestSummary", "collect_files", "ingest_paths"]
