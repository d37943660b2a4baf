"""The page's ``Store``, kept current when another process changes the index.

Embedded Chroma holds its vector index in memory, per process. After a write
by another process — the page's own indexer process (``ui.worker``) or
``policy-qa ingest`` into the served data folder — this process still reads
the new document records and generation (Chroma's SQLite), but its dense
search does not find the new chunks until the client is opened again
(measured with chromadb 1.5.9; ``tests/ui/test_live_store.py``). So when the
generation has moved, ``refresh`` opens a fresh ``Store`` (a new Chroma
system, which reads the vector index from disk), warms it — documents, the
keyword index the writer saved, the vector index — beside the old one, and
swaps it in; answers in flight finish on the old one.

The page's own changes refresh as soon as they end (``changing``); other
writers are noticed by a poll every ``POLL_SECONDS``, once the generation has
held still for one poll (a CLI batch commits file by file: reopening after
each would rebuild the keyword index in the serving process each time). A
Chroma server needs none of this: every client asks the same server.

Reopening is Chroma knowledge that belongs in ``assistant.store`` (a
``Store.reopen``); it lives here until the store offers it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator

from assistant.settings import Settings
from assistant.store import DIM, Store

__all__ = ["POLL_SECONDS", "LiveStore", "forget_open_indexes"]

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
_PROBE = [1.0] + [0.0] * (DIM - 1)  # any vector: the first query loads the index


class LiveStore:
    """The current ``Store`` of a page (``current``), reopened after outside writes."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self._store = store
        self._refresh_lock = threading.Lock()
        self._opened_at: str | None = None  # generation the current store's client has read
        self._busy = 0  # corpus changes of this page in progress
        self._seen: str | None = None  # generation at the previous poll
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    @property
    def current(self) -> Store:
        return self._store

    @property
    def embedded(self) -> bool:
        return self.settings.chroma_host is None

    def _note_opened(self) -> None:
        if self._opened_at is None and self.embedded:
            self._opened_at = self._store.generation(max_age=0)

    @contextlib.contextmanager
    def changing(self) -> Iterator[None]:
        """Around a corpus change by this page: no polling meanwhile, a refresh after."""
        self._note_opened()
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1
            self.refresh()

    def refresh(self) -> bool:
        """Open a fresh store if the index changed since the current one opened;
        True when it was swapped in."""
        if not self.embedded:
            return False
        with self._refresh_lock:
            generation = self._store.generation(max_age=0)
            if self._opened_at is None:  # nothing known yet: this is the baseline
                self._opened_at = generation
            if generation == self._opened_at:
                return False
            started = time.perf_counter()
            fresh, generation = _reopen(self.settings)
            self._store, self._opened_at = fresh, generation
        log.info("index changed: store reopened in %.2f s", time.perf_counter() - started)
        return True

    # --- watching for other writers ------------------------------------------------------

    def start(self, alive: Callable[[], bool] = lambda: True) -> None:
        """Poll for changes made by other processes (a daemon thread) while ``alive()``."""
        if not self.embedded or self._poller is not None:
            return
        self._poller = threading.Thread(
            target=self._poll, args=(alive,), name="policyqa-live-store", daemon=True
        )
        self._poller.start()

    def stop(self) -> None:
        self._stop.set()

    def _poll(self, alive: Callable[[], bool]) -> None:
        with contextlib.suppress(Exception):  # an index that cannot open yet: later
            self._note_opened()
        while not self._stop.wait(POLL_SECONDS) and alive():
            try:
                self.poll_once()
            except Exception:  # the next poll tries again; serving goes on
                log.warning("checking the index for changes failed", exc_info=True)

    def poll_once(self) -> bool:
        if self._busy:
            return False
        self._note_opened()
        generation = self._store.generation(max_age=0)
        settled = generation == self._seen
        self._seen = generation
        return settled and generation != self._opened_at and self.refresh()


def forget_open_indexes() -> None:
    """Make the next ``Store`` of this process read the index from disk.

    Chroma shares one system per path in a process; forgetting it makes the
    next client open a new one. A store already open keeps its system while
    it is in use, and releases it with the store."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _reopen(settings: Settings) -> tuple[Store, str]:
    """A warmed store over a new Chroma system, and the generation it read."""
    forget_open_indexes()
    fresh = Store(settings)
    generation = fresh.generation(max_age=0)
    fresh.documents()
    fresh.ensure_keyword_index()  # loads the index the writer saved
    fresh.dense_search(_PROBE, 1)
    return fresh, generation
