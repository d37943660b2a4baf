"""Concurrent chat sessions against the real page while an ingest runs (issue #6).

    .venv/bin/python benchmarks/concurrency.py [--sessions 20] [--questions 3] [--concurrency 4]

The page (``ui.app.launch``) runs in its own process on a copy of the laws
index built by ``benchmarks/query.py`` (``benchmarks/out/laws-index``; run that
first). Once it is up, that process starts an ingest loop through the page's
own store (as an upload does): three new synthetic documents, re-written with
new text each round, so every round really embeds. Meanwhile ``--sessions``
``gradio_client`` sessions each ask ``--questions`` dev questions in a row
(later ones carry the chat history) through the ``/ask`` endpoint. Prints
errors, latency p50/p95/max, answers per second and the ingest rounds that
overlapped. Queueing: ``settings.concurrency`` chat requests run at once
(``concurrency_id="chat"`` in ``ui/app.py``); the rest wait in Gradio's queue.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Before gradio/huggingface_hub are imported: no analytics, and gradio_client's
# headers must not ask huggingface.co for its agent registry.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from _util import REPO, dev_questions, percentiles

OUT = REPO / "benchmarks" / "out"
SUBJECTS = ("中小企业", "科技型企业", "外贸企业")


def moving_doc(n: int, version: int) -> str:
    """A synthetic (made-up) measure whose text changes every version."""
    lines = [f"# 并发测试办法第{n}号（基准测试用虚构文本）", ""]
    for a, numeral in enumerate("一二三四"):
        lines.append(
            f"第{numeral}条 对{SUBJECTS[(n + a) % 3]}给予第{version}轮测试补贴，"
            f"标准为每家{(version * 7 + a * 13 + n) % 90 + 10}万元，"
            f"由主管部门在{(version + a) % 20 + 5}个工作日内审核。"
        )
        lines.append("")
    return "\n".join(lines)


# --- the page process ----------------------------------------------------------------------


def serve(index: Path, port: int, concurrency: int) -> None:
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest.pipeline import Indexer
    from ui.app import launch

    work = Path(tempfile.mkdtemp(prefix="policyqa-conc-"))
    try:
        shutil.copytree(index, work / "data")
        settings = Settings(
            data_dir=work / "data",
            embed_cache=OUT / "embed-cache.sqlite",
            port=port,
            concurrency=concurrency,
        )
        store = Store(settings)
        demo = launch(settings, block=False, store=store)
        print("ready", flush=True)
        stop = threading.Event()
        rounds: list[float] = []

        def ingest_loop() -> None:
            indexer = Indexer(settings, store)
            moving = work / "moving"
            moving.mkdir()
            version = 0
            while not stop.is_set():
                paths = []
                for n in range(3):
                    path = moving / f"moving-{n}.md"
                    path.write_text(moving_doc(n, version), "utf-8")
                    paths.append(path)
                t = time.perf_counter()
                summary = indexer.ingest(paths)
                rounds.append(time.perf_counter() - t)
                print(f"ingest {summary.line()}", flush=True)
                version += 1

        writer = threading.Thread(target=ingest_loop, daemon=True)
        for line in sys.stdin:
            if line.strip() == "ingest":
                writer.start()
            elif line.strip() == "stop":
                break
        stop.set()
        if writer.is_alive():
            writer.join(timeout=300)
        print("rounds " + json.dumps(rounds), flush=True)
        demo.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- the clients -----------------------------------------------------------------------------


def reply_text(chat: list[dict]) -> str:
    content = chat[-1]["content"]
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def session(url: str, questions: list[str], latencies: list[float], errors: list[str]) -> None:
    from gradio_client import Client

    try:
        # analytics_enabled must be passed: its default (True) overrides
        # GRADIO_ANALYTICS_ENABLED in gradio_client 2.7.
        client = Client(url, verbose=False, analytics_enabled=False)
        chat: list = []
        for q in questions:
            t = time.perf_counter()
            chat, *_ = client.predict(q, chat, [], [], [], False, api_name="/ask")
            latencies.append(time.perf_counter() - t)
            if chat[-1]["role"] != "assistant" or not reply_text(chat).strip():
                errors.append(f"empty reply to {q!r}")
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4, help="settings.concurrency")
    parser.add_argument("--index", type=Path, default=OUT / "laws-index")
    parser.add_argument("--no-ingest", action="store_true", help="baseline: no ingest running")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.index, args.serve, args.concurrency)
        return
    if not (args.index / "chroma").exists():
        raise SystemExit(f"no index at {args.index}: run benchmarks/query.py --build-only first")

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--index", str(args.index),
         "--concurrency", str(args.concurrency)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )  # fmt: skip
    assert server.stdin and server.stdout
    ingest_lines: list[str] = []
    try:
        for line in server.stdout:
            if line.startswith("ready"):
                break
        url = f"http://127.0.0.1:{port}/"
        dev = dev_questions()
        warm: list[float] = []
        session(url, dev[:1], warm, [])
        if not args.no_ingest:
            server.stdin.write("ingest\n")
            server.stdin.flush()
        reader = threading.Thread(
            target=lambda: [ingest_lines.append(x.strip()) for x in server.stdout], daemon=True
        )
        reader.start()
        time.sleep(2)  # let the first ingest round start embedding
        latencies: list[float] = []
        errors: list[str] = []
        threads = [
            threading.Thread(
                target=session,
                args=(
                    url,
                    [dev[(i + k) % len(dev)] for k in range(args.questions)],
                    latencies,
                    errors,
                ),
            )
            for i in range(args.sessions)
        ]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=1200)
        wall = time.perf_counter() - t
        rounds_during = sum(1 for x in ingest_lines if x.startswith("ingest"))
        server.stdin.write("stop\n")
        server.stdin.flush()
        reader.join(timeout=300)
    finally:
        server.wait(timeout=300) if server.poll() is None else None
        if server.poll() is None:
            server.kill()

    p50, p95 = percentiles(latencies)
    rounds = next((json.loads(x[7:]) for x in ingest_lines if x.startswith("rounds ")), [])
    print(f"page: settings.concurrency={args.concurrency} (chat events share one Gradio")
    print("      concurrency_id='chat'; other requests queue), answers extractive (no LLM)")
    print(f"load: {args.sessions} gradio_client sessions x {args.questions} questions, all at once")
    print(f"errors: {len(errors)}" + (f" {errors[:3]}" if errors else ""))
    print(
        f"latency per answer: p50 {p50:.2f} s, p95 {p95:.2f} s, max {max(latencies):.2f} s "
        f"({len(latencies)} answers in {wall:.1f} s = {len(latencies) / wall:.2f} answers/s)"
    )
    print(
        f"ingest: {rounds_during} rounds finished while the sessions ran "
        f"(3 documents re-embedded each; round p50 {percentiles(rounds)[0]:.1f} s)"
    )
    print(f"warm-up answer before the load: {warm[0]:.2f} s; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
