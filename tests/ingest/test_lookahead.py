"""Embedding ahead of writing (``ingest.lookahead``) on real Chroma and real
embeddings: the next files' passages are embedded while one is written; an
ingest interrupted mid-way keeps exactly what it committed and resumes without
duplicates; one embedding process or two store the same chunks and vectors,
with a progress bar that counts each file's chunks up to its total.

Each test has its own vector cache and texts no other test embeds, so the
passages are embedded here, by the worker processes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.settings import Settings
from assistant.store.store import Store
from ingest.pipeline import Indexer
from tests.reliability.synthetic import synthetic_doc

pytestmark = pytest.mark.slow


class Interrupted(BaseException):
    """Stands for Ctrl-C or a kill: no per-file handler catches it."""


def _docs(folder: Path, count: int, seed: int) -> Path:
    """``count`` synthetic files of 8 to 10 articles (≥ 8 passages each, so
    the worker processes embed them)."""
    folder.mkdir(parents=True)
    for n in range(count):
        text = synthetic_doc(n, 8 + n % 3, seed=seed)
        (folder / f"synthetic-{n:02d}.md").write_text(text, "utf-8")
    return folder


def _settings(root: Path, name: str, processes: int = 2) -> Settings:
    return Settings(
        data_dir=root / name, embed_cache=root / f"{name}-cache.sqlite", embed_processes=processes
    )


def _state(settings: Settings, leftovers: int = 0) -> dict[str, tuple[str, tuple[str, ...]]]:
    """file name -> (doc id, chunk ids); every stored chunk belongs to one,
    but ``leftovers`` (written by an interrupted run, not yet recorded)."""
    store = Store(settings)
    docs = {Path(d.source).name: (d.doc_id, d.chunk_ids) for d in store.documents()}
    assert store.count_chunks() == sum(len(ids) for _, ids in docs.values()) + leftovers
    return docs


def test_an_interrupted_ingest_keeps_what_it_committed_and_resumes_without_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _docs(tmp_path / "docs", 6, seed=101)
    settings = _settings(tmp_path, "data")
    indexer = Indexer(settings)
    log: list[tuple[str, str]] = []  # ("write", "") and ("embed", first text), in order
    written: list[int] = []  # chunks per add_chunks call
    write, embed = indexer.store.add_chunks, indexer.store.embeddings.embed_documents

    def add_chunks(chunks, vectors):  # type: ignore[no-untyped-def]
        write(chunks, vectors)
        log.append(("write", ""))
        written.append(len(chunks))
        if len(written) == 3:
            raise Interrupted  # file 3's chunks written, its record not

    def embed_documents(texts):  # type: ignore[no-untyped-def]
        log.append(("embed", texts[0]))
        return embed(texts)

    monkeypatch.setattr(indexer.store, "add_chunks", add_chunks)
    monkeypatch.setattr(indexer.store.embeddings, "embed_documents", embed_documents)
    with pytest.raises(Interrupted):
        indexer.ingest([docs])

    # The second file's passages were being embedded before the first was written.
    first_write = [kind for kind, _ in log].index("write")
    assert any("第1号" in text for kind, text in log[:first_write] if kind == "embed")
    committed = _state(settings, leftovers=written[-1])
    assert sorted(committed) == ["synthetic-00.md", "synthetic-01.md"]

    again = Indexer(settings).ingest([docs])
    assert again.count("unchanged") == 2 and again.count("added") == 4 and not again.failed
    clean = _settings(tmp_path, "clean")
    Indexer(clean).ingest([docs])
    assert _state(settings) == _state(clean)
    assert {k: v for k, v in _state(settings).items() if k in committed} == committed


def test_one_embedding_process_or_two_store_the_same_chunks_and_vectors(tmp_path: Path) -> None:
    docs = _docs(tmp_path / "docs", 4, seed=202)
    stored = {}
    for processes in (1, 2):
        settings = _settings(tmp_path, f"p{processes}", processes)
        calls: list[tuple[str, int, int]] = []
        summary = Indexer(settings).ingest([docs], progress=lambda *c, to=calls: to.append(c))
        assert summary.count("added") == 4 and summary.embedded >= 32
        _assert_progress(calls, summary.embedded, files=4)
        state = _state(settings)
        ids = [i for _, chunk_ids in sorted(state.values()) for i in chunk_ids]
        got = Store(settings).chunk_collection.get(ids=ids, include=["embeddings", "documents"])
        order = {i: n for n, i in enumerate(got["ids"])}
        rows = [order[i] for i in ids]
        stored[processes] = (
            state,
            [got["documents"][r] for r in rows],
            np.asarray(got["embeddings"])[rows],
        )
    (state1, texts1, vectors1), (state2, texts2, vectors2) = stored[1], stored[2]
    assert state1 == state2 and texts1 == texts2
    assert np.allclose(vectors1, vectors2, atol=1e-5)


def _assert_progress(calls: list[tuple[str, int, int]], embedded: int, files: int) -> None:
    """Per file, the chunk count climbs to its total; then the file count steps."""
    assert [c for c in calls if c[0] == "files"] == [
        ("files", i, files) for i in range(1, files + 1)
    ]
    totals = 0
    chunk_calls: list[tuple[int, int]] = []
    for stage, done, total in calls:
        if stage == "chunks":
            chunk_calls.append((done, total))
            continue
        assert chunk_calls, "each new file reports its chunks"
        dones = [d for d, _ in chunk_calls]
        assert dones == sorted(dones) and chunk_calls[-1][0] == chunk_calls[-1][1]
        assert len({t for _, t in chunk_calls}) == 1
        totals += chunk_calls[-1][1]
        chunk_calls = []
    assert totals == embedded
