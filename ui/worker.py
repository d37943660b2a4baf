"""Corpus changes in a worker process at the lowest CPU priority, so the page
keeps answering at its usual speed while documents are read, cleaned and
embedded (issue 12, part 4).

Before, an upload ran ``Indexer`` in a thread of the serving process: parsing
and embedding took the GIL and a core from the chats (``GET /`` took 11 s
during a 10 MB upload). Now corpus changes (upload, re-index, delete) are
sent to a child process (``spawn``: no threads or locks inherited from the
server) that lowers its priority with ``os.nice`` and runs the ordinary
``Indexer`` on a ``Store`` of its own over the same settings. Nothing of the
write protocol changes, so crash safety is the CLI's: a child killed mid-way
leaves the old or the new version of each document, and the next run
reconciles. Progress reaches the page through the pipe; results come back as
the ``Indexer``'s own ``IngestSummary``. The serving process then reopens its
view of the index (``ui.live_store``).

The child stays for ``IDLE_SECONDS`` after a job, so a series of uploads pays
its start-up (imports, jieba's dictionary, the embedder: ~5 s) once; then it
exits and gives its memory back. Each job opens the index afresh, so writes
made meanwhile by ``policy-qa ingest`` are seen.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.settings import Settings

__all__ = ["IDLE_SECONDS", "WORKER_NICE", "IndexerProcess", "WorkerFailed", "lower_priority"]

log = logging.getLogger(__name__)

# The most a process may lower itself: the scheduler gives the chats nearly
# all of a contended core, and the worker whatever is left over.
WORKER_NICE = 19
IDLE_SECONDS = 300.0
ProgressFn = Callable[[str, int, int], None]


_RUNNING: weakref.WeakSet[IndexerProcess] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    # Before multiprocessing's own exit hook terminates daemon children: a
    # child told to stop cleans up after itself (a terminated one leaves its
    # semaphores to the resource tracker, which warns about them).
    # A worker in the middle of a job is left to be terminated: crash-safe.
    for worker in list(_RUNNING):
        if worker._lock.acquire(blocking=False):
            try:
                worker._reset()
            finally:
                worker._lock.release()


class WorkerFailed(AssistantError):
    """The indexing process ended without a result."""


class _Gone(Exception):
    """The child ended before it took the job (it had just gone idle)."""


def lower_priority(increment: int = WORKER_NICE) -> None:
    """Let every other process of this user run first (used by the worker and
    by ``policy-qa ingest``/``delete``, which may write into a served index)."""
    try:
        os.nice(increment)
    except (AttributeError, OSError):  # not on this platform, or not allowed
        log.debug("could not lower the process priority", exc_info=True)


class IndexerProcess:
    """``Indexer.ingest`` and ``Indexer.delete``, run one at a time in a child process."""

    def __init__(self, settings: Settings, *, idle_seconds: float = IDLE_SECONDS) -> None:
        self.settings = settings
        self.idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._child: Any = None  # multiprocessing.Process
        self._conn: Connection | None = None

    def ingest(
        self,
        paths: Iterable[Path | str],
        *,
        prune: bool = False,
        progress: ProgressFn | None = None,
    ) -> Any:  # ingest.pipeline.IngestSummary
        return self.run(("ingest", [str(p) for p in paths], prune), progress)

    def delete(self, doc_ids: Sequence[str]) -> None:
        self.run(("delete", list(doc_ids)), None)

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs (for tests and logs)."""
        child = self._child
        return child.pid if child is not None and child.is_alive() else None

    def run(self, job: tuple, progress: ProgressFn | None) -> Any:
        with self._lock:
            for attempt in (1, 2):
                conn = self._connection()
                try:
                    _send(conn, job)
                    return _follow(conn, progress)
                except _Gone:
                    self._reset()
                    if attempt == 2:
                        raise WorkerFailed("索引进程无法启动，请重试。") from None
                except WorkerFailed:
                    self._reset()
                    raise
            raise AssertionError("unreachable")

    def _connection(self) -> Connection:
        if self._child is None or not self._child.is_alive() or self._conn is None:
            self._reset()
            mp = multiprocessing.get_context("spawn")
            parent, child_end = mp.Pipe()
            self._child = mp.Process(
                target=_child,
                args=(self.settings, child_end, self.idle_seconds),
                name="policyqa-indexer",
                daemon=True,  # ends with the page; a kill mid-job is crash-safe
            )
            self._child.start()
            child_end.close()
            self._conn = parent
            _RUNNING.add(self)
        return self._conn

    def _reset(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._child is not None:
            self._child.join(timeout=5)
            if self._child.is_alive():
                self._child.kill()
                self._child.join()
        self._child = self._conn = None

    def close(self, *, wait: bool = True) -> None:
        """Let the child go (closing the pipe tells it to exit). With
        ``wait=False`` a child in the middle of a job is left alone: it ends
        with this process, and a kill mid-job is crash-safe."""
        if not self._lock.acquire(blocking=wait):
            return
        try:
            self._reset()
        finally:
            self._lock.release()


def _send(conn: Connection, job: tuple) -> None:
    try:
        conn.send(job)
    except OSError:  # the child has just exited
        raise _Gone from None


def _follow(conn: Connection, progress: ProgressFn | None) -> Any:
    started = False
    while True:
        try:
            kind, *rest = conn.recv()
        except (EOFError, OSError):
            if not started:
                raise _Gone from None
            raise WorkerFailed(
                "索引进程意外退出：已完成的文件已入库，其余未改变；请重试。"
            ) from None
        if kind == "started":
            started = True
        elif kind == "progress":
            if progress is not None:
                progress(*rest)
        elif kind == "done":
            return rest[0]
        else:  # "error": one line, already fit for a user
            raise AssistantError(rest[0])


# --- the child process ------------------------------------------------------------------


def _child(settings: Settings, conn: Connection, idle_seconds: float) -> None:
    """Lower priority, then run jobs until idle for ``idle_seconds`` or the page is gone."""
    lower_priority()
    logging.basicConfig(
        level=settings.log_level, format="%(levelname)s %(name)s[indexer]: %(message)s"
    )
    try:
        while conn.poll(idle_seconds):
            job = conn.recv()
            conn.send(("started",))
            _serve_one(settings, job, conn)
    except (EOFError, OSError):  # the page closed the pipe or went away
        pass
    finally:
        conn.close()


def _serve_one(settings: Settings, job: tuple, conn: Connection) -> None:
    try:
        conn.send(("done", _do(settings, job, conn)))
    except AssistantError as exc:
        conn.send(("error", str(exc)))
    except (EOFError, OSError):
        raise
    except Exception:  # the traceback stays in this process's log
        log.exception("indexing job %s failed", job[0])
        conn.send(("error", "内部错误，已记录日志"))


def _do(settings: Settings, job: tuple, conn: Connection) -> Any:
    from ingest.pipeline import Indexer

    from .live_store import forget_open_indexes

    forget_open_indexes()  # see writes other processes made since the last job
    indexer = Indexer(settings)
    if job[0] == "ingest":
        _, paths, prune = job
        return indexer.ingest(
            paths,
            prune=prune,
            progress=lambda stage, done, total: conn.send(("progress", stage, done, total)),
        )
    if job[0] == "delete":
        indexer.delete(job[1])
        return None
    raise ValueError(f"unknown job {job[0]!r}")
