"""The 文档库 tab: the document list, admin login and logout, upload,
delete, re-index.

Layout and events only; the actions are ``ui.handlers`` over ``ui.library``
and ``ui.admin``. The admin session lives in server-side ``gr.State`` (a
client cannot forge it through the API).
"""

# No `from __future__ import annotations`: Gradio reads handler signatures.

from typing import Any

import gradio as gr

from . import handlers as H
from . import render
from .admin import uploads_enabled
from .errors import soft
from .library import ALLOWED_SUFFIXES


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


class LibraryTab:
    """The components of the 文档库 tab (built inside a ``gr.Blocks``)."""

    def __init__(self, ctx: H.PageContext) -> None:
        self.ctx = ctx
        with gr.Tab("文档库", id="library"):
            self.session = gr.State(None)  # an AdminSession once logged in (inside: see ChatTab)
            self._login()
            self.table = gr.Dataframe(
                headers=render.LIBRARY_HEADERS,
                value=None,
                interactive=False,
                label="文档列表",
                wrap=True,
                elem_id="pqa-library",
            )
            self.refresh_btn = gr.Button("刷新列表", size="sm")
            self._changes()

    def _login(self) -> None:
        enabled = uploads_enabled(self.ctx.settings)
        if not enabled:
            gr.Markdown(
                "**未设置管理员密码（POLICYQA_ADMIN_PASSWORD），文档上传和删除已停用。** 问答不受影响。"
            )
        with gr.Row():
            self.password = gr.Textbox(
                label="管理员密码",
                type="password",
                scale=3,
                interactive=enabled,
                elem_id="pqa-password",
            )
            self.login_btn = gr.Button("登录", scale=1, interactive=enabled, elem_id="pqa-login")
            self.logout_btn = gr.Button(
                "退出登录", scale=1, interactive=enabled, elem_id="pqa-logout"
            )
        self.login_status = gr.Markdown("", elem_id="pqa-login-status")

    def _changes(self) -> None:
        max_mb = self.ctx.settings.upload_max_mb
        self.files = gr.File(
            label=f"上传文件（{'、'.join(ALLOWED_SUFFIXES)}，每个不超过 {max_mb:g} MB）",
            file_count="multiple",
            file_types=list(ALLOWED_SUFFIXES),
            elem_id="pqa-files",
        )
        self.upload_btn = gr.Button("上传并建立索引", variant="primary", elem_id="pqa-upload")
        self.results = gr.Dataframe(
            headers=render.RESULT_HEADERS,
            interactive=False,
            label="处理结果",
            elem_id="pqa-results",
        )
        self.status = gr.Markdown("", elem_id="pqa-library-status")
        with gr.Row():
            self.delete_pick = gr.Dropdown(
                label="选择要删除的文档", multiselect=True, choices=[], scale=3
            )
            self.delete_btn = gr.Button(
                "删除所选文档", variant="stop", scale=1, elem_id="pqa-delete"
            )
        self.reindex_btn = gr.Button("重新索引全部文档", size="sm", elem_id="pqa-reindex")

    # --- events -----------------------------------------------------------------------
    def wire(self, filter_menus: list[Any]) -> Any:
        """Wire the tab; ``filter_menus`` (the chat's document/issuer/year menus)
        follow the library. Returns the handler that refreshes both, for page load."""
        ctx = self.ctx
        menus = [*filter_menus, self.delete_pick]

        def choices() -> tuple[Any, ...]:
            docs, issuers, years = H.filter_choices(ctx.store.documents())
            return (
                gr.Dropdown(choices=docs),
                gr.Dropdown(choices=issuers),
                gr.Dropdown(choices=years),
                gr.Dropdown(choices=docs, value=[]),
            )

        @soft(3, status=1)
        def login(password, request: gr.Request):  # type: ignore[no-untyped-def]
            session, message = H.login(ctx, password, _client(request))
            return session, message, ""

        @soft(2, status=1)
        def logout(session):  # type: ignore[no-untyped-def]
            return H.logout(ctx, session)

        @soft(8, status=1, cleared=7)
        def upload(files, session, progress=gr.Progress()):  # type: ignore[no-untyped-def]  # noqa: B008
            rows, summary = H.upload_files(ctx, files, session, _progress_adapter(progress, "上传"))
            return (rows, summary, H.library_table(ctx), *choices(), None)

        @soft(6, status=0)
        def delete(doc_ids, session):  # type: ignore[no-untyped-def]
            message = H.delete_documents(ctx, doc_ids, session)
            return (message, H.library_table(ctx), *choices())

        @soft(7, status=1)
        def reindex(session, progress=gr.Progress()):  # type: ignore[no-untyped-def]  # noqa: B008
            rows, summary = H.reindex(ctx, session, _progress_adapter(progress, "重建索引"))
            return (rows, summary, H.library_table(ctx), *choices())

        @soft(5)
        def refresh():  # type: ignore[no-untyped-def]
            return (H.library_table(ctx), *choices())

        lib = {"concurrency_limit": 1, "concurrency_id": "library"}
        login_out = [self.session, self.login_status, self.password]
        self.login_btn.click(login, [self.password], login_out)
        self.password.submit(login, [self.password], login_out)
        self.logout_btn.click(logout, [self.session], [self.session, self.login_status])
        self.upload_btn.click(
            upload,
            [self.files, self.session],
            [self.results, self.status, self.table, *menus, self.files],
            **lib,
        )
        self.delete_btn.click(
            delete, [self.delete_pick, self.session], [self.status, self.table, *menus], **lib
        )
        self.reindex_btn.click(
            reindex, [self.session], [self.results, self.status, self.table, *menus], **lib
        )
        self.refresh_btn.click(refresh, None, [self.table, *menus])
        return refresh, [self.table, *menus]


def _client(request: gr.Request | None) -> str:
    """The address a login comes from (the proxy's view when Gradio trusts one)."""
    client = getattr(request, "client", None)
    return str(getattr(client, "host", None) or "unknown")
