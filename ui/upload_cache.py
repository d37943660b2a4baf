"""Gradio's upload cache, cleaned and bounded (issue 12, part 5).

Anyone who can open the page can POST files to ``/gradio_api/upload``:
Gradio writes them into its temp folder before any handler (or admin check)
runs, and never removes them unless asked. Three things keep that in check:

- ``DELETE_CACHE``, Gradio's own ``Blocks(delete_cache=…)``: every 10 minutes
  the files this page's Gradio wrote (uploads, exports shown in ``gr.File``)
  that are older than an hour are deleted, and all of them at shutdown;
- ``UploadBudget``, an ASGI middleware in front of the upload route: a
  request must state its size and fit, with what is already cached, in
  ``budget_bytes(settings)``; otherwise it is refused (413) before a byte
  is written, and a WARNING names the client;
- ``discard_uploads``: a file the library has copied into ``uploads_dir`` is
  removed from the cache at once, and ``sweep`` keeps the export folder and
  the cache's empty folders from piling up.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assistant.settings import Settings

__all__ = [
    "DELETE_CACHE",
    "MAX_AGE_SECONDS",
    "UploadBudget",
    "budget_bytes",
    "discard_uploads",
    "sweep",
]

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 60 * 60
DELETE_CACHE = (10 * 60, MAX_AGE_SECONDS)  # (every, older than) for gr.Blocks
BUDGET_UPLOADS = 10
UPLOAD_PATH = "/gradio_api/upload"


def budget_bytes(settings: Settings) -> int:
    """Bytes the upload cache may hold: ten of the largest uploads (200 MB by default)."""
    return int(BUDGET_UPLOADS * settings.upload_max_mb * 1024 * 1024)


def _upload_folder() -> Path:
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def discard_uploads(paths: Iterable[Path | str]) -> None:
    """Remove uploaded files from Gradio's cache (files elsewhere are left alone)."""
    root = _upload_folder()
    for raw in paths:
        path = Path(raw).resolve()
        if root not in path.parents:
            continue
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # not empty: another file shares the hash
            path.parent.rmdir()


def sweep(folder: Path, max_age: float = MAX_AGE_SECONDS, *, files: bool = True) -> int:
    """Delete files (when ``files``) and then empty folders under ``folder``
    older than ``max_age`` seconds; returns how many entries went."""
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age
    gone = 0
    for entry in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        try:
            if entry.lstat().st_mtime >= cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                entry.rmdir()  # only empty ones: OSError otherwise
            elif files:
                entry.unlink()
            else:
                continue
            gone += 1
        except OSError:
            continue
    return gone


class UploadBudget:
    """ASGI middleware bounding what ``/gradio_api/upload`` may add to the cache."""

    def __init__(self, app: Any, blocks: Callable[[], Any], budget: int) -> None:
        self.app = app
        self.blocks = blocks  # the page's gr.Blocks (its sets of cached files)
        self.budget = budget
        self.reserved = 0  # bytes of uploads in progress
        self._used = (0.0, 0)  # (when measured, bytes)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if not _is_upload(scope):
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length is None:
            await _refuse(send, 411, "上传请求缺少文件大小信息。")
            return
        if self.used() + self.reserved + length > self.budget:
            client = (scope.get("client") or ("?",))[0]
            log.warning(
                "upload of %d bytes from %s refused: the upload cache is full (%d MB)",
                length,
                client,
                self.budget // (1024 * 1024),
            )
            await _refuse(send, 413, "上传缓存已满，请稍后再试。")
            return
        self.reserved += length
        try:
            await self.app(scope, receive, send)
        finally:
            self.reserved -= length
            when, size = self._used
            self._used = (when, size + length)  # counted until the next measurement

    def used(self) -> int:
        """Bytes of the files the page's Gradio holds (re-measured at most every 2 s)."""
        when, size = self._used
        if time.monotonic() - when < 2.0:
            return size
        size = 0
        for files in list(getattr(self.blocks(), "temp_file_sets", [])):
            for name in list(files):
                with contextlib.suppress(OSError):
                    size += os.stat(name).st_size
        self._used = (time.monotonic(), size)
        sweep(_upload_folder(), files=False)  # empty hash folders left by deletions
        return size


def _is_upload(scope: dict) -> bool:
    return (
        scope.get("type") == "http"
        and scope.get("method") == "POST"
        and str(scope.get("path", "")).rstrip("/").endswith(UPLOAD_PATH)
    )


def _content_length(scope: dict) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Any, status: int, message: str) -> None:
    body = message.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
