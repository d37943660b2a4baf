"""Crash safety (issue #6): an ingest, an update, a delete or a keyword-index
save killed with SIGKILL at random points and at each step of the write
protocol leaves a store that readers can use (every listed chunk exists, BM25
agrees with Chroma, an edited document shows one version), and a normal
re-run converges on exactly what a clean ingest produces.

The worker is a real subprocess (``tests/reliability/worker.py``); the docs are
small synthetic ones and share the session's vector cache, except one run that
is killed while it embeds with a cold cache.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.store import keyword
from assistant.store.store import Store
from ingest.pipeline import Indexer

from .crashkit import (
    Snapshot,
    assert_readable,
    assert_same,
    bm25_folder,
    doc_id_of,
    forget_clients,
    run_worker,
    snapshot,
)
from .synthetic import synthetic_doc, write_docs

pytestmark = pytest.mark.slow


def _settings(root: Path, name: str, embed_cache: Path) -> Settings:
    return Settings(data_dir=root / name, embed_cache=embed_cache)


def _ingest_here(settings: Settings, files: list[Path]) -> Snapshot:
    forget_clients()
    summary = Indexer(settings).ingest(files)
    assert not summary.failed, summary.failed
    return snapshot(settings)


@pytest.fixture
def docs(tmp_path: Path) -> list[Path]:
    return write_docs(tmp_path / "docs", 6)


def _ingest_duration(tmp_path: Path, embed_cache: Path, files: list[Path]) -> float:
    """Seconds a warm-cache ingest takes in the worker (in a throwaway data dir)."""
    out = run_worker("ingest", _settings(tmp_path, "timing", embed_cache), *files)
    import json

    return json.loads(out.lines[-1].removeprefix("done "))["seconds"]


def test_killed_ingest_leaves_a_usable_store_and_a_rerun_is_exact(
    tmp_path: Path, embed_cache: Path, docs: list[Path]
) -> None:
    ref = _ingest_here(_settings(tmp_path, "ref", embed_cache), docs)  # also warms the cache
    assert len(ref.live) >= 18
    data = _settings(tmp_path, "data", embed_cache)
    killed = 0
    # Each step of the write protocol, in order of progress through the batch.
    for spec in (
        "after:add_chunks:1",  # chunks of doc 1 written, no record yet
        "before:put_documents:2",  # doc 1 committed, doc 2 chunks written
        "after:put_documents:3",
        "before:ensure_keyword_index:1",  # every record written, BM25 not rebuilt
    ):
        out = run_worker("ingest", data, *docs, crash=spec)
        killed += out.status == "killed"
        assert_readable(snapshot(data))
    assert killed == 4
    # Random moments, each on a store that starts empty (the last one is kept).
    duration = _ingest_duration(tmp_path, embed_cache, docs)
    rng = random.Random(6)
    for _ in range(4):
        shutil.rmtree(data.data_dir)
        out = run_worker("ingest", data, *docs, kill_after=rng.uniform(0.05, 0.9) * duration)
        killed += out.status == "killed"
        assert_readable(snapshot(data))
    # Load on a shared machine varies; the injected crashes above cover every step.
    assert killed >= 6, "too few random kills landed before the ingest finished"
    assert run_worker("ingest", data, *docs).status == "done"
    assert_same(snapshot(data), ref)


def test_kill_while_embedding_with_a_cold_cache(
    tmp_path: Path, embed_cache: Path, docs: list[Path]
) -> None:
    ref = _ingest_here(_settings(tmp_path, "ref", embed_cache), docs)
    data = _settings(tmp_path, "data", embed_cache)
    cold = tmp_path / "cold-cache.sqlite"
    # Killed once the first document's vectors are computed, while the next embeds.
    out = run_worker("ingest", data, *docs, cache=cold, kill_on="progress chunks", kill_after=0.3)
    assert out.status == "killed"
    assert_readable(snapshot(data))
    with sqlite3.connect(cold) as con:  # the vector cache survives the kill intact
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM vec").fetchone()[0] >= 3
    assert run_worker("ingest", data, *docs).status == "done"
    assert_same(snapshot(data), ref)


def _versions(snap: Snapshot, doc_id: str) -> set[str]:
    return {"v1" if "版本1" in t else "v0" for t in snap.doc_texts(doc_id)}


def test_interrupted_update_shows_the_old_or_the_new_version(
    tmp_path: Path, embed_cache: Path, docs: list[Path]
) -> None:
    data = _settings(tmp_path, "data", embed_cache)
    _ingest_here(data, docs)
    # The reference goes through the same history: an edited file is an update
    # of the document it held, which keeps its id (issue #11).
    ref_settings = _settings(tmp_path, "ref", embed_cache)
    _ingest_here(ref_settings, docs)
    edited = docs[:2]
    forget_clients()
    ids = [doc_id_of(Store(data), p) for p in edited]
    for n, path in enumerate(edited):
        path.write_text(synthetic_doc(n, articles=4, version=1), "utf-8")
    ref = _ingest_here(ref_settings, docs)
    assert set(ids) <= set(ref.docs)
    duration = _ingest_duration(tmp_path, embed_cache, docs)
    rng = random.Random(7)
    runs = ["after:add_chunks:1", "after:put_documents:1", "before:delete_chunks:2"]
    seen = set()
    for spec in [*runs, None, None, None]:
        delay = None if spec else rng.uniform(0, duration)
        run_worker("ingest", data, *docs, crash=spec, kill_after=delay)
        snap = snapshot(data)
        assert_readable(snap)
        for doc_id in ids:
            versions = _versions(snap, doc_id)
            assert len(versions) == 1, f"a reader sees a mix of versions: {versions}"
            seen |= versions
    assert seen == {"v0", "v1"}  # the kills landed before and after a commit
    assert run_worker("ingest", data, *docs).status == "done"
    assert_same(snapshot(data), ref)


def test_interrupted_delete_is_finished_by_a_rerun(
    tmp_path: Path, embed_cache: Path, docs: list[Path]
) -> None:
    data = _settings(tmp_path, "data", embed_cache)
    kept = [p for i, p in enumerate(docs) if i not in (2, 3)]
    ref = _ingest_here(_settings(tmp_path, "ref", embed_cache), kept)
    for spec in ("before:_bump_generation:1", "after:_bump_generation:1"):
        _ingest_here(data, docs)  # the doomed documents are back, no leftovers
        forget_clients()
        doomed = [doc_id_of(Store(data), docs[2]), doc_id_of(Store(data), docs[3])]
        assert run_worker("delete", data, *doomed, crash=spec).status == "killed"
        snap = snapshot(data)
        assert_readable(snap)
        assert not set(doomed) & set(snap.docs)  # the record delete is the commit point
    assert run_worker("delete", data, *doomed).status == "done"
    assert_same(snapshot(data), ref)


def test_kill_while_saving_the_keyword_index(
    tmp_path: Path, embed_cache: Path, docs: list[Path]
) -> None:
    data = _settings(tmp_path, "data", embed_cache)
    good = _ingest_here(data, docs)
    folder = bm25_folder(Store(data))
    rng = random.Random(8)
    for spec in ("before:os.replace:1", "after:os.replace:1", "after:os.replace:2"):
        forget_clients()
        Store(data).rebuild_keyword_index()  # a complete index to start from
        assert run_worker("keyword", data, "1", crash=spec).status == "killed"
        snap = snapshot(data)
        assert snap.keyword_ids == good.live
    for _ in range(3):
        run_worker("keyword", data, "400", kill_after=rng.uniform(0.05, 2.0))
        assert snapshot(data).keyword_ids == good.live
    # Damaged files (a disk error, a copy cut short): the next reader rebuilds.
    for damage in ("meta", "arrays"):
        forget_clients()
        Store(data).rebuild_keyword_index()
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        if damage == "meta":
            (folder / "manifest.json").write_text('{"generation": "x", "segments": [', "utf-8")
        else:
            for name in manifest["segments"]:
                for f in (folder.with_name(folder.name + "-segments") / name).iterdir():
                    f.write_bytes(f.read_bytes()[: max(1, f.stat().st_size // 3)])
        snap = snapshot(data)
        assert snap.keyword_ids == good.live
        assert keyword.KeywordIndex.load(folder) is not None
    # Killed saves left temp folders; a later save removes those over an hour old.
    temps = list(folder.parent.glob(".bm25-*"))
    assert temps
    for t in temps:
        os.utime(t, (time.time() - 7200, time.time() - 7200))
    forget_clients()
    Store(data).rebuild_keyword_index()
    assert not list(folder.parent.glob(".bm25-*"))
