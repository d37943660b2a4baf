"""Indexing: files → loaders → cleaning → chunks → embeddings → the store.

Per document the write order is: embed and add only the chunks the store does
not already hold, then write the document record (the commit point that makes
the new chunks visible and the old ones invisible at once), then delete the
old chunks. A crash at any point leaves either the old or the new version
visible, never a mix; ``Store.reconcile`` removes leftovers on the next run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from assistant.errors import AssistantError
from assistant.records import DOC_FIELDS, ChunkRecord, DocRecord
from assistant.settings import Settings
from assistant.store import Store
from assistant.text import citation_rows, document_citations

from .chunker import CHUNKER_VERSION, chunk_document
from .clean import clean_document
from .loaders import load
from .metadata import extract_metadata, resolve_versions

log = logging.getLogger(__name__)

# Files in a corpus folder that describe the corpus rather than belong to it.
SKIPPED_NAMES = frozenset({"readme.md", "policyqa.toml", "manifest.tsv"})


@dataclass
class FileResult:
    path: str
    status: str  # added | updated | unchanged | removed | failed
    title: str = ""
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""


@dataclass
class IngestSummary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    embedded: int = 0  # chunks embedded in this run
    total_chunks: int = 0  # live chunks in the store afterwards
    total_documents: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def line(self) -> str:
        counts = ", ".join(
            f"{self.count(s)} {s}" for s in ("added", "updated", "unchanged", "removed", "failed")
        )
        return (
            f"{counts}; {self.embedded} chunks embedded; index holds {self.total_documents} "
            f"documents, {self.total_chunks} chunks; {self.seconds:.1f} s"
        )


ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files named directly, plus every file under named folders (recursive, sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _skipped(child, path):
                    out.append(child)
        else:
            out.append(path)
    return out


def _skipped(child: Path, root: Path) -> bool:
    rel = child.relative_to(root)
    return any(part.startswith(".") for part in rel.parts) or child.name.lower() in SKIPPED_NAMES


def doc_id_for(path: Path) -> str:
    """A document's identity is its file's absolute path."""
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


def chunk_id_for(doc_id: str, section: Sequence[str], text: str, occurrence: int) -> str:
    key = json.dumps([doc_id, list(section), text, occurrence], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def embedding_text(title: str, chunk: ChunkRecord) -> str:
    """What gets embedded: the passage with its document title and section path,
    so a chunk that says "本条例" still matches questions naming the document."""
    head = f"《{title}》" + (f" {chunk.section}" if chunk.section_path else "")
    return f"{head}\n{chunk.text}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Indexer:
    """Ingests files into one store; reused by the CLI, the page and benchmarks."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)

    def ingest(
        self,
        paths: Iterable[Path | str],
        *,
        prune: bool = False,
        progress: ProgressFn | None = None,
        on_result: Callable[[FileResult], None] | None = None,
    ) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary()
        self.store.reconcile()
        files = collect_files(paths)
        for i, path in enumerate(files):
            result = self._ingest_file(path, summary, progress)
            summary.results.append(result)
            if on_result:
                on_result(result)
            if progress:
                progress("files", i + 1, len(files))
        if prune:
            summary.results.extend(self.prune())
        self.refresh_versions()
        self.store.ensure_keyword_index()
        docs = self.store.documents()
        summary.total_documents = len(docs)
        summary.total_chunks = sum(d.chunks for d in docs)
        summary.seconds = time.perf_counter() - started
        return summary

    def _ingest_file(
        self, path: Path, summary: IngestSummary, progress: ProgressFn | None
    ) -> FileResult:
        try:
            return self._index_document(path, summary, progress)
        except AssistantError as exc:
            log.info("skipped %s: %s", path, exc)
            return FileResult(str(path), "failed", reason=str(exc))
        except Exception as exc:  # a bug must not lose the rest of the batch
            log.exception("unexpected error on %s", path)
            return FileResult(str(path), "failed", reason=f"internal error ({type(exc).__name__})")

    def _index_document(
        self, path: Path, summary: IngestSummary, progress: ProgressFn | None
    ) -> FileResult:
        loaded = load(path, self.settings)
        doc = clean_document(loaded)
        meta = extract_metadata(doc, path)  # applies policyqa.toml corrections
        doc_id = doc_id_for(path)
        content_hash = _content_hash(doc.text, meta, self.settings)
        existing = self.store.document(doc_id)
        if existing is not None and existing.content_hash == content_hash:
            return FileResult(str(path), "unchanged", existing.title, doc_id, existing.chunks)

        chunks = self._chunk_records(doc_id, doc, self.settings)
        have = self.store.existing_chunk_ids([c.chunk_id for c in chunks])
        new = [c for c in chunks if c.chunk_id not in have]
        title = str(meta.get("title") or path.stem)
        vectors = self._embed([embedding_text(title, c) for c in new], progress)
        summary.embedded += len(new)
        self.store.add_chunks(new, vectors)

        extra = {k: str(v) for k, v in meta.items() if k not in DOC_FIELDS and k != "status" and v}
        if meta.get("status"):  # a manifest's word beats version detection
            extra["status_override"] = str(meta["status"])
        if doc.notes:
            extra["notes"] = "; ".join(doc.notes)
        record = DocRecord(
            doc_id=doc_id,
            title=title,
            source=str(path),
            **{k: str(meta.get(k) or "") for k in DOC_FIELDS if k != "title"},
            status=meta.get("status") or (existing.status if existing else "current"),
            chunk_ids=tuple(c.chunk_id for c in chunks),
            content_hash=content_hash,
            added_at=existing.added_at if existing else _now(),
            updated_at=_now(),
            extra=extra,
            citations=citation_rows(document_citations(chunks)),
        )
        self.store.put_documents([record])  # commit point
        if existing is not None:
            keep = set(record.chunk_ids)
            self.store.delete_chunks([c for c in existing.chunk_ids if c not in keep])
        status = "updated" if existing is not None else "added"
        return FileResult(str(path), status, title, doc_id, len(chunks))

    @staticmethod
    def _chunk_records(doc_id: str, doc, settings: Settings) -> list[ChunkRecord]:  # type: ignore[no-untyped-def]
        seen: dict[tuple, int] = {}
        out = []
        for draft in chunk_document(doc, settings):
            key = (draft.section_path, draft.text)
            seen[key] = seen.get(key, -1) + 1
            out.append(
                ChunkRecord(
                    chunk_id=chunk_id_for(doc_id, draft.section_path, draft.text, seen[key]),
                    doc_id=doc_id,
                    text=draft.text,
                    section_path=tuple(draft.section_path),
                    page=draft.page,
                    page_end=draft.page_end,
                    start=draft.start,
                    end=draft.end,
                )
            )
        return out

    def _embed(self, texts: list[str], progress: ProgressFn | None) -> list[list[float]]:
        vectors: list[list[float]] = []
        step = max(1, self.settings.embed_batch)
        for i in range(0, len(texts), step):
            vectors.extend(self.store.embeddings.embed_documents(texts[i : i + step]))
            if progress:
                progress("chunks", len(vectors), len(texts))
        return vectors

    def prune(self) -> list[FileResult]:
        """Remove documents whose source files are gone."""
        gone = [d for d in self.store.documents() if not Path(d.source).exists()]
        self.store.delete_documents([d.doc_id for d in gone])
        return [FileResult(d.source, "removed", d.title, d.doc_id, d.chunks) for d in gone]

    def delete(self, doc_ids: Sequence[str]) -> None:
        # Like ingest, finish what an interrupted run left (chunks of a
        # half-done delete), so re-running a delete converges (issue #6).
        self.store.reconcile()
        self.store.delete_documents(doc_ids)
        self.refresh_versions()
        self.store.ensure_keyword_index()

    def refresh_versions(self, today: date | None = None) -> None:
        """Mark the newest in-force version of each document current, older ones superseded."""
        docs = self.store.documents()
        statuses = resolve_versions([_version_view(d) for d in docs], today or date.today())
        changed = [
            replace(d, status=statuses[d.doc_id])
            for d in docs
            if d.doc_id in statuses and statuses[d.doc_id] != d.status
        ]
        self.store.put_documents(changed)


def _content_hash(text: str, meta: dict, settings: Settings) -> str:
    """What decides "unchanged": the text, its metadata and how it would be cut."""
    cut = (CHUNKER_VERSION, settings.chunk_max_tokens, settings.chunk_min_tokens)
    key = json.dumps([text, meta, cut], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _version_view(doc: DocRecord) -> dict[str, str]:
    return {
        "doc_id": doc.doc_id,
        "version_key": doc.version_key,
        "issued": doc.issued,
        "effective": doc.effective,
        "status_override": doc.extra.get("status_override", ""),
    }


def ingest_paths(
    paths: Iterable[Path | str], settings: Settings, *, prune: bool = False
) -> IngestSummary:
    """Convenience wrapper: ingest ``paths`` into the store ``settings`` names."""
    return Indexer(settings).ingest(paths, prune=prune)
