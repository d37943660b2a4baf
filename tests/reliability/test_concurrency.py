"""Concurrency (issues #6 and 12): 20 chat sessions through the real page
(Gradio queue, ``gradio_client``) while an admin keeps uploading documents
through the same page: no errors, every answer cited, the page itself never
stalls, the store consistent afterwards.

The page answers ``settings.concurrency`` (default 4) questions at once
(``concurrency_id="chat"``); the rest wait in Gradio's queue. Uploads are
indexed by the page's worker process at the lowest priority (``ui.worker``).
``benchmarks/concurrency.py`` measures chat latency with and without uploads
against the 40 laws.
"""

from __future__ import annotations

import logging
import socket
import statistics
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.store.store import Store
from ingest.pipeline import Indexer
from ui.render import plain

from .crashkit import assert_readable, snapshot
from .synthetic import marker, synthetic_doc, write_docs

pytestmark = pytest.mark.slow
PASSWORD = "conc-admin"
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
    try:
        client = _client(url)
        chat: list = []
        for question in (
            f"{marker(n % 6)}的申请材料多少个工作日内审核完毕？",
            "最高补贴多少？",
        )[:QUESTIONS]:
            t = time.perf_counter()
            chat, *_ = client.predict(question, chat, [], [], [], False, api_name="/ask")
            latencies.append(time.perf_counter() - t)
            text = plain(_reply_text(chat))  # the bubble's Markdown, as read
            if "[1]" not in text or "来源" not in text:
                errors.append(f"session {n}: uncited reply {text[:80]!r}")
    except Exception as exc:  # every failure is counted, none may happen
        errors.append(f"session {n}: {type(exc).__name__}: {exc}")


def _client(url: str):  # type: ignore[no-untyped-def]
    from gradio_client import Client

    # analytics_enabled=False: its default True overrides GRADIO_ANALYTICS_ENABLED
    # (gradio_client 2.7.2), and the client would call huggingface.co. A long
    # timeout: with 20 sessions starting at once on a loaded 2-core machine,
    # fetching the page's config can take longer than httpx's default 5 s.
    return Client(url, verbose=False, analytics_enabled=False, httpx_kwargs={"timeout": 300})


def _upload_loop(url: str, folder: Path, stop: threading.Event, log: list, errors: list) -> None:
    """Log in and upload three documents, re-edited every round, until the chats end."""
    from gradio_client import handle_file

    try:
        admin = _client(url)
        status, _ = admin.predict(PASSWORD, api_name="/login")
        assert "已登录" in status, status
        folder.mkdir(parents=True, exist_ok=True)
        for version in range(8):
            paths = []
            for n in (6, 7, 8):
                path = folder / f"moving-{n}.md"
                path.write_text(synthetic_doc(n, articles=3, version=version), "utf-8")
                paths.append(path)
            rows, summary, *_ = admin.predict(
                [handle_file(str(p)) for p in paths], api_name="/upload"
            )
            log.append(rows)
            if "失败" in summary or not summary.startswith("处理完成"):
                errors.append(f"upload: {summary} {rows}")
            if stop.is_set():
                return
    except Exception as exc:
        errors.append(f"upload: {type(exc).__name__}: {exc}")


def _probe(url: str, stop: threading.Event, times: list[float]) -> None:
    """GET / once a second: the page itself must not stall while documents are indexed."""
    while not stop.wait(1.0):
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
        times.append(time.perf_counter() - t)


def test_twenty_sessions_while_uploading(
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
    settings = Settings(
        data_dir=tmp_path / "data",
        embed_cache=embed_cache,
        port=_free_port(),
        admin_password=PASSWORD,
    )
    store = Store(settings)
    Indexer(settings, store).ingest(write_docs(tmp_path / "docs", 6))
    served = launch(settings, block=False, store=store)
    url = f"http://127.0.0.1:{settings.port}/"
    caplog.set_level(logging.ERROR)
    try:
        latencies: list[float] = []
        errors: list[str] = []
        _session(url, 0, latencies, errors)  # warm-up: jieba, model, keyword index
        assert not errors, errors
        latencies.clear()

        stop = threading.Event()
        uploads: list = []
        gets: list[float] = []
        writer = threading.Thread(
            target=_upload_loop, args=(url, tmp_path / "moving", stop, uploads, errors)
        )
        prober = threading.Thread(target=_probe, args=(url, stop, gets))
        writer.start()
        prober.start()
        time.sleep(10)  # the upload alone: the worker starts and embeds
        alone = list(gets)
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
        prober.join(timeout=120)
    finally:
        served.close()

    assert not errors, errors
    assert len(latencies) == SESSIONS * QUESTIONS
    assert uploads
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # While a document is indexed, the page answers at once (it took 11 s to
    # serve GET / during an upload when the serving process did the indexing).
    assert alone and max(alone) < 2.0, alone
    assert_readable(snapshot(settings))
    ordered = sorted(latencies)
    print(
        f"\n{SESSIONS} sessions x {QUESTIONS} questions in {wall:.1f} s with "
        f"{len(uploads)} uploads through the page; latency p50 "
        f"{statistics.median(ordered):.2f} s, p95 {ordered[round(0.95 * (len(ordered) - 1))]:.2f} s, "
        f"max {ordered[-1]:.2f} s; GET / during the upload alone: max {max(alone):.2f} s"
    )
