"""Chat latency while documents are uploaded through the page, beside the
same load with no upload (issues #6 and 12).

    .venv/bin/python benchmarks/concurrency.py [--sessions 20] [--questions 3] [--rounds 2]
        [--concurrency 4] [--design worker|in-process]

The page (``ui.app``) runs in its own process on a copy of the laws index
built by ``benchmarks/query.py`` (``benchmarks/out/laws-index``; run that
first). The load alternates between phases, ``--rounds`` times: *idle* —
``--sessions`` ``gradio_client`` sessions each ask ``--questions`` dev
questions in a row (later ones carry the chat history) through ``/ask`` —
and *upload* — the same, while an admin logs in through the page and uploads
three synthetic documents through ``/upload`` again and again, re-written
with new text each time so every upload really embeds. A probe requests
``GET /`` every second throughout. Alternating the phases lets both see the
same background load of the machine.

Prints, per phase: errors, answer latency p50/p95/max, answers per second,
``GET /`` p95, uploads finished; then the ratio of the p95s (issue 12's
target: upload p95 ≤ 1.5 × idle p95). ``--design in-process`` serves the page
with the old design (the upload indexed in a thread of the serving process)
for comparison; the default is the worker process of ``ui.worker``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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
PASSWORD = "bench-admin"
ARTICLES = 40  # per uploaded document (~3,000 characters: ~5 s of embedding on an idle core)


def moving_doc(n: int, version: int) -> str:
    """A synthetic (made-up) measure whose text changes every version."""
    lines = [f"# 并发测试办法第{n}号（基准测试用虚构文本）", ""]
    for a in range(ARTICLES):
        lines.append(
            f"第{a + 1}条 对{SUBJECTS[(n + a) % 3]}给予第{version}轮第{a + 1}项测试补贴，"
            f"标准为每家{(version * 7 + a * 13 + n) % 90 + 10}万元，"
            f"由主管部门在{(version + a) % 20 + 5}个工作日内审核。"
        )
        lines.append("")
    return "\n".join(lines)


# --- the page process ----------------------------------------------------------------------


def serve(index: Path, port: int, concurrency: int, design: str) -> None:
    from assistant.settings import Settings
    from assistant.store import Store
    from ui import handlers as H
    from ui.app import launch

    work = Path(tempfile.mkdtemp(prefix="policyqa-conc-"))
    try:
        shutil.copytree(index, work / "data")
        settings = Settings(
            data_dir=work / "data",
            embed_cache=OUT / "embed-cache.sqlite",
            port=port,
            concurrency=concurrency,
            admin_password=PASSWORD,
        )
        store = Store(settings)
        indexer = None
        if design == "in-process":  # before issue 12: upload indexed by the serving process
            from ingest.pipeline import Indexer

            indexer = Indexer(settings, store)
        ctx = H.PageContext(settings, store, indexer=indexer)
        if indexer is not None:  # and no reopening: the serving process wrote it itself
            ctx.library._changing = contextlib.nullcontext
        served = launch(settings, block=False, ctx=ctx)
        print("ready", flush=True)
        for line in sys.stdin:
            if line.strip() == "stop":
                break
        served.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- the clients -----------------------------------------------------------------------------


def client(url: str):  # type: ignore[no-untyped-def]
    from gradio_client import Client

    # analytics_enabled must be passed: its default (True) overrides
    # GRADIO_ANALYTICS_ENABLED in gradio_client 2.7. A long timeout: on a loaded
    # machine fetching the page's config may take more than httpx's 5 s.
    return Client(url, verbose=False, analytics_enabled=False, httpx_kwargs={"timeout": 300})


def reply_text(chat: list[dict]) -> str:
    content = chat[-1]["content"]
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def session(url: str, questions: list[str], latencies: list[float], errors: list[str]) -> None:
    try:
        chat: list = []
        c = client(url)
        for q in questions:
            t = time.perf_counter()
            chat, *_ = c.predict(q, chat, [], [], [], False, api_name="/ask")
            latencies.append(time.perf_counter() - t)
            if chat[-1]["role"] != "assistant" or not reply_text(chat).strip():
                errors.append(f"empty reply to {q!r}")
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")


def uploader(url: str, folder: Path, stop: threading.Event, done: list[float]) -> None:
    """Log in as admin and upload three changing documents until ``stop``."""
    from gradio_client import handle_file

    c = client(url)
    status, _ = c.predict(PASSWORD, api_name="/login")
    assert "已登录" in status, status
    version = int(time.time())
    while not stop.is_set():
        paths = []
        for n in range(3):
            path = folder / f"moving-{n}.md"
            path.write_text(moving_doc(n, version), "utf-8")
            paths.append(path)
        t = time.perf_counter()
        _rows, summary, *_ = c.predict([handle_file(str(p)) for p in paths], api_name="/upload")
        if "更新" in summary or "新增" in summary:
            done.append(time.perf_counter() - t)
        version += 1


def probe(url: str, stop: threading.Event, times: list[float]) -> None:
    while not stop.wait(1.0):
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
        times.append(time.perf_counter() - t)


def phase(url: str, dev: list[str], args: argparse.Namespace, upload: bool) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    uploads: list[float] = []
    gets: list[float] = []
    stop = threading.Event()
    helpers = [threading.Thread(target=probe, args=(url, stop, gets), daemon=True)]
    if upload:
        folder = Path(tempfile.mkdtemp(prefix="policyqa-upload-"))
        helpers.append(
            threading.Thread(target=uploader, args=(url, folder, stop, uploads), daemon=True)
        )
    for h in helpers:
        h.start()
    if upload:
        time.sleep(8)  # the first upload reaches its embedding
    sessions = [
        threading.Thread(
            target=session,
            args=(url, [dev[(i + k) % len(dev)] for k in range(args.questions)], latencies, errors),
        )
        for i in range(args.sessions)
    ]
    t = time.perf_counter()
    for s in sessions:
        s.start()
    for s in sessions:
        s.join(timeout=1200)
    wall = time.perf_counter() - t
    stop.set()
    for h in helpers:
        h.join(timeout=600)
    return {
        "latencies": latencies,
        "errors": errors,
        "wall": wall,
        "gets": gets,
        "uploads": uploads,
    }


def report(name: str, runs: list[dict]) -> float:
    latencies = [x for r in runs for x in r["latencies"]]
    errors = [x for r in runs for x in r["errors"]]
    gets = [x for r in runs for x in r["gets"]]
    wall = sum(r["wall"] for r in runs)
    uploads = sum(len(r["uploads"]) for r in runs)
    p50, p95 = percentiles(latencies)
    print(
        f"{name:>6}: errors {len(errors)}{' ' + str(errors[:2]) if errors else ''}; "
        f"answer p50 {p50:.2f} s, p95 {p95:.2f} s, max {max(latencies):.2f} s "
        f"({len(latencies)} answers, {len(latencies) / wall:.2f}/s); "
        f"GET / p95 {percentiles(gets)[1]:.2f} s, max {max(gets, default=float('nan')):.2f} s"
        + (f"; uploads finished {uploads}" if name == "upload" else "")
    )
    return p95


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="idle/upload phase pairs")
    parser.add_argument("--concurrency", type=int, default=4, help="settings.concurrency")
    parser.add_argument("--design", choices=["worker", "in-process"], default="worker")
    parser.add_argument("--index", type=Path, default=OUT / "laws-index")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.index, args.serve, args.concurrency, args.design)
        return
    if not (args.index / "chroma").exists():
        raise SystemExit(f"no index at {args.index}: run benchmarks/query.py --build-only first")

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--index", str(args.index),
         "--concurrency", str(args.concurrency), "--design", args.design],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )  # fmt: skip
    assert server.stdin and server.stdout
    try:
        for line in server.stdout:
            if line.startswith("ready"):
                break
        url = f"http://127.0.0.1:{port}/"
        dev = dev_questions()
        session(url, dev[:1], [], [])  # warm-up: jieba, the embedder, the keyword index
        runs: dict[str, list[dict]] = {"idle": [], "upload": []}
        for _ in range(args.rounds):
            for name in ("idle", "upload"):
                runs[name].append(phase(url, dev, args, upload=name == "upload"))
        server.stdin.write("stop\n")
        server.stdin.flush()
    finally:
        server.wait(timeout=300) if server.poll() is None else None
        if server.poll() is None:
            server.kill()

    print(f"page: design={args.design}, settings.concurrency={args.concurrency} (chat events")
    print("      share concurrency_id='chat'), answers extractive (no LLM)")
    print(
        f"load: {args.rounds} x (idle, upload) phases of {args.sessions} gradio_client sessions "
        f"x {args.questions} questions, all at once"
    )
    idle, busy = report("idle", runs["idle"]), report("upload", runs["upload"])
    print(f"p95 during upload / idle p95 = {busy / idle:.2f} (target ≤ 1.5)")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
