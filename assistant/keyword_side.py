"""The store's keyword side: a BM25 index beside Chroma, one per generation.

Chroma cannot hold a BM25 index in local mode, so it lives in
``data_dir/keyword`` as derived data: tokens are cached per chunk id, and
the index is rebuilt from them when the store's generation moves on (every
ingest or delete bumps it), then saved so other processes load it instead of
building their own. Versioned by ``keyword.TOKENIZER_VERSION``: an index or
token cache made by another tokenizer is never used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from . import keyword
from .records import ChunkRecord
from .settings import Settings

Snapshot = Callable[[float | None], tuple[str, set[str]]]  # -> (generation, live ids)
FetchTexts = Callable[[list[str]], dict[str, str]]


class KeywordSide:
    def __init__(self, settings: Settings, snapshot: Snapshot, fetch_texts: FetchTexts) -> None:
        self._settings = settings
        self._snapshot = snapshot
        self._fetch_texts = fetch_texts
        self._lock = threading.Lock()  # guards _index
        self._build = threading.Lock()  # one build at a time
        self._index: keyword.KeywordIndex | None = None

    @property
    def folder(self) -> Path:
        return self._settings.keyword_dir / f"bm25-v{keyword.TOKENIZER_VERSION}"

    @property
    def _token_cache(self) -> keyword.TokenCache:
        name = f"tokens-v{keyword.TOKENIZER_VERSION}.sqlite"
        return keyword.TokenCache(self._settings.keyword_dir / name)

    def add_tokens(self, chunks: Sequence[ChunkRecord]) -> None:
        """Tokenise new chunks at write time, so a rebuild only reads the cache."""
        self._token_cache.put_many((c.chunk_id, keyword.tokenize(c.text)) for c in chunks)

    def index(self, wait: bool = True) -> keyword.KeywordIndex:
        """The index of the store's generation.

        A question (``wait=False``) that arrives while another thread of this
        process rebuilds it uses the previous index instead of stalling: dead
        chunks are filtered by the caller, new ones are found by the dense side
        until the rebuild lands (16 s at 100k chunks, README)."""
        gen, _ = self._snapshot(None)
        with self._lock:
            current = self._index
        if current is not None and current.generation == gen:
            return current
        if not wait and current is not None and self._build.locked():
            return current
        with self._build:
            gen, live = self._snapshot(None)
            with self._lock:
                if self._index is not None and self._index.generation == gen:
                    return self._index
            loaded = keyword.KeywordIndex.load(self.folder)
            # Same generation but other chunks: a writer died between deleting
            # records and bumping the generation (issue #6); rebuild.
            if loaded is not None and loaded.generation == gen and set(loaded.ids) == live:
                return self._set(loaded)
            return self._set(self._rebuild(sorted(live), gen))

    def rebuild(self) -> keyword.KeywordIndex:
        """Rebuild for the current generation (re-read now) and save."""
        with self._build:
            gen, live = self._snapshot(0.0)
            return self._set(self._rebuild(sorted(live), gen))

    def _set(self, index: keyword.KeywordIndex) -> keyword.KeywordIndex:
        with self._lock:
            self._index = index
        return index

    def _rebuild(self, ids: list[str], generation: str) -> keyword.KeywordIndex:
        # Outside the store's lock: readers keep answering while it builds.
        cache = self._token_cache
        index = keyword.rebuild(ids, self._fetch_texts, cache, generation)
        index.save(self.folder)
        cache.retain(set(ids))
        return index
