"""Look-ahead: the next files are read and their passages embedded while the
current one is written, so the embedding workers never wait for Chroma, the
keyword tokens or the next file's parsing.

Only reading and embedding run ahead. Every decision and every store write
stays on the caller's thread, in file order (``ingest.pipeline``), so the
crash-safety protocol is unchanged: a document is recorded only after its own
chunks are written. Embedding ahead writes nothing but the vector cache,
whose entries are keyed by content and harmless if the run stops.

Memory is bounded: at most ``depth`` files past the current one are held,
with their passages and vectors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import Generic, TypeVar

from langchain_core.embeddings import Embeddings

T = TypeVar("T")
Item = TypeVar("Item")
ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)

# Steps in flight at once: two keep every worker process fed (each step is
# spread over all of them) while the caller waits for the oldest.
THREADS = 2


@dataclass
class _Job:
    """Embedding started for one file: its passages, step by step."""

    steps: list[tuple[list[str], Future[list[list[float]]]]] = field(default_factory=list)


class Lookahead(Generic[Item, T]):
    """Prepares ``items`` in order, ``depth`` ahead of the one being written.

    ``prepare(item)`` returns the prepared value and the passages it will
    probably need embedded (an empty list when it will not, e.g. an
    unchanged file); those are embedded in steps of ``step`` texts on
    background threads. ``take(i)`` hands back item ``i`` (raising the error
    its preparation raised), and ``vectors`` the vectors of its passages.
    """

    def __init__(
        self,
        items: Sequence[Item],
        prepare: Callable[[Item], tuple[T, list[str]]],
        embeddings: Embeddings,
        *,
        step: int,
        depth: int = 2,
    ) -> None:
        self._items = items
        self._prepare = prepare
        self._embeddings = embeddings
        self._step = max(1, step)
        self._depth = max(0, depth)
        self._ready: dict[int, tuple[T | Exception, _Job]] = {}
        self._next = 0  # the next item to prepare
        self._job = _Job()  # the current item's
        self._threads = ThreadPoolExecutor(THREADS, thread_name_prefix="embed-ahead")

    def __enter__(self) -> Lookahead[Item, T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # On an interruption, steps not started are dropped; a running one
        # finishes in the background (it only fills the vector cache).
        self._threads.shutdown(wait=exc_type is None, cancel_futures=True)
        self._ready.clear()

    def take(self, i: int) -> T:
        """Item ``i`` prepared; items up to ``i + depth`` are read and their
        embedding started before this returns."""
        self._fill(i + 1 + self._depth)
        prepared, self._job = self._ready.pop(i)
        if isinstance(prepared, Exception):
            raise prepared
        return prepared

    def _fill(self, end: int) -> None:
        while self._next < min(end, len(self._items)):
            job = _Job()
            try:
                prepared, texts = self._prepare(self._items[self._next])
            except Exception as exc:  # raised again when the item is taken
                self._ready[self._next] = (exc, job)
            else:
                for i in range(0, len(texts), self._step):
                    part = texts[i : i + self._step]
                    job.steps.append((part, self._threads.submit(self._embed, part)))
                self._ready[self._next] = (prepared, job)
            self._next += 1

    def _embed(self, texts: list[str]) -> list[list[float]]:
        return self._embeddings.embed_documents(texts)

    def vectors(self, texts: list[str], progress: ProgressFn | None = None) -> list[list[float]]:
        """Vectors of ``texts`` (the current item's passages to store, in
        order): from the steps started for it, any other embedded now.
        Progress counts ``texts`` whose vectors are in hand."""
        found: dict[str, list[float]] = {}
        need = Counter(texts)
        done = 0

        def got(part: list[str], vectors: list[list[float]]) -> None:
            nonlocal done
            found.update(zip(part, vectors, strict=True))
            done += sum(need.pop(t, 0) for t in part)
            if progress:
                progress("chunks", done, len(texts))

        for part, future in self._job.steps:
            if not need.keys().isdisjoint(part):  # else e.g. chunks the store holds
                got(part, future.result())
        missing = list(need)
        for i in range(0, len(missing), self._step):
            part = missing[i : i + self._step]
            got(part, self._embed(part))
        self._job = _Job()
        return [found[t] for t in texts]
