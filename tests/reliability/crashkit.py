"""Helpers for the crash tests: run the worker subprocess, kill it, and look at
what a fresh reader sees afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings
from assistant.store import keyword
from assistant.store.store import Store

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Outcome:
    status: str  # done | killed
    lines: list[str]


def run_worker(
    command: str,
    settings: Settings,
    *args: str,
    crash: str | None = None,
    kill_after: float | None = None,
    kill_on: str = "ready",
    cache: Path | None = None,
    timeout: float = 300,
) -> Outcome:
    """Run the worker; SIGKILL it ``kill_after`` s after it prints a line starting with ``kill_on``."""
    cmd = [sys.executable, "-m", "tests.reliability.worker", command, *map(str, args)]
    cmd += [
        "--data-dir",
        str(settings.data_dir),
        "--cache",
        str(cache or settings.embed_cache_path),
    ]
    cmd += ["--collection", settings.collection]
    if settings.chroma_host:
        cmd += ["--chroma-port", str(settings.chroma_port)]
    if crash:
        cmd += ["--crash", crash]
    err = settings.data_dir.parent / f"worker-{os.getpid()}.err"
    err.parent.mkdir(parents=True, exist_ok=True)
    with err.open("w") as err_file:
        proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=err_file, text=True, bufsize=1
        )
        timer = None
        lines = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.strip())
            if kill_after is not None and timer is None and line.startswith(kill_on):
                timer = threading.Timer(kill_after, proc.kill)
                timer.start()
        proc.wait(timeout=timeout)
        if timer:
            timer.cancel()
    if proc.returncode == -9:
        return Outcome("killed", lines)
    if proc.returncode != 0:
        raise AssertionError(f"worker failed ({proc.returncode}): {err.read_text()[-3000:]}")
    return Outcome("done", lines)


def doc_id_of(store: Store, path: Path) -> str:
    """The id of the document ``path``'s text is (documents are known by their
    content, so the id is looked up, not derived from the path)."""
    where = str(path.resolve())
    return next(d.doc_id for d in store.documents() if any(loc == where for loc, _ in d.sources))


def forget_clients() -> None:
    """Drop this process's cached Chroma systems, so the next Store reads the disk afresh."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def bm25_folder(store: Store) -> Path:
    """Where the store saves its BM25 index (versioned by tokenizer)."""
    return store.keyword_folder


@dataclass
class Snapshot:
    docs: dict[str, tuple[str, ...]]  # doc_id -> chunk ids its record lists
    rows: list[str]  # every chunk row in Chroma
    texts: dict[str, str]  # live chunk id -> text
    keyword_ids: list[str]  # ids in the saved BM25 index after a reader used it
    keyword_generation: str
    generation: str

    @property
    def live(self) -> list[str]:
        return sorted(c for ids in self.docs.values() for c in ids)

    def doc_texts(self, doc_id: str) -> list[str]:
        return [self.texts[c] for c in self.docs.get(doc_id, ())]


def snapshot(settings: Settings, store: Store | None = None) -> Snapshot:
    """What a fresh reader sees (it uses the keyword index, rebuilding it if stale)."""
    if store is None:
        forget_clients()
        store = Store(settings)
    docs = {d.doc_id: d.chunk_ids for d in store.documents()}
    rows = list(store.chunk_collection.get(include=[])["ids"])
    live = sorted(store.live_chunk_ids())
    texts = {c.chunk_id: c.text for c in store.chunks(live)}
    store.keyword_search("合成测试办法", k=5)  # loads the saved index, or rebuilds it
    saved = keyword.KeywordIndex.load(bm25_folder(store))
    snap = Snapshot(
        docs=docs,
        rows=rows,
        texts=texts,
        keyword_ids=list(saved.ids) if saved else [],
        keyword_generation=saved.generation if saved else "",
        generation=store.generation(),
    )
    if settings.chroma_host is None:
        forget_clients()
    return snap


def assert_readable(snap: Snapshot) -> None:
    """A reader after a crash: every listed chunk exists; BM25 matches the live chunks."""
    rows = set(snap.rows)
    live = snap.live
    assert len(live) == len(set(live)), "a chunk id is listed twice"
    missing = [c for c in live if c not in rows]
    assert not missing, f"document records list {len(missing)} chunks that do not exist"
    assert set(snap.texts) == set(live)
    extra, absent = set(snap.keyword_ids) - set(live), set(live) - set(snap.keyword_ids)
    assert snap.keyword_ids == live, (
        f"keyword index ids differ from the live chunks: {len(extra)} extra, {len(absent)} "
        f"missing, generation {snap.keyword_generation} vs {snap.generation}"
    )
    assert snap.keyword_generation == snap.generation


def assert_same(snap: Snapshot, ref: Snapshot) -> None:
    """After a normal re-run: exactly the reference chunks, no orphans, BM25 agrees."""
    assert_readable(snap)
    assert snap.docs == ref.docs
    assert sorted(snap.rows) == snap.live, (
        f"{len(snap.rows)} chunk rows, {len(snap.live)} listed by documents (orphans)"
    )
    assert {c: snap.texts[c] for c in ref.texts} == ref.texts
