"""The document library behind the page: list, upload, delete, re-index.

Corpus changes need an admin login (``ui.admin``). Uploaded files are
checked (type, size), their names sanitised, and stored under
``settings.uploads_dir`` only, so a crafted name cannot write anywhere else.
One corpus change runs at a time, in a worker process at low priority
(``ui.worker``) unless another indexer is given.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import threading
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError, IngestError
from assistant.records import DocRecord
from assistant.settings import Settings
from assistant.store import Store

from .admin import require_admin

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
MAX_NAME_CHARS = 80  # characters of the stem kept
_UNSAFE = re.compile(r"[^\w\-.()（）]", re.UNICODE)

ProgressFn = Callable[[str, int, int], None]


def sanitize_filename(name: str) -> str:
    """A safe file name: no folders, only letters (CJK included), digits and
    ``-_.()（）``, a bounded length, an allowed suffix. Refuses ``..`` and
    names that sanitise to nothing."""
    raw = unicodedata.normalize("NFC", name or "")
    if ".." in raw:
        raise IngestError(f"文件名不允许包含“..”：{name}")
    base = re.split(r"[/\\]", raw)[-1].strip()
    cleaned = _UNSAFE.sub("_", base).lstrip(".")
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        stem, suffix = cleaned, ""
    suffix = "." + suffix.lower() if suffix else ""
    if suffix not in ALLOWED_SUFFIXES:
        raise IngestError(
            f"不支持的文件类型：{base or name}（可上传 {'、'.join(ALLOWED_SUFFIXES)}）"
        )
    stem = stem.strip("_.")[:MAX_NAME_CHARS]
    if not stem.strip("_"):
        raise IngestError(f"文件名无效：{name}")
    return stem + suffix


def stored_path(settings: Settings, name: str) -> Path:
    """Where an upload named ``name`` is kept; always inside ``uploads_dir``."""
    root = settings.uploads_dir.resolve()
    target = (root / sanitize_filename(name)).resolve()
    if target.parent != root:  # belt and braces: sanitising already removed folders
        raise IngestError(f"文件名无效：{name}")
    return target


def check_upload(settings: Settings, path: Path, name: str) -> None:
    size_mb = path.stat().st_size / (1024 * 1024)
    if size_mb > settings.upload_max_mb:
        raise IngestError(f"{name} 太大（{size_mb:.1f} MB），上限 {settings.upload_max_mb:g} MB。")
    if path.stat().st_size == 0:
        raise IngestError(f"{name} 是空文件。")


class Library:
    """Corpus changes from the page.

    ``indexer`` has ``Indexer``'s ``ingest``/``delete``; by default an
    ``IndexerProcess`` (a worker process per change). ``changing`` wraps each
    change (the page passes ``LiveStore.changing``, which refreshes its view
    of the index afterwards)."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        indexer: Any = None,
        changing: Callable[[], contextlib.AbstractContextManager[Any]] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store  # records are read afresh through the generation
        self._lock = threading.Lock()
        self._indexer = indexer
        self._changing = changing or contextlib.nullcontext

    @property
    def indexer(self):  # type: ignore[no-untyped-def]
        if self._indexer is None:
            from .worker import IndexerProcess

            self._indexer = IndexerProcess(self.settings)
        return self._indexer

    def close(self) -> None:
        """Stop an idle worker process now, not at exit (the page is closing)."""
        from .worker import IndexerProcess

        if isinstance(self._indexer, IndexerProcess):
            self._indexer.close(wait=False)

    def documents(self) -> tuple[DocRecord, ...]:
        return self.store.documents()

    def upload(
        self,
        files: Sequence[tuple[Path, str]],
        *,
        is_admin: bool,
        progress: ProgressFn | None = None,
    ) -> list:  # list[FileResult]
        """Store and ingest uploaded files given as (temporary path, original name).

        A file refused before ingest (type, size, name) or failing to ingest
        is reported with its reason; a failed file is not kept, and the file
        it would have replaced is restored, so the library is unchanged.
        """
        from ingest.pipeline import FileResult

        require_admin(self.settings, is_admin)
        with self._lock, self._changing():
            self.settings.uploads_dir.mkdir(parents=True, exist_ok=True)
            refused: dict[int, FileResult] = {}
            staged: dict[Path, tuple[int, bytes | None]] = {}  # target -> (slot, old bytes)
            for i, (tmp, name) in enumerate(files):
                shown = Path(name.replace("\\", "/")).name or name
                try:
                    target = stored_path(self.settings, name)
                    check_upload(self.settings, Path(tmp), shown)
                    if target in staged:
                        raise IngestError(f"同一批中有重名文件：{target.name}")
                except AssistantError as exc:
                    refused[i] = FileResult(shown, "failed", reason=str(exc))
                    continue
                previous = target.read_bytes() if target.exists() else None
                shutil.copyfile(tmp, target)
                staged[target] = (i, previous)
            done: dict[int, FileResult] = dict(refused)
            if staged:
                summary = self._ingest_staged(staged, progress)
                for result in summary.results:
                    target = Path(result.path).resolve()
                    slot, previous = staged[target]
                    if result.status == "failed":
                        self._restore(target, previous)
                    result.path = target.name
                    done[slot] = result
        return [done[i] for i in sorted(done)]

    def _ingest_staged(
        self, staged: dict[Path, tuple[int, bytes | None]], progress: ProgressFn | None
    ) -> Any:  # IngestSummary
        started = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            return self.indexer.ingest(list(staged), progress=progress)
        except AssistantError:
            # The worker ended without a summary: files it committed stay (their
            # records are newer than the job); the others go back as they were.
            # Documents are known by their content: find the ones a file is a source of.
            from ingest.sources import location_of

            docs = self.store.documents()
            for target, (_, previous) in staged.items():
                where = location_of(target, self.settings)
                held = [d for d in docs if any(loc == where for loc, _ in d.sources)]
                if not any(d.updated_at >= started for d in held):
                    self._restore(target, previous)
            raise

    @staticmethod
    def _restore(target: Path, previous: bytes | None) -> None:
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)

    def delete(self, doc_ids: Sequence[str], *, is_admin: bool) -> list[DocRecord]:
        """Remove documents; an uploaded file is deleted with its document."""
        require_admin(self.settings, is_admin)
        with self._lock, self._changing():
            docs = [d for d in (self.store.document(i) for i in doc_ids) if d is not None]
            if not docs:
                raise IngestError("没有找到要删除的文档。")
            self.indexer.delete([d.doc_id for d in docs])
            root = self.settings.uploads_dir.resolve()
            for d in docs:
                src = Path(d.source).resolve()
                if src.parent == root:
                    src.unlink(missing_ok=True)
        return docs

    def reindex(self, *, is_admin: bool, progress: ProgressFn | None = None) -> list:
        """Re-ingest every document's source; a missing source is reported as failed."""
        from ingest.pipeline import FileResult

        require_admin(self.settings, is_admin)
        with self._lock, self._changing():
            docs = self.store.documents()
            present = [Path(d.source) for d in docs if Path(d.source).exists()]
            missing = [
                FileResult(d.source, "failed", d.title, d.doc_id, d.chunks, "源文件不存在")
                for d in docs
                if not Path(d.source).exists()
            ]
            summary = self.indexer.ingest(present, progress=progress) if present else None
        return (summary.results if summary else []) + missing
