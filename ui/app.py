"""The chat page: Gradio Blocks wired to ``ui.handlers`` (which hold the logic).

Offline by construction: analytics off before Gradio is imported, system
fonts only (no Google Fonts), no server-side rendering node process, never
``share=True``. Chatting needs no login; corpus changes need the admin
password (``ui.library``).
"""

# No `from __future__ import annotations` here: Gradio reads handler type
# hints (gr.SelectData) at run time.

import os
from collections.abc import Sequence
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before importing gradio

import gradio as gr

from assistant.records import Answer
from assistant.settings import Settings
from assistant.store import Store

from . import handlers as H
from . import references, render
from .library import ALLOWED_SUFFIXES, uploads_enabled

TITLE = "政策问答助手"
FIRM_EXAMPLES = [
    ["我们是木材加工企业，员工90人，能享受哪些支持？"],
    ["小型微利企业的企业所得税税率是多少？"],
]
STAFF_EXAMPLES = [
    ["广西2023年R&D经费投入强度是多少？"],
    ["广西产业链聚链集群发展面临哪些问题？"],
]
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


def _current(answers: Sequence[Answer | None], current: int | None) -> Answer | None:
    if current is None or not 0 <= current < len(answers):
        return None
    return answers[current]


def _progress_adapter(progress: gr.Progress, label: str):  # type: ignore[no-untyped-def]
    """Ingest callbacks (stage, done, total) → one bar over all files."""
    state = {"files": 0, "total": 1}

    def update(stage: str, done: int, total: int) -> None:
        if stage == "files":
            state["files"], state["total"] = done, max(1, total)
            progress(done / state["total"], desc=f"{label}：第 {done}/{total} 个文件")
        elif stage == "chunks" and total:
            frac = (state["files"] + done / total) / state["total"]
            progress(min(frac, 1.0), desc=f"{label}：向量化 {done}/{total} 段")

    return update


def build_app(settings: Settings, store: Store | None = None) -> gr.Blocks:
    ctx = H.PageContext(settings, store or Store(settings))

    def choices_updates() -> tuple[Any, ...]:
        docs, issuers, years = H.filter_choices(ctx.store.documents())
        return (
            gr.Dropdown(choices=docs),
            gr.Dropdown(choices=issuers),
            gr.Dropdown(choices=years),
            gr.Dropdown(choices=docs, value=[]),
        )

    # --- chat handlers -------------------------------------------------------------
    @H.soft(6)
    def ask(question, chat, answers, doc_ids, issuers, years, in_force):  # type: ignore[no-untyped-def]
        filters = H.build_filters(doc_ids, issuers, years, in_force)
        keep = gr.skip()
        # The question box is emptied once, when the question is taken; later
        # updates leave it alone so the user can type the next one meanwhile.
        box: object = ""
        for chat_now, answers_now in H.respond(ctx, question, chat or [], answers or [], filters):
            if len(answers_now) > len(answers or []):  # the final update
                current = H.latest_answer(answers_now)
                labels = H.source_choices(_current(answers_now, current))
                radio = gr.Radio(choices=labels, value=None)
                yield chat_now, answers_now, current, radio, render.PLACEHOLDER_HTML, box
            else:
                yield chat_now, answers_now, keep, keep, keep, box
            box = keep

    @H.soft(1)
    def pick_source(index, answers, current):  # type: ignore[no-untyped-def]
        return H.show_source(ctx, _current(answers, current), index)

    @H.soft(3)
    def pick_message(answers, evt: gr.SelectData):  # type: ignore[no-untyped-def]
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        current = H.answer_for_message(answers, int(index))
        labels = H.source_choices(_current(answers, current))
        return current, gr.Radio(choices=labels, value=None), render.PLACEHOLDER_HTML

    def clear():  # type: ignore[no-untyped-def]
        return [], [], None, gr.Radio(choices=[], value=None), render.PLACEHOLDER_HTML, None, ""

    @H.soft(1)
    def export(answers, current):  # type: ignore[no-untyped-def]
        return gr.File(value=str(H.export_answer(ctx, _current(answers, current))), visible=True)

    def feedback(useful: bool):  # type: ignore[no-untyped-def]
        @H.soft(2, status=1)
        def handler(answers, current, comment):  # type: ignore[no-untyped-def]
            message = H.save_feedback(ctx, _current(answers, current), useful, comment)
            gr.Info(message)
            return "", message

        return handler

    # --- library handlers ----------------------------------------------------------
    @H.soft(3, status=1)
    def login(password):  # type: ignore[no-untyped-def]
        ok, message = H.login(ctx, password)
        return ok, message, ""

    @H.soft(8, status=1)
    def upload(files, is_admin, progress=gr.Progress()):  # type: ignore[no-untyped-def]  # noqa: B008
        rows, summary = H.upload_files(ctx, files, is_admin, _progress_adapter(progress, "上传"))
        return (rows, summary, H.library_table(ctx), *choices_updates(), None)

    @H.soft(6, status=0)
    def delete(doc_ids, is_admin):  # type: ignore[no-untyped-def]
        message = H.delete_documents(ctx, doc_ids, is_admin)
        return (message, H.library_table(ctx), *choices_updates())

    @H.soft(7, status=1)
    def reindex(is_admin, progress=gr.Progress()):  # type: ignore[no-untyped-def]  # noqa: B008
        rows, summary = H.reindex(ctx, is_admin, _progress_adapter(progress, "重建索引"))
        return (rows, summary, H.library_table(ctx), *choices_updates())

    @H.soft(5)
    def refresh():  # type: ignore[no-untyped-def]
        return (H.library_table(ctx), *choices_updates())

    # --- layout --------------------------------------------------------------------
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        answers = gr.State([])
        current = gr.State(None)
        is_admin = gr.State(False)
        gr.Markdown(
            f"## {TITLE}\n依据文档库中的政策文件回答问题，每个回答都标注来源，可点开查看原文。"
        )
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):  # noqa: SIM117 (layout mirrors the page)
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="对话",
                            height=480,
                            buttons=["copy"],
                            elem_id="pqa-chat",
                            feedback_options=None,
                            placeholder="请在下方输入问题，或点选示例问题。",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                show_label=False,
                                placeholder="输入问题，按回车发送…",
                                scale=8,
                                elem_id="pqa-question",
                                max_length=H.MAX_QUESTION_CHARS,
                            )
                            send = gr.Button("提问", variant="primary", scale=1, elem_id="pqa-send")
                        with gr.Row():
                            clear_btn = gr.Button("清空对话", size="sm", elem_id="pqa-clear")
                            export_btn = gr.Button(
                                "导出当前回答（Markdown）", size="sm", elem_id="pqa-export"
                            )
                        export_file = gr.File(
                            label="导出文件", visible=False, elem_id="pqa-export-file"
                        )
                        gr.Examples(FIRM_EXAMPLES, inputs=[question], label="企业常问")
                        gr.Examples(STAFF_EXAMPLES, inputs=[question], label="工作人员常问")
                        with gr.Accordion("筛选范围", open=False):
                            doc_filter = gr.Dropdown(label="限定文档", multiselect=True, choices=[])
                            with gr.Row():
                                issuer_filter = gr.Dropdown(
                                    label="发文机关", multiselect=True, choices=[]
                                )
                                year_filter = gr.Dropdown(
                                    label="年份", multiselect=True, choices=[]
                                )
                            in_force = gr.Checkbox(label="只看现行有效文件", value=False)
                    with gr.Column(scale=2):
                        sources = gr.Radio(
                            label="来源", choices=[], type="index", elem_id="pqa-sources"
                        )
                        passage = gr.HTML(render.PLACEHOLDER_HTML, elem_id="pqa-passage")
                        with gr.Group():
                            comment = gr.Textbox(
                                label="意见（可选）", lines=2, elem_id="pqa-comment"
                            )
                            with gr.Row():
                                useful_btn = gr.Button("有用", size="sm", elem_id="pqa-useful")
                                useless_btn = gr.Button("没用", size="sm", elem_id="pqa-useless")
                            feedback_status = gr.Markdown("")
            with gr.Tab("文档库", id="library"):
                enabled = uploads_enabled(settings)
                if not enabled:
                    gr.Markdown(
                        "**未设置管理员密码（POLICYQA_ADMIN_PASSWORD），文档上传和删除已停用。** 问答不受影响。"
                    )
                with gr.Row():
                    password = gr.Textbox(
                        label="管理员密码",
                        type="password",
                        scale=3,
                        interactive=enabled,
                        elem_id="pqa-password",
                    )
                    login_btn = gr.Button("登录", scale=1, interactive=enabled, elem_id="pqa-login")
                login_status = gr.Markdown("", elem_id="pqa-login-status")
                table = gr.Dataframe(
                    headers=render.LIBRARY_HEADERS,
                    value=None,
                    interactive=False,
                    label="文档列表",
                    wrap=True,
                    elem_id="pqa-library",
                )
                refresh_btn = gr.Button("刷新列表", size="sm")
                files = gr.File(
                    label=f"上传文件（{'、'.join(ALLOWED_SUFFIXES)}，每个不超过 {settings.upload_max_mb:g} MB）",
                    file_count="multiple",
                    file_types=list(ALLOWED_SUFFIXES),
                    elem_id="pqa-files",
                )
                upload_btn = gr.Button("上传并建立索引", variant="primary", elem_id="pqa-upload")
                results = gr.Dataframe(
                    headers=render.RESULT_HEADERS,
                    interactive=False,
                    label="处理结果",
                    elem_id="pqa-results",
                )
                library_status = gr.Markdown("", elem_id="pqa-library-status")
                with gr.Row():
                    delete_pick = gr.Dropdown(
                        label="选择要删除的文档", multiselect=True, choices=[], scale=3
                    )
                    delete_btn = gr.Button(
                        "删除所选文档", variant="stop", scale=1, elem_id="pqa-delete"
                    )
                reindex_btn = gr.Button("重新索引全部文档", size="sm", elem_id="pqa-reindex")
            _calculator_tab(ctx)
            references.build_tab(ctx)

        # --- events ----------------------------------------------------------------
        chat_inputs = [question, chatbot, answers, doc_filter, issuer_filter, year_filter, in_force]
        chat_outputs = [chatbot, answers, current, sources, passage, question]
        # Answers share one pool of settings.concurrency workers; the quick
        # handlers (source view, feedback) are not limited. Set per event rather
        # than with demo.queue(), which builds the web app an extra time (~1.5 s
        # of start-up).
        chat = {"concurrency_limit": settings.concurrency, "concurrency_id": "chat"}
        quick = {"concurrency_limit": None}
        question.submit(ask, chat_inputs, chat_outputs, **chat)
        send.click(ask, chat_inputs, chat_outputs, **chat)
        sources.change(pick_source, [sources, answers, current], [passage], **quick).then(
            None,
            js="() => document.querySelector('#pqa-passage mark')?.scrollIntoView({block: 'nearest'})",
        )
        chatbot.select(pick_message, [answers], [current, sources, passage], **quick)
        clear_btn.click(
            clear, None, [chatbot, answers, current, sources, passage, export_file, feedback_status]
        )
        chatbot.clear(
            clear, None, [chatbot, answers, current, sources, passage, export_file, feedback_status]
        )
        export_btn.click(export, [answers, current], [export_file], **quick)
        useful_btn.click(
            feedback(True), [answers, current, comment], [comment, feedback_status], **quick
        )
        useless_btn.click(
            feedback(False), [answers, current, comment], [comment, feedback_status], **quick
        )

        choice_outputs = [doc_filter, issuer_filter, year_filter, delete_pick]
        lib = {"concurrency_limit": 1, "concurrency_id": "library"}
        login_btn.click(login, [password], [is_admin, login_status, password])
        password.submit(login, [password], [is_admin, login_status, password])
        upload_btn.click(
            upload,
            [files, is_admin],
            [results, library_status, table, *choice_outputs, files],
            **lib,
        )
        delete_btn.click(
            delete, [delete_pick, is_admin], [library_status, table, *choice_outputs], **lib
        )
        reindex_btn.click(
            reindex, [is_admin], [results, library_status, table, *choice_outputs], **lib
        )
        refresh_btn.click(refresh, None, [table, *choice_outputs])
        demo.load(refresh, None, [table, *choice_outputs])

    return demo


def _calculator_tab(ctx: H.PageContext) -> None:
    """The 政策计算器 tab, when the profile matcher is installed."""
    try:
        from . import calculator
    except ImportError:
        return
    calculator.build_tab(ctx)


def launch_kwargs(settings: Settings) -> dict[str, Any]:
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": False,  # the only thing in Gradio that reaches the internet
        "max_file_size": f"{settings.upload_max_mb:g}mb",
        "theme": theme(),
        "css": CSS,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "footer_links": ["settings"],
        "show_error": False,
        "quiet": True,
    }


def launch(settings: Settings, *, block: bool = True, store: Store | None = None) -> gr.Blocks:
    """Serve the page on settings.host:settings.port (blocks unless ``block=False``)."""
    import threading

    store = store or Store(settings)
    demo = build_app(settings, store)
    demo.launch(prevent_thread_lock=True, **launch_kwargs(settings))
    # Warm up once the page is served, so start-up time is not affected.
    threading.Thread(
        target=H.warm_up, args=(settings, store), name="policyqa-warm-up", daemon=True
    ).start()
    if block:
        demo.block_thread()
    return demo
