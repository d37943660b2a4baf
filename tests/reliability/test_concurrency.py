"""Concurrency (issue #6): 20 chat sessions through the real page (Gradio
queue, ``gradio_client``) while an ingest keeps writing to the same store:
no errors, every answer cited, the store consistent afterwards.

The page answers ``settings.concurrency`` (default 4) questions at once
(``concurrency_id="chat"``); the rest wait in Gradio's queue. The ingest
thread writes through the page's own ``Store`` object, as an upload does.
``benchmarks/concurrency.py`` measures the same against the 40 laws.
"""

from __future__ import annotations

import logging
import socket
import statistics
import threading
import time
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.store.store import Store
from ingest.pipeline import Indexer

from .crashkit import assert_readable, snapshot
from .synthetic import marker, synthetic_doc, write_docs

pytestmark = pytest.mark.slow
SESSIONS = 20
QUESTIONS = 2  # per session: a question, then a follow-up with the history


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reply_text(chat: list[dict]) -> str:
    last = chat[-1]
    assert last["role"] == "assistant"
    content = last["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _session(url: str, n: int, latencies: list[float], errors: list[str]) -> None:
    from gradio_client import Client

    try:
        # analytics_enabled=False: its default True overrides GRADIO_ANALYTICS_ENABLED
        # (gradio_client 2.7.2), and the client would call huggingface.co.
        client = Client(url, verbose=False, analytics_enabled=False)
        chat: list = []
        for question in (
            f"{marker(n % 6)}的申请材料多少个工作日内审核完毕？",
            "最高补贴多少？",
        )[:QUESTIONS]:
            t = time.perf_counter()
            chat, *_ = client.predict(question, chat, [], [], [], False, api_name="/ask")
            latencies.append(time.perf_counter() - t)
            text = _reply_text(chat)
            if "[1]" not in text or "来源" not in text:
                errors.append(f"session {n}: uncited reply {text[:80]!r}")
    except Exception as exc:  # every failure is counted, none may happen
        errors.append(f"session {n}: {type(exc).__name__}: {exc}")


def _ingest_loop(
    settings: Settings, store: Store, folder: Path, stop: threading.Event, log: list
) -> None:
    """Add and re-edit three documents, round after round, until the chats end."""
    indexer = Indexer(settings, store)
    folder.mkdir(parents=True, exist_ok=True)
    for version in range(8):
        paths = []
        for n in (6, 7, 8):
            path = folder / f"moving-{n}.md"
            path.write_text(synthetic_doc(n, articles=3, version=version), "utf-8")
            paths.append(path)
        summary = indexer.ingest(paths)
        log.append(summary)
        if stop.is_set():
            return


def test_twenty_sessions_while_ingesting(
    tmp_path: Path,
    embed_cache: Path,
    caplog: pytest.LogCaptureFixture,
    no_network: list,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import huggingface_hub.constants

    from ui.app import launch

    # gradio_client's request headers ask huggingface.co for an "agent registry"
    # (huggingface_hub 1.x) unless offline mode is on.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    settings = Settings(data_dir=tmp_path / "data", embed_cache=embed_cache, port=_free_port())
    store = Store(settings)
    Indexer(settings, store).ingest(write_docs(tmp_path / "docs", 6))
    demo = launch(settings, block=False, store=store)
    url = f"http://127.0.0.1:{settings.port}/"
    caplog.set_level(logging.ERROR)
    try:
        latencies: list[float] = []
        errors: list[str] = []
        _session(url, 0, latencies, errors)  # warm-up: jieba, model, keyword index
        assert not errors, errors
        latencies.clear()

        stop = threading.Event()
        ingests: list = []
        writer = threading.Thread(
            target=_ingest_loop, args=(settings, store, tmp_path / "moving", stop, ingests)
        )
        writer.start()
        t = time.perf_counter()
        sessions = [
            threading.Thread(target=_session, args=(url, n, latencies, errors))
            for n in range(SESSIONS)
        ]
        for s in sessions:
            s.start()
        for s in sessions:
            s.join(timeout=600)
        wall = time.perf_counter() - t
        stop.set()
        writer.join(timeout=600)
    finally:
        demo.close()

    assert not errors, errors
    assert len(latencies) == SESSIONS * QUESTIONS
    assert ingests and not any(s.failed for s in ingests)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert_readable(snapshot(settings, store))
    ordered = sorted(latencies)
    print(
        f"\n{SESSIONS} sessions x {QUESTIONS} questions in {wall:.1f} s with "
        f"{len(ingests)} ingest rounds running; latency p50 {statistics.median(ordered):.2f} s, "
        f"p95 {ordered[round(0.95 * (len(ordered) - 1))]:.2f} s, max {ordered[-1]:.2f} s"
    )
