"""The chat page: Gradio Blocks of four tabs (``ui.chat``, ``ui.library_tab``,
``ui.calculator``, ``ui.references``), each wired to ``ui.handlers``.

Offline by construction: analytics off (the entry points set
``GRADIO_ANALYTICS_ENABLED=False`` before Gradio is imported, and every
Blocks says so too), system fonts only (no Google Fonts), no server-side
rendering node process, never ``share=True``. Chatting needs no login;
corpus changes need an admin login (``ui.admin``) and run in a worker
process (``ui.worker``). Gradio's upload cache is cleaned and bounded
(``ui.upload_cache``).

Served the supported way to put routes beside a Gradio app: the Blocks are
mounted (``gr.mount_gradio_app``) on our own FastAPI app, which also carries
the HTTP API (``ui.api``), and uvicorn serves both on one port.
"""

# No `from __future__ import annotations` here: Gradio reads handler type
# hints (gr.SelectData) at run time.

import threading
import time
from typing import Any

import gradio as gr

from assistant import ConfigError, Settings, Store

from . import calculator, references
from . import handlers as H
from .chat import ChatTab
from .library_tab import LibraryTab
from .upload_cache import DELETE_CACHE, UploadBudget, budget_bytes

TITLE = "政策问答助手"
# System CJK fonts first: the default theme's fonts have no Chinese glyphs,
# and a GoogleFont would be fetched from the internet.
FONTS = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "system-ui",
    "sans-serif",
]
MONO = ["Noto Sans Mono CJK SC", "ui-monospace", "monospace"]
CSS = """
.pqa-source h3 { margin: 0 0 .4em 0; font-size: 1.05em; }
.pqa-facts th { text-align: left; padding-right: 1em; white-space: nowrap; color: #555; font-weight: 600; }
.pqa-facts td, .pqa-facts th { padding: 2px 6px; border: none; }
.pqa-context-label { margin-top: .6em; font-weight: 600; }
.pqa-context { max-height: 420px; overflow-y: auto; white-space: pre-wrap; line-height: 1.7;
  border: 1px solid #ddd; border-radius: 6px; padding: 8px 10px; }
.pqa-cited { background: #f3f7ff; border-left: 3px solid #3b6fd8; padding-left: 6px; }
.pqa-around { color: #555; }
.pqa-context mark { background: #ffe066; padding: 0 1px; }
.pqa-status-current { color: #1a7f37; font-size: .85em; border: 1px solid #1a7f37; border-radius: 4px; padding: 0 4px; }
.pqa-status-superseded { color: #b42318; font-size: .85em; border: 1px solid #b42318; border-radius: 4px; padding: 0 4px; }
.pqa-empty { color: #777; }
"""
# Gradio labels each chat bubble with its raw markdown (**来源**, \[1\]); a
# screen reader should read what the page shows. Runs once on page load.
ARIA_JS = """
() => {
  const relabel = () => {
    document.querySelectorAll('#pqa-chat [aria-label][data-testid]').forEach((el) => {
      const shown = (el.innerText || '').trim().slice(0, 1000);
      if (shown && el.getAttribute('aria-label') !== shown) el.setAttribute('aria-label', shown);
    });
  };
  new MutationObserver(relabel).observe(document.body, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['aria-label'],
  });
  relabel();
}
"""


def theme() -> gr.themes.Base:
    return gr.themes.Default(font=FONTS, font_mono=MONO)


def build_app(
    settings: Settings, store: Store | None = None, *, ctx: H.PageContext | None = None
) -> gr.Blocks:
    ctx = ctx or H.PageContext(settings, store or Store(settings))
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=DELETE_CACHE) as demo:
        gr.Markdown(
            f"## {TITLE}\n依据文档库中的政策文件回答问题，每个回答都标注来源，可点开查看原文。"
        )
        with gr.Tabs():
            chat = ChatTab(ctx)
            library = LibraryTab(ctx)
            calculator.build_tab(ctx)
            references.build_tab(ctx)
        chat.wire(settings.concurrency)
        refresh, outputs = library.wire(chat.filter_menus)
        demo.load(refresh, None, outputs)
    return demo


def mount_kwargs(settings: Settings) -> dict[str, Any]:
    """How the page is mounted (Gradio's launch options that apply to a mount)."""
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        # Bytes: Gradio's "<n>mb" strings take whole numbers only (0.5 failed).
        "max_file_size": int(settings.upload_max_mb * 1024 * 1024),
        "theme": theme(),
        "css": CSS,
        "js": ARIA_JS,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "footer_links": ["settings"],
        "show_error": False,
    }


def build_server(
    settings: Settings, store: Store | None = None, *, ctx: H.PageContext | None = None
) -> tuple[Any, gr.Blocks, H.PageContext]:
    """(the FastAPI app serving the page and the API, the page's Blocks, its context).

    Never ``share=True`` (the only thing in Gradio that reaches the internet):
    uvicorn serves this app on ``settings.host`` and nothing else."""
    from fastapi import FastAPI

    ctx = ctx or H.PageContext(settings, store or Store(settings))
    demo = build_app(settings, ctx=ctx)
    # No generated docs pages: they load scripts from a CDN.
    app = FastAPI(title="policy-qa", docs_url=None, redoc_url=None, openapi_url=None)
    if settings.api:
        from .api import Api

        api = Api(settings, ctx.store, current=lambda: ctx.store)  # the page's live store
        app.include_router(api.router())  # before the page's catch-all mount
    # In front of Gradio's upload route (ui.upload_cache). The Blocks' own
    # delete_cache runs in the mounted app's lifespan, which uvicorn runs.
    app.add_middleware(UploadBudget, blocks=lambda: demo, budget=budget_bytes(settings))
    gr.mount_gradio_app(app, demo, path="/", **mount_kwargs(settings))
    return app, demo, ctx


class Served:
    """The running server: ``close()`` stops it, ``block_thread()`` waits for it."""

    def __init__(
        self, server: Any, thread: threading.Thread, demo: gr.Blocks, ctx: H.PageContext
    ) -> None:
        self.server, self.thread, self.demo, self.ctx = server, thread, demo, ctx

    @property
    def url(self) -> str:
        config = self.server.config
        return f"http://{config.host}:{config.port}/"

    @property
    def is_running(self) -> bool:
        return self.thread.is_alive()

    def close(self) -> None:
        """Stop serving (uvicorn runs the page's shutdown: Gradio's cache is
        deleted), the live store's poll and an idle ingest worker."""
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.demo.close(verbose=False)
        self.ctx.live.stop()
        self.ctx.library.close()

    def block_thread(self) -> None:
        try:
            while self.thread.is_alive():
                self.thread.join(timeout=0.5)
        except KeyboardInterrupt:
            self.close()


def launch(
    settings: Settings,
    *,
    block: bool = True,
    store: Store | None = None,
    ctx: H.PageContext | None = None,
) -> Served:
    """Serve the page (and the API) on settings.host:settings.port (blocks unless
    ``block=False``). ``ctx`` replaces the page's context (benchmarks)."""
    import uvicorn

    app, demo, ctx = build_server(settings, store, ctx=ctx)
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="policyqa-server", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise ConfigError(
                f"Cannot serve on {settings.host}:{settings.port}: the address is in use "
                "or not this machine's (POLICYQA_HOST, POLICYQA_PORT)"
            )
        time.sleep(0.01)
    served = Served(server, thread, demo, ctx)
    # Warm up once the page is served, so start-up time is not affected.
    threading.Thread(
        target=H.warm_up, args=(settings, ctx.store), name="policyqa-warm-up", daemon=True
    ).start()
    # Notice `policy-qa ingest` runs into this index while the page serves.
    ctx.live.start(alive=thread.is_alive)
    if block:
        served.block_thread()
    return served
