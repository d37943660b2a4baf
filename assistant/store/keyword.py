"""The keyword side of hybrid search: BM25 (bm25s) over jieba tokens.

Chroma refuses sparse/BM25 indexes in local mode, so the keyword index lives
beside it in ``data_dir/keyword``. It is a derived artefact: ``Store`` rebuilds
it from Chroma's chunks whenever the store's generation differs from the one
the index was built for, so every process (and every app replica sharing a
Chroma server) converges on the same index. Tokens are cached per chunk id in
SQLite so a rebuild re-tokenises only new chunks.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.records import ChunkRecord
from assistant.settings import Settings
from assistant.store.sqlite_cache import SqliteCache
from assistant.text import TOKENIZER_VERSION, search_tokens

log = logging.getLogger(__name__)


def _bm25s() -> Any:
    import bm25s

    # bm25s sets its logger to DEBUG when imported; its progress chatter is
    # not for our users.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


class TokenCache:
    """chunk_id -> tokens (a ``SqliteCache`` of JSON lists, shared by rebuilds)."""

    def __init__(self, path: Path) -> None:
        # "token_lists": the "tokens" table of older caches has other columns.
        self._cache = SqliteCache(path, "token_lists")

    def get_many(self, ids: list[str]) -> dict[str, list[str]]:
        return {k: json.loads(v) for k, v in self._cache.get_many(ids).items()}

    def put_many(self, items: Iterable[tuple[str, list[str]]]) -> None:
        self._cache.put_many((k, json.dumps(v, ensure_ascii=False)) for k, v in items)

    def retain(self, ids: set[str]) -> None:
        self._cache.retain(ids)


class KeywordIndex:
    """A BM25 index over chunk ids, saved atomically as one folder."""

    def __init__(self, ids: list[str], bm25: object | None, generation: str) -> None:
        self.ids = ids
        self.generation = generation
        self._bm25 = bm25
        self._pos = {cid: i for i, cid in enumerate(ids)}

    @classmethod
    def build(cls, ids: list[str], tokens: list[list[str]], generation: str) -> KeywordIndex:
        bm25s = _bm25s()

        if not ids:
            return cls([], None, generation)
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        return cls(ids, bm25, generation)

    def search(
        self, query_tokens: list[str], k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        if self._bm25 is None or not query_tokens or k <= 0:
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.ids), dtype=np.float32)
            for cid in allowed:
                pos = self._pos.get(cid)
                if pos is not None:
                    mask[pos] = 1.0
            if not mask.any():
                return []
        vocab = self._bm25.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return []
        k = min(k, len(self.ids))
        docs, scores = self._bm25.retrieve(  # type: ignore[attr-defined]
            [known], k=k, show_progress=False, weight_mask=mask, n_threads=1
        )
        return [
            (self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0
        ]

    # --- persistence --------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write to a temp folder, then swap it in, so readers never see half an index."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(folder.parent)
        tmp = Path(tempfile.mkdtemp(prefix=".bm25-", dir=folder.parent))
        try:
            if self._bm25 is not None:
                self._bm25.save(str(tmp / "bm25"), show_progress=False)  # type: ignore[attr-defined]
            (tmp / "meta.json").write_text(
                json.dumps({"generation": self.generation, "ids": self.ids}), encoding="utf-8"
            )
            old = folder.with_name(folder.name + ".old")
            if folder.exists():
                shutil.rmtree(old, ignore_errors=True)
                os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex | None:
        bm25s = _bm25s()

        meta_file = folder / "meta.json"
        if not meta_file.exists():
            old = folder.with_name(folder.name + ".old")  # a crash between the two renames
            if (old / "meta.json").exists():
                folder = old
                meta_file = folder / "meta.json"
            else:
                return None
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            bm25 = None
            if meta["ids"]:
                bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
            return cls(meta["ids"], bm25, meta["generation"])
        except (OSError, ValueError, KeyError) as exc:
            log.warning("keyword index at %s unreadable (%s); it will be rebuilt", folder, exc)
            return None


STALE_TEMP_SECONDS = 3600


def _remove_stale_temps(parent: Path) -> None:
    """Temp folders of saves killed mid-way (issue #6). Only old ones: another
    process may be writing a fresh one right now."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for stale in parent.glob(".bm25-*"):
        try:
            if stale.stat().st_mtime < cutoff:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass  # removed by another process meanwhile


def rebuild(
    ids: list[str],
    fetch_texts: Callable[[list[str]], dict[str, str]],
    cache: TokenCache,
    generation: str,
) -> KeywordIndex:
    """Build an index for ``ids``, tokenising only chunks missing from the cache."""
    cached = cache.get_many(ids)
    missing = [cid for cid in ids if cid not in cached]
    if missing:
        texts = fetch_texts(missing)
        fresh = [(cid, search_tokens(texts.get(cid, ""))) for cid in missing]
        cache.put_many(fresh)
        cached.update(fresh)
    return KeywordIndex.build(ids, [cached[cid] for cid in ids], generation)


# --- the store's keyword side -------------------------------------------------

Snapshot = Callable[[float | None], tuple[str, set[str]]]  # -> (generation, live ids)
FetchTexts = Callable[[list[str]], dict[str, str]]


class KeywordSide:
    """The BM25 index of the store's current generation: loaded from
    ``data_dir/keyword`` when another process saved it, else rebuilt from the
    token cache (only new chunks are tokenised) and saved. Versioned by
    ``TOKENIZER_VERSION``: an index or token cache of another tokenizer is
    never used."""

    def __init__(self, settings: Settings, snapshot: Snapshot, fetch_texts: FetchTexts) -> None:
        self._settings = settings
        self._snapshot = snapshot
        self._fetch_texts = fetch_texts
        self._lock = threading.Lock()  # guards _index
        self._build = threading.Lock()  # one build at a time
        self._index: KeywordIndex | None = None

    @property
    def folder(self) -> Path:
        return self._settings.keyword_dir / f"bm25-v{TOKENIZER_VERSION}"

    @property
    def _token_cache(self) -> TokenCache:
        name = f"tokens-v{TOKENIZER_VERSION}.sqlite"
        return TokenCache(self._settings.keyword_dir / name)

    def add_tokens(self, chunks: Sequence[ChunkRecord]) -> None:
        """Tokenise new chunks at write time, so a rebuild only reads the cache."""
        self._token_cache.put_many((c.chunk_id, search_tokens(c.text)) for c in chunks)

    def index(self, wait: bool = True) -> KeywordIndex:
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
            loaded = KeywordIndex.load(self.folder)
            # Same generation but other chunks: a writer died between deleting
            # records and bumping the generation (issue #6); rebuild.
            if loaded is not None and loaded.generation == gen and set(loaded.ids) == live:
                return self._set(loaded)
            return self._set(self._rebuild(sorted(live), gen))

    def rebuild(self) -> KeywordIndex:
        """Rebuild for the current generation (re-read now) and save."""
        with self._build:
            gen, live = self._snapshot(0.0)
            return self._set(self._rebuild(sorted(live), gen))

    def _set(self, index: KeywordIndex) -> KeywordIndex:
        with self._lock:
            self._index = index
        return index

    def _rebuild(self, ids: list[str], generation: str) -> KeywordIndex:
        # Outside the store's lock: readers keep answering while it builds.
        cache = self._token_cache
        index = rebuild(ids, self._fetch_texts, cache, generation)
        index.save(self.folder)
        cache.retain(set(ids))
        return index
