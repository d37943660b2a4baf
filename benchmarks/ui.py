"""Chat page figures (issue #4).

    .venv/bin/python benchmarks/ui.py [--runs N] [--questions N]

Prints (medians over several runs):
- seconds from starting ``policy-qa serve`` to an interactive page (the
  question box visible in chromium) on an already built index — target ≤ 10 s;
- time to the first answer token with the extractive default, cold (first
  question of a process: jieba and the embedder load) and warm — target
  ≤ 0.5 s warm.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.settings import Settings  # noqa: E402
from assistant.store import Store  # noqa: E402

QUESTIONS = [
    "广西2023年R&D经费投入强度是多少？",
    "广西产业链聚链集群发展面临哪些问题？",
    "广西有多少所高校开设人工智能本科专业？",
    "广西中层及以上管理人员平均工资最高的行业是什么？",
    "如何加强智慧园区建设？",
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_index(data_dir: Path) -> Settings:
    from ingest.pipeline import Indexer

    settings = Settings(data_dir=data_dir, corpus_dir=REPO / "corpus")
    summary = Indexer(settings).ingest([REPO / "corpus"])
    print(f"index: {summary.line()}")
    return settings


def serve_command() -> list[str]:
    """The installed `policy-qa serve` (falls back to `python -m ui.cli serve`)."""
    script = Path(sys.executable).with_name("policy-qa")
    if script.exists():
        return [str(script), "serve"]
    return [sys.executable, "-m", "ui.cli", "serve"]


def time_to_interactive(data_dir: Path, browser, timeout: float = 120.0) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    port = free_port()
    env = {
        **os.environ,
        "POLICYQA_DATA_DIR": str(data_dir),
        "POLICYQA_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    page = browser.new_page()
    start = time.perf_counter()
    proc = subprocess.Popen(
        serve_command(), cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:  # poll the port cheaply; chromium retries are slow under load
            if time.perf_counter() - start > timeout:
                raise RuntimeError("the page did not come up in time")
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    resp.read()
                break
            except OSError:
                time.sleep(0.05)
        http_up = time.perf_counter() - start
        page.goto(url, wait_until="load")
        page.locator("#pqa-question textarea").wait_for(timeout=60_000)
        ready = time.perf_counter() - start
        return http_up, ready, first_answer_in_page(page)
    finally:
        page.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def first_answer_in_page(page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Seconds from pressing Enter to the first answer text in the chat: for the
    first question on a page that has just become interactive (the start-up
    warm-up may still be running), and for a second question."""
    times = []
    for i, question in enumerate(QUESTIONS[:2]):
        box = page.locator("#pqa-question textarea")
        box.fill(question)
        t = time.perf_counter()
        box.press("Enter")
        page.wait_for_function(
            """(n) => {
                const rows = document.querySelectorAll('#pqa-chat .message-row');
                if (rows.length < n) return false;
                const text = rows[rows.length - 1].innerText.trim();
                return text.length > 1 && text !== '…';
            }""",
            arg=2 * (i + 1),
            timeout=120_000,
            polling=20,
        )
        times.append(time.perf_counter() - t)
        page.locator("#pqa-sources label").first.wait_for(timeout=120_000)  # answer complete
    return times[0], times[1]


def first_token_times(settings: Settings, questions: list[str]) -> tuple[float, list[float]]:
    """(cold first-token seconds, warm first-token seconds per question)."""
    from assistant.answer import stream_answer

    store = Store(settings)

    def first_token(q: str) -> float:
        t = time.perf_counter()
        for item in stream_answer(q, None, None, settings=settings, store=store):
            if isinstance(item, str) and item:
                return time.perf_counter() - t
        return time.perf_counter() - t

    cold = first_token(questions[0])
    warm = [first_token(q) for q in questions for _ in range(2)]
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="page start-ups to time")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="policyqa-bench-ui-") as tmp:
        settings = build_index(Path(tmp) / "data")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            starts = [time_to_interactive(settings.data_dir, browser) for _ in range(args.runs)]
            browser.close()
        cold, warm = first_token_times(settings, QUESTIONS[: max(1, args.questions)])

    ready = [r for _, r, _ in starts]
    in_page = [a for _, _, a in starts]
    print(
        f"serve → interactive page: median {statistics.median(ready):.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in ready)}; target ≤ 10 s); "
        f"of which serving HTTP: median {statistics.median(h for h, _, _ in starts):.2f} s"
    )
    first = [a for a, _ in in_page]
    second = [b for _, b in in_page]
    print(
        f"first answer text in the page: 1st question right after start-up median "
        f"{statistics.median(first) * 1000:.0f} ms (runs: {', '.join(f'{a * 1000:.0f}' for a in first)}); "
        f"2nd question median {statistics.median(second) * 1000:.0f} ms "
        f"(runs: {', '.join(f'{b * 1000:.0f}' for b in second)})"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"first answer token (extractive): warm median {statistics.median(warm) * 1000:.0f} ms, "
        f"max {max(warm) * 1000:.0f} ms over {len(warm)} questions; "
        f"cold (first question of the process) {cold * 1000:.0f} ms; target ≤ 500 ms"
    )


if __name__ == "__main__":
    main()
