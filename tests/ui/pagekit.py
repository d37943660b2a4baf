"""Helpers for tests that drive the running page: start it on a free port,
open Debian's chromium through Playwright, ask, log in, upload, and a local
HTTP server that records every request it gets (a tracking beacon)."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.store import Store

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "test-admin-pw"
ANSWER_TIMEOUT = 90_000  # ms; the first question also loads jieba and the embedder
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


def need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")


@contextlib.contextmanager
def running_page(settings: Settings, store: Store | None = None) -> Iterator[dict]:
    """The page of ``settings`` served in this process; yields url, store, settings."""
    from ui.app import launch

    store = store or Store(settings)
    served = launch(settings, block=False, store=store)
    try:
        yield {"url": f"http://127.0.0.1:{settings.port}/", "store": store, "settings": settings}
    finally:
        served.close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    need_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str):  # type: ignore[no-untyped-def]
    """A new page on ``url`` (its requests recorded in ``page.requests``)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_default_timeout(30_000)
    page.goto(url, wait_until="load")
    page.locator("#pqa-question textarea").wait_for()
    page.requests = requests  # type: ignore[attr-defined]
    return page


def ask(page, question: str, expect_text: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    before = page.locator("#pqa-chat .message-row").count()
    box = page.locator("#pqa-question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator("#pqa-chat .message-row")).to_have_count(before + 2, timeout=ANSWER_TIMEOUT)
    expect(page.locator("#pqa-chat .message-row").last).to_contain_text(
        expect_text, timeout=ANSWER_TIMEOUT
    )
    expect(page.locator("#pqa-sources label").first).to_be_visible(timeout=ANSWER_TIMEOUT)


def login(page, password: str = PASSWORD, expect_text: str = "已登录为管理员") -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.get_by_role("tab", name="文档库").first.click()
    page.locator("#pqa-password input").fill(password)
    page.locator("#pqa-login").click()
    expect(page.locator("#pqa-login-status")).to_contain_text(expect_text)


def upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.locator("#pqa-files input[type=file]").set_input_files(str(path))
    # The file list shows the name split into stem and suffix; its cell's label is whole.
    page.locator(f'#pqa-files td.filename[aria-label="{path.name}"]').wait_for()
    page.locator("#pqa-upload").click()


class Beacon:
    """A local HTTP server that records every path it is asked for."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
