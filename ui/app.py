"""The chat page: Gradio Blocks of four tabs (``ui.chat``, ``ui.library_tab``,
``ui.calculator``, ``ui.references``), each wired to ``ui.handlers``.

Offline by construction: analytics off (the entry points set
``GRADIO_ANALYTICS_ENABLED=False`` before Gradio is imported, and every
Blocks says so too), system fonts only (no Google Fonts), no server-side
rendering node process, never ``share=True``. Chatting needs no login;
corpus changes need an admin login (``ui.admin``) and run in a worker
process (``ui.worker``). Gradio's upload cache is cleaned and bounded
(``ui.upload_cache``).
"""

# No `from __future__ import annotations` here: Gradio reads handler type
# hints (gr.SelectData) at run time.

from typing import Any

import gradio as gr

from assistant import Settings, Store

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


def launch_kwargs(settings: Settings, demo: gr.Blocks | None = None) -> dict[str, Any]:
    from starlette.middleware import Middleware

    budget = Middleware(UploadBudget, blocks=lambda: demo, budget=budget_bytes(settings))
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": False,  # the only thing in Gradio that reaches the internet
        # Bytes: Gradio's "<n>mb" strings take whole numbers only (0.5 failed).
        "max_file_size": int(settings.upload_max_mb * 1024 * 1024),
        "theme": theme(),
        "css": CSS,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "footer_links": ["settings"],
        "show_error": False,
        "quiet": True,
        "app_kwargs": {"middleware": [budget]} if demo is not None else {},
    }


def launch(settings: Settings, *, block: bool = True, store: Store | None = None) -> gr.Blocks:
    """Serve the page on settings.host:settings.port (blocks unless ``block=False``)."""
    import threading

    store = store or Store(settings)
    ctx = H.PageContext(settings, store)
    demo = build_app(settings, ctx=ctx)
    demo.launch(prevent_thread_lock=True, **launch_kwargs(settings, demo))
    # Warm up once the page is served, so start-up time is not affected.
    threading.Thread(
        target=H.warm_up, args=(settings, store), name="policyqa-warm-up", daemon=True
    ).start()
    # Notice `policy-qa ingest` runs into this index while the page serves.
    ctx.live.start(alive=lambda: demo.is_running)
    if block:
        demo.block_thread()
    return demo
