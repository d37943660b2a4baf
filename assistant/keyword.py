"""Keyword side of hybrid search: BM25 (bm25s) over jieba tokens.

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
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

TERMS_FILE = Path(__file__).parent / "data" / "policy_terms.txt"
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_STOP = frozenset(
    ["的", "了", "和", "与", "及", "或", "等", "是", "在", "对", "为", "由", "其", "之", "于", "以", "并", "将", "把", "被", "从", "按", "这", "那", "个", "有", "中", "上", "下", "也", "都", "而", "则", "应当", "可以", "什么", "哪些", "哪个", "多少", "如何", "怎么", "怎样", "是否", "吗", "呢", "么", "请问", "规定"]
)
_jieba_lock = threading.Lock()


def import_jieba():  # type: ignore[no-untyped-def]
    """jieba, quiet: importing it resets its logger to DEBUG, whatever was set before."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    """A jieba tokenizer with our policy-term dictionary (built on first use)."""
    tk = import_jieba().Tokenizer()
    # jieba caches its dictionary in the system temp folder; keep that default.
    tk.load_userdict(str(TERMS_FILE))
    return tk


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


# Bump when tokenize() changes: cached tokens of another version are ignored.
TOKENIZER_VERSION = 2
_CJK_RUN = re.compile(r"^[\u4e00-\u9fff]{3,}$")


def _bm25s():  # type: ignore[no-untyped-def]
    import bm25s

    # bm25s sets its logger to DEBUG when imported; its progress chatter is
    # not for our users.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens over NFKC + Simplified text, lower-cased, no punctuation.

    Words of three or more CJK characters also yield their character bigrams:
    jieba keeps 链主企业 or 两千亿级 whole, and a question saying 链主 or 两千亿
    would otherwise not match them at all.
    """
    text = _t2s().convert(unicodedata.normalize("NFKC", text)).lower()
    with _jieba_lock:
        words = _tokenizer().lcut_for_search(text)
    out: list[str] = []
    for w in (w.strip() for w in words):
        if not w or w in _STOP or _PUNCT.match(w):
            continue
        out.append(w)
        if _CJK_RUN.match(w):
            out.extend(w[i : i + 2] for i in range(len(w) - 1))
    return out


class TokenCache:
    """chunk_id -> tokens, in SQLite (transactional, shared by rebuilds)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30)
        con.execute("CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, toks TEXT)")
        return con

    def get_many(self, ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        with self._connect() as con:
            for i in range(0, len(ids), 900):
                part = ids[i : i + 900]
                q = f"SELECT id, toks FROM tokens WHERE id IN ({','.join('?' * len(part))})"
                out.update((k, json.loads(v)) for k, v in con.execute(q, part))
        return out

    def put_many(self, items: Iterable[tuple[str, list[str]]]) -> None:
        with self._connect() as con:
            con.executemany(
                "INSERT OR REPLACE INTO tokens VALUES (?, ?)",
                ((k, json.dumps(v, ensure_ascii=False)) for k, v in items),
            )

    def retain(self, ids: set[str]) -> None:
        """Drop cached tokens of chunks that no longer exist."""
        with self._connect() as con:
            stale = [r[0] for r in con.execute("SELECT id FROM tokens") if r[0] not in ids]
            con.executemany("DELETE FROM tokens WHERE id = ?", ((s,) for s in stale))


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
        fresh = [(cid, tokenize(texts.get(cid, ""))) for cid in missing]
        cache.put_many(fresh)
        cached.update(fresh)
    return KeywordIndex.build(ids, [cached[cid] for cid in ids], generation)
