"""The keyword side of hybrid search: BM25 over jieba tokens.

Chroma refuses sparse/BM25 indexes in local mode, so the keyword index lives
beside it in ``data_dir/keyword``. It is a derived artefact: ``Store`` brings
it up to date whenever the store's generation differs from the one the index
was built for, so every process (and every app replica sharing a Chroma
server) converges on the same index. Tokens are cached per chunk id in SQLite
so an update re-tokenises only new chunks.

An update costs what changed (issue 14): new chunks become a small segment
(``bm25.py``), deleted ones leave the live set; scores stay those of one index
over the live chunks. A full rebuild into one segment (compaction) happens
when the small segments together outgrow the base one or a quarter of the
stored chunks are dead, so its cost is paid once per doubling.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from assistant.records import ChunkRecord
from assistant.settings import Settings
from assistant.store.bm25 import Segment, SegmentedBM25
from assistant.store.sqlite_cache import SqliteCache
from assistant.text import TOKENIZER_VERSION, search_tokens

log = logging.getLogger(__name__)


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
    """BM25 over chunk ids for one generation: segments (``bm25.py``) plus the
    live ids. Saved as a manifest naming its segments; a segment is written
    once and shared by every later manifest that still uses it."""

    def __init__(self, bm25: SegmentedBM25, generation: str) -> None:
        self.bm25 = bm25
        self.generation = generation
        self.ids = bm25.ids  # the live ids, sorted
        self._all_ids = [cid for seg in bm25.segments for cid in seg.ids]
        self._pos: dict[str, int] = {}  # live id -> position in the concatenated segments
        base = 0
        for seg, alive in zip(bm25.segments, bm25.alive, strict=True):
            for p in np.flatnonzero(alive):
                self._pos[seg.ids[p]] = base + int(p)
            base += len(seg.ids)

    @property
    def positions(self) -> dict[str, int]:
        return self._pos

    @classmethod
    def build(cls, ids: list[str], tokens: list[list[str]], generation: str) -> KeywordIndex:
        segments = [Segment.build(ids, tokens)] if ids else []
        return cls(SegmentedBM25(segments), generation)

    def with_segment(
        self, ids: list[str], tokens: list[list[str]], live: set[str], generation: str
    ) -> KeywordIndex:
        """This index plus a segment of new chunks, restricted to ``live``."""
        segments = list(self.bm25.segments)
        if ids:
            segments.append(Segment.build(ids, tokens))
        return KeywordIndex(SegmentedBM25(segments, live), generation)

    def search(
        self, query_tokens: list[str], k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        if not self._pos or not query_tokens or k <= 0:
            return []
        scores = np.concatenate(self.bm25.scores(query_tokens))
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            mask[[p for cid in allowed if (p := self._pos.get(cid)) is not None]] = True
            scores[~mask] = 0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:  # every hit tied with the k-th stays, then ties go by position
            kth = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
            hits = hits[scores[hits] >= kth]
        order = np.lexsort((hits, -scores[hits]))[:k]
        return [(self._all_ids[int(h)], float(scores[h])) for h in hits[order]]

    # --- persistence --------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write new segments, then swap in the manifest: readers see the old
        index or the new one, never half of one."""
        segs = _segments_folder(folder)
        segs.mkdir(parents=True, exist_ok=True)
        _remove_stale(folder.parent, segs, folder)
        for seg in self.bm25.segments:
            if not (segs / seg.name).exists():
                seg.save(segs, folder.parent)
        dead = [cid for cid in self._all_ids if cid not in self._pos]
        manifest = {
            "generation": self.generation,
            "segments": [seg.name for seg in self.bm25.segments],
            "dead": dead,
        }
        folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder / "bm25", ignore_errors=True)  # the layout before segments
        (folder / "meta.json").unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bm25-", suffix=".json", dir=folder.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(manifest, f)
        os.replace(tmp, folder / "manifest.json")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex | None:
        try:
            meta = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            segs = _segments_folder(folder)
            segments = [Segment.load(segs / name) for name in meta["segments"]]
            dead = set(meta["dead"])
            live = {cid for seg in segments for cid in seg.ids if cid not in dead}
            return cls(SegmentedBM25(segments, live), meta["generation"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("keyword index at %s unreadable (%s); it will be rebuilt", folder, exc)
            return None


STALE_TEMP_SECONDS = 3600


def saved_generation(folder: Path) -> str | None:
    """The generation of the saved index, reading only its manifest."""
    try:
        return str(json.loads((folder / "manifest.json").read_text("utf-8"))["generation"])
    except (OSError, ValueError, KeyError):
        return None


def _segments_folder(folder: Path) -> Path:
    return folder.with_name(folder.name + "-segments")


def _remove_stale(parent: Path, segs: Path, folder: Path) -> None:
    """Temp files of saves killed mid-way (issue #6), and segments no manifest
    uses any more. Only old ones: another process may be writing a fresh one
    right now, or still reading an old one."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    used: set[str] = set()
    with contextlib.suppress(OSError, ValueError, KeyError):
        used = set(json.loads((folder / "manifest.json").read_text("utf-8"))["segments"])
    stale = list(parent.glob(".bm25-*"))
    stale += [p for p in segs.iterdir() if p.name not in used]
    for path in stale:
        try:
            if path.stat().st_mtime < cutoff:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        except OSError:
            pass  # removed by another process meanwhile


# --- the store's keyword side -------------------------------------------------

Snapshot = Callable[[float | None], tuple[str, set[str]]]  # -> (generation, live ids)
FetchTexts = Callable[[list[str]], dict[str, str]]


class KeywordSide:
    """The BM25 index of the store's current generation: loaded from
    ``data_dir/keyword`` when another process saved it, else updated from the
    saved (or this process's) index with the chunks that changed, tokens from
    the cache (only new chunks are tokenised), and saved. Versioned by
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
        until the update lands."""
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
            # Read the saved segments only when they are of this generation or
            # there is no index in memory to start from (1.6 s at 300k chunks).
            loaded = None
            if current is None or saved_generation(self.folder) == gen:
                loaded = KeywordIndex.load(self.folder)
            # Same generation but other chunks: a writer died between deleting
            # records and bumping the generation (issue #6); update.
            if loaded is not None and loaded.generation == gen and set(loaded.ids) == live:
                return self._set(loaded)
            base = loaded if loaded is not None else current
            return self._set(self._update(base, sorted(live), gen))

    def rebuild(self) -> KeywordIndex:
        """Rebuild into one segment for the current generation (re-read now) and save."""
        with self._build:
            gen, live = self._snapshot(0.0)
            return self._set(self._full(sorted(live), gen))

    def _set(self, index: KeywordIndex) -> KeywordIndex:
        with self._lock:
            self._index = index
        return index

    def _tokens(self, ids: list[str]) -> list[list[str]]:
        """Tokens of ``ids`` from the cache, tokenising (and caching) the missing ones."""
        cache = self._token_cache
        got = cache.get_many(ids)
        missing = [cid for cid in ids if cid not in got]
        if missing:
            texts = self._fetch_texts(missing)
            fresh = [(cid, search_tokens(texts.get(cid, ""))) for cid in missing]
            cache.put_many(fresh)
            got.update(fresh)
        return [got[cid] for cid in ids]

    def _full(self, ids: list[str], generation: str) -> KeywordIndex:
        # Outside the store's lock: readers keep answering while it builds.
        index = KeywordIndex.build(ids, self._tokens(ids), generation)
        index.save(self.folder)
        self._token_cache.retain(set(ids))
        return index

    def _update(self, base: KeywordIndex | None, ids: list[str], generation: str) -> KeywordIndex:
        """``base`` brought to ``ids``: a segment of the new chunks, or a merge
        of the small segments, or a full rebuild (see the module docstring)."""
        if base is None or not base.bm25.segments:
            return self._full(ids, generation)
        live = set(ids)
        added = [cid for cid in ids if cid not in base.positions]
        segments = base.bm25.segments
        stored = sum(len(s.ids) for s in segments) + len(added)
        small = sum(len(s.ids) for s in segments[1:]) + len(added)
        if stored - len(live) > DEAD_SHARE * stored or small > len(segments[0].ids):
            return self._full(ids, generation)
        if len(segments) - 1 + bool(added) > MAX_SMALL_SEGMENTS:
            # Merge the small segments: costs what they hold, not the index.
            merged = [c for s in segments[1:] for c in s.ids if c in live and c not in added]
            merged = sorted(set(merged)) + added
            segs = [segments[0], Segment.build(merged, self._tokens(merged))]
            index = KeywordIndex(SegmentedBM25(segs, live), generation)
        else:
            index = base.with_segment(added, self._tokens(added), live, generation)
        index.save(self.folder)
        return index


DEAD_SHARE = 0.25  # compact when this share of stored chunks is dead
MAX_SMALL_SEGMENTS = 8  # merge the small segments beyond this many
